Feature: Reading the shop's answer
  myShop's order answer is read in either layout it may come in, and text that is not clean
  UTF-8 is repaired and said — never a whole run stopped for one byte, never a silent guess.
  An answer that cannot be read at all stops the run with what was wrong with it, and books
  nothing of it. (docs/myshop.md; reference/myshop-rpc.md §4 and §4b)

  Background:
    Given SnelStart has relation 1001 with e-mail "inkoop@devries.nl"

  Scenario: The same orders book the same from named columns and from a column set
    Given the shop has order 20 from "inkoop@devries.nl" with 2 lines and shipping costs
    And the shop has order 21 from "nieuw@example.nl" with the customer field "Afleverinstructie" "Achterom"
    When the orders are imported once from an answer with named columns and once from a column set
    Then both runs created orders 20 and 21
    And both administrations hold the same sales orders and relations

  Scenario: A remark with one Windows-1252 byte is booked with a warning, the other orders without
    Given the shop has order 20 from "inkoop@devries.nl" with the remark "Café om de hoek" written in Windows-1252
    And the shop has order 21 from "inkoop@devries.nl"
    When the orders are imported
    Then orders 20 and 21 are created
    And order 20 has the warning "the shop's text had bytes that are not valid UTF-8, read as Windows-1252: remark 'Café om de hoek'; check it in SnelStart"
    And the sales order of order 20 has the memo "Café om de hoek"
    And order 21 has no warnings
    And the history and the log of order 20 keep the warning

  Scenario: An answer in neither layout stops the run, books nothing and says what it met
    Given the shop answers "<rows><order><id>20</id></order></rows>"
    When the orders are imported
    Then the run stopped because "answered, but the answer is in neither known layout"
    And the message names "<order>" and does not say "could not be reached"
    And the message says "nothing was booked" and what to do: "please send this line to its maintainers"
    And nothing was booked and the cursor did not move
