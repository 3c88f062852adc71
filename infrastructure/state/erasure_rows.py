"""The statements of `sconnect forget` on the state database (erasure.py says what is forgotten
and why), through the ORM: loaded only when something is forgotten."""
from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from application.ports import ProcessedOrder
from infrastructure.state import order_rows
from infrastructure.state.erasure import _names, counts_only
from infrastructure.state.tables import (ArchivedOrderRow, LogEntryRow, ProcessedOrderRow, RelationCopyReadRow,
                                         RelationCopyRow, RunRow)


def _entries_naming(session: Session, profile: str, address: str):
    # Only entries with an "@" can name an address; the whole-address test is done here.
    query = select(LogEntryRow).where(LogEntryRow.profile == profile, col(LogEntryRow.message).contains("@"))
    return [row for row in session.exec(query) if _names(row.message, address)]


def orders_mentioning(session: Session, profile: str, address: str) -> set[str]:
    """The order numbers whose log entries or stored notes name `address` (a whole address)."""
    found = {row.order_number for row in _entries_naming(session, profile, address) if row.order_number}
    for table in (ProcessedOrderRow, ArchivedOrderRow):
        found |= {row.order_number for row in session.exec(select(table).where(table.profile == profile))
                  if _names(row.last_error, address) or _names(row.warnings, address)}
    return found


def forget_archived(session: Session, profile: str, orders: Iterable[str]) -> list[str]:
    """The notes of `orders` in the history an earlier administration's (set aside by `history
    new`, kept for the bookkeeper) emptied as in the history in use; the order numbers found."""
    orders = set(orders)
    found = sorted({number for number in session.exec(
        select(ArchivedOrderRow.order_number).where(ArchivedOrderRow.profile == profile,
                                                    col(ArchivedOrderRow.order_number).in_(orders)))},
        key=lambda n: (len(n), n))
    if found:
        session.exec(update(ArchivedOrderRow)
                     .where(col(ArchivedOrderRow.profile) == profile, col(ArchivedOrderRow.order_number).in_(found))
                     .values(last_error="", warnings="[]"))
    return found


def forget_orders(session: Session, profile: str, orders: Iterable[str]) -> tuple[list[ProcessedOrder], int]:
    """(the orders of `orders` the history holds, as kept; the log entries removed)."""
    orders = sorted(set(orders), key=lambda n: (len(n), n))
    known = []
    for number in orders:
        row = order_rows.find(session, profile, number)
        if row is not None:
            row.last_error, row.warnings = "", "[]"
            known.append(order_rows.processed_order(row))
    removed = session.exec(delete(LogEntryRow).where(col(LogEntryRow.profile) == profile,
                                                     col(LogEntryRow.order_number).in_(orders))).rowcount
    return known, removed


def forget_address(session: Session, profile: str, address: str) -> int:
    """Log entries about no order that still name `address` removed; run summaries written by
    an S-Connect that kept every order's outcome in them cut to their counts. The entries removed."""
    ids = [row.id for row in _entries_naming(session, profile, address)]
    if ids:
        session.exec(delete(LogEntryRow).where(col(LogEntryRow.id).in_(ids)))
    for run in session.exec(select(RunRow).where(RunRow.profile == profile)):
        if _names(run.summary, address):
            run.summary = json.dumps(counts_only(json.loads(run.summary)), ensure_ascii=False)
    return len(ids)


def forget_relation_copies(session: Session) -> int:
    """Every copy of SnelStart's relations the B2B adapter keeps between runs removed whole (each
    administration's, with when it was read: the next run that needs the relations reads them whole
    from SnelStart again). The relations removed.

    Whole, not the person's rows: a privacy officer can check "nothing of the copy is left", not
    "we found every row about them". The copy cannot be searched for a person reliably — by an
    order number there is nothing to search with (the history keeps no name, a failed order no
    relation code), and a person's name and street may sit in a relation under another address,
    a contact's or a branch's — and a copy with rows taken out would answer recognition without
    them, so the next order of that customer would make a second relation in SnelStart. The copy
    is SnelStart's data kept to save calls: reading it again costs one call per 500 relations,
    once. Every administration's, whatever profile was asked: the copy is kept per administration
    by a fingerprint of the koppelsleutel, which `forget` does not ask for (it needs no secrets)."""
    removed = session.exec(delete(RelationCopyRow)).rowcount
    session.exec(delete(RelationCopyReadRow))
    return removed
