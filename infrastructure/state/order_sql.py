"""The per-order writes of a run as plain SQL on one kept sqlite3 connection.

A run writes the history a few times per order (claim, the mark that a sales order is being
sent, booked/skipped/failed) and reads it once; through the ORM each such transaction cost
about 1.5 ms of Python, more than SQLite itself. Here they are a handful of statements on the
one connection the store keeps for its life, in transactions begun IMMEDIATE like every write
of the store (engine.py), fsync'd (synchronous FULL) exactly where exactly once needs it. The
tables stay SQLModel's (tables.py), and so do the read models; values are stored the way the
ORM stores them — times as 'YYYY-MM-DD HH:MM:SS.ffffff' in Dutch wall-clock time, money as the
Decimal's text — so both read the same rows alike.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from application.ports import OrderState, ProcessedOrder
from infrastructure.state.values import amount as _amount, moment, summary, time_of as _time
from infrastructure.state.values import money_text as money  # stored as the ORM stores it

COLUMNS = ("profile", "order_number", "order_id", "state", "attempts", "write_baseline", "sales_order",
           "customer_code", "shop_total", "booked_total", "payload_hash", "last_error", "warnings", "change_time",
           "created_at", "updated_at", "booked_summary", "shop_change", "change_acknowledged")
_SELECT = f"SELECT id, {', '.join(COLUMNS)} FROM processed_order WHERE profile = ? AND order_number = ?"
_INSERT = (f"INSERT INTO processed_order ({', '.join(COLUMNS)}) "
           f"VALUES ({', '.join('?' * len(COLUMNS))})")
_LOG_COLUMNS = ("at", "profile", "run_id", "order_number", "level", "message", "sales_order", "customer",
                "shop_total", "booked_total")
_INSERT_LOG = (f"INSERT INTO log_entry ({', '.join(_LOG_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(_LOG_COLUMNS))})")


class Row(dict):
    """One processed_order row as stored (column → value), with its id."""

    def processed(self) -> ProcessedOrder:
        return ProcessedOrder(
            profile=self["profile"], order_number=self["order_number"], order_id=self["order_id"],
            state=OrderState(self["state"]), attempts=self["attempts"], write_baseline=self["write_baseline"],
            sales_order=self["sales_order"], customer_code=self["customer_code"],
            shop_total=_amount(self["shop_total"]), booked_total=_amount(self["booked_total"]),
            payload_hash=self["payload_hash"], last_error=self["last_error"],
            warnings=tuple(json.loads(self["warnings"])), change_time=_time(self["change_time"]),
            created_at=_time(self["created_at"]), updated_at=_time(self["updated_at"]),
            booked_summary=summary(self["booked_summary"]),
            shop_change=summary(self["shop_change"]),
            change_acknowledged=bool(self["change_acknowledged"]))


class OrderSql:
    """The statements of the per-order writes, on a cursor of the kept connection."""

    def __init__(self, cursor: sqlite3.Cursor):
        self.cursor = cursor

    def find(self, profile: str, order_number: str) -> Row | None:
        found = self.cursor.execute(_SELECT, (profile, order_number)).fetchone()
        return None if found is None else Row(zip(("id", *COLUMNS), found))

    def find_many(self, profile: str, order_numbers: list[str]) -> list[Row]:
        marks = ", ".join("?" * len(order_numbers))
        found = self.cursor.execute(f"SELECT id, {', '.join(COLUMNS)} FROM processed_order "
                                    f"WHERE profile = ? AND order_number IN ({marks})", (profile, *order_numbers))
        return [Row(zip(("id", *COLUMNS), values)) for values in found.fetchall()]

    def history(self, profile: str | None, states, since: datetime | None, until: datetime | None,
                limit: int | None = None, offset: int = 0) -> list[Row]:
        """Newest first (last changed); only the given states, changed in [since, until)."""
        where, values = [], []
        if profile is not None:
            where.append("profile = ?")
            values.append(profile)
        if states is not None:
            where.append(f"state IN ({', '.join('?' * len(states))})" if states else "0")
            values.extend(s.value for s in states)
        if since is not None:
            where.append("updated_at >= ?")
            values.append(moment(since))
        if until is not None:
            where.append("updated_at < ?")
            values.append(moment(until))
        query = f"SELECT id, {', '.join(COLUMNS)} FROM processed_order"
        if where:
            query += " WHERE " + " AND ".join(where)
        query += " ORDER BY updated_at DESC, id DESC"
        if limit is not None or offset:
            query += " LIMIT ? OFFSET ?"
            values.extend((-1 if limit is None else limit, offset or 0))
        return [Row(zip(("id", *COLUMNS), found)) for found in self.cursor.execute(query, values).fetchall()]

    def find_or_new(self, profile: str, order_number: str, now: datetime) -> Row:
        """The row, or a new one that starts as FAILED, i.e. not claimed (record_failed counts
        the attempt itself); inserted by `save`."""
        return self.find(profile, order_number) or Row(
            id=None, profile=profile, order_number=order_number, order_id="", state=OrderState.FAILED.value,
            attempts=0, write_baseline=None, sales_order=None, customer_code=None, shop_total=None,
            booked_total=None, payload_hash="", last_error="", warnings="[]", change_time=None,
            created_at=moment(now), updated_at=None, booked_summary=None, shop_change=None,
            change_acknowledged=0)

    def save(self, row: Row, changes: dict) -> Row:
        """Store `changes` (values as stored) in the row, inserting it when it is new."""
        row.update(changes)
        if row["id"] is None:
            self.cursor.execute(_INSERT, [row[c] for c in COLUMNS])
            row["id"] = self.cursor.lastrowid
        elif changes:
            names = list(changes)
            self.cursor.execute(f"UPDATE processed_order SET {', '.join(f'{n} = ?' for n in names)} WHERE id = ?",
                                [changes[n] for n in names] + [row["id"]])
        return row

    def insert_log(self, entries: list[dict]) -> None:
        """The log entries kept in memory; an entry about a booked order takes its numbers and
        totals from the record (given values win), as information_log.insert_entries does."""
        known: dict[tuple[str, str], dict] = {}
        rows = []
        for entry in entries:
            key = (entry["profile"], entry["order_number"])
            if key not in known:
                known[key] = self._booked_fields(*key)
            given = {name: value for name, value in entry.items() if value is not None}
            merged = {"sales_order": None, "customer": None, "shop_total": None, "booked_total": None,
                      **known[key], **given, "run_id": entry["run_id"]}
            rows.append((moment(merged["at"]), merged["profile"], merged["run_id"], merged["order_number"],
                         merged["level"], merged["message"], merged["sales_order"], merged["customer"],
                         money(merged["shop_total"]), money(merged["booked_total"])))
        self.cursor.execute("SAVEPOINT log_entries")
        try:
            self.cursor.executemany(_INSERT_LOG, rows)
        except sqlite3.Error:
            # An entry SQLite cannot store must never fail the state write it travels with:
            # one by one, so only what cannot be stored is left out.
            self.cursor.execute("ROLLBACK TO log_entries")
            for row in rows:
                with contextlib.suppress(sqlite3.Error):
                    self.cursor.execute(_INSERT_LOG, row)
        self.cursor.execute("RELEASE log_entries")

    def _booked_fields(self, profile: str, order_number: str) -> dict:
        if not order_number:
            return {}
        row = self.find(profile, order_number)
        if row is None or row["state"] != OrderState.BOOKED.value:
            return {}
        return {"sales_order": row["sales_order"], "customer": row["customer_code"],
                "shop_total": _amount(row["shop_total"]), "booked_total": _amount(row["booked_total"])}


@contextlib.contextmanager
def transaction(connection: sqlite3.Connection, write: bool, durable: bool = False) -> Iterator[OrderSql]:
    """A transaction on the kept connection (autocommit mode: it begins them itself). A write
    begins IMMEDIATE — the read and the write one atomic step across processes — and is
    committed with an fsync when `durable` (synchronous FULL), else without (NORMAL: in WAL
    mode the next fsync'd commit makes it durable too)."""
    cursor = connection.cursor()
    try:
        if write:
            # Before BEGIN: SQLite ignores this pragma inside a transaction.
            cursor.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
        cursor.execute("BEGIN IMMEDIATE" if write else "BEGIN DEFERRED")
        try:
            yield OrderSql(cursor)
            cursor.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    cursor.execute("ROLLBACK")
            raise
    finally:
        cursor.close()
