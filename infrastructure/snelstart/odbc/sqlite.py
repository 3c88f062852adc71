"""Reaching an SQLite database through the SQLite3 ODBC driver (Debian: libsqliteodbc).

Connection settings, and why:
- `FKSupport=1`: the driver leaves SQLite's foreign keys off unless asked.
- `BigInt=1`: without it the driver binds integers as 32 bits and silently stores 0 for
  anything larger.
- `JournalMode=WAL`: readers (recognition look-ups, `embedded dump`) never wait for a writer,
  and a writer never waits for them; a transaction killed halfway is simply not in the log.
- `SyncPragma=FULL`: a committed sales order survives a power cut, not only a killed process:
  exactly-once booking relies on SnelStart keeping what it said it booked.
- `Timeout`: how long a write waits for another process's write before giving up.
- `Database` is a `file:` URI: the driver reads the value up to the next `;` (it has no
  {braces} quoting) and hands SQLite the path in the ANSI code page, so a `;` or an `é` in a
  folder name would open another file; a percent-encoded URI carries both unharmed.
"""
from __future__ import annotations

import sys
from pathlib import Path

from infrastructure.snelstart.odbc.connection import OdbcConnection
from infrastructure.snelstart.odbc.dialect import Dialect, SqliteDialect

# The name the driver registers itself under (odbcinst -q -d lists the installed ones).
SQLITE_DRIVER = "SQLite3 ODBC Driver" if sys.platform == "win32" else "SQLite3"
SQLITE_DRIVER_INSTALL = ("install it with: apt-get install libsqliteodbc unixodbc "
                         "(Windows: the SQLite ODBC driver from http://www.ch-werner.de/sqliteodbc/)")
BUSY_TIMEOUT_MS = 30_000


def sqlite_connection_string(path: Path, driver: str = SQLITE_DRIVER, timeout_ms: int = BUSY_TIMEOUT_MS) -> str:
    uri = Path(path).resolve().as_uri()
    return (f"DRIVER={{{driver}}};Database={uri};FKSupport=1;BigInt=1;JournalMode=WAL;SyncPragma=FULL;"
            f"Timeout={int(timeout_ms)}")


def connect_sqlite(path: Path, driver: str = SQLITE_DRIVER, timeout_ms: int = BUSY_TIMEOUT_MS,
                   dialect: Dialect | None = None, what: str | None = None) -> OdbcConnection:
    """`what`: the file messages name, when it is not `path` (a file being built beside it)."""
    return OdbcConnection(sqlite_connection_string(path, driver, timeout_ms), dialect or SqliteDialect(),
                          what or str(path), driver, SQLITE_DRIVER_INSTALL)
