Feature: Every order exactly once
  Each order the shop returns since start_from is booked once, skipped with a reason, or failed
  with a reason — never twice, never silently left behind. One order's failure never stops
  the others. (SPEC §10; the crash tests in tests/e2e kill the real process at every step.)

  Background:
    Given SnelStart has relation 1001 with e-mail "inkoop@devries.nl"
    And SnelStart has relations 1002 and 1003 that both have e-mail "dubbel@example.nl"
    And SnelStart has sales order 1 with betalingskenmerk "9"
    And a failed order is held after 3 attempts

  Scenario: An order is booked once, however often the shop returns it
    Given the shop has order 12 from "inkoop@devries.nl"
    When the orders are imported
    And the shop returns order 12 again and the orders are imported
    Then SnelStart has 1 sales order with betalingskenmerk "12"
    And the second run lists no orders and counts 1 as already done

  Scenario: An order whose number is already a betalingskenmerk in SnelStart is skipped, not failed
    Given the setting sales.unique_payment_reference is on
    And the shop has order 9 from "inkoop@devries.nl"
    When the orders are imported
    Then order 9 is skipped with the reason "betalingskenmerk 9 already in SnelStart (order 1)"
    And SnelStart has 1 sales order with betalingskenmerk "9"

  Scenario: Without unique_payment_reference the order is booked even though the number is known
    Given the setting sales.unique_payment_reference is off
    And the shop has order 9 from "inkoop@devries.nl"
    When the orders are imported
    Then SnelStart has 2 sales orders with betalingskenmerk "9"

  Scenario: A failed order fails alone; the others are booked
    Given the shop has order 12 from "inkoop@devries.nl"
    And the shop has order 13 from "dubbel@example.nl"
    And the shop has order 14 from "inkoop@devries.nl"
    When the orders are imported
    Then order 13 failed with the reason "ambiguous customer: e-mail dubbel@example.nl matches relations 1002, 1003"
    And orders 12 and 14 are created

  Scenario: A failed order is tried again on the next run, and booked once the cause is fixed
    Given the shop has order 13 from "dubbel@example.nl"
    When the orders are imported
    And relation 1003 gets the e-mail "ander@example.nl" and the orders are imported
    Then order 13 is created
    And SnelStart has 1 sales order with betalingskenmerk "13"

  Scenario: An order that keeps failing is held until the user releases it, and every run says so
    Given the shop has order 13 from "dubbel@example.nl"
    When the orders are imported 3 times
    Then order 13 is held
    When the orders are imported
    Then order 13 is not tried
    And the run says these orders are held: 13
    When relation 1003 gets the e-mail "ander@example.nl" and the user releases order 13
    And the orders are imported
    Then order 13 is created
    And the run says no order is held

  Scenario: A run that stopped after SnelStart wrote the order is not written again
    Given the shop has order 15 from "inkoop@devries.nl"
    And a run stopped between writing order 15 to SnelStart and recording it
    When the orders are imported
    Then order 15 is created
    And SnelStart has 1 sales order with betalingskenmerk "15"

  Scenario: A template SnelStart lacks stops the run before the first order, naming the ones it has
    Given the shop has order 12 from "inkoop@devries.nl"
    And the setting sales.template is "Winkel"
    When the orders are imported and the run stops
    Then it stopped with "profiles.shop1.sales.template: 'Winkel' not found in SnelStart; its verkoopordersjablonen are: 'Webshop'"
    And no order was tried
