"""`sconnect log …`: the information log (SPEC §7) — show, export to Excel, clear.

Without --profile these commands cover every profile of the configuration. --profile, --since
and --detailed/--basic may stand before the subcommand's name or after it (`log --profile shop1
clear` = `log clear --profile shop1`): an option before it is never silently dropped. Entries older than
four weeks are removed by every run, and by these commands too (a profile whose planning is off
may not run for weeks).
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Optional

import typer

from interfaces.command_group import command_group
from interfaces.layout import console
from interfaces.plain import plain
from interfaces.wiring import load, wire

app = command_group(help="The information log: what was done, per run and per order. Kept four weeks (it names "
                    "customers); `sconnect forget` removes one person's entries sooner.",
                    invoke_without_command=True)
out = console()

ProfileOption = typer.Option(None, "--profile", "-p", help="Only this profile (default: every profile).")
RELATIVE = re.compile(r"^(\d+)\s*(m|h|d|w)$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _selection(ctx: typer.Context, profile: Optional[str]):
    """(state store, the chosen profile ids, now); old entries purged on the way."""
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    wired = wire(config, profile if profile is not None else next(iter(config.profiles)))
    from application.import_orders import LOG_RETENTION

    state, now = wired.container.state(), wired.container.clock().now()
    state.purge_log(now - LOG_RETENTION)
    return state, ([wired.profile.id] if profile is not None else list(config.profiles)), now


def parse_since(value: Optional[str], now: datetime) -> Optional[datetime]:
    """2024-03-01, 2024-03-01T10:00 (or with a space), or a time ago: 30m, 2h, 7d, 2w."""
    if not value:
        return None
    text = value.strip().lower()
    relative = RELATIVE.match(text)
    if relative:
        return now - timedelta(**{UNITS[relative[2]]: int(relative[1])})
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date/time like 2024-03-01 or 2024-03-01T10:00, "
                                 f"nor a time ago like 2h or 7d", param_hint="--since") from None
    # The log is in Dutch wall-clock time, like everything S-Connect stores.
    from infrastructure.clock import AMSTERDAM

    return moment.astimezone(AMSTERDAM).replace(tzinfo=None) if moment.tzinfo else moment


def _before(ctx: typer.Context, name: str):
    """An option as given before the subcommand (`log --profile shop1 clear`), or None."""
    parent = ctx.parent
    return None if parent is None else parent.params.get(name)


def _either(ctx: typer.Context, name: str, after, option: str):
    """An option given before the subcommand's name or after it; given both ways, the same."""
    before = _before(ctx, name)
    if before is not None and after is not None and before != after:
        raise typer.BadParameter(f"given twice, as '{before}' and as '{after}'", param_hint=option)
    return after if after is not None else before


@app.callback()
def show(ctx: typer.Context, profile: Optional[str] = ProfileOption,
         detailed: Optional[bool] = typer.Option(None, "--detailed/--basic",
                                                 help="Every step, or just the outcomes (default)."),
         since: Optional[str] = typer.Option(None, help="From this date/time on (2024-03-01, "
                                             "2024-03-01T10:00), or this long ago (2h, 7d)."),
         as_json: bool = typer.Option(False, "--json", help="A JSON list of entries, for scripts.")) -> None:
    """Show the log, per run, oldest first. --profile and --since choose the entries for
    `export` and `clear` too, given before or after their name."""
    if ctx.invoked_subcommand is not None:
        # Read by the subcommand (`_either`): an option it cannot honour is refused rather than
        # left out, so a `clear` never removes more than was asked.
        if as_json:
            raise typer.BadParameter(f"shows the log as JSON; it does not apply to `log {ctx.invoked_subcommand}`",
                                     param_hint="--json")
        return
    from interfaces import render_log as render

    state, profiles, now = _selection(ctx, profile)
    start = parse_since(since, now)
    detailed = bool(detailed)
    chosen = set(profiles)
    records = [r for r in state.log_entries(None if len(profiles) > 1 else profiles[0], start, detailed)
               if r.profile in chosen]
    if as_json:
        print(json.dumps([render.log_json(r) for r in records], ensure_ascii=False))
        return
    runs = {run.id: run for p in profiles for run in state.runs(p, start)}
    render.print_log(out, records, runs, several=len(profiles) > 1)
    if not records:
        out.print(plain("the log is empty" + (f" since {start:%Y-%m-%d %H:%M}" if start else
                                              " (entries are kept four weeks)")))


SinceOption = typer.Option(None, help="From this date/time on (2024-03-01, 2024-03-01T10:00), or this long "
                           "ago (2h, 7d).")


@app.command("export")
def export(ctx: typer.Context, file: Path = typer.Argument(..., help="The .xlsx file to write."),
           profile: Optional[str] = ProfileOption,
           detailed: Optional[bool] = typer.Option(None, "--detailed/--basic",
                                                   help="Every step (default), or the outcomes only."),
           since: Optional[str] = SinceOption) -> None:
    """Export the log to an Excel workbook: a sheet per profile, dates as dates, amounts as numbers."""
    from infrastructure.export.excel import export_log

    profile = _either(ctx, "profile", profile, "--profile")
    since = _either(ctx, "since", since, "--since")
    detailed = _either(ctx, "detailed", detailed, "--detailed/--basic")
    if file.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"'{file}' must end in .xlsx", param_hint="FILE")
    state, profiles, now = _selection(ctx, profile)
    chosen = set(profiles)
    records = [r for r in state.log_entries(None, parse_since(since, now), detailed is not False)
               if r.profile in chosen]
    try:
        n = export_log(records, file, profiles)
    except OSError as error:
        raise typer.BadParameter(f"cannot write {file}: {error.strerror or error}", param_hint="FILE") from None
    out.print(plain(f"{n} log entries written to {file}"), soft_wrap=True)


@app.command("clear")
def clear(ctx: typer.Context, profile: Optional[str] = ProfileOption,
          since: Optional[str] = typer.Option(None, help="Only the entries from this date/time on, or from "
                                              "this long ago (2h, 7d): what `log --since` shows.")) -> None:
    """Clear the log (of one profile, or of every profile), both levels."""
    profile = _either(ctx, "profile", profile, "--profile")
    since = _either(ctx, "since", since, "--since")
    if _before(ctx, "detailed") is False:
        # `clear` removes an entry's steps with it: clearing the outcomes only would leave steps
        # of orders the log no longer names.
        raise typer.BadParameter("`log clear` removes both levels; it cannot keep the detailed steps",
                                 param_hint="--basic")
    state, profiles, now = _selection(ctx, profile)
    start = parse_since(since, now)
    n = sum(state.clear_log(p, since=start) for p in profiles)
    what = f" since {start:%Y-%m-%d %H:%M}" if start else ""
    out.print(plain(f"{n} log entries removed{what} ({', '.join(profiles)})"), soft_wrap=True)
