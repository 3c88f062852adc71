"""The state store's runs and information log. Mixed into SqliteStateStore (store.py), whose
`_sql` (plain SQL on the kept connection), `_read`/`_write` (ORM sessions, for what `log`, the
console and `forget` read and change), `_runs` (run ids known to exist) and `_pending` (log
entries kept in memory until the next state write: see store.py's docstring) it uses."""
from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal

from application.ports import LogEntry, RunRecord
from infrastructure.state import information_log
from infrastructure.state.erasure import counts_only
from infrastructure.state.information_log import LEVELS
from infrastructure.state.redact import redact, redact_tree
from infrastructure.state.values import moment, time_of


class RunsAndLog:
    def start_run(self, profile: str, at: datetime) -> int:
        with self._sql(write=True) as sql:
            sql.cursor.execute("INSERT INTO run (profile, started_at) VALUES (?, ?)", (profile, moment(at)))
            run_id = sql.cursor.lastrowid
        assert run_id is not None
        self._runs.add(run_id)
        return run_id

    def finish_run(self, run_id: int, at: datetime, summary: dict) -> None:
        text = json.dumps(redact_tree(counts_only(summary)),  # docs/privacy.md
                          default=information_log.summary_value, ensure_ascii=False)
        with self._sql(write=True) as sql:
            sql.cursor.execute("UPDATE run SET finished_at = ?, summary = ? WHERE id = ?", (moment(at), text, run_id))
            if sql.cursor.rowcount == 0:
                raise KeyError(f"no run {run_id} in the state database")

    def last_run(self, profile: str) -> dict | None:
        """The latest started run: id, profile, started_at, finished_at (None while it runs)
        and summary (None while it runs)."""
        with self._sql() as sql:
            row = sql.cursor.execute("SELECT id, profile, started_at, finished_at, summary FROM run WHERE profile = ? "
                                     "ORDER BY started_at DESC, id DESC LIMIT 1", (profile,)).fetchone()
        if row is None:
            return None
        return {"id": row[0], "profile": row[1], "started_at": time_of(row[2]), "finished_at": time_of(row[3]),
                "summary": None if row[4] is None else json.loads(row[4])}

    def runs(self, profile: str | None = None, since: datetime | None = None) -> list[RunRecord]:
        """The runs (oldest first) that may have written entries from `since` on."""
        self.flush_log()
        with self._read() as session:
            return [information_log.run_record(row)
                    for row in session.exec(information_log.runs_query(profile, since))]

    def log(self, profile: str, run_id: int | None, order_number: str, level: str, message: str,
            at: datetime, *, sales_order: int | None = None, customer: int | None = None,
            shop_total: Decimal | None = None, booked_total: Decimal | None = None) -> None:
        """One entry. About an order, it takes the order's SnelStart numbers and totals from
        its record when booked (given values win)."""
        if level not in LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LEVELS)}, not {level!r}")
        for amount in (shop_total, booked_total):
            if amount is not None and not isinstance(amount, Decimal):
                raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
        if run_id is not None and run_id not in self._runs:
            # Checked now, not when the entry is written: a bad entry must fail its caller, not
            # the unrelated state write it would travel with.
            with self._sql() as sql:
                if sql.cursor.execute("SELECT 1 FROM run WHERE id = ?", (run_id,)).fetchone() is None:
                    raise KeyError(f"no run {run_id} in the state database")
            self._runs.add(run_id)
        entry = {"at": at, "profile": profile, "run_id": run_id, "order_number": information_log.storable(order_number),
                 "level": level, "message": information_log.storable(redact(message)), "sales_order": sales_order,
                 "customer": customer, "shop_total": shop_total, "booked_total": booked_total}
        with self._pending_lock:
            self._pending.append(entry)

    def flush_log(self) -> None:
        """Write the log entries kept in memory (see the module docstring)."""
        if self._pending:
            with self._sql(write=True):
                pass

    def log_entries(self, profile: str | None = None, since: datetime | None = None,
                    detailed: bool = False, *, newest_first: bool = False, limit: int | None = None,
                    beyond: LogEntry | None = None) -> list[LogEntry]:
        """Oldest first (or newest first), from after `beyond` (a page of the console). The basic
        view has the 'basic' entries; the detailed view has all."""
        self.flush_log()
        query = information_log.query(profile, since, detailed, newest_first, beyond).limit(limit)
        with self._read() as session:
            return [information_log.record(row) for row in session.exec(query)]

    def clear_log(self, profile: str | None = None, since: datetime | None = None) -> int:
        """Remove the entries (of `profile`; from `since` on); the number removed."""
        from sqlalchemy import delete
        from sqlmodel import col

        from infrastructure.state.tables import LogEntryRow

        statement = delete(LogEntryRow)
        if profile is not None:
            statement = statement.where(col(LogEntryRow.profile) == profile)
        if since is not None:
            statement = statement.where(col(LogEntryRow.at) >= since)
        with self._write() as session:
            return session.exec(statement).rowcount

    def purge_log(self, before: datetime) -> int:
        """Remove entries older than `before` (the caller passes now minus four weeks), and the
        finished runs before it but each profile's last (status shows it); the entries removed."""
        with self._sql(write=True) as sql:
            removed = sql.cursor.execute("DELETE FROM log_entry WHERE at < ?", (moment(before),)).rowcount
            sql.cursor.execute("DELETE FROM run WHERE finished_at < ? AND id NOT IN "
                               "(SELECT max(id) FROM run GROUP BY profile)", (moment(before),))
            return removed
