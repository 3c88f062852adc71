"""`sconnect licence import FILE` and `licence show [--json]` (SPEC §9, the manual's *Licentie
inlezen*). A refused file is one line saying why, exit 78, and the licence in force stays."""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
import sys
from pathlib import Path

import typer
from rich.console import Console

from domain.errors import SConnectError
if TYPE_CHECKING:  # imported where used: start-up of every command (`--help` included) stays light
    from infrastructure.licence import LicenceRefused
    from interfaces.licensing import licence_container, licence_json, licence_line, today
from interfaces.command_group import command_group
from interfaces.plain import line
from interfaces.wiring import load

EXIT_USAGE, EXIT_CONFIG = 2, 78

app = command_group(help="The licence: how many profiles run (SPEC §9).")
out = Console()


def _config_option(ctx: typer.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("config")


@app.command("import")
def import_command(ctx: typer.Context, file: Path = typer.Argument(..., help="The licence file from your supplier.")
                   ) -> None:
    """Check a licence file's signature and make it the licence in force."""
    from infrastructure.licence import LicenceRefused
    from interfaces.licensing import licence_container

    container = licence_container(_config_option(ctx))
    if not file.exists():
        print(f"licence not imported: {file}: no such file", file=sys.stderr)
        raise typer.Exit(EXIT_USAGE)
    try:
        licence = container.licence_book().import_file(file)
    except LicenceRefused as refused:
        print(f"licence not imported: {refused}; the licence in force stays", file=sys.stderr)
        raise typer.Exit(EXIT_CONFIG)
    except OSError as error:  # the data folder is read-only, the disk full
        print(f"licence not imported: {container.licence_book().file}: cannot be written ({error.strerror}); "
              f"the licence in force stays", file=sys.stderr)
        raise typer.Exit(EXIT_CONFIG)
    out.print(line(f"licence imported: {licence.describe()}"), soft_wrap=True)


@app.command("show")
def show_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout.")
                 ) -> None:
    """The licence in force, and which profiles of the configuration it lets run."""
    from interfaces.licensing import licence_container, licence_json, licence_line, today

    option = _config_option(ctx)
    container = licence_container(option)
    stored = container.licence_book().stored()
    try:
        config = load(option, need_secrets=False)
    except SConnectError:
        config = None  # no (good) configuration yet: the licence alone
    data = licence_json(stored, config, today(container))
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    out.print(line(licence_line(data)), soft_wrap=True)
    for warning in filter(None, [data["problem"], data["warning"]]):
        out.print(line(("warning:", "yellow"), " ", warning), soft_wrap=True)
