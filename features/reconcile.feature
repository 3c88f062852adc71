Feature: Reconcile the processed-order history with SnelStart and the shop
  Every month the bookkeeper asks: does SnelStart hold exactly the shop's orders, once each, at
  the amounts that were booked? `sconnect reconcile` compares what S-Connect booked (its
  history) with SnelStart's sales orders and with the shop's orders, and lists every order that
  does not add up, saying what to do about it. It changes nothing unless asked: the one repair
  is booking an order again that SnelStart lost (`--rebook`), and the one note is "I have seen
  this change in the shop" (`--ack`). The shop's order number is the sales order's
  betalingskenmerk: that is how the three are matched. (SPEC §8)

  Every scenario runs on each kind of SnelStart administration: in memory, embedded, and
  SnelStart Web through the B2B API (its simulator).

  Background:
    Given SnelStart has relation 1001 with e-mail "inkoop@devries.nl"
    And SnelStart has sales order 1 with betalingskenmerk "9", typed by hand before the koppeling

  Scenario: Everything adds up
    Given the shop has orders 12 and 13 from "inkoop@devries.nl"
    And the orders are imported
    When the bookkeeper reconciles
    Then nothing is reported

  Scenario: An order in the shop that no run has booked yet is not booked
    Given the shop has order 12 from "inkoop@devries.nl"
    When the bookkeeper reconciles
    Then order 12 is reported as not_booked: "in the shop, not in SnelStart: no run has processed it yet"

  Scenario: A failed order is not booked, with its last error
    Given the shop has order 14 from "dubbel@example.nl"
    And the orders are imported
    When the bookkeeper reconciles
    Then order 14 is reported as not_booked: "in the shop, not in SnelStart: failed 1 time(s), last: ambiguous customer: e-mail <e-mail address> matches relations 1002, 1003; the next run tries again"

  Scenario: An order typed by hand before the koppeling is not in the history, and no error of S-Connect
    Given the shop has order 9 from "inkoop@devries.nl"
    And the orders are imported
    When the bookkeeper reconciles
    Then order 9 is reported as not_in_history about sales order 1
    And its detail says "typed by hand, or booked by another installation): not an error of S-Connect"

  Scenario: An order typed in again by hand is booked twice
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    And someone types a sales order with betalingskenmerk "12" into SnelStart
    When the bookkeeper reconciles
    Then order 12 is reported as booked_twice about sales orders 2 and 3
    And its detail says "S-Connect booked 2, the other was typed by hand or booked elsewhere"

  Scenario: An order booked, deleted in SnelStart, and booked again
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    And sales order 2 is deleted in SnelStart
    When the bookkeeper reconciles
    Then order 12 is reported as missing_in_snelstart about sales order 2
    And its detail says "`sconnect reconcile --rebook 12` books it again at the next run"
    When the bookkeeper rebooks order 12
    And the orders are imported
    Then SnelStart has 1 sales order with betalingskenmerk "12"
    And reconciling reports nothing

  Scenario: Only an order missing in SnelStart can be booked again
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    When the bookkeeper rebooks order 12
    Then that is refused: "SnelStart still has sales order 2 with betalingskenmerk 12: order 12 is not missing; nothing to book again"
    And the history still says order 12 was booked as sales order 2

  Scenario: A sales order changed by hand in SnelStart has another total than was booked
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    And the total of sales order 2 is changed to 39.90 in SnelStart
    When the bookkeeper reconciles
    Then order 12 is reported as total_differs: "sales order 2 totals 39.90 in SnelStart, 49.90 when it was booked (difference -10.00): changed by hand in SnelStart?"

  Scenario: A recipe order whose SnelStart total includes deposit lines is no difference
    Given recipes are expanded when the article says always
    And the shop has order 20 from "inkoop@devries.nl" for 1 cold brew crate at 18.00
    And the orders are imported
    Then SnelStart's sales order for order 20 totals 18.90: the crate and 6 bottles of deposit at 0.15
    And reconciling reports nothing

  Scenario: An order the shop changed after it was booked is listed until the bookkeeper has seen it
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    And the shop changes order 12 to 3 bags of coffee
    When the bookkeeper reconciles
    Then order 12 is reported as changed_in_shop: "changed in the shop after it was booked as sales order 2: quantity of ART-1001 2 → 3; total 49.90 → 74.85; `sconnect reconcile --ack 12` once dealt with"
    When the bookkeeper acknowledges order 12
    Then reconciling reports nothing

  Scenario: An order the shop cancelled after import is never booked again, and is listed
    Given the shop has order 12 from "inkoop@devries.nl"
    And the orders are imported
    And the shop cancels order 12
    When the orders are imported
    Then the run warns on order 12: "changed in the shop after it was booked as sales order 2: cancelled (status 'cancelled'); not booked again (see sconnect reconcile)"
    And SnelStart has 1 sales order with betalingskenmerk "12"
    When the bookkeeper reconciles
    Then order 12 is reported as changed_in_shop about sales order 2
    And its detail says "cancelled (status 'cancelled')"
