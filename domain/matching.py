"""Customer recognition: which SnelStart relation an order belongs to (SPEC §6.1).

The strategies ask a `RelationLookup` (answered by an index, SQL or OData in the adapters)
so that recognition never scans every relation per order. `strategy_for(settings)` gives the
strategy of `customers.recognition`; each answers a `Recognition` (a relation, or None for a new
one, with the deciding step and an explanation) or raises a one-line `OrderRejected`:
`AmbiguousCustomer`, `CustomerCodeMissing`, `InvalidCustomerCode` or `InactiveCustomer`.

Every strategy refuses (`InactiveCustomer`) rather than create a new relation when the only
relations it found are inactive: `customer_code` at once, the others when their search ends
without an active relation (see `Trail.new`).
"""
from __future__ import annotations

from typing import Callable

from domain.customer import Relation
from domain.errors import AmbiguousCustomer, CustomerCodeMissing
from domain.order import CUSTOMER_CODE_FIELDS, Address, CustomerData
from domain.recognition import EmailPass, MatchStrategy, NamedRelationLookup, Recognition, RelationLookup
from domain.recognition_steps import (InactiveCustomer, InvalidCustomerCode, Trail, active, customer_code_step,
                                      delivery_postcode, email_search, establishment_postcode, found_text,
                                      order_email, plural)
from domain.settings import CustomerSettings
from domain.settings import Recognition as RecognitionSetting
from domain.smart_matching import SmartStrategy

__all__ = ["EmailPass", "RelationLookup", "NamedRelationLookup", "Recognition", "MatchStrategy",
           "CustomerCodeStrategy", "EmailStrategy", "EmailAndPostcodeStrategy", "CodeFirstStrategy",
           "SmartStrategy", "strategy_for", "AmbiguousCustomer", "CustomerCodeMissing", "InvalidCustomerCode",
           "InactiveCustomer"]

# A search takes the order and the trail and answers the relation found, None (nothing found),
# or raises AmbiguousCustomer.
Search = Callable[[CustomerData, Address, Address, RelationLookup, Trail], Relation | None]


def search_email(customer: CustomerData, billing: Address, delivery: Address, lookup: RelationLookup,
                 trail: Trail) -> Relation | None:
    """The three-pass e-mail search: more than one relation in a pass stops the order."""
    email = order_email(customer)
    found, _ = email_search(email, lookup, trail)
    if len(found) > 1:
        raise trail.ambiguous(f"e-mail {email}", found)
    return found[0] if found else None


def search_email_and_postcode(customer: CustomerData, billing: Address, delivery: Address,
                              lookup: RelationLookup, trail: Trail) -> Relation | None:
    """Per pass, the relations with the e-mail whose establishment postcode is the delivery
    postcode. A pass whose e-mail relations all have another postcode does not end the search:
    the invoice e-mail of the right relation may still be found in the next pass (one person
    ordering for several customers is exactly the case this strategy exists for)."""
    email = order_email(customer)
    postcode, label = delivery_postcode(billing, delivery)
    if not email:
        trail.note("no e-mail in the order")
        return None
    if not postcode:
        trail.note("no delivery or billing postcode in the order")
        return None
    seen_any = False
    for email_pass in EmailPass:
        found, inactive = active(lookup.relations_by_email(email, email_pass))
        if not (found or inactive):
            continue
        seen_any = True
        kept = [r for r in found if establishment_postcode(r) == postcode]
        # An inactive relation counts only where this strategy would have chosen it: with the
        # postcode too (one with another postcode is another customer of the same person).
        trail.pass_over("e-mail and postcode", [r for r in inactive if establishment_postcode(r) == postcode])
        trail.note(f"e-mail {email} ({email_pass.label}): {found_text(found, inactive)}, of which with "
                   f"establishment postcode {postcode} ({label}): {plural(kept) if kept else 'none'}",
                   found + inactive)
        if len(kept) > 1:
            raise trail.ambiguous(f"e-mail {email} with postcode {postcode}", kept)
        if kept:
            return kept[0]
    if not seen_any:
        trail.note(f"e-mail {email}: no active relation has it as relation, invoice or "
                   "quote/confirmation/reminder e-mail")
    return None


class CustomerCodeStrategy:
    """`customer_code`: the code is required; found → that relation, not found → a new relation
    with that code."""

    name = "customer_code"

    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition:
        if customer.customer_code is None:
            raise CustomerCodeMissing("customer code missing: customers.recognition = customer_code needs one of "
                                      f"the customer fields {', '.join(CUSTOMER_CODE_FIELDS)} filled in the order")
        trail = Trail(self.name)
        result = customer_code_step(customer, lookup, trail, strict=True)
        if result.relation is not None:
            return trail.match(result.relation, "customer_code")
        return trail.new(customer_code=result.code_for_new)


class _SearchStrategy:
    def __init__(self, name: str, step: str, search: Search):
        self.name, self.step, self.search = name, step, search

    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition:
        trail = Trail(self.name)
        found = self.search(customer, billing, delivery, lookup, trail)
        return trail.match(found, self.step) if found is not None else trail.new()


class EmailStrategy(_SearchStrategy):
    """`email`: e-mail search; nothing found → new relation (with the next free code); only
    inactive relations found → refused."""

    def __init__(self) -> None:
        super().__init__("email", "email", search_email)


class EmailAndPostcodeStrategy(_SearchStrategy):
    """`email_and_postcode`: e-mail and establishment postcode = delivery postcode."""

    def __init__(self) -> None:
        super().__init__("email_and_postcode", "email_and_postcode", search_email_and_postcode)


class CodeFirstStrategy:
    """`customer_code_or_…`: a code that exists decides; otherwise the search; otherwise a new
    relation, with the shop's code when it is a free relation code — unless the code or the search
    found inactive relations only: then refused."""

    def __init__(self, then: _SearchStrategy):
        self.name = f"customer_code_or_{then.name}"
        self._then = then

    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition:
        trail = Trail(self.name)
        code = customer_code_step(customer, lookup, trail)
        if code.relation is not None:
            return trail.match(code.relation, "customer_code")
        found = self._then.search(customer, billing, delivery, lookup, trail)
        if found is not None:
            return trail.match(found, self._then.step)
        return trail.new(customer_code=code.code_for_new)


def strategy_for(settings: CustomerSettings) -> MatchStrategy:
    """The strategy of `customers.recognition` (and `customers.name_threshold` for smart)."""
    choice = RecognitionSetting(settings.recognition)
    if choice is RecognitionSetting.CUSTOMER_CODE:
        return CustomerCodeStrategy()
    if choice is RecognitionSetting.EMAIL:
        return EmailStrategy()
    if choice is RecognitionSetting.CUSTOMER_CODE_OR_EMAIL:
        return CodeFirstStrategy(EmailStrategy())
    if choice is RecognitionSetting.EMAIL_AND_POSTCODE:
        return EmailAndPostcodeStrategy()
    if choice is RecognitionSetting.CUSTOMER_CODE_OR_EMAIL_AND_POSTCODE:
        return CodeFirstStrategy(EmailAndPostcodeStrategy())
    return SmartStrategy(settings.name_threshold)
