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


def reopen_classic(folder: Path) -> ClassicWithSnapshot:
    path = classic_file(folder)
    administration = ClassicWithSnapshot(sqlite_source(path), load_schema_map(), fake_library_for(path),
                                         GatewayTarget(SnelStartKind.MDB, folder=str(folder), administration=NAME))
    _open.append(administration)
    return administration


def open_classic(snapshot: Snapshot, folder: Path) -> ClassicWithSnapshot:
    ClassicDatabase.create(classic_file(folder), snapshot).close()
    return reopen_classic(folder)


@pytest.fixture(autouse=True)
def close_classic_administrations():
    yield
    while _open:
        _open.pop().close()
