"""Forgetting a person (`sconnect forget`, application/forget.py): what the state store holds
about them removed.

An order's log entries go, whole; its stored notes (failure reason, warnings) are emptied; its
booking facts stay — the order number, SnelStart's sales order and relation numbers, the totals
— so the order is never booked a second time. Deleted rows are overwritten on disk
(`PRAGMA secure_delete`, engine.py) and the write-ahead log is emptied into the file afterwards,
so the text does not linger in free pages or an old WAL frame.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from application.ports import ProcessedOrder
from domain.personal_data import addresses_in, without_identifiers
from infrastructure.state import order_rows
from infrastructure.state.redact import redact
from infrastructure.state.tables import (ArchivedOrderRow, LogEntryRow, ProcessedOrderRow, RelationCopyReadRow,
                                         RelationCopyRow, RunRow)

# What a run summary keeps (docs/privacy.md): counts and why a run stopped, no order's details.
SUMMARY_KEYS = ("profile", "fetched", "created", "skipped", "failed", "unchanged", "error", "stopped")


def _names(value: str | None, address: str) -> bool:
    return bool(value) and address in addresses_in(value)


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


def counts_only(summary: dict) -> dict:
    """A run's summary as it is kept: its counts, and why it stopped without an e-mail address
    (a service's error may quote what it was sent)."""
    counts = {key: summary[key] for key in SUMMARY_KEYS if key in summary}
    if isinstance(counts.get("error"), str):
        counts["error"] = kept(counts["error"])
    return counts


def kept(note: str) -> str:
    """A reason or warning as the history keeps it: no secret, no e-mail address, whoever wrote
    it (the use case leaves out the order's other identifiers, which only it knows)."""
    return redact(without_identifiers(note))


class Forgetting:
    """SqliteStateStore's side of application/forget.py (its `PersonalData` port)."""

    def orders_mentioning(self, profile: str, address: str) -> set[str]:
        self.flush_log()
        with self._read() as session:
            return orders_mentioning(session, profile, address)

    def forget(self, profile: str, orders: set[str],
               address: str | None = None) -> tuple[list[ProcessedOrder], int, list[str]]:
        self.flush_log()
        with self._write(durable=True) as session:
            known, removed = forget_orders(session, profile, orders)
            archived = forget_archived(session, profile, orders)
            if address:
                removed += forget_address(session, profile, address)
        self._empty_write_ahead_log()
        return known, removed, archived

    def forget_relation_copies(self) -> int:
        with self._write(durable=True) as session:
            removed = forget_relation_copies(session)
        self._empty_write_ahead_log()
        return removed

    def _empty_write_ahead_log(self) -> None:
        """The WAL copied into the file and truncated, so removed text is not left in its old
        frames. Outside any transaction (a checkpoint cannot run inside one), on the raw
        connection. Best effort: a reader in another process may hold part of it back until the
        next checkpoint, which overwrites those frames in turn."""
        connection = self._engine.raw_connection()
        try:
            connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
