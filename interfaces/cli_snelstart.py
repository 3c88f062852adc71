"""`sconnect snelstart inspect|administrations`: what a SnelStart administration reached over ODBC
holds, next to the schema map; and which administrations a folder or server has (SPEC §2)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
from contextlib import closing
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from domain.errors import ConfigurationError
if TYPE_CHECKING:  # imported where used: start-up of every command (`--help` included) stays light
    from infrastructure.config.model import SnelStartKind
    from infrastructure.snelstart.classic.inspect import Inspection, draft_map, inspect
    from infrastructure.snelstart.classic.schema_map import load_schema_map
    from infrastructure.snelstart.classic.sources import EXTENSIONS, administrations_in, databases_on
    from infrastructure.snelstart.embedded.administration_file import file_problem
    from infrastructure.snelstart.odbc.connection import OdbcConnection
    from infrastructure.snelstart.odbc.sqlite import SQLITE_DRIVER, connect_sqlite
from interfaces.command_group import command_group
from interfaces.plain import plain
from interfaces.wiring import Wired, load, wire

app = command_group(help="SnelStart desktop over ODBC: the database's tables next to the schema map.")
out = Console()
err = Console(stderr=True)
ODBC_KINDS = ("sql", "local", "mdb", "embedded")


def _wired(ctx: typer.Context, profile: Optional[str]) -> Wired:
    return wire(load((ctx.find_root().obj or {}).get("config")), profile)


def _connect(wired: Wired) -> OdbcConnection:
    from infrastructure.config.model import SnelStartKind
    from infrastructure.snelstart.embedded.administration_file import file_problem
    from infrastructure.snelstart.odbc.sqlite import SQLITE_DRIVER, connect_sqlite

    connection, section = wired.profile.snelstart, f"profiles.{wired.profile.id}.snelstart"
    if connection.kind.is_classic:
        return wired.container.classic_source().connect()
    if connection.kind is SnelStartKind.EMBEDDED:
        problem = file_problem(connection.database_file)
        if problem is not None:
            raise ConfigurationError(f"{section}.database: {problem}")
        return connect_sqlite(connection.database_file, connection.odbc_driver or SQLITE_DRIVER)
    raise ConfigurationError(f"{section}.kind: '{connection.kind.value}' is not read over ODBC; inspect reads the "
                             f"kinds {', '.join(ODBC_KINDS)}")


def _show(inspection: Inspection) -> None:
    def say(text: str = "") -> None:
        out.print(plain(text))  # the database's names are data, never markup

    say(f"{inspection.what}, through {inspection.driver}: {len(inspection.catalogue.tables)} tables; "
        f"compared with {inspection.schema_map.source}")
    for table, columns in inspection.catalogue.tables.items():
        concepts = inspection.mapped_as(table)
        say(f"{table}" + (f"  ← {', '.join(concepts)}" if concepts else ""))
        shown = []
        for column in columns:
            fields = inspection.mapped_as(table, column)
            shown.append(column + (f" ← {', '.join(fields)}" if fields else ""))
        say("    " + "; ".join(shown) if shown else "    (no columns)")
    say()
    if not inspection.missing:
        say("every table and column the map names is there")
        return
    say(f"missing here, named by the map ({len(inspection.missing)}):")
    for gap in inspection.missing:
        say(f"  {gap.concept}: {gap}")
    say("write a draft map with the closest names: sconnect snelstart inspect --write-map my-map.toml")


@app.command("inspect")
def inspect_command(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p"),
                    as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout."),
                    write_map: Optional[Path] = typer.Option(None, "--write-map", metavar="FILE",
                                                             help="Write a draft schema map to FILE.")) -> None:
    """List the tables and columns the administration's database has, mark what the schema map
    names that is missing, and write a draft map."""
    from infrastructure.snelstart.classic.inspect import draft_map, inspect
    from infrastructure.snelstart.classic.schema_map import load_schema_map

    wired = _wired(ctx, profile)
    connection = wired.profile.snelstart
    schema_map = load_schema_map(connection.schema_map, f"profiles.{wired.profile.id}.snelstart.schema_map")
    if write_map is not None and write_map.exists():
        raise ConfigurationError(f"--write-map: {write_map} already exists; name another file (your own map "
                                 "is never overwritten)")
    with closing(_connect(wired)) as db:
        inspection = inspect(db, schema_map)
    if write_map is not None:
        write_map.write_text(draft_map(inspection), encoding="utf-8")
    if as_json:
        data = inspection.to_json()
        data["draft_map"] = None if write_map is None else str(write_map)
        print(json.dumps(data, ensure_ascii=False))
    else:
        _show(inspection)
        if write_map is not None:
            err.print(plain(f"draft schema map written to {write_map}; check the lines marked CHECK or MISSING, "
                            f"then set snelstart.schema_map = \"{write_map}\""))


@app.command("administrations")
def administrations_command(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p"),
                            as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout.")) -> None:
    """The administrations the profile's folder (mdb, local) or server (sql) holds."""
    from infrastructure.config.model import SnelStartKind
    from infrastructure.snelstart.classic.sources import EXTENSIONS, administrations_in, databases_on

    wired = _wired(ctx, profile)
    connection, section = wired.profile.snelstart, f"profiles.{wired.profile.id}.snelstart"
    if connection.kind is SnelStartKind.SQL:
        where, found = f"SQL Server {connection.server}", databases_on(connection)
    elif connection.kind in EXTENSIONS:
        assert connection.folder is not None
        if not connection.folder.is_dir():
            raise ConfigurationError(f"{section}.folder: {connection.folder} is not a folder")
        where, found = str(connection.folder), administrations_in(connection.folder, connection.kind)
    else:
        raise ConfigurationError(f"{section}.kind: '{connection.kind.value}' has no folder or server of "
                                 "administrations (the kinds sql, local and mdb have)")
    if as_json:
        print(json.dumps({"where": where, "administrations": found}, ensure_ascii=False))
        return
    out.print(plain(f"{where}: {len(found)} administration(s)"))
    for name in found:
        mark = "  (this profile's)" if name.casefold() in (connection.administration.casefold(),
                                                          connection.database.casefold()) else ""
        out.print(plain(f"  {name}{mark}"))
