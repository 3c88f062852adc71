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

What a run does — its lock, its run record, the cursor, the plan, the history's rows, the log
entries it writes, the administration it is bound to — is plain SQL on one kept sqlite3
connection (order_sql.py). A file whose schema is current is opened with sqlite3 alone
(connection.py); SQLAlchemy and SQLModel are loaded only to create or migrate the schema and
for what the other commands read and change (`history`, `log`, `forget`, the console, the B2B
adapter's memory): an idle run never loads them (docs/embedded.md, "What an idle run loads").
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from application.ports import BookedRecord, Clock, OrderState, ProcessedOrder, StoredPlan
from domain.booked_summary import BookedSummary
from domain.errors import ConfigurationError, OrderRejected, ServiceUnavailable
from infrastructure.clock import SystemClock
from infrastructure.private_files import private_database
from infrastructure.state import information_log, order_sql
from infrastructure.state.administration_binding import AdministrationBindings
from infrastructure.state.after_import import AfterImport
from infrastructure.state.b2b_memory import B2BMemory
from infrastructure.state.connection import BUSY_TIMEOUT_SECONDS, open_current
from infrastructure.state.order_chunks import OrderChunks
from infrastructure.state.profile_locks import ProfileLocks
from infrastructure.state.erasure import Forgetting, kept
from infrastructure.state.runs_and_log import RunsAndLog
from infrastructure.state.values import moment, time_of

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session


class SqliteStateStore(OrderChunks, AfterImport, ProfileLocks, RunsAndLog, Forgetting, AdministrationBindings,
                       B2BMemory):
    def __init__(self, path: str | Path, clock: Clock | None = None,
                 busy_timeout: float = BUSY_TIMEOUT_SECONDS):
        self.path = Path(path)
        self._clock = clock or SystemClock()
        self.made_private: list[str] = []  # files closed to others on opening: lines for the log
        self._busy_timeout = busy_timeout
        self._pending: list[dict] = []  # log entries not written yet (see the module docstring)
        self._runs: set[int] = set()  # runs known to exist: entries naming them can wait
        self._locks_held: dict[tuple[str, str], datetime] = {}  # (profile, holder) → expiry (UTC)
        self._pending_lock = threading.Lock()
        self._kept_lock = threading.RLock()
        self._kept_connection: sqlite3.Connection | None = None
        self._kept_fairy = None  # the kept connection when it was taken from the engine's pool
        self._engines: tuple | None = None  # (engine, writer, lazy writer) once the ORM is used
        engine = self._open(busy_timeout)
        if engine is not None:
            self._engines = self._with_writers(engine)

    def _open(self, busy_timeout: float) -> Engine | None:
        """The file's schema made, checked or migrated; the engine that did it, or None when
        the schema was current and the kept connection is open already (a read-only store
        overrides this)."""
        try:
            self.made_private = private_database(self.path)  # lines for the log (docs/privacy.md)
        except OSError as error:
            raise ConfigurationError(
                f"cannot open state database {self.path}: {error.strerror or error}") from None
        from infrastructure.state.schema import SCHEMA_VERSION

        self._kept_connection = open_current(self.path, busy_timeout, SCHEMA_VERSION)
        if self._kept_connection is not None:
            return None
        from sqlalchemy import exc

        from infrastructure.state.engine import make_engine
        from infrastructure.state.schema import prepare

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

    @staticmethod
    def _with_writers(engine: Engine) -> tuple:
        from infrastructure.state.engine import writer

        return engine, writer(engine), writer(engine, durable=False)

    def _orm(self) -> tuple:
        """The ORM's engine and its writers, made the first time a command needs them."""
        with self._kept_lock:  # the console's threads share one store
            if self._engines is None:
                from infrastructure.state.engine import make_engine

                self._engines = self._with_writers(make_engine(self.path, self._busy_timeout))
            return self._engines

    @property
    def _engine(self) -> Engine:
        return self._orm()[0]

    @property
    def _writer(self) -> Engine:
        return self._orm()[1]

    @property
    def _lazy_writer(self) -> Engine:
        return self._orm()[2]

    def close(self) -> None:
        try:
            self.flush_log()
        finally:
            if self._kept_fairy is not None:
                self._kept_fairy.close()  # back to the pool, which dispose closes
                self._kept_fairy = self._kept_connection = None
            elif self._kept_connection is not None:
                self._kept_connection.close()
                self._kept_connection = None
            if self._engines is not None:
                self._engines[0].dispose()

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
        from sqlalchemy import exc
        from sqlmodel import Session

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
        """Newest first (last changed); only the given states, changed in [since, until)."""
        with self._sql() as sql:
            return [row.processed() for row in sql.history(profile, states, since, until, limit, offset)]

    def release(self, profile: str, order_number: str) -> bool:
        with self._sql(write=True) as sql:
            row = sql.find(profile, order_number)
            if row is None or row["state"] != OrderState.HELD.value:
                return False
            sql.save(row, {"state": OrderState.FAILED.value, "attempts": 0,
                           "updated_at": moment(self._clock.now())})
            return True

    # cursor and planning

    def cursor(self, profile: str) -> datetime | None:
        with self._sql() as sql:
            row = sql.cursor.execute("SELECT value FROM cursor WHERE profile = ?", (profile,)).fetchone()
            return None if row is None else time_of(row[0])

    def set_cursor(self, profile: str, value: datetime) -> None:
        with self._sql(write=True) as sql:
            sql.cursor.execute("INSERT INTO cursor (profile, value) VALUES (?, ?) "
                               "ON CONFLICT (profile) DO UPDATE SET value = excluded.value", (profile, moment(value)))

    def next_run(self, profile: str) -> datetime | None:
        plan = self.planned_task(profile)
        return None if plan is None else plan.next_run

    def planned_task(self, profile: str) -> StoredPlan | None:
        """The stored plan, with the planning it was computed from (interval None: unknown)."""
        with self._sql() as sql:
            row = sql.cursor.execute("SELECT next_run, interval_seconds, configured_first_run FROM task "
                                     "WHERE profile = ?", (profile,)).fetchone()
            if row is None:
                return None
            interval = None if row[1] is None else timedelta(seconds=row[1])
            return StoredPlan(time_of(row[0]), interval, time_of(row[2]))

    def set_next_run(self, profile: str, value: datetime, interval: timedelta | None = None,
                     first_run: datetime | None = None) -> None:
        """Plan the next run at `value`, computed from planning `interval` and the configured
        `first_run` (None: none configured); without `interval` the planning is unknown."""
        seconds = None if interval is None else int(interval.total_seconds())
        with self._sql(write=True) as sql:
            sql.cursor.execute(
                "INSERT INTO task (profile, next_run, interval_seconds, configured_first_run) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (profile) DO UPDATE SET next_run = excluded.next_run, "
                "interval_seconds = excluded.interval_seconds, configured_first_run = excluded.configured_first_run",
                (profile, moment(value), seconds, None if interval is None else moment(first_run)))
