"""`sconnect embedded load|dump`: fill or show the profile's own administration from/as a
snapshot (reference/administration-snapshot.md), for the kinds that have one: `embedded` (the
SQLite administration) and `memory` (the snapshot file itself)."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from domain.errors import ConfigurationError
from infrastructure.config.model import SnelStartKind
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import Snapshot, read_snapshot_file, snapshot_json
from interfaces.plain import plain
from interfaces.wiring import load, wire

app = typer.Typer(help="Load or dump the profile's embedded/demo administration (snapshot JSON).",
                  no_args_is_help=True)
err = Console(stderr=True)


def _administration_file(ctx: typer.Context, profile: Optional[str]) -> tuple[SnelStartKind, Path]:
    wired = wire(load((ctx.find_root().obj or {}).get("config"), need_secrets=False), profile)
    connection = wired.profile.snelstart
    if not connection.kind.uses_file:
        raise ConfigurationError(f"profiles.{wired.profile.id}.snelstart.kind: '{connection.kind.value}' "
                                 f"has no administration of its own to load or dump")
    return connection.kind, connection.database_file


def _replace(kind: SnelStartKind, target: Path, snapshot: Snapshot) -> None:
    if kind is SnelStartKind.EMBEDDED:
        EmbeddedAdministration.create(target, snapshot).close()
    else:
        FileAdministration.create(target, snapshot)


def _read(kind: SnelStartKind, target: Path) -> Snapshot:
    if kind is SnelStartKind.EMBEDDED:
        # The adapter refuses a missing or empty file: dumping never creates an administration.
        with EmbeddedAdministration(target) as administration:
            return administration.snapshot()
    return FileAdministration(target).snapshot()


@app.command("load")
def load_command(ctx: typer.Context, file: Path = typer.Argument(..., help="Snapshot JSON file."),
                 profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Replace the administration's contents with the snapshot (validated whole first)."""
    snapshot = read_snapshot_file(file)  # refuses the whole file, naming the first bad path
    kind, target = _administration_file(ctx, profile)
    _replace(kind, target, snapshot)
    err.print(plain(f"loaded {len(snapshot.relations)} relations, {len(snapshot.articles)} articles, "
                    f"{len(snapshot.sales_orders)} sales orders into {target}"))


@app.command("dump")
def dump_command(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Print the administration as a snapshot (JSON) on stdout."""
    kind, target = _administration_file(ctx, profile)
    print(snapshot_json(_read(kind, target)))
