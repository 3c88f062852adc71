Feature: SnelStart's field limits
  SnelStart refuses a value longer than its field takes: a street of more than 50 characters, a
  postcode of more than 25. The shop's data cannot be corrected in SnelStart, so S-Connect fits
  it before anything is written: the value is shortened so its meaning survives, the order is
  booked, and a warning names the fields, the limit and the shop's full value (in the run's
  output, the log and the history). A value that cannot be shortened without becoming wrong
  stops the order with one line that says what to fix. The limits and where each comes from:
  docs/field-limits.md.

  Background:
    Given SnelStart has the sales template "Webshop" with prices incl. VAT
    And the setting sales.template = "Webshop"
    And SnelStart has the revenue groups:
      | id      | number | description | VAT kind |
      | og-laag | 2      | Omzet laag  | Laag     |
    And SnelStart has the articles:
      | code     | description      | price | revenue group |
      | ART-1001 | Koffiebonen 1 kg | 24.95 | Omzet laag    |
    And the setting articles.revenue_group = "Omzet laag"
    And webshop order 12 has the lines:
      | code     | description      | quantity | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
    And the customer is not recognised

  Rule: A street keeps its house number and addition

    Scenario: A long Dutch street name is shortened, the house number stays whole
      Given the order's billing address is:
        | first_name | last_name | street                                                    | house_number | house_number_addition | postcode | city  |
        | Anna       | de Wit    | Burgemeester van Reenensingel Achterzijde Noordelijk Deel | 12           | A                     | 2803 PA  | Gouda |
      When the order is planned
      Then a new relation is created:
        | street                                           | postcode | city  | contact person |
        | Burgemeester van Reenensingel Achterzijde N… 12A | 2803 PA  | Gouda | Anna de Wit    |
      And the invoice address of the sales order is:
        | contact_person | street                                           | postcode | city  | country |
        | Anna de Wit    | Burgemeester van Reenensingel Achterzijde N… 12A | 2803 PA  | Gouda | NL      |
      And a warning says "street too long for SnelStart (vestigingsAdres.straat, factuuradres.straat, afleveradres.straat: at most 50 characters): 'Burgemeester van Reenensingel Achterzijde Noordelijk Deel 12A' booked as 'Burgemeester van Reenensingel Achterzijde N… 12A'"
      And SnelStart accepts what is planned

    Scenario: A shop that keeps the house number in the street field gets the same
      Given the order's billing address is:
        | first_name | last_name | street                                                        | postcode | city  |
        | Anna       | de Wit    | Burgemeester van Reenensingel Achterzijde Noordelijk Deel 12A | 2803 PA  | Gouda |
      When the order is planned
      Then a new relation is created:
        | street                                           |
        | Burgemeester van Reenensingel Achterzijde N… 12A |
      And SnelStart accepts what is planned

    Scenario: A street of exactly 50 characters is left as it is
      Given the order's billing address is:
        | first_name | last_name | street                                         | house_number | postcode | city  |
        | Anna       | de Wit    | Burgemeester van Reenensingel Achterzijde Oost | 123          | 2803 PA  | Gouda |
      When the order is planned
      Then a new relation is created:
        | street                                             |
        | Burgemeester van Reenensingel Achterzijde Oost 123 |
      And there are no warnings

  Rule: A name is cut at a word boundary

    Scenario: A long company name keeps its whole words, marked with "…"
      Given the order's customer is:
        | company                                                         | e-mail            |
        | Stichting Vrienden van het Nederlands Openluchtmuseum te Arnhem | info@openlucht.nl |
      When the order is planned
      Then a new relation is created:
        | name                                   | e-mail            |
        | Stichting Vrienden van het Nederlands… | info@openlucht.nl |
      And a warning says "name too long for SnelStart (naam: at most 50 characters): 'Stichting Vrienden van het Nederlands Openluchtmuseum te Arnhem' booked as 'Stichting Vrienden van het Nederlands…'"
      And SnelStart accepts what is planned

    Scenario: A parcel for another company keeps the company when "company t.a.v. person" does not fit
      Given the order is delivered to:
        | company                                     | first_name | last_name             | street       | house_number | postcode | city       |
        | Groothandel in Koffie en Thee Noord-Holland | Jan        | de Vries-van der Berg | Industrieweg | 4            | 1521 NE  | Wormerveer |
      When the order is planned
      Then the delivery address of the sales order is:
        | contact_person                              | street         | postcode | city       | country |
        | Groothandel in Koffie en Thee Noord-Holland | Industrieweg 4 | 1521 NE  | Wormerveer | NL      |
      And a warning says "contact person too long for SnelStart (afleveradres.contactpersoon: at most 50 characters): 'Groothandel in Koffie en Thee Noord-Holland t.a.v. Jan de Vries-van der Berg' booked as 'Groothandel in Koffie en Thee Noord-Holland'"
      And SnelStart accepts what is planned

  Rule: A postcode or a city too long is cut at a word boundary as well

    Scenario: A note typed into the postcode field is cut; the postcode itself stays
      Given the order's billing address is:
        | first_name | last_name | street        | house_number | postcode                                 | city      |
        | Jan        | de Vries  | Keizersgracht | 12           | 1015 CJ (achterom, bel aan bij de buren) | Amsterdam |
      When the order is planned
      Then a new relation is created:
        | street           | postcode                | city      |
        | Keizersgracht 12 | 1015 CJ (achterom, bel… | Amsterdam |
      And a warning says "postcode too long for SnelStart (vestigingsAdres.postcode, factuuradres.postcode, afleveradres.postcode: at most 25 characters): '1015 CJ (achterom, bel aan bij de buren)' booked as '1015 CJ (achterom, bel…'"
      And SnelStart accepts what is planned

  Rule: An e-mail list keeps the addresses that fit whole

    Scenario: Of several addresses, those that fit in 250 characters are kept, in the shop's order
      Given the order's customer is:
        | company            | e-mail                                                                                                                                                                                                                                                                                  |
        | Groothandel Koffie | inkoop.afdeling.koffie@groothandel-in-koffie-en-thee-noordholland.nl; administratie.boekhouding@groothandel-in-koffie-en-thee-noordholland.nl; facturen.crediteuren@groothandel-in-koffie-en-thee-noordholland.nl; directie.secretariaat@groothandel-in-koffie-en-thee-noordholland.nl |
      When the order is planned
      Then a new relation is created:
        | e-mail                                                                                                                                                                                                               |
        | inkoop.afdeling.koffie@groothandel-in-koffie-en-thee-noordholland.nl;administratie.boekhouding@groothandel-in-koffie-en-thee-noordholland.nl;facturen.crediteuren@groothandel-in-koffie-en-thee-noordholland.nl |
      And a warning begins "e-mail too long for SnelStart (email: at most 250 characters): 'inkoop.afdeling.koffie@"
      And SnelStart accepts what is planned

    Scenario: One e-mail address longer than the whole field stops the order
      Given the customer's e-mail address is 263 characters long
      When the order is planned
      Then the order is refused, saying "(263 characters) is longer than SnelStart's e-mail field takes (email: at most 250 characters): correct it in the shop"

  Rule: A phone, KvK or VAT number is never cut: it is tidied, or left out

    Scenario: Of two phone numbers the first is kept
      Given the order's customer is:
        | company        | e-mail              | phone                          |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | 020 123 45 67 / 06 12 34 56 78 |
      When the order is planned
      Then a new relation is created:
        | phone         |
        | 020 123 45 67 |
      And a warning says "phone too long for SnelStart (telefoon: at most 25 characters): '020 123 45 67 / 06 12 34 56 78' booked as '020 123 45 67'"

    Scenario: A KvK number written with words keeps its digits
      Given the order's customer is:
        | company        | e-mail              | KvK number           |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | KvK-nummer 1234 5678 |
      When the order is planned
      Then a new relation is created:
        | KvK number |
        | 12345678   |
      And a warning says "KvK number too long for SnelStart (kvkNummer: at most 12 characters): 'KvK-nummer 1234 5678' booked as '12345678'"
      And SnelStart accepts what is planned

    Scenario: A phone field holding no number that fits is left out, and an updated relation keeps its own
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Voorbeeld B.V." with:
        | e-mail              | phone      |
        | inkoop@voorbeeld.nl | 0201234567 |
      And the order's customer is:
        | company        | e-mail              | phone                                  |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | bel liever niet, mail naar het kantoor |
      When the order is planned
      Then relation 1001 is updated from the order:
        | name           | phone      |
        | Voorbeeld B.V. | 0201234567 |
      And a warning says "phone does not fit SnelStart (telefoon: at most 25 characters): 'bel liever niet, mail naar het kantoor' left out; relation 1001 keeps '0201234567'"
      And SnelStart accepts what is planned

    Scenario: A VAT number SnelStart would refuse is left out whole, never cut or corrected
      # SnelStart takes a btwNummer of 2 to 50 letters and digits that starts with the country
      # code of the relation's address and is valid; a Dutch one is NL, 9 digits, B, 2 digits.
      Given the order's customer is:
        | company        | e-mail              | VAT number    |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | NL12345678B01 |
      When the order is planned
      Then a new relation is created:
        | name           | VAT number |
        | Voorbeeld B.V. |            |
      And a warning says "VAT number not accepted by SnelStart (btwNummer: it is not a valid NL VAT number, REL-0088): 'NL12345678B01' left out"
      And SnelStart accepts what is planned

    Scenario: A business abroad whose VAT number SnelStart would refuse is not booked: its VAT depends on it
      # Without the number SnelStart bills a consumer's VAT; with a corrected one, a guess.
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | BEL     | RR        | 6    |
      And the order's customer is:
        | company              | e-mail                  | VAT number  |
        | Brasserie De Klok BV | info@brasseriedeklok.be | BE456789123 |
      And the order's billing address is:
        | company              | first_name | last_name | street           | house_number | postcode | city       | country |
        | Brasserie De Klok BV | Wout       | Maes      | Sint-Pieterskaai | 3            | 8310     | Sint-Kruis | BE      |
      And webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 0   |
      When the order is planned
      Then the order is refused, saying "VAT number 'BE456789123' is not accepted by SnelStart (btwNummer: it is not a valid BE VAT number, REL-0088), and the order's VAT is planned with it: correct it in the shop"

  Rule: Descriptions and the memo are cut at a word boundary

    Scenario: A line description longer than 250 characters
      Given the order line is described in 300 characters
      When the order is planned
      Then line 1 of the sales order is described by the start of the shop's text, up to a whole word and "…", in at most 250 characters
      And a warning begins "line description too long for SnelStart (regels.omschrijving: at most 250 characters): '"
      And that warning holds the shop's whole text
      And SnelStart accepts what is planned

    Scenario: A new article with a long description gets it shortened too
      Given webshop order 12 has the lines:
        | code     | description | quantity | price | VAT |
        | ART-5000 | Molen       | 1        | 49.95 | 9   |
      And the order line is described in 300 characters
      When the order is planned
      Then the new article is described by the start of the shop's text, up to a whole word and "…", in at most 250 characters
      And a warning begins "article description too long for SnelStart (artikel.omschrijving: at most 250 characters): '"
      And SnelStart accepts what is planned

    Scenario: SnelStart documents no limit for the memo: S-Connect keeps it to 1000 characters
      Given the customer remarked a text of 1200 characters
      When the order is planned
      Then the sales order's memo is the start of the shop's text, up to a whole word and "…", in at most 1000 characters
      And a warning begins "memo too long for SnelStart (memo: at most 1000 characters, S-Connect's own limit: SnelStart documents none): '"
      And that warning holds the shop's whole text
      And SnelStart accepts what is planned

    Scenario: SnelStart documents no limit for the order's description: S-Connect keeps it to 100 characters
      Given the setting sales.description = "profile_name"
      And the profile's description is "Webwinkel De Koffiebrander – bestellingen uit de webshop, de marktkraam, de telefonische orderlijn en de beurs"
      When the order is planned
      Then the sales order's description is "Webwinkel De Koffiebrander – bestellingen uit de webshop, de marktkraam, de telefonische orderlijn…"
      And a warning says "order description too long for SnelStart (omschrijving: at most 100 characters, S-Connect's own limit: SnelStart documents none): 'Webwinkel De Koffiebrander – bestellingen uit de webshop, de marktkraam, de telefonische orderlijn en de beurs' booked as 'Webwinkel De Koffiebrander – bestellingen uit de webshop, de marktkraam, de telefonische orderlijn…'"

  Rule: An article code is never shortened: the next order would not find the article again

    Scenario: A new article's code longer than the administration takes stops the order
      Given SnelStart takes article codes of at most 10 characters
      And webshop order 12 has the lines:
        | code                | description               | quantity | price | VAT |
        | KOFFIE-ESPRESSO-1KG | Koffiebonen Espresso 1 kg | 1        | 24.95 | 9   |
      When the order is planned
      Then the order is refused: "article code 'KOFFIE-ESPRESSO-1KG' cannot be created: this SnelStart administration takes article codes of at most 10 characters (artikelcode, ART-0004); change the code in the shop, or create the article in SnelStart under a code it takes, with the shop's code in the extra field articles.code_field names"

    Scenario: An administration with numeric article codes takes no letters
      Given SnelStart takes numeric article codes only
      And webshop order 12 has the lines:
        | code   | description | quantity | price | VAT |
        | WEB-01 | Theezakjes  | 1        | 4.95  | 9   |
      When the order is planned
      Then the order is refused: "article code 'WEB-01' cannot be created: this SnelStart administration takes numeric article codes only (artikelcode, ART-0003); change the code in the shop, or create the article in SnelStart under a code it takes, with the shop's code in the extra field articles.code_field names"
