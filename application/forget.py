"""Forget a person (`sconnect forget --email ADDRESS | --order N`): an erasure request under the
GDPR, for S-Connect's own state store — never for SnelStart, which is the bookkeeping.

The history keeps no e-mail address (domain/personal_data.py), so an address leads to orders
only through the log, which keeps four weeks: the orders whose log entries name the address are
forgotten whole (every entry about them, the person's name and street with it), then any entry
that still names it. An order older than that is forgotten by its number (--order), which the
shop knows. What stays of a forgotten order is what makes sure it is never booked twice: that
it was booked, as which SnelStart sales order, for which relation code, and the totals.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Forgotten:
    profile: str
    orders: tuple[str, ...] = ()  # the orders the history held (their notes emptied)
    log_entries: int = 0  # entries removed
    not_in_history: tuple[str, ...] = ()  # asked for, or named in the log, but not in the history


class PersonalData(Protocol):
    """The part of the state store that forgets (infrastructure/state/erasure.py)."""

    def orders_mentioning(self, profile: str, words: str) -> set[str]: ...
    def forget(self, profile: str, orders: set[str], words: str | None = None) -> tuple[list[str], int]:
        """Remove the orders' log entries and empty their notes; then the entries (and old run
        summaries) that still contain `words`. (The orders the history held, entries removed.)"""
        ...


def forget(store: PersonalData, profile: str, *, email: str | None = None,
           orders: tuple[str, ...] = ()) -> Forgotten:
    wanted = set(orders)
    words = email.strip() if email else None
    if words:
        wanted |= store.orders_mentioning(profile, words)
    known, removed = store.forget(profile, wanted, words)
    return Forgotten(profile, tuple(known), removed,
                     tuple(sorted(wanted - set(known), key=lambda n: (len(n), n))))
