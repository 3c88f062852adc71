Feature: VAT, the way a Dutch bookkeeper declares it
  SnelStart takes a line's VAT rate from its article's revenue group (artikelomzetgroep); no
  order line carries a rate of its own. So every line the shop charged at one rate must go on an
  article SnelStart books at that rate, or SnelStart would declare other VAT than the customer
  paid, without a word (with prices incl. VAT the totals still agree). A voucher on the whole
  order lowers the price of all the goods, and shipping and payment costs follow the goods they go
  with: on an order with goods at several rates they are split over those rates, in proportion to
  the goods' amounts incl. VAT. Abroad, SnelStart computes the VAT itself from the delivery
  country and the customer's VAT number: S-Connect cannot choose it, so it checks it.

  Background:
    Given SnelStart has the sales template "Webshop" with prices incl. VAT
    And the setting sales.template = "Webshop"
    And SnelStart has the revenue groups:
      | id      | number | description | VAT kind |
      | og-hoog | 1      | Omzet hoog  | Hoog     |
      | og-laag | 2      | Omzet laag  | Laag     |
      | og-nul  | 3      | Omzet nul   | Geen     |
    And SnelStart has the articles:
      | code         | description         | price | revenue group |
      | ART-1001     | Koffiebonen 1 kg    | 27.25 | Omzet laag    |
      | ART-2040     | Koffiemolen RVS     | 60.50 | Omzet hoog    |
      | MOK          | Koffiemok           | 5.00  | Omzet hoog    |
      | KORTING      | Korting             | 0.00  | Omzet hoog    |
      | KORTING-LAAG | Korting laag tarief | 0.00  | Omzet laag    |
      | VERZEND      | Verzendkosten       | 0.00  | Omzet hoog    |
      | VERZEND-LAAG | Verzendkosten laag  | 0.00  | Omzet laag    |
      | BETAAL       | Betaalkosten        | 0.00  | Omzet hoog    |
      | BETAAL-LAAG  | Betaalkosten laag   | 0.00  | Omzet laag    |
      | WEB          | Webshop-artikel     | 0.00  | Omzet hoog    |
      | WEB-GEEN     | Webshop zonder btw  | 0.00  | Omzet nul     |
    And the customer is recognised as relation 1001 "Voorbeeld B.V."
    And webshop order 12 has the lines:
      | code     | description      | quantity | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 2        | 27.25 | 9   |
      | ART-2040 | Koffiemolen RVS  | 1        | 60.50 | 21  |

  Rule: Every line is charged at the rate of its SnelStart article's revenue group

    Scenario: Lines at their articles' rates are booked, and SnelStart declares the shop's VAT
      Given the shop's VAT of the order is 15.00
      When the order is planned
      Then SnelStart's VAT of the sales order is 15.00: 4.50 at 9% and 10.50 at 21%
      And there are no warnings

    Scenario: A 9% line on an article in a 21% group stops the order
      # With prices incl. VAT the totals agree, and SnelStart would declare 9.46 VAT on the
      # 54.50 where the customer paid 4.50.
      Given article "ART-1001" is in the revenue group "Omzet hoog"
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiebonen 1 kg': the shop charged 9% VAT on article ART-1001, SnelStart books 21% (its revenue group 'Omzet hoog'); booking it would declare 9.46 VAT instead of 4.50; put the article in a revenue group at 9%, or correct the rate in the shop
        """

    Scenario: An article in a revenue group without a fixed rate stops the order
      Given SnelStart has the revenue groups:
        | id       | number | description  | VAT kind |
        | og-ander | 4      | Omzet overig | Overig   |
      And article "ART-2040" is in the revenue group "Omzet overig"
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 21% VAT on article ART-2040, and which VAT SnelStart books cannot be known (its revenue group 'Omzet overig' has VAT kind 'Overig', without a fixed rate); put the article in a revenue group with VAT kind Hoog, Laag or Geen
        """

    Scenario: A new article goes into the group named for its rate, which must carry that rate
      Given the setting articles.revenue_group = { "21" = "Omzet hoog", "9" = "Omzet hoog" }
      And webshop order 12 has the lines:
        | code     | description | quantity | price | VAT |
        | ART-3300 | Theezakjes  | 1        | 4.95  | 9   |
      When the order is planned
      Then the order is refused:
        """
        articles.revenue_group: 'Omzet hoog' (named for "9") carries 21% VAT, not 9% (needed to create article 'ART-3300'); name a revenue group at 9%
        """

    Scenario: A gift card at 0% without article code is booked on the default article for 0%
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      And the setting sales.default_article_code = { "21" = "WEB", "0" = "WEB-GEEN" }
      When the order is planned
      Then the sales order has the lines:
        | code     | description | quantity | price |
        | WEB-GEEN | Cadeaubon   | 1        | 25.00 |
      And SnelStart's VAT of the sales order is 0.00: 0.00 at 0%
      And the detailed log says "line without article code 'Cadeaubon' booked on WEB-GEEN"

    Scenario: One default article serves only the lines of its own rate
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      And the setting sales.default_article_code = "WEB"
      When the order is planned
      Then the order is refused:
        """
        sales.default_article_code (line 'Cadeaubon'): the shop charged 0% VAT on article WEB, SnelStart books 21% (its revenue group 'Omzet hoog'); booking it would declare 4.34 VAT instead of 0.00; name an article per rate: sales.default_article_code = { "21" = "WEB", "0" = "<article at 0%>" }
        """

    Scenario: A rate the default articles leave out stops the order, naming the rate
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      And the setting sales.default_article_code = { "21" = "WEB" }
      When the order is planned
      Then the order is refused:
        """
        sales.default_article_code: no article for 0% VAT, and line 'Cadeaubon' has no article code; add "0" = "<article code>" to sales.default_article_code
        """

  Rule: A voucher, shipping and payment costs are split over the rates of the goods

    Scenario: A voucher on goods at 9% and 21% lowers the VAT of both rates
      # 10.00 × 54.50 / 115.00 = 4.74 at 9% and 5.26 at 21%. VAT: 49.76 × 9/109 = 4.11 and
      # 55.24 × 21/121 = 9.59, together 13.70 (booked at 21% alone it would be 13.26).
      Given the order has a discount of 10.00 at 21% VAT described "WELKOM10"
      And the setting sales.discount = { line = { "21" = "KORTING", "9" = "KORTING-LAAG" } }
      When the order is planned
      Then the sales order has the lines:
        | code         | description                | quantity | price |
        | ART-1001     | Koffiebonen 1 kg           | 2        | 27.25 |
        | ART-2040     | Koffiemolen RVS            | 1        | 60.50 |
        | KORTING      | Korting WELKOM10 (21% btw) | 1        | -5.26 |
        | KORTING-LAAG | Korting WELKOM10 (9% btw)  | 1        | -4.74 |
      And SnelStart's VAT of the sales order is 13.70: 4.11 at 9% and 9.59 at 21%
      And SnelStart's total of the sales order is 105.00
      And the detailed log says "discount 10.00 split over the rates of the goods: 5.26 at 21%, 4.74 at 9%"
      And there are no warnings

    Scenario: One discount article for every rate keeps working, with a warning saying what moved
      Given the order has a discount of 10.00 at 21% VAT described "WELKOM10"
      And the setting sales.discount = { line = "KORTING" }
      When the order is planned
      Then the sales order's last line is:
        | code    | description      | quantity | price  |
        | KORTING | Korting WELKOM10 | 1        | -10.00 |
      And SnelStart's VAT of the sales order is 13.26: 4.50 at 9% and 8.76 at 21%
      And a warning says "sales.discount: one article for every rate (KORTING) books the discount of 10.00 at 21% VAT; split over the goods' rates (4.74 at 9%, 5.26 at 21%) the order would declare 0.44 more VAT: name an article per rate, sales.discount = { line = { "21" = "KORTING", "9" = "…" } }"

    Scenario: The demo's order 3001: shipping costs and a voucher, rounded together
      # Goods 49.90 at 9% and 49.95 at 21%. Shipping 6.95 less the voucher 10.00 is -3.05 of
      # costs: -1.52 at 9% and -1.53 at 21%, each within half a cent of the exact split. Shipping
      # alone splits 3.47 / 3.48, so the voucher takes -4.99 / -5.01. VAT: 48.38 × 9/109 = 3.99 and
      # 48.42 × 21/121 = 8.40: 12.39 (at 21% alone: 12.26).
      Given webshop order 3001 has the lines:
        | code     | description               | quantity | price | VAT |
        | ART-1001 | Koffiebonen Espresso 1 kg | 2        | 24.95 | 9   |
        | ART-2040 | Koffiemolen RVS           | 1        | 49.95 | 21  |
      And the order has shipping costs of 6.95 at 21% VAT described "PostNL"
      And the order has a discount of 10.00 at 21% VAT described "WELKOM10"
      And the setting sales.shipping_costs = { line = { "21" = "VERZEND", "9" = "VERZEND-LAAG" } }
      And the setting sales.discount = { line = { "21" = "KORTING", "9" = "KORTING-LAAG" } }
      When the order is planned
      Then the sales order has the lines:
        | code         | description                    | quantity | price |
        | ART-1001     | Koffiebonen Espresso 1 kg      | 2        | 24.95 |
        | ART-2040     | Koffiemolen RVS                | 1        | 49.95 |
        | VERZEND      | Verzendkosten PostNL (21% btw) | 1        | 3.48  |
        | VERZEND-LAAG | Verzendkosten PostNL (9% btw)  | 1        | 3.47  |
        | KORTING      | Korting WELKOM10 (21% btw)     | 1        | -5.01 |
        | KORTING-LAAG | Korting WELKOM10 (9% btw)      | 1        | -4.99 |
      And SnelStart's VAT of the sales order is 12.39: 3.99 at 9% and 8.40 at 21%
      And SnelStart's total of the sales order is 96.80

    Scenario Outline: <charge> follow the goods: split over their rates
      Given the order has <charge> of <amount> at 21% VAT
      And the setting sales.<setting> = { line = { "21" = "<high>", "9" = "<low>" } }
      When the order is planned
      Then the sales order has the lines:
        | code     | description      | quantity | price       |
        | ART-1001 | Koffiebonen 1 kg | 2        | 27.25       |
        | ART-2040 | Koffiemolen RVS  | 1        | 60.50       |
        | <high>   | <word> (21% btw) | 1        | <at high>   |
        | <low>    | <word> (9% btw)  | 1        | <at low>    |
      And SnelStart's VAT of the sales order is <vat>

      Examples:
        | charge         | setting        | amount | high    | low          | word          | at high | at low | vat                                |
        | shipping costs | shipping_costs | 6.95   | VERZEND | VERZEND-LAAG | Verzendkosten | 3.66    | 3.29   | 15.91: 4.77 at 9% and 11.14 at 21% |
        | payment costs  | payment_costs  | 0.35   | BETAAL  | BETAAL-LAAG  | Betaalkosten  | 0.18    | 0.17   | 15.04: 4.51 at 9% and 10.53 at 21% |

    Scenario: A voucher larger than the small goods at 21% does not make their VAT negative
      # Booked at 21% alone, 5.00 - 10.00 would declare -0.87 VAT at 21%.
      Given webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 25.00 | 9   |
        | MOK      | Koffiemok        | 1        | 5.00  | 21  |
      And the order has a discount of 10.00 at 21% VAT
      And the setting sales.discount = { line = { "21" = "KORTING", "9" = "KORTING-LAAG" } }
      When the order is planned
      Then the sales order has the lines:
        | code         | description       | quantity | price |
        | ART-1001     | Koffiebonen 1 kg  | 2        | 25.00 |
        | MOK          | Koffiemok         | 1        | 5.00  |
        | KORTING      | Korting (21% btw) | 1        | -0.91 |
        | KORTING-LAAG | Korting (9% btw)  | 1        | -9.09 |
      And SnelStart's VAT of the sales order is 4.09: 3.38 at 9% and 0.71 at 21%

    Scenario: Goods at one rate take the whole charge at that rate, whatever rate the shop gave it
      Given webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 27.25 | 9   |
      And the order has shipping costs of 6.95 at 21% VAT described "PostNL"
      And the shop's VAT of the order is 5.71
      And the setting sales.shipping_costs = { line = { "21" = "VERZEND", "9" = "VERZEND-LAAG" } }
      When the order is planned
      Then the sales order's last line is:
        | code         | description          | quantity | price |
        | VERZEND-LAAG | Verzendkosten PostNL | 1        | 6.95  |
      And SnelStart's VAT of the sales order is 5.07: 5.07 at 9%
      And a warning says "VAT differs: shop 5.71, SnelStart 5.07 (5.07 at 9%; difference -0.64)"

    Scenario: A rate of the goods without an article in the setting stops the order
      Given the order has shipping costs of 6.95 at 21% VAT
      And the setting sales.shipping_costs = { line = { "21" = "VERZEND" } }
      When the order is planned
      Then the order is refused:
        """
        sales.shipping_costs: no article for 9% VAT (the order has goods at 9%); add "9" = "<article code>" to sales.shipping_costs
        """

    Scenario: The article named for a rate must be booked at that rate
      Given the order has shipping costs of 6.95 at 21% VAT
      And the setting sales.shipping_costs = { line = { "21" = "VERZEND", "9" = "VERZEND" } }
      When the order is planned
      Then the order is refused:
        """
        sales.shipping_costs: "9" names article VERZEND, which SnelStart books at 21% VAT (its revenue group 'Omzet hoog'), not 9%; name an article at 9% for "9"
        """

  Rule: The VAT SnelStart will book is compared with the shop's; a difference is a warning

    Scenario: A shop that put the whole voucher at 21% declared less VAT than SnelStart will
      Given the order has a discount of 10.00 at 21% VAT described "WELKOM10"
      And the shop's VAT of the order is 13.26
      And the setting sales.discount = { line = { "21" = "KORTING", "9" = "KORTING-LAAG" } }
      When the order is planned
      Then a warning says "VAT differs: shop 13.26, SnelStart 13.70 (4.11 at 9%, 9.59 at 21%; difference 0.44)"

    Scenario: A shop that does not give its VAT is not compared
      When the order is planned
      Then there are no warnings

  Rule: Abroad SnelStart computes the VAT from the delivery country and the VAT number; S-Connect checks it

    Background:
      Given the customer is not recognised
      And the order's customer is:
        | company | e-mail          |
        |         | anna@example.de |
      And the order's billing address is:
        | first_name | last_name | street      | house_number | postcode | city | country |
        | Anna       | Müller    | Hohe Straße | 12           | 50667    | Köln | DE      |

    Scenario: A German consumer charged German VAT (OSS) is booked when SnelStart bills foreign VAT
      # Shipping 5.95 over 59.50 at 19% and 53.50 at 7%: 3.13 and 2.82. SnelStart books the
      # Dutch high and low groups at Germany's 19% and 7%.
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | DEU     | SR        | 19   |
        | DEU     | RRL       | 7    |
      And webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS  | 1        | 59.50 | 19  |
        | ART-1001 | Koffiebonen 1 kg | 2        | 26.75 | 7   |
      And the order has shipping costs of 5.95 at 19% VAT described "DHL"
      And the setting sales.shipping_costs = { line = { "21" = "VERZEND", "9" = "VERZEND-LAAG" } }
      When the order is planned
      Then the sales order has the lines:
        | code         | description                 | quantity | price |
        | ART-2040     | Koffiemolen RVS             | 1        | 59.50 |
        | ART-1001     | Koffiebonen 1 kg            | 2        | 26.75 |
        | VERZEND      | Verzendkosten DHL (19% btw) | 1        | 3.13  |
        | VERZEND-LAAG | Verzendkosten DHL (7% btw)  | 1        | 2.82  |
      And SnelStart's VAT of the sales order is 13.68: 3.68 at 7% and 10.00 at 19%

    Scenario: With foreign VAT off SnelStart books the Dutch rate: a German rate stops the order
      Given SnelStart does not bill foreign VAT (OSS)
      And webshop order 12 has the lines:
        | code     | description     | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 59.50 | 19  |
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 19% VAT on article ART-2040, SnelStart books 21% (its revenue group 'Omzet hoog'; delivery to DE, and foreign VAT (OSS, factureerBuitenlandsBtw) is off in SnelStart); booking it would declare 10.33 VAT instead of 9.50; charge Dutch VAT in the shop, or switch on foreign VAT in SnelStart
        """

    Scenario: An administration without foreign VAT (embedded, classic) stops an order charged a foreign rate
      Given SnelStart has no foreign VAT setting, as the embedded administration
      And webshop order 12 has the lines:
        | code     | description     | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 59.50 | 19  |
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 19% VAT on article ART-2040, SnelStart books 21% (its revenue group 'Omzet hoog'; delivery to DE, and a SnelStart administration of kind embedded has no foreign VAT (OSS) setting); booking it would declare 10.33 VAT instead of 9.50; charge Dutch VAT in the shop, or book this order by hand
        """

    Scenario: Dutch VAT charged abroad (below the OSS threshold) is booked where SnelStart books it too
      Given SnelStart does not bill foreign VAT (OSS)
      And webshop order 12 has the lines:
        | code     | description     | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 60.50 | 21  |
      When the order is planned
      Then SnelStart's VAT of the sales order is 10.50: 10.50 at 21%

    Scenario: A Belgian business charged no VAT (reverse charge) is booked when SnelStart bills foreign VAT
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | BEL     | SR        | 21   |
      And the order's customer is:
        | company             | e-mail                  | VAT number   |
        | Brasserie De Klok BV | info@brasseriedeklok.be | BE0456789123 |
      And the order's billing address is:
        | company              | first_name | last_name | street            | house_number | postcode | city       | country |
        | Brasserie De Klok BV | Wout       | Maes      | Sint-Pieterskaai  | 3            | 8310     | Sint-Kruis | BE      |
      And webshop order 12 has the lines:
        | code     | description     | quantity | price  | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 100.00 | 0   |
      When the order is planned
      Then a new relation is created:
        | name                 | VAT number   |
        | Brasserie De Klok BV | BE0456789123 |
      And SnelStart's VAT of the sales order is 0.00: 0.00 at 0%

    Scenario: Without foreign VAT SnelStart takes 17.36 of VAT out of a Belgian business's 100.00: refused
      Given SnelStart does not bill foreign VAT (OSS)
      And the order's customer is:
        | company              | e-mail                  | VAT number   |
        | Brasserie De Klok BV | info@brasseriedeklok.be | BE0456789123 |
      And the order's billing address is:
        | company              | first_name | last_name | street           | house_number | postcode | city       | country |
        | Brasserie De Klok BV | Wout       | Maes      | Sint-Pieterskaai | 3            | 8310     | Sint-Kruis | BE      |
      And webshop order 12 has the lines:
        | code     | description     | quantity | price  | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 100.00 | 0   |
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 0% VAT on article ART-2040, SnelStart books 21% (its revenue group 'Omzet hoog'; delivery to BE, and foreign VAT (OSS, factureerBuitenlandsBtw) is off in SnelStart); booking it would declare 17.36 VAT instead of 0.00; charge Dutch VAT in the shop, or switch on foreign VAT in SnelStart
        """

    Scenario: A business whose relation in SnelStart lacks its VAT number counts as a consumer: refused
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | BEL     | SR        | 21   |
      And the customer is recognised as relation 1007 "Brasserie De Klok BV" with:
        | e-mail                  | street             | postcode | city       | country |
        | info@brasseriedeklok.be | Sint-Pieterskaai 3 | 8310     | Sint-Kruis | BE      |
      And the order's customer is:
        | company              | e-mail                  | VAT number   |
        | Brasserie De Klok BV | info@brasseriedeklok.be | BE0456789123 |
      And the order's billing address is:
        | company              | first_name | last_name | street           | house_number | postcode | city       | country |
        | Brasserie De Klok BV | Wout       | Maes      | Sint-Pieterskaai | 3            | 8310     | Sint-Kruis | BE      |
      And webshop order 12 has the lines:
        | code     | description     | quantity | price  | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 100.00 | 0   |
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 0% VAT on article ART-2040, SnelStart books 21% (its revenue group 'Omzet hoog' at the standard rate for a consumer in BE (relation 1007 has no VAT number)); booking it would declare 17.36 VAT instead of 0.00; relation 1007 has no VAT number in SnelStart, so SnelStart counts the customer as a consumer: add BE0456789123 to the relation (customers.processing = add_and_update does so)
        """

    Scenario: The delivery country decides, and a delivery abroad goes on the order
      # sales.addresses = from_customer_card lets SnelStart take the addresses from the customer
      # card, in the Netherlands; the parcel goes to Germany, and so does the VAT.
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | DEU     | SR        | 19   |
      And the customer is recognised as relation 1001 "Voorbeeld B.V."
      And the setting sales.addresses = "from_customer_card"
      And the order's billing address is:
        | first_name | last_name | street        | house_number | postcode | city      | country |
        | Jan        | de Vries  | Keizersgracht | 12           | 1015 CJ  | Amsterdam | NL      |
      And the order is delivered to:
        | first_name | last_name | street      | house_number | postcode | city | country |
        | Anna       | Müller    | Hohe Straße | 12           | 50667    | Köln | DE      |
      And webshop order 12 has the lines:
        | code     | description     | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 59.50 | 19  |
      When the order is planned
      Then the delivery address of the sales order is:
        | contact_person | street         | postcode | city | country |
        | Anna Müller    | Hohe Straße 12 | 50667    | Köln | DE      |
      And the detailed log says "delivery address taken from the order: it is in DE, the customer card in NL"
      And SnelStart's VAT of the sales order is 9.50: 9.50 at 19%

    Scenario: Outside the EU SnelStart's VAT cannot be known: refused
      Given SnelStart bills foreign VAT (OSS) at the rates:
        | country | rate code | rate |
        | DEU     | SR        | 19   |
      And the order's billing address is:
        | first_name | last_name | street     | house_number | postcode | city     | country |
        | Luc        | Favre     | Rue de Bourg | 1          | 1003     | Lausanne | CH      |
      And webshop order 12 has the lines:
        | code     | description     | quantity | price | VAT |
        | ART-2040 | Koffiemolen RVS | 1        | 50.00 | 0   |
      When the order is planned
      Then the order is refused:
        """
        line 'Koffiemolen RVS': the shop charged 0% VAT on article ART-2040, and which VAT SnelStart books cannot be known (delivery to CH, outside the EU, with foreign VAT (OSS) on in SnelStart); book this order by hand
        """
