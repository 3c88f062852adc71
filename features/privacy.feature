Feature: What S-Connect keeps about a customer, and forgetting them
  The log explains each order in full, names and e-mail addresses included, for four weeks. The
  history keeps each order's outcome for as long as S-Connect runs (it is what books every order
  once), but without the customer's e-mail address, name or address: the order number and the
  relation codes say enough to act on. On an erasure request under the GDPR, `sconnect forget`
  removes what S-Connect itself holds about a person; SnelStart is the bookkeeping and is not
  changed. (docs/privacy.md)

  Background:
    Given SnelStart has relations 1002 and 1003 that both have e-mail "dubbel@example.nl"
    And SnelStart has relation 1001 with e-mail "inkoop@devries.nl"

  Scenario: A failure is shown in full, and kept without the e-mail address
    Given the shop has order 13 from "dubbel@example.nl"
    When the orders are imported
    Then order 13 failed with the reason "ambiguous customer: e-mail dubbel@example.nl matches relations 1002, 1003"
    And the history keeps for order 13 "ambiguous customer: e-mail <e-mail address> matches relations 1002, 1003"
    And the log names "dubbel@example.nl"

  Scenario: The customer's name and street are never kept in the history
    Given the shop has order 13 from "dubbel@example.nl"
    When the orders are imported
    Then the history holds neither "Klant" nor "Dorpsstraat"

  Scenario: Forgetting an e-mail address removes it from the log and empties the order's stored reason
    Given the shop has order 13 from "dubbel@example.nl"
    And the shop has order 12 from "inkoop@devries.nl"
    When the orders are imported
    And the user forgets the e-mail address "Dubbel@Example.nl"
    Then order 13 was forgotten, and is not booked
    And the log does not name "dubbel@example.nl"
    And the history keeps no reason for order 13
    And the log still explains order 12

  Scenario: A forgotten booked order is still booked once
    Given the shop has order 12 from "inkoop@devries.nl"
    When the orders are imported
    And the user forgets order 12
    And the shop returns order 12 again and the orders are imported
    Then order 12 was forgotten, booked for relation 1001
    And SnelStart has 1 sales order with betalingskenmerk "12"

  Scenario: An address is forgotten whole, never as part of another
    Given the shop has order 12 from "inkoop@devries.nl"
    When the orders are imported
    And the user forgets the e-mail address "koop@devries.nl"
    Then nothing was forgotten
    And the log names "inkoop@devries.nl"
