"""The contract of customer recognition (SPEC §6.1): what it asks the administration
(`RelationLookup`) and what it answers (`Recognition`). `domain.matching` re-exports all of it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Protocol, runtime_checkable

from domain.customer import Relation
from domain.order import Address, CustomerData


class EmailPass(IntEnum):
    """The three passes of the e-mail search, in the order SnelStart users expect."""

    RELATION = 1  # the relation's own e-mail address
    INVOICE = 2  # factuur e-mail to and cc
    OTHER = 3  # offerte, bevestiging and aanmaning e-mail to and cc

    @property
    def label(self) -> str:
        return {1: "relation e-mail", 2: "invoice e-mail", 3: "quote/confirmation/reminder e-mail"}[self]


class RelationLookup(Protocol):
    """The reads recognition needs; every argument arrives normalised, and the adapter compares
    it with the relation's value normalised by the same function of domain.customer.

    Inactive relations may be returned: recognition skips them itself (and says so).

    - `relation_by_code(code)`: the relatiecode, as digits without leading zeros.
    - `relations_by_email(email, email_pass)`: `normalise_email(...)`; a relation is found when
      any address of any field of that pass equals it (each field is a `;`-list: `split_emails`).
    - `relations_by_vat(vat_number)`: `normalise_vat(number, country)` WITH the country prefix:
      the order's number with its billing country, the relation's with its establishment country,
      so `123456789B01` of a Dutch relation is found as `NL123456789B01`.
    - `relations_by_coc(coc_number)`: `normalise_coc(number, country)` likewise (recognition
      checks the establishment country itself).
    - `relations_by_postcode(country, postcode)`: `normalise_country`, `normalise_postcode` of the
      establishment (vestigings) address.
    """

    def relation_by_code(self, code: str) -> Relation | None: ...
    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]: ...
    def relations_by_vat(self, vat_number: str) -> list[Relation]: ...
    def relations_by_coc(self, coc_number: str) -> list[Relation]: ...
    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]: ...


@runtime_checkable
class NamedRelationLookup(Protocol):
    """Optional: a lookup that keeps normalised names (`normalise_name`) per establishment
    country and postcode, so the name step need not normalise every neighbour on every order."""

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]: ...


@dataclass(frozen=True)
class Recognition:
    """The outcome: a relation, or None for "new customer"; with the deciding step and why.

    `step` is one of customer_code, email, email_and_postcode, vat_number, coc_number, name or
    new; `candidates` are the relation codes seen on the way; `customer_code` is the shop's
    code that a new relation gets (None: the next free relatiecode)."""

    relation: Relation | None
    step: str
    explanation: str
    candidates: tuple[int, ...] = field(default=())
    customer_code: str | None = None

    @property
    def is_new(self) -> bool:
        return self.relation is None


class MatchStrategy(Protocol):
    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition: ...
