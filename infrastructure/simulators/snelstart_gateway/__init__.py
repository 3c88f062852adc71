"""A stand-in for SnelStart desktop: a classic-shaped SQLite administration built from the schema
map (database.py), and a fake of the SnelStart Gateway's COM objects writing into it
(gateway.py). Tests read the database through S-Connect's own ODBC reader (`sqlite_source`
gives its ODBC source) and write through the fake Gateway, wired in by the container's
override or a test driver script — never by production code (tests/unit/test_architecture.py).
"""
from __future__ import annotations

from pathlib import Path

from infrastructure.snelstart.classic.sources import OdbcSource
from infrastructure.snelstart.odbc.dialect import SqliteDialect
from infrastructure.snelstart.odbc.sqlite import SQLITE_DRIVER, SQLITE_DRIVER_INSTALL, sqlite_connection_string

from infrastructure.simulators.snelstart_gateway.database import ClassicDatabase
from infrastructure.simulators.snelstart_gateway.gateway import FakeComError, FakeGatewayLibrary, fake_library_for


def sqlite_source(path: str | Path) -> OdbcSource:
    """The classic-shaped database as an ODBC source: the SQLite3 driver and the SQLite dialect."""
    path = Path(path)
    return OdbcSource(sqlite_connection_string(path), SqliteDialect(), str(path), SQLITE_DRIVER,
                      SQLITE_DRIVER_INSTALL, "sqlite")


__all__ = ["ClassicDatabase", "FakeComError", "FakeGatewayLibrary", "fake_library_for", "sqlite_source"]
