Feature: Customer recognition
  A webshop order carries no SnelStart customer number. For every order S-Connect decides
  which SnelStart relation (klant) it belongs to, or that a new relation is needed; the
  setting customers.recognition chooses how. In every way of recognising:
  - e-mail addresses are compared without regard to upper/lower case or spaces, and a SnelStart
    e-mail field may hold several addresses separated by ";";
  - postcodes are compared without spaces, in capitals;
  - VAT numbers are compared without spaces and dots, with the country code in front made
    explicit from the billing country when it is missing;
  - names are compared without accents, punctuation, capitals and legal forms (B.V., GmbH…);
  - an inactive (non-actief) relation is never chosen; but when the order would otherwise become
    a new relation beside an inactive one it matches (by code, e-mail, VAT or KvK number or the
    same name), the order is refused: activating the old relation is usually the fix, and a
    duplicate is worse than a refused order.
  When S-Connect cannot tell which of several relations is meant, it refuses the order with a
  line naming them, so the bookkeeper can fix SnelStart or the order; it never guesses.

  Rule: customer_code: the shop's klantcode is the SnelStart relation code

    Background:
      Given customer recognition is set to "customer_code"
      And SnelStart has these relations:
        | code | name                   | e-mail            | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | active   |
        | 1003 | Slagerij Bakker        | info@bakker.nl    | inactive |

    Scenario: The code exists in SnelStart
      When an order comes in with:
        | e-mail              | someone@else.nl |
        | shop field klantcode | 1001            |
      Then the order is booked on relation 1001
      And the deciding step is "customer_code"

    Scenario: The name of the code field is found whatever its capitals and spaces
      When an order comes in with:
        | shop field  DebiteurNummer | 1001 |
      Then the order is booked on relation 1001

    Scenario Outline: Every field name the manual lists holds the code
      When an order comes in with:
        | shop field <field> | 1001 |
      Then the order is booked on relation 1001

      Examples:
        | field          |
        | klantcode      |
        | klantnr        |
        | klantnummer    |
        | debiteurnr     |
        | debiteurnummer |

    Scenario: A code with leading zeros is the same relation code
      When an order comes in with:
        | shop field klantnr | 01001 |
      Then the order is booked on relation 1001

    Scenario: A code that SnelStart does not have makes a new relation with that code
      When an order comes in with:
        | e-mail             | inkoop@devries.nl |
        | shop field klantnr | 2050              |
      Then a new relation is created with code 2050

    Scenario: Without a code the order is refused
      When an order comes in from "inkoop@devries.nl"
      Then the order is refused with "customer code missing: customers.recognition = customer_code needs one of the customer fields klantcode, klantnr, klantnummer, debiteurnr, debiteurnummer filled in the order"

    Scenario: An empty code field counts as no code
      When an order comes in with:
        | shop field klantcode |  |
      Then the order is refused with "customer code missing: customers.recognition = customer_code needs one of the customer fields klantcode, klantnr, klantnummer, debiteurnr, debiteurnummer filled in the order"

    Scenario: The code of an inactive relation is refused, not duplicated
      When an order comes in with:
        | shop field klantcode | 1003 |
      Then the order is refused with "customer code 1003: relation 1003 (Slagerij Bakker) is inactive in SnelStart; activate it or correct the code in the shop"

    Scenario: A code that is not a number cannot be a relation code
      When an order comes in with:
        | shop field klantcode | K-1001 |
      Then the order is refused with "customer code 'K-1001' is not a SnelStart relation code (a number from 1 to 2147483647)"

  Rule: email: the e-mail search, in three passes

    Background:
      Given customer recognition is set to "email"

    Scenario: Pass 1 finds the relation's own e-mail address
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
        | 1002 | Jansen Bouw            | info@jansen.nl    |
      When an order comes in from "inkoop@devries.nl"
      Then the order is booked on relation 1001
      And the deciding step is "email"
      And the explanation mentions "e-mail inkoop@devries.nl (relation e-mail): relation 1001"

    Scenario: Pass 2 finds the invoice e-mail address
      Given SnelStart has these relations:
        | code | name                   | e-mail            | invoice e-mail      |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | facturen@devries.nl |
      When an order comes in from "facturen@devries.nl"
      Then the order is booked on relation 1001
      And the explanation mentions "(invoice e-mail): relation 1001"

    Scenario: Pass 2 finds the invoice cc address
      Given SnelStart has these relations:
        | code | name                   | invoice e-mail      | invoice cc            |
        | 1001 | Bakkerij De Vries B.V. | facturen@devries.nl | boekhouding@devries.nl |
      When an order comes in from "boekhouding@devries.nl"
      Then the order is booked on relation 1001

    Scenario Outline: Pass 3 finds the quote, confirmation and reminder addresses, to and cc
      Given SnelStart has these relations:
        | code | name                   | <field>          |
        | 1001 | Bakkerij De Vries B.V. | wim@devries.nl   |
      When an order comes in from "wim@devries.nl"
      Then the order is booked on relation 1001
      And the explanation mentions "(quote/confirmation/reminder e-mail): relation 1001"

      Examples:
        | field              |
        | quote e-mail       |
        | quote cc           |
        | confirmation e-mail |
        | confirmation cc    |
        | reminder e-mail    |
        | reminder cc        |

    Scenario: An earlier pass wins over a later one
      Given SnelStart has these relations:
        | code | name                   | e-mail            | invoice e-mail    |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |                   |
        | 1002 | De Vries Holding B.V.  | holding@devries.nl | inkoop@devries.nl |
      When an order comes in from "inkoop@devries.nl"
      Then the order is booked on relation 1001

    Scenario: Two relations with the same e-mail address are ambiguous
      Given SnelStart has these relations:
        | code | name        | e-mail     |
        | 1002 | Xenon B.V.  | info@x.nl  |
        | 1007 | Xenon Retail | info@x.nl |
      When an order comes in from "info@x.nl"
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1002, 1007"

    Scenario: Two relations with the same invoice e-mail address are ambiguous
      Given SnelStart has these relations:
        | code | name         | e-mail          | invoice e-mail |
        | 1002 | Xenon B.V.   | inkoop@x.nl     | info@x.nl      |
        | 1007 | Xenon Retail | winkel@x.nl     | info@x.nl      |
      When an order comes in from "info@x.nl"
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1002, 1007"
      And the explanation mentions "(invoice e-mail): relations 1002, 1007"

    Scenario: Two relations with the same reminder address are ambiguous
      Given SnelStart has these relations:
        | code | name         | reminder e-mail | confirmation cc |
        | 1002 | Xenon B.V.   | info@x.nl       |                 |
        | 1007 | Xenon Retail |                 | info@x.nl       |
      When an order comes in from "info@x.nl"
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1002, 1007"

    Scenario: A pass that finds one relation stops before a later pass could be ambiguous
      Given SnelStart has these relations:
        | code | name         | e-mail    | invoice e-mail |
        | 1002 | Xenon B.V.   | info@x.nl |                |
        | 1007 | Xenon Retail |           | info@x.nl      |
        | 1008 | Xenon Online |           | info@x.nl      |
      When an order comes in from "info@x.nl"
      Then the order is booked on relation 1002

    Scenario: A SnelStart e-mail field may hold several addresses separated by ";"
      Given SnelStart has these relations:
        | code | name                   | e-mail                                 |
        | 1001 | Bakkerij De Vries B.V. | info@devries.nl;inkoop@devries.nl      |
        | 1002 | Jansen Bouw            | info@jansen.nl ; bestellingen@jansen.nl |
      When an order comes in from "bestellingen@jansen.nl"
      Then the order is booked on relation 1002

    Scenario: Capitals and spaces in e-mail addresses do not matter
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | Inkoop@DeVries.NL |
      When an order comes in from "  INKOOP@devries.nl "
      Then the order is booked on relation 1001

    Scenario: An unknown e-mail address makes a new relation with the next free code
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
      When an order comes in with:
        | e-mail               | nieuw@klant.nl |
        | shop field klantcode | 2050           |
      Then a new relation is created with the next free relation code

    Scenario: An order without an e-mail address makes a new relation
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
      When an order comes in without an e-mail address
      Then a new relation is created with the next free relation code

    Scenario: An inactive relation with the e-mail address is passed over
      Given SnelStart has these relations:
        | code | name                   | e-mail            | invoice e-mail    | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |                   | inactive |
        | 1004 | Bakkerij De Vries      |                   | inkoop@devries.nl | active   |
      When an order comes in from "inkoop@devries.nl"
      Then the order is booked on relation 1004
      And the explanation mentions "inactive 1001 ignored"

    Scenario: An inactive relation does not make the e-mail address ambiguous
      Given SnelStart has these relations:
        | code | name         | e-mail    | status   |
        | 1002 | Xenon B.V.   | info@x.nl | inactive |
        | 1007 | Xenon Retail | info@x.nl | active   |
      When an order comes in from "info@x.nl"
      Then the order is booked on relation 1007

    Scenario: Only an inactive relation with the address: refused, not duplicated
      Given SnelStart has these relations:
        | code | name       | e-mail    | status   |
        | 1002 | Xenon B.V. | info@x.nl | inactive |
      When an order comes in from "info@x.nl"
      Then the order is refused with "relation 1002 (Xenon B.V.) matches by e-mail but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"
      And the explanation mentions "e-mail info@x.nl (relation e-mail): no active relation (inactive 1002 ignored)"

    Scenario: Several inactive relations with the address are all named
      Given SnelStart has these relations:
        | code | name         | e-mail    | invoice e-mail | status   |
        | 1002 | Xenon B.V.   | info@x.nl |                | inactive |
        | 1007 | Xenon Retail |           | info@x.nl      | inactive |
      When an order comes in from "info@x.nl"
      Then the order is refused with "relations 1002 (Xenon B.V.) by e-mail and 1007 (Xenon Retail) by e-mail match but are inactive in SnelStart: activate the right one, or change them (or the order) so they no longer match and a new relation is made"

  Rule: customer_code_or_email: a code that exists decides, otherwise the e-mail search

    Background:
      Given customer recognition is set to "customer_code_or_email"
      And SnelStart has these relations:
        | code | name                   | e-mail            | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | active   |
        | 1002 | Jansen Bouw            | info@jansen.nl    | active   |
        | 1003 | Slagerij Bakker        | info@bakker.nl    | inactive |
        | 1005 | Xenon B.V.             | info@x.nl         | active   |
        | 1006 | Xenon Retail           | info@x.nl         | active   |

    Scenario: The code wins over the e-mail address
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | shop field klantcode | 1002              |
      Then the order is booked on relation 1002
      And the deciding step is "customer_code"

    Scenario: An unknown code falls back on the e-mail address
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | shop field klantcode | 2050              |
      Then the order is booked on relation 1001
      And the deciding step is "email"

    Scenario: Without a code the e-mail address decides
      When an order comes in from "info@jansen.nl"
      Then the order is booked on relation 1002

    Scenario: Neither found: a new relation with the shop's code
      When an order comes in with:
        | e-mail               | nieuw@klant.nl |
        | shop field klantcode | 2050           |
      Then a new relation is created with code 2050

    Scenario: The code of an inactive relation is refused when the e-mail address finds nobody
      When an order comes in with:
        | e-mail               | nieuw@klant.nl |
        | shop field klantcode | 1003           |
      Then the order is refused with "relation 1003 (Slagerij Bakker) matches by customer code but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"
      And the explanation mentions "customer code 1003: relation 1003 is inactive, ignored"

    Scenario: The code of an inactive relation gives way to an active relation with the e-mail address
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | shop field klantcode | 1003              |
      Then the order is booked on relation 1001
      And the deciding step is "email"

    Scenario: An ambiguous e-mail address is refused
      When an order comes in from "info@x.nl"
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1005, 1006"

  Rule: email_and_postcode: the e-mail address and the delivery postcode must both fit

    Background:
      Given customer recognition is set to "email_and_postcode"
      And SnelStart has these relations:
        | code | name                   | e-mail              | invoice e-mail   | postcode | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl   |                  | 1015 CJ  | active   |
        | 1004 | Bakkerij De Vries      | inkoop@devries.nl   |                  | 3542 AD  | active   |
        | 1005 | Van Dam Installaties   | p.dam@adviseur.nl   |                  | 5611 AB  | active   |
        | 1006 | Dam Techniek           |                     | p.dam@adviseur.nl | 6511 XY | active   |
        | 1007 | Xenon B.V.             | info@x.nl           |                  | 1234 AB  | active   |
        | 1008 | Xenon Retail           | info@x.nl           |                  | 1234AB   | active   |
        | 1009 | Slagerij Bakker        | info@bakker.nl      |                  | 7311 AA  | inactive |

    Scenario: The delivery postcode picks the relation among those with the e-mail address
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | billing postcode  | 1015 CJ           |
        | delivery postcode | 3542 ad           |
      Then the order is booked on relation 1004
      And the deciding step is "email_and_postcode"
      And the explanation mentions "with establishment postcode 3542AD (delivery postcode): relation 1004"

    Scenario: No relation with the e-mail address has the delivery postcode: a new relation
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | delivery postcode | 9999 ZZ           |
      Then a new relation is created with the next free relation code

    Scenario: Two relations with the e-mail address and the delivery postcode are ambiguous
      When an order comes in with:
        | e-mail            | info@x.nl |
        | delivery postcode | 1234 ab   |
      Then the order is refused with "ambiguous customer: e-mail info@x.nl with postcode 1234AB matches relations 1007, 1008"

    Scenario: Without a delivery address the billing postcode counts
      When an order comes in with:
        | e-mail           | inkoop@devries.nl |
        | billing postcode | 1015CJ            |
      Then the order is booked on relation 1001
      And the explanation mentions "(billing postcode)"

    Scenario: A later pass finds the relation at the delivery postcode
      When an order comes in with:
        | e-mail            | p.dam@adviseur.nl |
        | delivery postcode | 6511 XY           |
      Then the order is booked on relation 1006
      And the explanation mentions "(invoice e-mail): relation 1006"

    Scenario: An inactive relation with the e-mail address and the delivery postcode is refused, not duplicated
      When an order comes in with:
        | e-mail            | info@bakker.nl |
        | delivery postcode | 7311 AA        |
      Then the order is refused with "relation 1009 (Slagerij Bakker) matches by e-mail and postcode but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"

    Scenario: An inactive relation with the e-mail address at another postcode is another customer
      When an order comes in with:
        | e-mail            | info@bakker.nl |
        | delivery postcode | 9999 ZZ        |
      Then a new relation is created with the next free relation code

  Rule: customer_code_or_email_and_postcode: a code that exists decides, otherwise e-mail and postcode

    Background:
      Given customer recognition is set to "customer_code_or_email_and_postcode"
      And SnelStart has these relations:
        | code | name                   | e-mail            | postcode | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | 1015 CJ  | active   |
        | 1003 | Slagerij Bakker        | info@bakker.nl    | 7311 AA  | inactive |
        | 1004 | Bakkerij De Vries      | inkoop@devries.nl | 3542 AD  | active   |

    Scenario: The code wins
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | delivery postcode    | 3542 AD           |
        | shop field klantcode | 1001              |
      Then the order is booked on relation 1001

    Scenario: Without a code, e-mail and delivery postcode decide
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | delivery postcode | 3542 AD           |
      Then the order is booked on relation 1004

    Scenario: Unknown code and no fitting relation: a new relation with the shop's code
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | delivery postcode    | 9999 ZZ           |
        | shop field klantcode | 2050              |
      Then a new relation is created with code 2050

    Scenario: The code of an inactive relation and no fitting relation: refused, not duplicated
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | delivery postcode    | 9999 ZZ           |
        | shop field klantcode | 1003              |
      Then the order is refused with "relation 1003 (Slagerij Bakker) matches by customer code but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"

    Scenario: The code of an inactive relation gives way to e-mail and postcode
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | delivery postcode    | 3542 AD           |
        | shop field klantcode | 1003              |
      Then the order is booked on relation 1004

  Rule: smart: code, e-mail, VAT number, KvK number, name — the first unique match wins

    Background:
      Given customer recognition is set to "smart"

    Scenario: An existing customer code decides first
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
        | 1002 | Jansen Bouw            | info@jansen.nl    |
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | shop field klantcode | 1002              |
      Then the order is booked on relation 1002
      And the deciding step is "customer_code"

    Scenario: One relation with the e-mail address decides
      Given SnelStart has these relations:
        | code | name                   | invoice e-mail    |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
      When an order comes in from "inkoop@devries.nl"
      Then the order is booked on relation 1001
      And the deciding step is "email"

    Scenario: Several relations with the e-mail address are narrowed by the delivery postcode
      Given SnelStart has these relations:
        | code | name                   | e-mail            | postcode |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | 1015 CJ  |
        | 1004 | Bakkerij De Vries      | inkoop@devries.nl | 3542 AD  |
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | billing postcode  | 9999 ZZ           |
        | delivery postcode | 3542 AD           |
      Then the order is booked on relation 1004
      And the explanation mentions "e-mail inkoop@devries.nl (relation e-mail): relations 1001, 1004, narrowed by delivery postcode 3542AD to 1004"
      And recognition saw relations 1001, 1004

    Scenario: Several relations with the e-mail address are narrowed by the billing postcode
      Given SnelStart has these relations:
        | code | name                   | e-mail            | postcode |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | 1015 CJ  |
        | 1004 | Bakkerij De Vries      | inkoop@devries.nl | 3542 AD  |
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | billing postcode  | 1015cj            |
        | delivery postcode | 9999 ZZ           |
      Then the order is booked on relation 1001
      And the explanation mentions "narrowed by billing postcode 1015CJ to 1001"

    Scenario: Billing and delivery postcode pointing at different relations do not pick one
      Given SnelStart has these relations:
        | code | name                   | e-mail            | postcode |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | 1015 CJ  |
        | 1004 | Bakkerij De Vries      | inkoop@devries.nl | 3542 AD  |
      When an order comes in with:
        | e-mail            | inkoop@devries.nl |
        | billing postcode  | 1015 CJ           |
        | delivery postcode | 3542 AD           |
      Then the order is refused with "ambiguous customer: e-mail inkoop@devries.nl matches relations 1001, 1004"

    Scenario: An e-mail address that cannot be narrowed is left to the VAT number
      Given SnelStart has these relations:
        | code | name         | e-mail    | VAT number     |
        | 1002 | Xenon B.V.   | info@x.nl | NL001234567B01 |
        | 1007 | Xenon Retail | info@x.nl | NL009876543B01 |
      When an order comes in with:
        | e-mail     | info@x.nl      |
        | VAT number | NL009876543B01 |
      Then the order is booked on relation 1007
      And the deciding step is "vat_number"
      And recognition saw relations 1002, 1007

    Scenario: Ambiguous e-mail address and nothing else to go on: refused, never a duplicate
      Given SnelStart has these relations:
        | code | name         | e-mail    |
        | 1002 | Xenon B.V.   | info@x.nl |
        | 1007 | Xenon Retail | info@x.nl |
      When an order comes in with:
        | e-mail           | info@x.nl    |
        | company          | Xenon Online |
        | billing postcode | 1234 AB      |
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1002, 1007"
      And the explanation mentions "undecided between 1002, 1007, the walk goes on"

    Scenario: Every undecided step is named when none decides
      Given SnelStart has these relations:
        | code | name         | e-mail    | VAT number     |
        | 1002 | Xenon B.V.   | info@x.nl |                |
        | 1007 | Xenon Retail | info@x.nl |                |
        | 1008 | Argon B.V.   |           | NL001234567B01 |
        | 1009 | Argon Retail |           | NL001234567B01 |
      When an order comes in with:
        | e-mail     | info@x.nl      |
        | VAT number | NL001234567B01 |
      Then the order is refused with "ambiguous customer: e-mail info@x.nl matches relations 1002, 1007; VAT number NL001234567B01 matches relations 1008, 1009"
      And the order is refused as ambiguous between relations 1002, 1007, 1008, 1009

    Scenario: The one relation two undecided steps have in common is the customer
      Given SnelStart has these relations:
        | code | name         | e-mail    | VAT number     |
        | 1002 | Xenon B.V.   | info@x.nl | NL001234567B01 |
        | 1007 | Xenon Retail | info@x.nl |                |
        | 1009 | Xenon Online |           | NL001234567B01 |
      When an order comes in with:
        | e-mail     | info@x.nl      |
        | VAT number | NL001234567B01 |
      Then the order is booked on relation 1002
      And the deciding step is "vat_number"
      And the explanation mentions "of which only 1002 was a candidate of an earlier step too"

    Scenario Outline: The VAT number is found with or without its country code
      Given SnelStart has these relations:
        | code | name                   | VAT number   | country           |
        | 1001 | <name>                 | <in SnelStart> | <billing country> |
      When an order comes in with:
        | e-mail          | nieuw@adres.nl    |
        | VAT number      | <in the order>    |
        | billing country | <billing country> |
      Then the order is booked on relation 1001
      And the deciding step is "vat_number"

      Examples:
        | name                   | billing country | in SnelStart     | in the order       |
        | Bakkerij De Vries B.V. | NL              | NL123456789B01   | 123456789B01       |
        | Bakkerij De Vries B.V. | NL              | 123456789B01     | NL123456789B01     |
        | Bakkerij De Vries B.V. | NL              | NL 1234.56.789.B01 | nl123456789b01   |
        | Müller GmbH            | DE              | DE123456789      | 123456789          |
        | Müller GmbH            | DE              | 123456789        | DE 123 456 789     |
        | Brouwerij Peeters BV   | BE              | BE0123.456.789   | 0123456789         |
        | Papadopoulos A.E.      | GR              | EL123456789      | 123456789          |
        | Papadopoulos A.E.      | GR              | 123456789        | GR123456789        |

    Scenario: The same digits in another country are another VAT number
      Given SnelStart has these relations:
        | code | name        | VAT number | country |
        | 1001 | Müller GmbH | 123456789  | DE      |
      When an order comes in with:
        | e-mail          | nieuw@adres.nl |
        | VAT number      | 123456789      |
        | billing country | NL             |
      Then a new relation is created with the next free relation code

    Scenario: Branches sharing one VAT number are narrowed by postcode
      Given SnelStart has these relations:
        | code | name                         | VAT number     | postcode |
        | 1002 | Xenon B.V. vestiging Utrecht | NL001234567B01 | 3542 AD  |
        | 1003 | Xenon B.V. vestiging Zwolle  | NL001234567B01 | 8011 AB  |
      When an order comes in with:
        | e-mail            | nieuw@xenon.nl |
        | VAT number        | 001234567B01   |
        | delivery postcode | 8011AB         |
      Then the order is booked on relation 1003
      And the explanation mentions "VAT number NL001234567B01: relations 1002, 1003, narrowed by delivery postcode 8011AB to 1003"

    Scenario: The KvK number decides when e-mail and VAT number do not
      Given SnelStart has these relations:
        | code | name                   | KvK number |
        | 1001 | Bakkerij De Vries B.V. | 01234567   |
        | 1002 | Jansen Bouw            | 87654321   |
      When an order comes in with:
        | e-mail     | nieuw@adres.nl |
        | KvK number | 1234567        |
      Then the order is booked on relation 1001
      And the deciding step is "coc_number"

    Scenario: A KvK number of a relation in another country does not count
      Given SnelStart has these relations:
        | code | name        | KvK number | country |
        | 1001 | Müller GmbH | 12345678   | DE      |
      When an order comes in with:
        | e-mail          | nieuw@adres.nl |
        | KvK number      | 12345678       |
        | billing country | NL             |
      Then a new relation is created with the next free relation code

    Scenario Outline: The name is compared without legal form, accents, dots and capitals
      Given SnelStart has these relations:
        | code | name          | postcode | country   |
        | 1001 | <in SnelStart> | 3542 AD  | <country> |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl |
        | company          | <in the order> |
        | billing postcode | 3542AD         |
        | billing country  | <country>      |
      Then the order is booked on relation 1001
      And the deciding step is "name"

      Examples:
        | in SnelStart           | in the order           | country |
        | Bakkerij De Vries B.V. | bakkerij de vries bv   | NL      |
        | Bakkerij De Vries B.V. | Bakkerij  de Vriés     | NL      |
        | BV Bakkerij De Vries   | Bakkerij De Vries      | NL      |
        | Jansen & Zn. V.O.F.    | Jansen en Zonen        | NL      |
        | Café 't Hoekje VOF     | Cafe t Hoekje v.o.f.   | NL      |
        | Müller GmbH            | Muller                 | DE      |
        | Bäckerei Groß GmbH & Co. KG | Backerei Gross    | DE      |
        | Ørsted A/S             | Orsted                 | DK      |

    Scenario: Without a company the contact's name is compared
      Given SnelStart has these relations:
        | code | name            | postcode |
        | 1001 | Jan de Vries    | 3542 AD  |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl |
        | first name       | Jan            |
        | last name        | de Vries       |
        | billing postcode | 3542 AD        |
      Then the order is booked on relation 1001

    Scenario: The same name at another postcode is another customer
      Given SnelStart has these relations:
        | code | name                   | postcode |
        | 1001 | Bakkerij De Vries B.V. | 1015 CJ  |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij De Vries |
        | billing postcode | 3542 AD           |
      Then a new relation is created with the next free relation code

    Scenario: The same name and postcode in another country is another customer
      Given SnelStart has these relations:
        | code | name         | postcode | country |
        | 1001 | Bakker Bouw  | 1234     | BE      |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl |
        | company          | Bakker Bouw    |
        | billing postcode | 1234           |
        | billing country  | NL             |
      Then a new relation is created with the next free relation code

    Scenario: Two relations with the same name at the same postcode are ambiguous
      Given SnelStart has these relations:
        | code | name                   | postcode |
        | 1001 | Bakkerij De Vries B.V. | 3542 AD  |
        | 1004 | Bakkerij de Vries      | 3542AD   |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij De Vries |
        | billing postcode | 3542 AD           |
      Then the order is refused with "ambiguous customer: name 'bakkerij de vries' in NL 3542AD matches relations 1001, 1004"

    Scenario: A name with exactly the same spelling wins over a similar one
      Given SnelStart has these relations:
        | code | name                   | postcode |
        | 1001 | Bakkerij De Vriez      | 3542 AD  |
        | 1004 | Bakkerij De Vries B.V. | 3542 AD  |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij De Vries |
        | billing postcode | 3542 AD           |
      Then the order is booked on relation 1004

    Scenario: Two similar names at the same postcode are ambiguous
      Given SnelStart has these relations:
        | code | name               | postcode |
        | 1001 | Bakkerij De Vriez  | 3542 AD  |
        | 1004 | Bakkerij De Fries  | 3542 AD  |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij De Vries |
        | billing postcode | 3542 AD           |
      Then the order is refused with "ambiguous customer: name 'bakkerij de vries' in NL 3542AD matches relations 1001, 1004"

    Scenario: A unique name decides after an e-mail address that could not be narrowed
      Given SnelStart has these relations:
        | code | name         | e-mail    | postcode |
        | 1002 | Xenon B.V.   | info@x.nl | 1015 CJ  |
        | 1007 | Xenon Retail | info@x.nl | 1234 AB  |
      When an order comes in with:
        | e-mail            | info@x.nl    |
        | company           | Xenon Retail |
        | billing postcode  | 1234 AB      |
        | delivery postcode | 1015 CJ      |
      Then the order is booked on relation 1007
      And the deciding step is "name"
      And recognition saw relations 1002, 1007

    Scenario Outline: A similar name counts from the name threshold up (default 90)
      Given the webshop name "<in the order>" scores exactly <score> against the SnelStart name "Stichting Vrienden van het Openluchtmuseum voor Oude Ambachten en Streekhistorie in de Kop van Overijssel"
      And SnelStart has these relations:
        | code | name                                                                                                  | postcode |
        | 1001 | Stichting Vrienden van het Openluchtmuseum voor Oude Ambachten en Streekhistorie in de Kop van Overijssel | 8011 AB  |
      When an order comes in with:
        | e-mail           | penningmeester@vrienden.nl |
        | company          | <in the order>             |
        | billing postcode | 8011 AB                    |
      Then <outcome>

      Examples:
        | score | in the order                                                                                     | outcome                                                     |
        | 89    | Stichting Virenden van het Openluchtmuseum voor Oude Ambachten en Stre. in de Kop van Overijssel | a new relation is created with the next free relation code |
        | 90    | Stichting Vrienden van het Openluchtmuseum voor Odue Ambachten en Stre. in de Kop van Overijssel | the order is booked on relation 1001                       |
        | 91    | Stichting Vrienden van het Openluchtmuseum voor Ode Ambachten en Stree. in de Kop van Overijssel | the order is booked on relation 1001                       |

    Scenario Outline: Names that differ in a number are not the same name, however close
      A typo in a word is forgiven; a different number never is: house numbers, branch numbers
      and customer numbers in a name tell two businesses apart.
      Given SnelStart has these relations:
        | code | name          | postcode |
        | 1001 | <in SnelStart> | 1234 AB  |
      When an order comes in with:
        | e-mail           | inkoop@voorbeeld.nl |
        | company          | <in the order>      |
        | billing postcode | 1234 AB             |
      Then <outcome>

      Examples:
        | in SnelStart     | in the order     | outcome                                                     |
        | Klant 4348 BV    | Klant 4384 BV    | a new relation is created with the next free relation code |
        | Garage West 2    | Garage West 3    | a new relation is created with the next free relation code |
        | Garage West 2    | Garage West      | a new relation is created with the next free relation code |
        | Garage West 2    | Garage Wets 2    | the order is booked on relation 1001                       |
        | Bakkerij 2 Broers | Bakkerij 2 Broer | the order is booked on relation 1001                       |

    Scenario: Two branches that differ only in their number are told apart, not ambiguous
      Both SnelStart names score above the threshold against the order's (92 and 96); only one
      carries the order's number.
      Given SnelStart has these relations:
        | code | name                      | postcode |
        | 1001 | Autobedrijf Garage West 2 | 1234 AB  |
        | 1002 | Autobedrijf Garage West 3 | 1234 AB  |
      When an order comes in with:
        | e-mail           | werkplaats@voorbeeld.nl   |
        | company          | Autobedrijf Garage Wets 3 |
        | billing postcode | 1234 AB                   |
      Then the order is booked on relation 1002
      And the deciding step is "name"

    Scenario: The explanation says why a close name with another number was not taken
      Given SnelStart has these relations:
        | code | name          | postcode |
        | 1001 | Klant 4348 BV | 1234 AB  |
      When an order comes in with:
        | e-mail           | inkoop@klant.nl |
        | company          | Klant 4384 BV   |
        | billing postcode | 1234 AB         |
      Then a new relation is created with the next free relation code
      And the explanation mentions "numbers differ: 4384 in the order, 4348 in SnelStart"

    Scenario: A higher name threshold refuses the score of 90
      Given the name threshold is 91
      And SnelStart has these relations:
        | code | name                                                                                                  | postcode |
        | 1001 | Stichting Vrienden van het Openluchtmuseum voor Oude Ambachten en Streekhistorie in de Kop van Overijssel | 8011 AB  |
      When an order comes in with:
        | e-mail           | penningmeester@vrienden.nl                                                                       |
        | company          | Stichting Vrienden van het Openluchtmuseum voor Odue Ambachten en Stre. in de Kop van Overijssel |
        | billing postcode | 8011 AB                                                                                          |
      Then a new relation is created with the next free relation code
      And the explanation mentions "score 90.0 < 91"

    Scenario: An inactive relation is never chosen, nor duplicated, whatever step finds it
      Given SnelStart has these relations:
        | code | name                   | e-mail            | VAT number     | KvK number | postcode | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | NL123456789B01 | 12345678   | 3542 AD  | inactive |
      When an order comes in with:
        | e-mail               | inkoop@devries.nl |
        | shop field klantcode | 1001              |
        | company              | Bakkerij De Vries |
        | VAT number           | NL123456789B01    |
        | KvK number           | 12345678          |
        | billing postcode     | 3542 AD           |
      Then the order is refused with "relation 1001 (Bakkerij De Vries B.V.) matches by customer code, e-mail, VAT number, KvK number and name but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"
      And the explanation mentions "relation 1001 is inactive, ignored"

    Scenario Outline: Each step that finds only an inactive relation refuses the order
      Given SnelStart has these relations:
        | code | name                   | e-mail            | VAT number     | KvK number | postcode | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl | NL123456789B01 | 12345678   | 3542 AD  | inactive |
      When an order comes in with:
        | <field>          | <value> |
        | billing postcode | 9999 ZZ |
      Then the order is refused with "relation 1001 (Bakkerij De Vries B.V.) matches by <step> but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"

      Examples:
        | field                | value             | step          |
        | shop field klantcode | 1001              | customer code |
        | e-mail               | inkoop@devries.nl | e-mail        |
        | VAT number           | 123456789B01      | VAT number    |
        | KvK number           | 12345678          | KvK number    |

    Scenario: An inactive relation with the same name at the same postcode refuses the order
      Given SnelStart has these relations:
        | code | name                   | postcode | status   |
        | 1001 | Bakkerij De Vries B.V. | 3542 AD  | inactive |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij de Vries |
        | billing postcode | 3542 AD           |
      Then the order is refused with "relation 1001 (Bakkerij De Vries B.V.) matches by name but is inactive in SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made"

    Scenario: An inactive relation with only a similar name does not stop a new relation
      Given SnelStart has these relations:
        | code | name                   | postcode | status   |
        | 1001 | Bakkerij De Vriez B.V. | 3542 AD  | inactive |
      When an order comes in with:
        | e-mail           | nieuw@adres.nl    |
        | company          | Bakkerij de Vries |
        | billing postcode | 3542 AD           |
      Then a new relation is created with the next free relation code

    Scenario: An inactive relation found by one step gives way to an active one found by a later step
      Given SnelStart has these relations:
        | code | name                   | e-mail            | VAT number     | status   |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |                | inactive |
        | 1004 | De Vries Brood B.V.    |                   | NL123456789B01 | active   |
      When an order comes in with:
        | e-mail     | inkoop@devries.nl |
        | VAT number | NL123456789B01    |
      Then the order is booked on relation 1004
      And the deciding step is "vat_number"

    Scenario: Nobody found: a new relation, with the shop's code when it is free
      Given SnelStart has these relations:
        | code | name                   | e-mail            |
        | 1001 | Bakkerij De Vries B.V. | inkoop@devries.nl |
      When an order comes in with:
        | e-mail               | nieuw@adres.nl |
        | shop field klantcode | 2050           |
        | company              | Nieuw B.V.     |
        | billing postcode     | 1234 AB        |
      Then a new relation is created with code 2050
      And the deciding step is "new"
      And the explanation mentions "customer code 2050: no relation 2050"
