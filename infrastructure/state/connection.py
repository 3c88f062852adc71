"""A plain sqlite3 connection to the state database, set up as every connection of the store
is (the ORM's engine calls `set_pragmas` on each of its connections too), and the stored schema
version read without SQLAlchemy: a run on a file whose schema is current never loads it."""
from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_SECONDS = 10


def set_pragmas(dbapi_connection, busy_timeout: float) -> None:
    # pysqlite's own transaction handling is the quirk to switch off: it issues a plain
    # (deferred) BEGIN lazily, only before the first INSERT/UPDATE/DELETE. A read-then-write
    # transaction (claim's attempts + 1, acquire_lock's test-and-set) then starts as a reader
    # and must upgrade to a writer; under WAL, when another process committed in between, the
    # upgrade fails at once with "database is locked" and busy_timeout does not help. With
    # isolation_level=None pysqlite leaves transactions alone and the store begins them itself
    # (IMMEDIATE for writes: engine.py's `_on_begin`, order_sql.transaction), which takes the
    # write lock up front (waiting up to busy_timeout), so the read and the write are one
    # atomic step across processes.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        # WAL: the scheduler and a manual run read while the other writes.
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: exactly-once relies on a claim being on disk before SnelStart is written;
        # WAL's default NORMAL may lose the last commits on power loss.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        # Deleted rows (the log after four weeks, `sconnect forget`) are overwritten on disk,
        # not left readable in free pages (docs/privacy.md).
        cursor.execute("PRAGMA secure_delete = ON")
    finally:
        cursor.close()


def open_current(path: Path, busy_timeout: float, version: int) -> sqlite3.Connection | None:
    """A connection to the state file when it holds schema `version`; None when it is missing,
    of another version, or not readable as a state database — the ORM's path then creates,
    migrates or refuses it, and says what is wrong (schema.prepare)."""
    if not path.is_file():
        return None
    connection = None
    try:
        # check_same_thread=False: the store guards its kept connection with a lock of its own
        # (the console's threads share one store), as SQLAlchemy's pool does for file databases.
        connection = sqlite3.connect(str(path), timeout=busy_timeout, check_same_thread=False)
        set_pragmas(connection, busy_timeout)
        found = connection.execute("SELECT version FROM schema_version").fetchone()
    except sqlite3.Error:
        found = None
    if found is None or found[0] != version:
        if connection is not None:
            connection.close()
        return None
    return connection
