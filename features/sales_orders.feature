Feature: Sales orders
  Every webshop order becomes one sales order (verkooporder) in SnelStart. These rules say which
  template, description, addresses, lines and costs it gets: the settings under [sales].
  The shop's prices include VAT. Nothing is booked while the order is planned; a plan that
  cannot be made stops that one order with a line that names the setting to fix.

  Background:
    Given SnelStart has the sales template "Webshop" with prices incl. VAT
    And SnelStart has the articles:
      | code     | description      | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 24.95 | 9   |
      | ART-2040 | Molen RVS        | 49.54 | 21  |
      | VERZEND  | Verzendkosten    | 0.00  | 21  |
      | BETAAL   | Betaalkosten     | 0.00  | 21  |
      | KORTING  | Korting          | 0.00  | 21  |
      | WEB      | Webshop-artikel  | 0.00  | 0   |
    And the setting sales.template = "Webshop"
    And webshop order 12 has the lines:
      | code     | description      | quantity | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
      | ART-2040 | Molen RVS        | 1        | 49.54 | 21  |
    And the customer is recognised as relation 1001 "Voorbeeld B.V."

  Rule: The template comes from sales.template, or from the customer's latest order

    Scenario: The order gets the template of sales.template
      When the order is planned
      Then the sales order uses the template "Webshop" with prices incl. VAT
      And the sales order has the lines:
        | code     | description      | quantity | price |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 |
        | ART-2040 | Molen RVS        | 1        | 49.54 |
      And SnelStart's total of the sales order is 99.44
      And there are no warnings

    Scenario: A template with prices excl. VAT gets unit prices excl. VAT, to four decimals
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      When the order is planned
      Then the sales order uses the template "Webshop excl" with prices excl. VAT
      And the sales order has the lines:
        | code     | description      | quantity | price   |
        | ART-1001 | Koffiebonen 1 kg | 2        | 22.8899 |
        | ART-2040 | Molen RVS        | 1        | 40.9421 |
      And SnelStart's total of the sales order is 99.44
      And there are no warnings

    Scenario: With prices excl. VAT the cents lost per line are put back, so the total agrees
      # 1.00 / 1.21 = 0.8264 per card; three lines of 0.83 plus 21% VAT over 2.49 would make
      # 3.01. The excl. total of 3.00 is 2.48, so one card is booked at 0.82.
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      And SnelStart has the articles:
        | code   | description      | price | VAT |
        | KAART1 | Ansichtkaart zee | 1.00  | 21  |
        | KAART2 | Ansichtkaart bos | 1.00  | 21  |
        | KAART3 | Ansichtkaart hei | 1.00  | 21  |
      And webshop order 12 has the lines:
        | code   | description      | quantity | price | VAT |
        | KAART1 | Ansichtkaart zee | 1        | 1.00  | 21  |
        | KAART2 | Ansichtkaart bos | 1        | 1.00  | 21  |
        | KAART3 | Ansichtkaart hei | 1        | 1.00  | 21  |
      When the order is planned
      Then the sales order has the lines:
        | code   | description      | quantity | price  |
        | KAART1 | Ansichtkaart zee | 1        | 0.8200 |
        | KAART2 | Ansichtkaart bos | 1        | 0.8264 |
        | KAART3 | Ansichtkaart hei | 1        | 0.8264 |
      And SnelStart's total of the sales order is 3.00
      And there are no warnings

    Scenario: An amount that prices excl. VAT cannot reach is booked with a warning
      # SnelStart computes 21% VAT over the excl. total: 8.26 gives 9.99 and 8.27 gives 10.01.
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      And webshop order 12 has the lines:
        | code     | description | quantity | price | VAT |
        | ART-2040 | Molen RVS   | 1        | 10.00 | 21  |
      When the order is planned
      Then the sales order has the lines:
        | code     | description | quantity | price  |
        | ART-2040 | Molen RVS   | 1        | 8.2645 |
      And SnelStart's total of the sales order is 9.99
      And a warning says "sales.template: with prices excl. VAT SnelStart cannot book 10.00 at 21% VAT exactly (VAT over 8.26 gives 9.99); a template with prices incl. VAT books the shop's amounts exactly"
      And a warning says "totals differ: shop 10.00 incl. VAT, SnelStart 9.99 (difference -0.01)"

    Scenario: take_last_template uses the template of the customer's latest sales order
      Given SnelStart has the sales template "Groothandel" with prices excl. VAT
      And the customer's latest sales order used the template "Groothandel"
      And the setting sales.take_last_template = true
      When the order is planned
      Then the sales order uses the template "Groothandel" with prices excl. VAT
      And the detailed log says "template 'Groothandel' of the customer's latest order"

    Scenario: take_last_template falls back to sales.template for a customer without earlier orders
      Given the setting sales.take_last_template = true
      When the order is planned
      Then the sales order uses the template "Webshop" with prices incl. VAT

    Scenario: Without take_last_template the latest order's template is not used
      Given SnelStart has the sales template "Groothandel" with prices excl. VAT
      And the customer's latest sales order used the template "Groothandel"
      And the setting sales.take_last_template = false
      When the order is planned
      Then the sales order uses the template "Webshop" with prices incl. VAT

    Scenario: A template SnelStart does not know stops the order
      Given the setting sales.template = "Winkel"
      When the order is planned
      Then the order is refused: "sales.template: 'Winkel' not found in SnelStart"

    Scenario: Without sales.template the order stops
      Given the setting sales.template = ""
      When the order is planned
      Then the order is refused: "sales.template: not set; every sales order needs a SnelStart template"

  Rule: The order number is the betalingskenmerk; the description follows sales.description

    Scenario: Betalingskenmerk, date and memo come from the order
      Given the customer remarked "Graag na 14:00 bezorgen"
      When the order is planned
      Then the sales order's betalingskenmerk is "12"
      And the sales order is dated 2024-03-01
      And the sales order's memo is "Graag na 14:00 bezorgen"

    Scenario Outline: sales.description = <setting>
      Given the order's payment status is "paid"
      And the order was paid by "ideal" with transaction "GC-88412937"
      And the order's status is "processing"
      And the profile's description is "<profile>"
      And the setting sales.description = "<setting>"
      When the order is planned
      Then the sales order's description is "<description>"

      Examples:
        | setting       | profile          | description                                                         |
        | auto          |                  | Webshop-order 12 – betaald (iDEAL, GC-88412937) – status processing |
        | empty         |                  |                                                                     |
        | profile_name  |                  | myShop                                                              |
        | profile_name  | www.voorbeeld.nl | www.voorbeeld.nl                                                    |
        | webshop_order |                  | Webshop-order 12                                                    |

    Scenario Outline: auto says the payment status in Dutch
      Given the order's payment status is "<status>"
      And the order was paid by "<method>" with transaction ""
      And the setting sales.description = "auto"
      When the order is planned
      Then the sales order's description is "<description>"

      Examples:
        | status   | method       | description                                      |
        | paid     | paypal       | Webshop-order 12 – betaald (PayPal)               |
        | unpaid   | banktransfer | Webshop-order 12 – onbetaald (bankoverschrijving) |
        | partial  | invoice      | Webshop-order 12 – deels betaald (op rekening)    |
        | refunded | ideal        | Webshop-order 12 – terugbetaald (iDEAL)           |

  Rule: sales.addresses decides where the invoice and delivery addresses come from

    Scenario: from_order takes the invoice address and a differing delivery address from the order
      Given the order is delivered to:
        | company        | first_name | last_name | street       | house_number | postcode | city    |
        | Voorbeeld B.V. | Jan        | de Vries  | Industrieweg | 7            | 3542 AD  | Utrecht |
      And the setting sales.addresses = "from_order"
      When the order is planned
      Then the invoice address of the sales order is:
        | contact_person | street            | postcode | city      | country |
        | Jan de Vries   | Keizersgracht 12A | 1015 CJ  | Amsterdam | NL      |
      And the delivery address of the sales order is:
        | contact_person | street         | postcode | city    | country |
        | Jan de Vries   | Industrieweg 7 | 3542 AD  | Utrecht | NL      |

    Scenario: A delivery to another company keeps that company's name with the contact person
      # SnelStart's order address has no company field; the relation's name heads the order.
      Given the order is delivered to:
        | company         | first_name | last_name | street      | house_number | postcode | city      | country |
        | Bakkerij Jansen | Piet       | Jansen    | Dorpsstraat | 1            | 9999 ZZ  | Ergenshuizen | NL   |
      When the order is planned
      Then the delivery address of the sales order is:
        | contact_person                     | street        | postcode | city         | country |
        | Bakkerij Jansen t.a.v. Piet Jansen | Dorpsstraat 1 | 9999 ZZ  | Ergenshuizen | NL      |

    Scenario: Without a delivery address the order is delivered at the invoice address
      When the order is planned
      Then the delivery address of the sales order is:
        | contact_person | street            | postcode | city      | country |
        | Jan de Vries   | Keizersgracht 12A | 1015 CJ  | Amsterdam | NL      |

    Scenario: from_customer_card lets SnelStart take both addresses from the customer card
      Given the order is delivered to:
        | company        | first_name | last_name | street       | house_number | postcode | city    |
        | Voorbeeld B.V. | Jan        | de Vries  | Industrieweg | 7            | 3542 AD  | Utrecht |
      And the setting sales.addresses = "from_customer_card"
      When the order is planned
      Then the sales order takes its addresses from the customer card

  Rule: sales.lines decides what of each order line SnelStart gets

    Scenario: full takes article code, description, quantity and price from the order
      Given the setting sales.lines = "full"
      When the order is planned
      Then the sales order has the lines:
        | code     | description      | quantity | price |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 |
        | ART-2040 | Molen RVS        | 1        | 49.54 |

    Scenario: code_and_quantity lets SnelStart fill description and price, with the customer's price agreements
      Given the setting sales.lines = "code_and_quantity"
      When the order is planned
      Then the sales order has the lines:
        | code     | description | quantity | price      |
        | ART-1001 | (SnelStart) | 2        | (SnelStart) |
        | ART-2040 | (SnelStart) | 1        | (SnelStart) |
      And SnelStart's total of the sales order is not known before booking

    Scenario: On SnelStart Web the price SnelStart gives this customer is asked and sent with each line
      # What SnelStart does with a line posted without a price (stuksprijs) is not documented
      # (reference §5c): a line priced at 0.00 would be a money error nobody sees. So the price
      # SnelStart gives this customer for this quantity, with their price agreements, is asked —
      # per quantity for all the order's articles at once — and sent with the line.
      Given webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
        | ART-2040 | Molen RVS        | 2        | 49.54 | 21  |
        | ART-1001 | Koffiebonen 1 kg | 1        | 24.95 | 9   |
      And the setting sales.lines = "code_and_quantity"
      And relation 1001 has a price agreement in SnelStart: ART-1001 for 21.50 from 2 pieces
      When the order is booked in SnelStart Web
      Then the booked sales order has the lines:
        | code     | quantity | price |
        | ART-1001 | 2        | 21.50 |
        | ART-2040 | 2        | 49.54 |
        | ART-1001 | 1        | 24.95 |
      And SnelStart was asked the prices in 2 calls

    Scenario: description_from_snelstart takes the description from the SnelStart article
      Given the setting sales.lines = "description_from_snelstart"
      When the order is planned
      Then the sales order has the lines:
        | code     | description | quantity | price |
        | ART-1001 | (SnelStart) | 2        | 24.95 |
        | ART-2040 | (SnelStart) | 1        | 49.54 |
      And SnelStart's total of the sales order is 99.44

    Scenario: The customer paid the shop's line total, also when it is not quantity × price
      # e.g. a line discount in the shop: 3 × 9.95 = 29.85, the customer paid 28.00
      Given webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT | line total |
        | ART-1001 | Koffiebonen 1 kg | 3        | 9.95  | 9   | 28.00      |
      When the order is planned
      Then the sales order has the lines:
        | code     | description      | quantity | price   |
        | ART-1001 | Koffiebonen 1 kg | 3        | 9.3333  |
      And SnelStart's total of the sales order is 28.00

  Rule: A line without an article code is booked on sales.default_article_code

    Scenario: The default article takes the line, with the shop's description and price
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      And the setting sales.default_article_code = "WEB"
      And the setting sales.lines = "code_and_quantity"
      When the order is planned
      Then the sales order has the lines:
        | code | description | quantity | price |
        | WEB  | Cadeaubon   | 1        | 25.00 |
      And the detailed log says "line without article code 'Cadeaubon' booked on WEB"

    Scenario: Without sales.default_article_code such a line stops the order
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      When the order is planned
      Then the order is refused: "sales.default_article_code: not set, and line 'Cadeaubon' has no article code"

    Scenario: A default article SnelStart does not know stops the order
      Given webshop order 12 has the lines:
        | code | description | quantity | price | VAT |
        |      | Cadeaubon   | 1        | 25.00 | 0   |
      And the setting sales.default_article_code = "DIVERS"
      When the order is planned
      Then the order is refused: "sales.default_article_code: article 'DIVERS' does not exist in SnelStart"

  Rule: sales.recipes decides which SnelStart recipes are expanded under their article

    Background:
      Given SnelStart has the articles:
        | code       | description      | price | VAT |
        | FRIS-6     | Frisdrank 6-pack | 5.94  | 9   |
        | STATIEGELD | Statiegeld fles  | 0.25  | 0   |
        | KRAT       | Krat             | 1.50  | 21  |
      And webshop order 12 has the lines:
        | code   | description      | quantity | price | VAT |
        | FRIS-6 | Frisdrank 6-pack | 3        | 5.94  | 9   |

    Scenario Outline: sales.recipes = <setting>, recipe placed "<placement>" in SnelStart
      Given article "FRIS-6" has a recipe placed "<placement>":
        | component  | quantity |
        | STATIEGELD | 6        |
        | KRAT       | 1        |
      And the setting sales.recipes = "<setting>"
      When the order is planned
      Then the sales order has <lines> recipe lines

      Examples:
        | setting               | placement | lines |
        | never                 | altijd    | 0     |
        | when_always           | altijd    | 2     |
        | when_always           | keuze     | 0     |
        | when_choice_or_always | keuze     | 2     |
        | when_choice_or_always | altijd    | 2     |
        | when_choice_or_always | nooit     | 0     |

    Scenario: An expanded recipe adds its components per ordered unit, priced by SnelStart
      Given article "FRIS-6" has a recipe placed "altijd":
        | component  | quantity |
        | STATIEGELD | 6        |
        | KRAT       | 1        |
      And the setting sales.recipes = "when_always"
      When the order is planned
      Then the sales order has the lines:
        | code       | description      | quantity | price       | recipe |
        | FRIS-6     | Frisdrank 6-pack | 3        | 5.94        | no     |
        | STATIEGELD | (SnelStart)      | 18       | (SnelStart) | yes    |
        | KRAT       | (SnelStart)      | 3        | (SnelStart) | yes    |
      And the detailed log says "recipe of FRIS-6 expanded: 2 lines"
      And SnelStart's total of the sales order is 17.82
      And there are no warnings

    Scenario: A recipe component SnelStart does not know stops the order
      Given article "FRIS-6" has a recipe placed "altijd":
        | component  | quantity |
        | STATIEGELD | 6        |
        | KRAT-GROOT | 1        |
      And the setting sales.recipes = "when_always"
      When the order is planned
      Then the order is refused: "sales.recipes: component 'KRAT-GROOT' of the recipe of article 'FRIS-6' does not exist in SnelStart"

  Rule: Shipping costs, payment costs and the discount are booked as a line or as a cost type
    # The goods of these orders are at one rate, 21%, as the charges: how a charge is split over
    # the rates of goods at several rates is VAT's rule (vat.feature).

    Background:
      Given webshop order 12 has the lines:
        | code     | description | quantity | price | VAT |
        | ART-2040 | Molen RVS   | 1        | 49.54 | 21  |

    Scenario Outline: <charge> as an order line on <article>
      Given the order has <charge> of <amount> at 21% VAT described "<detail>"
      And the setting sales.<setting> = { line = "<article>" }
      When the order is planned
      Then the sales order's last line is:
        | code      | description   | quantity | price   |
        | <article> | <description> | 1        | <price> |
      And SnelStart's total of the sales order is <total>
      And there are no warnings

      Examples:
        | charge        | setting        | amount | detail   | article | description          | price  | total  |
        | shipping costs | shipping_costs | 6.95  | PostNL   | VERZEND | Verzendkosten PostNL | 6.95   | 56.49 |
        | payment costs | payment_costs  | 0.35   | ideal    | BETAAL  | Betaalkosten iDEAL   | 0.35   | 49.89 |
        | a discount    | discount       | 10.00  | WELKOM10 | KORTING | Korting WELKOM10     | -10.00 | 39.54 |

    Scenario: Without a detail from the shop the line gets the Dutch word
      Given the order has shipping costs of 4.95 at 21% VAT
      And the setting sales.shipping_costs = { line = "VERZEND" }
      When the order is planned
      Then the sales order's last line is:
        | code    | description   | quantity | price |
        | VERZEND | Verzendkosten | 1        | 4.95  |

    Scenario Outline: <charge> as cost type <slot> in the footer
      Given the order has <charge> of <amount> at 21% VAT
      And the setting sales.<setting> = "cost_type_<slot>"
      When the order is planned
      Then the sales order has the lines:
        | code     | description | quantity | price |
        | ART-2040 | Molen RVS   | 1        | 49.54 |
      And cost type <slot> of the sales order is <booked> at 21% VAT
      And SnelStart's total of the sales order is <total>

      Examples:
        | charge         | setting        | slot | amount | booked | total  |
        | shipping costs | shipping_costs | 1    | 6.95   | 6.95   | 56.49 |
        | payment costs  | payment_costs  | 2    | 0.35   | 0.35   | 49.89 |
        | a discount     | discount       | 1    | 10.00  | -10.00 | 39.54 |
        | a discount     | discount       | 2    | 10.00  | -10.00 | 39.54 |

    Scenario: Shipping and payment costs share cost type 1
      Given the order has shipping costs of 6.95 at 21% VAT
      And the order has payment costs of 0.35 at 21% VAT
      And the setting sales.shipping_costs = "cost_type_1"
      And the setting sales.payment_costs = "cost_type_1"
      When the order is planned
      Then cost type 1 of the sales order is 7.30 at 21% VAT
      And SnelStart's total of the sales order is 56.84

    Scenario: With prices excl. VAT a cost type is booked excl. VAT so that the total agrees
      # 6.95 / 1.21 = 5.74, but 40.94 + 5.74 plus 21% VAT makes 56.48; the shop's 56.49 needs 5.75
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      And the order has shipping costs of 6.95 at 21% VAT
      And the setting sales.shipping_costs = "cost_type_1"
      When the order is planned
      Then cost type 1 of the sales order is 5.75 at 21% VAT
      And SnelStart's total of the sales order is 56.49
      And there are no warnings

    Scenario: Two charges at different VAT rates cannot share one cost type
      Given the order has shipping costs of 6.95 at 21% VAT
      And the order has payment costs of 0.50 at 9% VAT
      And the setting sales.shipping_costs = "cost_type_1"
      And the setting sales.payment_costs = "cost_type_1"
      When the order is planned
      Then the order is refused: "sales.payment_costs: cost type 1 already holds the shipping costs at 21% VAT; the payment costs at 9% cannot join them (book one of them as a line)"

    Scenario: A charge without a setting is left out, and the warnings say so
      Given the order has shipping costs of 6.95 at 21% VAT
      When the order is planned
      Then the sales order has no cost types
      And SnelStart's total of the sales order is 49.54
      And a warning says "shipping costs 6.95 incl. VAT left out of the sales order: sales.shipping_costs is not set"
      And a warning says "totals differ: shop 56.49 incl. VAT, SnelStart 49.54 (difference -6.95)"

    Scenario: An article SnelStart does not know stops the order, naming the setting
      Given the order has shipping costs of 6.95 at 21% VAT
      And the setting sales.shipping_costs = { line = "VERZENDING" }
      When the order is planned
      Then the order is refused: "sales.shipping_costs: article 'VERZENDING' does not exist in SnelStart"

    Scenario: A setting is only checked when an order needs it
      Given the setting sales.shipping_costs = { line = "VERZENDING" }
      When the order is planned
      Then SnelStart's total of the sales order is 49.54
      And there are no warnings

  Rule: Totals are compared to the cent; a difference is booked all the same, with a warning

    Scenario: A shop total that disagrees with its own lines is reported
      Given the shop's total of the order is 99.45
      When the order is planned
      Then a warning says "the shop's total 99.45 differs from its own lines and costs (99.44)"
      And a warning says "totals differ: shop 99.45 incl. VAT, SnelStart 99.44 (difference -0.01)"
