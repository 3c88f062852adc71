"""A classic administration over the classic-shaped SQLite database and the fake Gateway, for the
integration tests: `open_demo(folder)` gives the adapter and the fake's library."""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from infrastructure.config.model import SnelStartKind
from infrastructure.simulators.snelstart_gateway import ClassicDatabase, FakeGatewayLibrary, sqlite_source
from infrastructure.snelstart.classic.administration import ClassicAdministration
from infrastructure.snelstart.classic.gateway import GatewayTarget
from infrastructure.snelstart.classic.schema_map import SchemaMap, load_schema_map
from infrastructure.snelstart.snapshot import Snapshot, parse_snapshot_json

NAME = "Demo"


def demo_snapshot() -> Snapshot:
    text = resources.files("interfaces.demo").joinpath("administration.json").read_text(encoding="utf-8")
    return parse_snapshot_json(text)


def create(folder: Path, snapshot: Snapshot | None = None) -> Path:
    path = folder / f"{NAME}.sqlite"
    ClassicDatabase.create(path, snapshot or demo_snapshot()).close()
    return path


def open_classic(path: Path, schema_map: SchemaMap | None = None, administration: str = NAME,
                 kind: SnelStartKind = SnelStartKind.LOCAL) -> tuple[ClassicAdministration, FakeGatewayLibrary]:
    library = FakeGatewayLibrary(ClassicDatabase(path), administrations=(NAME,))
    target = GatewayTarget(kind, folder=str(path.parent), administration=administration, server=r"(localdb)\x")
    return ClassicAdministration(sqlite_source(path), schema_map or load_schema_map(), library, target), library
