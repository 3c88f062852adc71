Feature: Articles
  An order line names the shop's article code. S-Connect finds the SnelStart article with that
  code, or creates it, or books the line on the default article: the settings under [articles].

  Background:
    Given SnelStart has the sales template "Webshop" with prices incl. VAT
    And the setting sales.template = "Webshop"
    And SnelStart has the revenue groups:
      | id   | number | description | VAT kind |
      | g-21 | 1      | Omzet hoog  | Hoog     |
      | g-9  | 2      | Omzet laag  | Laag     |
    And SnelStart has the articles:
      | code     | description          | price | VAT |
      | ART-1001 | Koffiebonen 1 kg     | 24.95 | 9   |
      | WEB      | Webshop-artikel      | 0.00  | 21  |
      | WEB-LAAG | Webshop-artikel laag | 0.00  | 9   |
    And the setting articles.revenue_group = { "21" = "Omzet hoog", "9" = "Omzet laag" }
    And the setting sales.default_article_code = { "21" = "WEB", "9" = "WEB-LAAG" }
    And the customer is recognised as relation 1001 "Voorbeeld B.V."
    And webshop order 12 has the lines:
      | code     | description      | quantity | price | VAT |
      | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
      | ART-3300 | Theepot          | 1        | 34.95 | 21  |

  Rule: add_only creates the articles SnelStart lacks and changes no others

    Scenario: An article SnelStart lacks is created in the revenue group of its VAT rate
      Given the setting articles.processing = "add_only"
      When the order is planned
      Then these articles are created:
        | code     | description | price | revenue group | code field  |
        | ART-3300 | Theepot     | 34.95 | g-21          | artikelcode |
      And the sales order has the lines:
        | code     | description      | quantity | price |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 |
        | ART-3300 | Theepot          | 1        | 34.95 |
      And the detailed log says "article ART-3300 created"
      And no article is updated

    Scenario: An article on several lines is created once
      Given webshop order 12 has the lines:
        | code     | description | quantity | price | VAT |
        | ART-3300 | Theepot     | 1        | 34.95 | 21  |
        | ART-3300 | Theepot     | 2        | 34.95 | 21  |
      When the order is planned
      Then these articles are created:
        | code     | description | price |
        | ART-3300 | Theepot     | 34.95 |
      And the detailed log says "article ART-3300 created" once

    Scenario: Existing articles are not changed
      Given webshop order 12 has the lines:
        | code     | description           | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 26.95 | 9   |
      When the order is planned
      Then no article is updated
      And no article is created

    Scenario: With prices excl. VAT a new article gets its price excl. VAT
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      When the order is planned
      Then these articles are created:
        | code     | description | price   | revenue group |
        | ART-3300 | Theepot     | 28.8843 | g-21          |

  Rule: add_and_update also brings description and price of existing articles up to date

    Scenario: Description and price of an existing article follow the order
      Given the setting articles.processing = "add_and_update"
      And webshop order 12 has the lines:
        | code     | description           | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 26.95 | 9   |
      When the order is planned
      Then these articles are updated:
        | code     | description           | price |
        | ART-1001 | Koffiebonen 1 kg vers | 26.95 |
      And the detailed log says "article ART-1001 updated"

    Scenario: An article on several lines is updated once, from its first line
      Given the setting articles.processing = "add_and_update"
      And webshop order 12 has the lines:
        | code     | description           | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 26.95 | 9   |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 22.95 | 9   |
      When the order is planned
      Then these articles are updated:
        | code     | description           | price |
        | ART-1001 | Koffiebonen 1 kg vers | 26.95 |
      And the detailed log says "article ART-1001 updated" once

    Scenario: An article that agrees with the order is left alone
      Given the setting articles.processing = "add_and_update"
      When the order is planned
      Then no article is updated
      And these articles are created:
        | code     | description | price |
        | ART-3300 | Theepot     | 34.95 |

    Scenario: With prices excl. VAT the price is compared and updated excl. VAT
      # 24.95 incl. 9% VAT is 22.8899 excl.: the same price as SnelStart's 22.89, so only the
      # description changes
      Given SnelStart has the sales template "Webshop excl" with prices excl. VAT
      And the setting sales.template = "Webshop excl"
      And SnelStart has the articles:
        | code     | description  | price | VAT |
        | ART-2000 | Koffiefilter | 22.89 | 9   |
      And the setting articles.processing = "add_and_update"
      And webshop order 12 has the lines:
        | code     | description       | quantity | price | VAT |
        | ART-2000 | Koffiefilters 100 | 1        | 24.95 | 9   |
      When the order is planned
      Then these articles are updated:
        | code     | description       | price |
        | ART-2000 | Koffiefilters 100 | 22.89 |

  Rule: manual never creates or changes articles; an unknown article goes on the default article

    Scenario: An unknown article is booked on the default article with the shop's description and price
      Given the setting articles.processing = "manual"
      When the order is planned
      Then the sales order has the lines:
        | code     | description      | quantity | price |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 |
        | WEB      | Theepot          | 1        | 34.95 |
      And no article is created
      And the detailed log says "unknown article ART-3300 booked on WEB"

    Scenario: Without a default article code an unknown article stops the order
      Given the setting articles.processing = "manual"
      And the setting sales.default_article_code = ""
      When the order is planned
      Then the order is refused: "sales.default_article_code: not set, and article 'ART-3300' does not exist in SnelStart and articles.processing = manual"

    Scenario: A default article SnelStart does not know stops the order
      Given the setting articles.processing = "manual"
      And the setting sales.default_article_code = "DIVERS"
      When the order is planned
      Then the order is refused: "sales.default_article_code: article 'DIVERS' does not exist in SnelStart"

    Scenario: Known articles are used as they are
      Given the setting articles.processing = "manual"
      And webshop order 12 has the lines:
        | code     | description           | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 26.95 | 9   |
      When the order is planned
      Then the sales order has the lines:
        | code     | description           | quantity | price |
        | ART-1001 | Koffiebonen 1 kg vers | 1        | 26.95 |
      And no article is updated

  Rule: articles.revenue_group gives a new article its revenue group, one for all or one per VAT rate

    Scenario: One revenue group for every VAT rate
      Given the setting articles.revenue_group = "Omzet hoog"
      When the order is planned
      Then these articles are created:
        | code     | revenue group |
        | ART-3300 | g-21          |

    Scenario: One revenue group for every VAT rate serves only the rate it carries
      # SnelStart would book the new article at the group's 9%, the shop charged 21% (vat.feature).
      Given the setting articles.revenue_group = "Omzet laag"
      When the order is planned
      Then the order is refused: "articles.revenue_group: 'Omzet laag' (for every rate) carries 9% VAT, not 21% (needed to create article 'ART-3300'); name a revenue group at 21%"

    Scenario: A VAT rate without a revenue group stops the order
      Given the setting articles.revenue_group = { "9" = "Omzet laag" }
      When the order is planned
      Then the order is refused: "articles.revenue_group: no revenue group for VAT rate 21% (needed to create article 'ART-3300')"

    Scenario: A revenue group SnelStart does not know stops the order
      Given the setting articles.revenue_group = { "21" = "Omzet 21", "9" = "Omzet laag" }
      When the order is planned
      Then the order is refused: "articles.revenue_group: 'Omzet 21' not found in SnelStart"

    Scenario: Without articles.revenue_group no article can be created
      Given the setting articles.revenue_group = {}
      When the order is planned
      Then the order is refused: "articles.revenue_group: not set; needed to create article 'ART-3300'"

    Scenario: Orders that create no article do not need the revenue group
      Given the setting articles.revenue_group = {}
      And webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
      When the order is planned
      Then no article is created

  Rule: articles.code_field says which SnelStart field holds the shop's article code

    Background:
      Given SnelStart has the articles:
        | code  | description       | price | VAT | EAN           |
        | KOF-1 | Koffiebonen 500 g | 12.95 | 9   | 8712345678906 |
      And the setting articles.code_field = "EAN"

    Scenario: The shop's code is found in the EAN field and booked on the artikelcode
      Given webshop order 12 has the lines:
        | code          | description       | quantity | price | VAT |
        | 8712345678906 | Koffiebonen 500 g | 2        | 12.95 | 9   |
      When the order is planned
      Then the sales order has the lines:
        | code  | description       | quantity | price |
        | KOF-1 | Koffiebonen 500 g | 2        | 12.95 |
      And no article is created

    Scenario: A new article gets the shop's code in that field as well
      Given webshop order 12 has the lines:
        | code          | description       | quantity | price | VAT |
        | 8712345678999 | Koffiebonen 250 g | 1        | 7.50  | 9   |
      When the order is planned
      Then these articles are created:
        | code          | description       | price | revenue group | code field |
        | 8712345678999 | Koffiebonen 250 g | 7.50  | g-9           | EAN        |

    Scenario: The shop's code is looked up in that field only, not as artikelcode
      # ART-1001 is an artikelcode, but no article has it as EAN: S-Connect does not know it.
      # The default article is named in the settings, so it is an artikelcode, whatever
      # articles.code_field says.
      Given the setting articles.processing = "manual"
      And webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
      When the order is planned
      Then the sales order has the lines:
        | code     | description      | quantity | price |
        | WEB-LAAG | Koffiebonen 1 kg | 2        | 24.95 |
      And the detailed log says "unknown article ART-1001 booked on WEB-LAAG"

    Scenario: A shop code that is already another article's artikelcode is not created again
      # A new article ART-1001 (with EAN ART-1001) would be refused by SnelStart, as the
      # artikelcode is in use, after the customer might already have been created. The order
      # is refused at once instead, saying what to fix.
      Given webshop order 12 has the lines:
        | code     | description      | quantity | price | VAT |
        | ART-1001 | Koffiebonen 1 kg | 2        | 24.95 | 9   |
      When the order is planned
      Then no article is planned with an artikelcode SnelStart already has
      And the order is refused: "articles.code_field: no article has 'ART-1001' in field EAN, but article ART-1001 (Koffiebonen 1 kg) has it as artikelcode: fill in its EAN, or change the code in the shop"
