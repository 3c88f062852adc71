"""Customer recognition: which SnelStart relation an order belongs to (SPEC §6.1).

The strategies ask a `RelationLookup` (answered by an index, SQL or OData in the adapters)
so that recognition never scans every relation per order.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol

from domain.customer import Relation, normalise_email
from domain.errors import AmbiguousCustomer
from domain.order import Address, CustomerData


class EmailPass(IntEnum):
    """The three passes of the e-mail search, in the order SnelStart users expect."""

    RELATION = 1  # the relation's own e-mail address
    INVOICE = 2  # factuur e-mail to and cc
    OTHER = 3  # offerte, bevestiging and aanmaning e-mail to and cc


class RelationLookup(Protocol):
    """The reads recognition needs. All arguments arrive normalised (see domain.customer)."""

    def relation_by_code(self, code: str) -> Relation | None: ...
    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]: ...
    def relations_by_vat(self, vat_number: str) -> list[Relation]: ...
    def relations_by_coc(self, coc_number: str) -> list[Relation]: ...
    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]: ...


@dataclass(frozen=True)
class Recognition:
    """The outcome: a relation, or None for "new customer"; with the step and why."""

    relation: Relation | None
    step: str
    explanation: str
    candidates: tuple[int, ...] = field(default=())
    customer_code: str | None = None  # the shop's code, for a new relation

    @property
    def is_new(self) -> bool:
        return self.relation is None


class MatchStrategy(Protocol):
    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition: ...


def _codes(relations: list[Relation]) -> str:
    return ", ".join(str(r.code) for r in sorted(relations, key=lambda r: r.code))


def email_search(email: str, lookup: RelationLookup) -> tuple[list[Relation], EmailPass | None]:
    """The three-pass search: the first pass that finds anything ends it."""
    wanted = normalise_email(email)
    if not wanted:
        return [], None
    for email_pass in EmailPass:
        found = [r for r in lookup.relations_by_email(wanted, email_pass) if not r.inactive]
        if found:
            return found, email_pass
    return [], None


class EmailStrategy:
    """`customers.recognition = "email"`: e-mail search; nothing found → new relation."""

    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition:
        found, email_pass = email_search(customer.email, lookup)
        email = normalise_email(customer.email)
        if not found:
            return Recognition(None, "email", f"no relation has e-mail {email or '(none)'}: new customer",
                               customer_code=customer.customer_code)
        assert email_pass is not None
        where = {EmailPass.RELATION: "relation e-mail", EmailPass.INVOICE: "invoice e-mail",
                 EmailPass.OTHER: "quote/confirmation/reminder e-mail"}[email_pass]
        if len(found) > 1:
            message = f"ambiguous customer: e-mail {email} matches relations {_codes(found)}"
            raise AmbiguousCustomer(message, tuple(sorted(r.code for r in found)), f"{where}: {message}")
        return Recognition(found[0], "email", f"{where} {email} → relation {found[0].code}",
                           (found[0].code,))
