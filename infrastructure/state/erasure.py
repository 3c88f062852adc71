"""Forgetting a person (`sconnect forget`, application/forget.py): what the state store holds
about them removed.

An order's log entries go, whole; its stored notes (failure reason, warnings) are emptied; its
booking facts stay — the order number, SnelStart's sales order and relation numbers, the totals
— so the order is never booked a second time. Deleted rows are overwritten on disk
(`PRAGMA secure_delete`, engine.py) and the write-ahead log is emptied into the file afterwards,
so the text does not linger in free pages or an old WAL frame.

The statements are erasure_rows.py's, loaded by `forget` alone: a run keeps notes (`kept`) and
run summaries (`counts_only`) without loading the ORM.
"""
from __future__ import annotations


from application.ports import ProcessedOrder
from domain.personal_data import addresses_in, without_identifiers
from infrastructure.state.redact import redact

# What a run summary keeps (docs/privacy.md): counts and why a run stopped, no order's details.
SUMMARY_KEYS = ("profile", "fetched", "created", "skipped", "failed", "unchanged", "error", "stopped")


def _names(value: str | None, address: str) -> bool:
    return bool(value) and address in addresses_in(value)


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
        from infrastructure.state.erasure_rows import orders_mentioning

        self.flush_log()
        with self._read() as session:
            return orders_mentioning(session, profile, address)

    def forget(self, profile: str, orders: set[str],
               address: str | None = None) -> tuple[list[ProcessedOrder], int, list[str]]:
        from infrastructure.state.erasure_rows import forget_address, forget_archived, forget_orders

        self.flush_log()
        with self._write(durable=True) as session:
            known, removed = forget_orders(session, profile, orders)
            archived = forget_archived(session, profile, orders)
            if address:
                removed += forget_address(session, profile, address)
        self._empty_write_ahead_log()
        return known, removed, archived

    def forget_relation_copies(self) -> int:
        from infrastructure.state.erasure_rows import forget_relation_copies

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
