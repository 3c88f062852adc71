"""`sconnect embedded load|dump`: fill or show the profile's own administration from/as a
snapshot (reference/administration-snapshot.md). Works for the file-backed kinds."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from domain.errors import ConfigurationError
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import read_snapshot_file, snapshot_json
from interfaces.wiring import load, wire

app = typer.Typer(help="Load or dump the profile's embedded/demo administration (snapshot JSON).",
                  no_args_is_help=True)
err = Console(stderr=True)


def _administration_file(ctx: typer.Context, profile: Optional[str]) -> Path:
    wired = wire(load((ctx.find_root().obj or {}).get("config"), need_secrets=False), profile)
    connection = wired.profile.snelstart
    if not connection.kind.uses_file:
        raise ConfigurationError(f"profiles.{wired.profile.id}.snelstart.kind: '{connection.kind.value}' "
                                 f"has no administration of its own to load or dump")
    return connection.database_file


@app.command("load")
def load_command(ctx: typer.Context, file: Path = typer.Argument(..., help="Snapshot JSON file."),
                 profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Replace the administration's contents with the snapshot (validated whole first)."""
    snapshot = read_snapshot_file(file)  # refuses the whole file, naming the first bad path
    target = _administration_file(ctx, profile)
    FileAdministration.create(target, snapshot)
    err.print(f"loaded {len(snapshot.relations)} relations, {len(snapshot.articles)} articles, "
              f"{len(snapshot.sales_orders)} sales orders into {target}")


@app.command("dump")
def dump_command(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Print the administration as a snapshot (JSON) on stdout."""
    target = _administration_file(ctx, profile)
    print(snapshot_json(FileAdministration(target).snapshot()))
