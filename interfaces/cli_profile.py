"""`sconnect profile list`, `profile add ID --kind KIND …`, `profile remove ID [--yes]`: the
profiles of the configuration file, edited in place with the user's comments and order kept
(SPEC §11). A new profile is written whole — every setting at its default, the documentation's
words above each — and the file is checked before it is replaced, atomically."""
from __future__ import annotations

import json
import sys
from typing import Optional

import typer

from interfaces.command_group import command_group

from interfaces.container import KINDS
from interfaces.plain import line
from interfaces.wiring import load

# The configuration's reader and editor are imported by the command that runs: `--help` names
# the kinds from the container's list (tests/unit/config checks it against SnelStartKind).

EXIT_USAGE = 2
KIND_OPTIONS = {"server": "--server", "database": "--database", "folder": "--folder",
                "administration": "--administration"}
QUESTIONS = {"shop_id": "myShop winkelnummer", "template": "SnelStart verkoopordersjabloon (name or number)",
             "server": "SQL Server (instance)", "database": "database / administration file",
             "folder": "folder holding the administrations", "administration": "administration name"}

app = command_group(help="The profiles in the configuration file.")


def _out():
    from rich.console import Console

    return Console()


def _usage(line: str) -> typer.Exit:
    print(line, file=sys.stderr)
    return typer.Exit(EXIT_USAGE)


def _option(ctx: typer.Context) -> str | None:
    return (ctx.find_root().obj or {}).get("config")


@app.command("list")
def list_command(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="One JSON array on stdout.")
                 ) -> None:
    """The profiles, in the file's order (the licence covers the first ones)."""
    from domain import licence as licence_rules
    from interfaces import licensing

    out = _out()
    config = load(_option(ctx), need_secrets=False)
    container = licensing.licence_container(_option(ctx))
    running = licence_rules.licensed_profiles(list(config.profiles), container.licence_book().stored().licence,
                                              licensing.today(container))
    rows = [{"profile": p.id, "kind": p.snelstart.kind.value, "description": p.description,
             "interval": p.planning.interval_name, "licensed": p.id in running} for p in config.profiles.values()]
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        text = f"{row['profile']}: {row['kind']}" + (f", {row['description']}" if row["description"] else "")
        text += "; planning off" if row["interval"] == "off" else f"; every {row['interval']}"
        if not row["licensed"]:
            text += "; not run (beyond the licence)"
        out.print(line(text), soft_wrap=True)


def _ask_missing(profile_id: str, wanted: dict[str, tuple[str, str | None]]) -> dict[str, str]:
    """The values given; on a terminal the missing ones are asked, elsewhere they are named."""
    missing = [key for key, (_option_name, value) in wanted.items() if value is None]
    if missing and not sys.stdin.isatty():
        raise _usage(f"profile add {profile_id}: also give " + ", ".join(wanted[key][0] for key in missing))
    values = {key: value for key, (_option_name, value) in wanted.items() if value is not None}
    for key in missing:
        values[key] = typer.prompt(QUESTIONS[key])
    return values


@app.command("add")
def add_command(ctx: typer.Context,
                profile_id: str = typer.Argument(..., metavar="ID", help="Letters, digits, '-' and '_'."),
                kind: str = typer.Option(..., "--kind", help="How SnelStart is reached: " + ", ".join(KINDS) + "."),
                description: Optional[str] = typer.Option(None, "--description", help="Free text, e.g. the shop's address."),
                shop_id: Optional[str] = typer.Option(None, "--shop-id", help="The myShop winkelnummer."),
                start_from: Optional[str] = typer.Option(None, "--start-from", help="A date, date/time or order "
                                                         "number to start reading at (default: today)."),
                template: Optional[str] = typer.Option(None, "--template", help="The SnelStart verkoopordersjabloon."),
                database: Optional[str] = typer.Option(None, "--database", help="sql: the database; embedded/memory: "
                                                       "the administration file (default: <ID>-administration.*)."),
                server: Optional[str] = typer.Option(None, "--server", help="sql: the SQL Server (instance)."),
                folder: Optional[str] = typer.Option(None, "--folder", help="mdb/local: the folder."),
                administration: Optional[str] = typer.Option(None, "--administration", help="mdb/local: its name."),
                ) -> None:
    """Add a profile: a complete section, every setting at its default with its explanation."""
    from infrastructure.config.secrets import ways_to_give
    from interfaces import profile_changes
    from interfaces.profile_changes import WrongRequest

    out = _out()
    try:  # the checks the console's Instellingen makes too (interfaces/profile_changes.py)
        profile_changes.check_id(profile_id)
        chosen = profile_changes.check_kind(kind)
        config = load(_option(ctx), need_secrets=False)
        profile_changes.check_new(config, profile_id, _option(ctx))
    except WrongRequest as wrong:
        raise _usage(str(wrong)) from None
    given = {"database": database, "server": server, "folder": folder, "administration": administration}
    if database is None:
        given["database"] = profile_changes.default_database(profile_id, chosen)
    required = profile_changes.required_settings(chosen)
    wanted = {"shop_id": ("--shop-id", shop_id), "template": ("--template", template),
              **{key: (KIND_OPTIONS[key], given[key]) for key in required}}
    answers = _ask_missing(profile_id, wanted)
    profile_changes.add(config, profile_id, chosen, answers, description or "", start_from)
    out.print(line(f"profile {profile_id} added to {config.path}, every setting at its default"), soft_wrap=True)
    secrets = [s for s in (("myshop", "private_key"), ("snelstart", "subscription_key"), ("snelstart", "client_key"))
               if s[0] == "myshop" or chosen == "b2b"]
    for section, name in secrets:
        out.print(line(f"its {section}.{name}: {ways_to_give(profile_id, section, name)}"), soft_wrap=True)
    out.print(line(f"then check it with: sconnect test-connection --profile {profile_id}"), soft_wrap=True)


@app.command("remove")
def remove_command(ctx: typer.Context, profile_id: str = typer.Argument(..., metavar="ID"),
                   yes: bool = typer.Option(False, "--yes", help="Do not ask.")) -> None:
    """Remove a profile and its settings from the file (its history stays in the state database)."""
    from interfaces import profile_changes
    from interfaces.profile_changes import WrongRequest

    out = _out()
    config = load(_option(ctx), need_secrets=False)
    try:
        profile_changes.check_removable(config, profile_id)
    except WrongRequest as wrong:
        raise _usage(str(wrong)) from None
    if not yes:
        if not sys.stdin.isatty():
            raise _usage(f"profile remove {profile_id}: add --yes to remove it without a question")
        if not typer.confirm(f"Remove profile {profile_id} and all its settings from {config.path}?", default=False):
            raise typer.Exit(1)
    profile_changes.remove(config, profile_id)
    out.print(line(f"profile {profile_id} removed from {config.path}; its history stays in the state database"),
              soft_wrap=True)
