"""`SqliteStateStore`: the StateStore port over one SQLite file per installation.

Every method is one short transaction; every write begins IMMEDIATE (see engine.py), so the
scheduler and a manual run can share the file. Free text (failure reasons, warnings, log
messages, run summaries) is redacted before it is stored.

Speed without giving up exactly once: only the two facts exactly once rests on — the claim and
the mark that a sales order is being sent — are committed with an fsync (synchronous FULL).
Every other write is committed without one (NORMAL); in WAL mode the next fsync'd commit makes
it durable too, and losing it to a power cut is harmless (a lost `booked` record leaves the
claim and its mark, and the next run finds the order in SnelStart by its betalingskenmerk).
Log entries are kept in memory and written in the same transaction as the next state write
(or when the log is read, a run finishes, or the store closes): a process killed mid-order
loses at most the log lines of the order in hand, never a state change.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, delete, exc, func
from sqlmodel import Session, col, select

from application.ports import BookedRecord, Clock, LogEntry, OrderState, ProcessedOrder, RunRecord, StoredPlan
from domain.booked_summary import BookedSummary
from domain.errors import ConfigurationError, OrderRejected, ServiceUnavailable
from infrastructure.clock import SystemClock
from infrastructure.private_files import private_database
from infrastructure.state import information_log, order_rows, order_sql
from infrastructure.state.administration_binding import AdministrationBindings
from infrastructure.state.after_import import AfterImport
from infrastructure.state.b2b_memory import B2BMemory
from infrastructure.state.order_chunks import OrderChunks
from infrastructure.state.profile_locks import ProfileLocks
from infrastructure.state.engine import BUSY_TIMEOUT_SECONDS, make_engine, writer
from infrastructure.state.erasure import Forgetting, counts_only, kept
from infrastructure.state.information_log import LEVELS
from infrastructure.state.redact import redact, redact_tree
from infrastructure.state.schema import prepare
from infrastructure.state.tables import (
    CursorRow,
    LogEntryRow,
    RunRow,
    TaskRow,
)


class SqliteStateStore(OrderChunks, AfterImport, ProfileLocks, Forgetting, AdministrationBindings, B2BMemory):
    def __init__(self, path: str | Path, clock: Clock | None = None,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS):
        self.path = Path(path)
        self._clock = clock or SystemClock()
        self.made_private: list[str] = []  # files closed to others on opening: lines for the log
        self._engine = self._open(busy_timeout)
        self._writer = writer(self._engine)
        self._lazy_writer = writer(self._engine, durable=False)
        self._pending: list[dict] = []  # log entries not written yet (see the module docstring)
        self._runs: set[int] = set()  # runs known to exist: entries naming them can wait
        self._locks_held: dict[tuple[str, str], datetime] = {}  # (profile, holder) → expiry (UTC)
        self._pending_lock = threading.Lock()
        self._kept_lock = threading.RLock()
        self._kept_connection: sqlite3.Connection | None = None
        self._kept_fairy = None

    def _open(self, busy_timeout: float) -> Engine:
        """The engine, the file's schema made, checked or migrated (a read-only store overrides it)."""
        try:
            self.made_private = private_database(self.path)  # lines for the log (docs/privacy.md)
        except OSError as error:
            raise ConfigurationError(
                f"cannot open state database {self.path}: {error.strerror or error}") from None
        engine = make_engine(self.path, busy_timeout)
        try:
            prepare(engine, self.path)
        except exc.DatabaseError as error:
            engine.dispose()
            raise ConfigurationError(
                f"cannot open state database {self.path}: {error.orig or error}") from None
        except BaseException:
            engine.dispose()
            raise
        return engine

    def close(self) -> None:
        try:
            self.flush_log()
        finally:
            if self._kept_fairy is not None:
                self._kept_fairy.close()  # back to the pool, which dispose closes
                self._kept_fairy = self._kept_connection = None
            self._engine.dispose()

    def __enter__(self) -> SqliteStateStore:
        return self

    def __exit__(self, *_exc_info) -> None:
        self.close()

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with self._transaction(self._engine) as session:
            yield session

    @contextmanager
    def _write(self, durable: bool = False) -> Iterator[Session]:
        """A write transaction; `durable`: on disk (fsync) when it commits — see the docstring."""
        with self._pending_lock:
            pending, self._pending = self._pending, []
        try:
            with self._transaction(self._writer if durable else self._lazy_writer) as session:
                if pending:
                    information_log.insert_entries(session, pending)
                yield session
        except BaseException:
            with self._pending_lock:  # not written with this transaction: with the next one
                self._pending[:0] = pending
            raise

    @contextmanager
    def _transaction(self, bind) -> Iterator[Session]:
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                yield session
        except exc.OperationalError as error:
            # Locked past busy_timeout (another process kept writing), disk full, file gone:
            # the run cannot go on now, but may later, like an unreachable shop.
            raise ServiceUnavailable(
                f"state database {self.path} is not available: {error.orig or error}") from None

    # processed orders: the per-order writes and reads as plain SQL (order_sql.py)

    def _kept(self) -> sqlite3.Connection:
        """The one connection the per-order statements use, kept for the store's life (taken
        from the engine's pool: the same pragmas, and the same database when it is in memory)."""
        if self._kept_connection is None:
            self._kept_fairy = self._engine.raw_connection()
            self._kept_connection = self._kept_fairy.driver_connection
        return self._kept_connection

    @contextmanager
    def _sql(self, write: bool = False, durable: bool = False) -> Iterator[order_sql.OrderSql]:
        """A transaction on the kept connection; a write takes the log entries kept in memory
        along, as `_write` does (see the module docstring)."""
        if write:
            self._refuse_writes()
        with self._kept_lock:
            pending: list[dict] = []
            if write:
                with self._pending_lock:
                    pending, self._pending = self._pending, []
            try:
                with order_sql.transaction(self._kept(), write, durable) as sql:
                    if pending:
                        sql.insert_log(pending)
                    yield sql
            except BaseException as error:
                with self._pending_lock:  # not written with this transaction: with the next one
                    self._pending[:0] = pending
                if isinstance(error, sqlite3.OperationalError):
                    raise ServiceUnavailable(f"state database {self.path} is not available: {error}") from None
                raise

    def _refuse_writes(self) -> None:
        """A store that may not write (read_only.py) raises here."""

    def get(self, profile: str, order_number: str) -> ProcessedOrder | None:
        with self._sql() as sql:
            row = sql.find(profile, order_number)
            return None if row is None else row.processed()

    def claim(self, profile: str, order_number: str, order_id: str, payload_hash: str,
              change_time: datetime | None, write_baseline: int | None = None) -> ProcessedOrder:
        with self._sql(write=True, durable=True) as sql:
            now = self._clock.now()
            row = sql.find_or_new(profile, order_number, now)
            if row["state"] == OrderState.BOOKED.value:
                # Exactly once: a booked order is final, whoever asks (a racing process, a
                # caller that did not `get` first).
                raise OrderRejected(
                    f"order {order_number} is already booked (SnelStart order {row['sales_order']})")
            changes = {"order_id": order_id, "payload_hash": payload_hash,
                       "change_time": order_sql.moment(change_time), "state": OrderState.BOOKING.value,
                       "updated_at": order_sql.moment(now)}
            if write_baseline is not None:
                changes["write_baseline"] = write_baseline  # see mark_writing
            sql.save(row, changes)
            return row.processed()

    def mark_writing(self, profile: str, order_number: str, baseline: int | None) -> None:
        with self._sql(write=True, durable=True) as sql:
            row = sql.find(profile, order_number)
            if row is None:
                raise KeyError(f"order {order_number} of {profile} is not claimed")
            sql.save(row, {"write_baseline": baseline, "updated_at": order_sql.moment(self._clock.now())})

    def record_booked(self, profile: str, order_number: str, sales_order: int, customer_code: int,
                      shop_total: Decimal, booked_total: Decimal,
                      warnings: tuple[str, ...] = (), summary: BookedSummary | None = None) -> None:
        self.record_booked_many(profile, [BookedRecord(order_number, sales_order, customer_code, shop_total,
                                                       booked_total, warnings, summary)])

    def record_skipped(self, profile: str, order_number: str, reason: str) -> None:
        with self._sql(write=True) as sql:
            now = self._clock.now()
            row = sql.find_or_new(profile, order_number, now)
            if row["state"] == OrderState.BOOKED.value:
                return  # a booked order stays booked, with its SnelStart number
            sql.save(row, {"state": OrderState.SKIPPED.value, "last_error": kept(reason),
                           "updated_at": order_sql.moment(now)})

    def record_failed(self, profile: str, order_number: str, order_id: str, reason: str,
                      max_attempts: int, change_time: datetime | None = None,
                      count_attempt: bool = True) -> OrderState:
        with self._sql(write=True) as sql:
            now = self._clock.now()
            row = sql.find_or_new(profile, order_number, now)
            if row["state"] == OrderState.BOOKED.value:
                return OrderState.BOOKED  # never reopen a booked order for another try
            changes: dict = {}
            # Failures are counted, not tries: a run killed mid-order or SnelStart being
            # unreachable (count_attempt=False) must not bring a good order nearer to held.
            attempts = row["attempts"] + 1 if count_attempt else row["attempts"]
            changes["attempts"] = attempts
            if order_id:
                changes["order_id"] = order_id
            if change_time is not None:
                changes["change_time"] = order_sql.moment(change_time)
            state = OrderState.HELD if attempts >= max_attempts else OrderState.FAILED
            changes.update(state=state.value, last_error=kept(reason), updated_at=order_sql.moment(now))
            sql.save(row, changes)
            return state

    def history(self, profile: str | None = None, limit: int | None = None,
                states: tuple[OrderState, ...] | None = None, *, offset: int = 0,
                since: datetime | None = None, until: datetime | None = None) -> list[ProcessedOrder]:
        query = order_rows.history_query(profile, states, since, until).offset(offset or None)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as session:
            return [order_rows.processed_order(row) for row in session.exec(query)]

    def release(self, profile: str, order_number: str) -> bool:
        with self._write() as session:
            row = order_rows.find(session, profile, order_number)
            if row is None or row.state != OrderState.HELD.value:
                return False
            row.state = OrderState.FAILED.value
            row.attempts = 0
            row.updated_at = self._clock.now()
            return True

    # cursor and planning

    def cursor(self, profile: str) -> datetime | None:
        with self._read() as session:
            row = session.get(CursorRow, profile)
            return None if row is None else row.value

    def set_cursor(self, profile: str, value: datetime) -> None:
        with self._write() as session:
            session.merge(CursorRow(profile=profile, value=value))

    def next_run(self, profile: str) -> datetime | None:
        plan = self.planned_task(profile)
        return None if plan is None else plan.next_run

    def planned_task(self, profile: str) -> StoredPlan | None:
        """The stored plan, with the planning it was computed from (interval None: unknown)."""
        with self._read() as session:
            row = session.get(TaskRow, profile)
            if row is None:
                return None
            interval = None if row.interval_seconds is None else timedelta(seconds=row.interval_seconds)
            return StoredPlan(row.next_run, interval, row.configured_first_run)

    def set_next_run(self, profile: str, value: datetime, interval: timedelta | None = None,
                     first_run: datetime | None = None) -> None:
        """Plan the next run at `value`, computed from planning `interval` and the configured
        `first_run` (None: none configured); without `interval` the planning is unknown."""
        seconds = None if interval is None else int(interval.total_seconds())
        with self._write() as session:
            session.merge(TaskRow(profile=profile, next_run=value, interval_seconds=seconds,
                                  configured_first_run=None if interval is None else first_run))

    # runs and log

    def start_run(self, profile: str, at: datetime) -> int:
        with self._write() as session:
            row = RunRow(profile=profile, started_at=at)
            session.add(row)
            session.flush()
            assert row.id is not None
        self._runs.add(row.id)
        return row.id

    def finish_run(self, run_id: int, at: datetime, summary: dict) -> None:
        with self._write() as session:
            row = session.get(RunRow, run_id)
            if row is None:
                raise KeyError(f"no run {run_id} in the state database")
            row.finished_at = at
            row.summary = json.dumps(redact_tree(counts_only(summary)),  # docs/privacy.md
                                     default=information_log.summary_value, ensure_ascii=False)

    def last_run(self, profile: str) -> dict | None:
        """The latest started run: id, profile, started_at, finished_at (None while it runs)
        and summary (None while it runs)."""
        query = (select(RunRow).where(RunRow.profile == profile)
                 .order_by(col(RunRow.started_at).desc(), col(RunRow.id).desc()).limit(1))
        with self._read() as session:
            row = session.exec(query).first()
        if row is None:
            return None
        return {"id": row.id, "profile": row.profile, "started_at": row.started_at,
                "finished_at": row.finished_at,
                "summary": None if row.summary is None else json.loads(row.summary)}

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
            with self._read() as session:
                if session.get(RunRow, run_id) is None:
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
            with self._write():
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
        with self._write() as session:
            removed = session.exec(delete(LogEntryRow).where(col(LogEntryRow.at) < before)).rowcount
            latest = select(func.max(RunRow.id)).group_by(RunRow.profile)
            session.exec(delete(RunRow).where(col(RunRow.finished_at) < before,
                                              col(RunRow.id).not_in(latest)))
            return removed
