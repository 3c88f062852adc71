"""`sconnect embedded load|dump`: fill or show the profile's own administration from/as a
snapshot (reference/administration-snapshot.md), for the kinds that have one: `embedded` (the
SQLite administration) and `memory` (the snapshot file itself)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from domain.errors import ConfigurationError
from interfaces.command_group import command_group
from interfaces.plain import plain
from interfaces.layout import console
from interfaces.wiring import load, wire

app = command_group(help="Load or dump the profile's embedded/demo administration (snapshot JSON).")
err = console(stderr=True)


def _administration_file(ctx: typer.Context, profile: Optional[str]) -> tuple[SnelStartKind, Path]:
    wired = wire(load((ctx.find_root().obj or {}).get("config"), need_secrets=False), profile)
    connection = wired.profile.snelstart
    if not connection.kind.uses_file:
        raise ConfigurationError(f"profiles.{wired.profile.id}.snelstart.kind: '{connection.kind.value}' "
                                 f"has no administration of its own to load or dump")
    return connection.kind, connection.database_file


def _replace(kind, target: Path, snapshot) -> None:
    from infrastructure.config.model import SnelStartKind
    from infrastructure.snelstart.embedded import EmbeddedAdministration
    from infrastructure.snelstart.memory.file_administration import FileAdministration

    if kind is SnelStartKind.EMBEDDED:
        EmbeddedAdministration.create(target, snapshot).close()
    else:
        FileAdministration.create(target, snapshot)


def _read(kind, target: Path):
    from infrastructure.config.model import SnelStartKind
    from infrastructure.snelstart.embedded import EmbeddedAdministration
    from infrastructure.snelstart.memory.file_administration import FileAdministration

    if kind is SnelStartKind.EMBEDDED:
        # The adapter refuses a missing or empty file: dumping never creates an administration.
        with EmbeddedAdministration(target) as administration:
            return administration.snapshot()
    return FileAdministration(target).snapshot()


@app.command("load")
def load_command(ctx: typer.Context, file: Path = typer.Argument(..., help="Snapshot JSON file."),
                 profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Replace the administration's contents with the snapshot (validated whole first)."""
    from infrastructure.snelstart.snapshot import read_snapshot_file

    snapshot = read_snapshot_file(file)  # refuses the whole file, naming the first bad path
    kind, target = _administration_file(ctx, profile)
    _replace(kind, target, snapshot)
    err.print(plain(f"loaded {len(snapshot.relations)} relations, {len(snapshot.articles)} articles, "
                    f"{len(snapshot.sales_orders)} verkooporders into {target}"))
    for note in _ids_given(file):
        err.print(plain(note))


LISTS = ("artikelomzetgroepen", "verkoopordersjablonen", "relaties", "artikelen", "verkooporders")


def _ids_given(file: Path) -> list[str]:
    """An item without `id` gets one (docs/snapshot.md); said, so nobody refers to an id that
    is not what they think (a template referred to by `tpl-web` that was loaded as `tpl-2`)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    notes = []
    for name in LISTS:
        items = document.get(name) or [] if isinstance(document, dict) else []
        missing = [i for i, item in enumerate(items) if isinstance(item, dict) and not item.get("id")]
        if missing:
            where = ", ".join(f"{name}[{i}]" for i in missing[:3]) + (" …" if len(missing) > 3 else "")
            notes.append(f"note: {len(missing)} in {name} without an id ({where}); S-Connect gave "
                         f"{'them ids' if len(missing) > 1 else 'it one'}, shown by `embedded dump`")
    return notes


@app.command("dump")
def dump_command(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Print the administration as a snapshot (JSON) on stdout."""
    from infrastructure.snelstart.snapshot import snapshot_json

    kind, target = _administration_file(ctx, profile)
    print(snapshot_json(_read(kind, target)))
