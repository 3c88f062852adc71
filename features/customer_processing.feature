Feature: Customer processing
  Recognition (customers.recognition) says whether an order's customer is a known SnelStart
  relation. customers.processing then decides what happens: use it, also update it, create a
  new relation, or book on the default customer.

  Background:
    Given SnelStart has the sales template "Webshop" with prices incl. VAT
    And the setting sales.template = "Webshop"
    And SnelStart has the articles:
      | code     | description      | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 24.95 | 9   |
    And webshop order 12 has the lines:
      | code     | description      | quantity | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
    And the setting customers.default_payment_term = 14

  Rule: add_only uses a recognised relation as it is, and creates one for a new customer

    Scenario: A recognised customer gets the order; the relation is not changed
      Given the setting customers.processing = "add_only"
      And the customer is recognised as relation 1001 "Voorbeeld B.V."
      When the order is planned
      Then the sales order is for relation 1001
      And no relation is created
      And no relation is updated
      And the detailed log says "customer 1001 recognised"

    Scenario: A new customer becomes a new relation with the next free code and the default payment term
      Given the setting customers.processing = "add_only"
      And the customer is not recognised
      When the order is planned
      Then a new relation is created:
        | name           | e-mail              | relation code | payment term | street            | contact person |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | (next free)   | 14           | Keizersgracht 12A | Jan de Vries   |
      And the sales order waits for the new relation's code
      And the detailed log says "new customer with the next free relation code"

    Scenario: A new relation takes the customer code the shop gave
      Given the customer is not recognised and gave the customer code "5531"
      When the order is planned
      Then a new relation is created:
        | name           | relation code | payment term |
        | Voorbeeld B.V. | 5531          | 14           |
      And the detailed log says "new customer with relation code 5531 (the shop's customer code)"

    Scenario: A customer code that is not a relation code gives the next free code, with a warning
      Given the customer is not recognised and gave the customer code "D1001"
      When the order is planned
      Then a new relation is created:
        | name           | relation code |
        | Voorbeeld B.V. | (next free)   |
      And a warning says "customer code 'D1001' is not a SnelStart relation code (a positive number): the new customer gets the next free code"

    Scenario: Without a default payment term the new relation gets SnelStart's own
      Given the setting customers.default_payment_term = ""
      And the customer is not recognised
      When the order is planned
      Then a new relation is created:
        | name           | payment term |
        | Voorbeeld B.V. |              |

  Rule: add_and_update also updates a recognised relation with the order's data

    Scenario: The recognised relation is updated from the order, its payment term untouched
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Voorbeeld BV"
      When the order is planned
      Then the sales order is for relation 1001
      And relation 1001 is updated from the order:
        | name           | e-mail              | street            | payment term |
        | Voorbeeld B.V. | inkoop@voorbeeld.nl | Keizersgracht 12A |              |
      And no relation is created
      And the detailed log says "customer 1001 recognised; updated from the order"

    Scenario: What the order gives replaces the relation's data
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | e-mail         | phone      | VAT number     | KvK number | street       | postcode | city    |
        | oud@devries.nl | 0301111111 | NL111111111B01 | 11111111   | Oudestraat 1 | 3511 AA  | Utrecht |
      And the order's customer is:
        | company                         | e-mail           | phone      | VAT number     | KvK number |
        | Bakkerij De Vries en Zonen B.V. | nieuw@devries.nl | 0302222222 | NL222222222B01 | 22222222   |
      When the order is planned
      Then relation 1001 is updated from the order:
        | name                            | e-mail           | phone      | VAT number     | KvK number | street            | postcode | city      |
        | Bakkerij De Vries en Zonen B.V. | nieuw@devries.nl | 0302222222 | NL222222222B01 | 22222222   | Keizersgracht 12A | 1015 CJ  | Amsterdam |

    Scenario: What the order leaves empty keeps the relation's value
      # A webshop order rarely carries a KvK number or a phone number the bookkeeper entered by
      # hand; an empty field in the shop does not clear them.
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | e-mail             | phone      | VAT number     | KvK number |
        | inkoop@devries.nl  | 0301111111 | NL123456789B01 | 12345678   |
      And the order's customer is:
        | company                | e-mail            |
        | Bakkerij De Vries B.V. | inkoop@devries.nl |
      When the order is planned
      Then relation 1001 is updated from the order:
        | name                   | e-mail            | phone      | VAT number     | KvK number |
        | Bakkerij De Vries B.V. | inkoop@devries.nl | 0301111111 | NL123456789B01 | 12345678   |

    Scenario: The same VAT and KvK number written otherwise keep the relation's spelling
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | VAT number         | KvK number |
        | NL 1234.56.789.B01 | 01234567   |
      And the order's customer is:
        | company                | e-mail            | VAT number   | KvK number |
        | Bakkerij De Vries B.V. | inkoop@devries.nl | 123456789B01 | 1234567    |
      When the order is planned
      Then relation 1001 is updated from the order:
        | VAT number         | KvK number |
        | NL 1234.56.789.B01 | 01234567   |

    Scenario: Without a company name in the order the relation keeps its name
      # The shop knows a person here; the relation stays the company, and the person is its contact.
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | e-mail            |
        | inkoop@devries.nl |
      And the order's customer is:
        | e-mail            |
        | inkoop@devries.nl |
      And the order's billing address is:
        | first_name | last_name | street     | house_number | postcode | city    | country |
        | Jan        | de Vries  | Dorpsstraat | 3           | 3542 AD  | Utrecht | NL      |
      When the order is planned
      Then relation 1001 is updated from the order:
        | name                   | street        | contact person |
        | Bakkerij De Vries B.V. | Dorpsstraat 3 | Jan de Vries   |
      And the sales order is for relation 1001

    Scenario: An address the relation's e-mail list already holds keeps the list
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | e-mail                            |
        | info@devries.nl;inkoop@devries.nl |
      And the order's customer is:
        | company                | e-mail             |
        | Bakkerij De Vries B.V. | Inkoop@DeVries.nl  |
      When the order is planned
      Then relation 1001 is updated from the order:
        | e-mail                            |
        | info@devries.nl;inkoop@devries.nl |

    Scenario: A new e-mail address replaces the relation's main address; the others stay
      Given the setting customers.processing = "add_and_update"
      And the customer is recognised as relation 1001 "Bakkerij De Vries B.V." with:
        | e-mail                            |
        | info@devries.nl;inkoop@devries.nl |
      And the order's customer is:
        | company                | e-mail                  |
        | Bakkerij De Vries B.V. | bestellingen@devries.nl |
      When the order is planned
      Then relation 1001 is updated from the order:
        | e-mail                                    |
        | bestellingen@devries.nl;inkoop@devries.nl |

    Scenario: A new customer becomes a new relation as with add_only
      Given the setting customers.processing = "add_and_update"
      And the customer is not recognised
      When the order is planned
      Then a new relation is created:
        | name           | relation code | payment term |
        | Voorbeeld B.V. | (next free)   | 14           |
      And no relation is updated

  Rule: manual never creates or changes relations; an unrecognised customer goes to the default customer

    Scenario: A recognised customer gets the order
      Given the setting customers.processing = "manual"
      And the customer is recognised as relation 1001 "Voorbeeld B.V."
      When the order is planned
      Then the sales order is for relation 1001
      And no relation is updated

    Scenario: An unrecognised customer's order is booked on customers.default_customer_code
      # The order's own addresses say who bought: the company goes with the contact person.
      Given the setting customers.processing = "manual"
      And the setting customers.default_customer_code = 9999
      And relation 9999 "Webshop klanten" exists in SnelStart
      And the customer is not recognised
      When the order is planned
      Then the sales order is for relation 9999
      And no relation is created
      And the detailed log says "no matching customer: booked on default customer 9999"
      And the invoice address of the sales order is:
        | contact_person                   | street            | postcode | city      | country |
        | Voorbeeld B.V. t.a.v. Jan de Vries | Keizersgracht 12A | 1015 CJ  | Amsterdam | NL      |

    Scenario: A default customer SnelStart does not know stops the order
      Given the setting customers.processing = "manual"
      And the setting customers.default_customer_code = 9999
      And the customer is not recognised
      When the order is planned
      Then the order is refused: "customers.default_customer_code: relation 9999 does not exist in SnelStart"

    Scenario: Without a default customer an unrecognised customer's order stops
      Given the setting customers.processing = "manual"
      And the customer is not recognised
      When the order is planned
      Then the order is refused: "no matching customer and customers.processing = manual: set customers.default_customer_code"
