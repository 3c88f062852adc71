"""Schema versions of the state database and the migrations between them.

A fresh file gets today's tables and version. An older file is brought up to date by the
migrations, one version at a time, in the same transaction as the version bump (SQLite's DDL is
transactional: a failing migration leaves the file as it was). A file written by a newer
S-Connect is refused rather than guessed at.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from domain.errors import ConfigurationError
from infrastructure.state.erasure import counts_only, kept
from infrastructure.state.values import instant

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

# This module is imported for SCHEMA_VERSION by every run (the store opens a file whose schema
# is current with sqlite3 alone: connection.py); SQLAlchemy is imported where it is used — by
# a migration or `prepare` — so a migration imports what it needs itself.
SCHEMA_VERSION = 7

Migration = Callable[["Connection"], None]


def _log_entry_fields(connection: Connection) -> None:
    """Version 2: log entries carry the order's SnelStart numbers and totals as columns.
    Entries written before stay without them (NULL): their text says it all the same."""
    for column, kind in (("sales_order", "INTEGER"), ("customer", "INTEGER"),
                         ("shop_total", "TEXT"), ("booked_total", "TEXT")):
        connection.exec_driver_sql(f"ALTER TABLE log_entry ADD COLUMN {column} {kind}")


def _planning_basis_and_utc_locks(connection: Connection) -> None:
    """Version 3: a task's plan says which planning it was computed from (interval and the
    configured first run), and a lock's expiry is in UTC instead of Dutch wall-clock time.
    Plans written before keep their time with the planning unknown: the scheduler adopts them
    for the planning it finds (as it did), and replans only on a later change. Locks held right
    now keep their expiry, converted."""
    from sqlalchemy import inspect

    tables = inspect(connection).get_table_names()
    if "task" in tables:  # else `create_all` makes it whole
        connection.exec_driver_sql("ALTER TABLE task ADD COLUMN interval_seconds INTEGER")
        connection.exec_driver_sql("ALTER TABLE task ADD COLUMN configured_first_run DATETIME")
    if "lock" not in tables:
        return
    for profile, expires_at in connection.exec_driver_sql("SELECT profile, expires_at FROM lock").fetchall():
        utc = instant(datetime.fromisoformat(expires_at)).replace(tzinfo=None)
        connection.exec_driver_sql("UPDATE lock SET expires_at = ? WHERE profile = ?",
                                   (utc.isoformat(sep=" ", timespec="microseconds"), profile))


def _booked_summaries(connection: Connection) -> None:
    """Version 4: a booked order keeps what was booked of the shop's order (reconcile compares
    it when the shop sends the order again), the shop's changed version a run saw, and whether
    the user acknowledged it. Orders booked before keep NULL: their shop_total stands in."""
    from sqlalchemy import inspect

    if "processed_order" not in inspect(connection).get_table_names():
        return  # `create_all` makes it whole
    for column, kind in (("booked_summary", "TEXT"), ("shop_change", "TEXT"),
                         ("change_acknowledged", "BOOLEAN NOT NULL DEFAULT 0")):
        connection.exec_driver_sql(f"ALTER TABLE processed_order ADD COLUMN {column} {kind}")


def _no_identifiers_kept(connection: Connection) -> None:
    """Version 5 (docs/privacy.md): a run's summary keeps its counts and why it stopped, not
    every order's outcome; a stored reason or warning keeps no e-mail address. What older
    versions stored is cut to that (deleted text is overwritten: secure_delete, engine.py)."""
    for run_id, summary in connection.exec_driver_sql(
            "SELECT id, summary FROM run WHERE summary IS NOT NULL").fetchall():
        try:
            data = json.loads(summary)
        except ValueError:
            data = {}
        kept_summary = json.dumps(counts_only(data) if isinstance(data, dict) else {}, ensure_ascii=False)
        connection.exec_driver_sql("UPDATE run SET summary = ? WHERE id = ?", (kept_summary, run_id))
    for row_id, last_error, warnings in connection.exec_driver_sql(
            "SELECT id, last_error, warnings FROM processed_order").fetchall():
        try:
            notes = [kept(str(w)) for w in json.loads(warnings or "[]")]
        except ValueError:
            notes = []
        connection.exec_driver_sql("UPDATE processed_order SET last_error = ?, warnings = ? WHERE id = ?",
                                   (kept(last_error or ""), json.dumps(notes, ensure_ascii=False), row_id))


def _administration_binding(connection: Connection) -> None:
    """Version 6: a profile's history is bound to the administration it was made in; the
    tables are new (`create_all` makes them). A history kept before is bound at its next run to
    the administration the profile reaches then: the best that can be known."""


def _b2b_memory(connection: Connection) -> None:
    """Version 7: the B2B adapter's memory between runs — its API calls per minute and its copy
    of the relations, per administration (infrastructure/state/b2b_memory.py). Both are new
    tables, which `create_all` makes: nothing of an older file changes."""


# MIGRATIONS[n] upgrades a version n-1 database to version n. Tables that are new in version n
# need no more than an empty entry: `metadata.create_all` adds them after the migrations have run.
MIGRATIONS: Mapping[int, Migration] = {2: _log_entry_fields, 3: _planning_basis_and_utc_locks,
                                       4: _booked_summaries, 5: _no_identifiers_kept,
                                       6: _administration_binding, 7: _b2b_memory}


def prepare(engine: Engine, path: str | Path, version: int = SCHEMA_VERSION,
            migrations: Mapping[int, Migration] = MIGRATIONS) -> None:
    """Create, check or migrate the schema of the database behind `engine`."""
    from sqlalchemy import delete

    from infrastructure.state.engine import writer
    from infrastructure.state.tables import SchemaVersionRow, metadata

    # IMMEDIATE: two processes opening the same old file must not both migrate it.
    with writer(engine).connect() as connection, connection.begin():
        stored = stored_version(connection)
        if stored is not None and stored > version:
            raise ConfigurationError(
                f"state database {path} was written by a newer S-Connect (schema {stored}); upgrade"
            )
        if stored is not None:
            for step in range(stored + 1, version + 1):
                if step not in migrations:
                    raise RuntimeError(f"no migration of the state database to schema {step}")
                migrations[step](connection)
        metadata.create_all(connection)
        if stored != version:
            connection.execute(delete(SchemaVersionRow.__table__))
            connection.execute(SchemaVersionRow.__table__.insert().values(version=version))


def stored_version(connection: Connection) -> int | None:
    """The version written in the file; None for a file without tables (a new database)."""
    from sqlalchemy import inspect, select

    from infrastructure.state.tables import SchemaVersionRow

    if not inspect(connection).has_table(SchemaVersionRow.__tablename__):
        return None
    return connection.execute(select(SchemaVersionRow.__table__.c.version)).scalar()
