"""Forget a person (`sconnect forget --email ADDRESS | --order N`): an erasure request under the
GDPR, for S-Connect's own state store — never for SnelStart, which is the bookkeeping.

The history keeps no e-mail address (domain/personal_data.py), so an address leads to orders
only through the log, which keeps four weeks: the orders whose log entries name the address are
forgotten whole (every entry about them, the person's name and street with it), then any entry
that still names it. An order older than that is forgotten by its number (--order), which the
shop knows. What stays of a forgotten order is what makes sure it is never booked twice: that
it was booked, as which SnelStart sales order, for which relation code, and the totals.
The copy of SnelStart's relations that B2B recognition keeps between runs goes whole, on every
request: the next run reads it from SnelStart again.

Addresses are matched whole and regardless of case: "an@x.nl" never takes "jan@x.nl" with it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from application.ports import OrderState, ProcessedOrder


@dataclass(frozen=True)
class Forgotten:
    profile: str
    orders: tuple[ProcessedOrder, ...] = ()  # the orders the history held, as kept (notes emptied)
    log_entries: int = 0  # entries removed
    not_in_history: tuple[str, ...] = ()  # asked for, or named in the log, but not in the history
    # Orders of an earlier administration's history (set aside by `history new`): notes emptied too.
    archived: tuple[str, ...] = ()

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(order.order_number for order in self.orders)

    @property
    def not_booked(self) -> tuple[ProcessedOrder, ...]:
        """Orders a later run may read from the shop again, and log again (they are not final)."""
        return tuple(order for order in self.orders if order.state is not OrderState.BOOKED)

    @property
    def relations(self) -> tuple[int, ...]:
        """SnelStart's relation codes of the forgotten orders: where the person is in the books
        (each order's own: orders forgotten together may be different people's)."""
        return tuple(sorted({order.customer_code for order in self.orders if order.customer_code is not None}))


class PersonalData(Protocol):
    """The part of the state store that forgets (infrastructure/state/erasure.py)."""

    def orders_mentioning(self, profile: str, address: str) -> set[str]:
        """The order numbers whose log entries name `address` (a whole address, lower case)."""
        ...

    def forget(self, profile: str, orders: set[str],
               address: str | None = None) -> tuple[list[ProcessedOrder], int, list[str]]:
        """Remove the orders' log entries and empty their notes, in the history and in the
        histories of earlier administrations; then the entries (and old run summaries) that still
        name `address`. (The orders the history held, entries removed, the archived orders.)"""
        ...

    def forget_relation_copies(self) -> int:
        """Every copy of SnelStart's relations kept between runs (B2B) removed whole; how many
        relations it held."""
        ...


def forget_copied_relations(store: PersonalData) -> int:
    """The relations copied from SnelStart (B2B recognition keeps them between runs) hold
    names, addresses and e-mail addresses of customers: removed whole on every request, once for
    all profiles (see infrastructure/state/erasure.py for why whole). The relations removed."""
    return store.forget_relation_copies()


def forget(store: PersonalData, profile: str, *, email: str | None = None,
           orders: tuple[str, ...] = ()) -> Forgotten:
    """`email` is one address in lower case (domain.personal_data.email_address)."""
    wanted = {number.strip() for number in orders if number.strip()}
    if email:
        wanted |= store.orders_mentioning(profile, email)
    known, removed, archived = store.forget(profile, wanted, email)
    held = {order.order_number for order in known} | set(archived)
    return Forgotten(profile, tuple(known), removed,
                     tuple(sorted(wanted - held, key=lambda n: (len(n), n))), tuple(archived))
