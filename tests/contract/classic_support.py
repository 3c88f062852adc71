"""The classic adapter in the contract suite: SnelStart desktop read over ODBC through the schema
map and written through the SnelStart Gateway — here a classic-shaped SQLite database built
from the shipped map (read through the real SQLite3 ODBC driver) and the fake Gateway writing
into it (infrastructure/simulators/snelstart_gateway). `snapshot()` is what the fake's
database holds: what SnelStart kept of the calls the adapter made."""
from __future__ import annotations

from pathlib import Path

import pytest

from infrastructure.config.model import SnelStartKind
from infrastructure.simulators.snelstart_gateway import ClassicDatabase, fake_library_for, sqlite_source
from infrastructure.snelstart.classic.administration import ClassicAdministration
from infrastructure.snelstart.classic.gateway import GatewayTarget
from infrastructure.snelstart.classic.schema_map import load_schema_map
from infrastructure.snelstart.snapshot import Snapshot

NAME = "Classic"
_open: list = []


class ClassicWithSnapshot(ClassicAdministration):
    def snapshot(self) -> Snapshot:
        return self.gateway.library.database.snapshot()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.gateway.library.database.close()


def classic_file(folder: Path) -> Path:
    return folder / f"{NAME}.sqlite"


def _target(kind: SnelStartKind, folder: Path) -> GatewayTarget:
    """How the Gateway opens the administration per kind: mdb by folder and name
    (mtdGWayAdmiOpenen); sql by server and database with a SQL login, through
    clsGWayLoginSettings (mtdGWayAdmiOpenenViaLoginSettings, as local does)."""
    if kind is SnelStartKind.SQL:
        return GatewayTarget(kind, server=r"KANTOOR\SNELSTART", database=NAME, sql_username="sconnect",
                             sql_password="geheim")
    return GatewayTarget(kind, folder=str(folder), administration=NAME)


def reopen_classic(folder: Path, kind: SnelStartKind = SnelStartKind.MDB) -> ClassicWithSnapshot:
    path = classic_file(folder)
    administration = ClassicWithSnapshot(sqlite_source(path), load_schema_map(), fake_library_for(path),
                                         _target(kind, folder))
    _open.append(administration)
    return administration


def open_classic(snapshot: Snapshot, folder: Path, kind: SnelStartKind = SnelStartKind.MDB) -> ClassicWithSnapshot:
    ClassicDatabase.create(classic_file(folder), snapshot).close()
    return reopen_classic(folder, kind)


def open_classic_sql(snapshot: Snapshot, folder: Path) -> ClassicWithSnapshot:
    return open_classic(snapshot, folder, SnelStartKind.SQL)


def reopen_classic_sql(folder: Path) -> ClassicWithSnapshot:
    return reopen_classic(folder, SnelStartKind.SQL)


@pytest.fixture(autouse=True)
def close_classic_administrations():
    yield
    while _open:
        _open.pop().close()
