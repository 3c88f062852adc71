"""`sconnect log …`: the information log (SPEC §7) — show, export to Excel, clear.

Without --profile these commands cover every profile of the configuration. Entries older than
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
from rich.console import Console

from application.import_orders import LOG_RETENTION
from infrastructure.clock import AMSTERDAM
from interfaces import render
from interfaces.wiring import load, wire

app = typer.Typer(help="The information log: what was done, per run and per order.",
                  invoke_without_command=True)
out = Console()

ProfileOption = typer.Option(None, "--profile", "-p", help="Only this profile (default: every profile).")
RELATIVE = re.compile(r"^(\d+)\s*(m|h|d|w)$")
UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def _selection(ctx: typer.Context, profile: Optional[str]):
    """(state store, the chosen profile ids, now); old entries purged on the way."""
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    wired = wire(config, profile if profile is not None else next(iter(config.profiles)))
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
    return moment.astimezone(AMSTERDAM).replace(tzinfo=None) if moment.tzinfo else moment


@app.callback()
def show(ctx: typer.Context, profile: Optional[str] = ProfileOption,
         detailed: bool = typer.Option(False, "--detailed", help="Every step, not just the outcome."),
         since: Optional[str] = typer.Option(None, help="From this date/time on (2024-03-01, "
                                             "2024-03-01T10:00), or this long ago (2h, 7d)."),
         as_json: bool = typer.Option(False, "--json", help="A JSON list of entries, for scripts.")) -> None:
    """Show the log, per run, oldest first."""
    if ctx.invoked_subcommand is not None:
        return
    state, profiles, now = _selection(ctx, profile)
    start = parse_since(since, now)
    chosen = set(profiles)
    records = [r for r in state.log_entries(None if len(profiles) > 1 else profiles[0], start, detailed)
               if r.profile in chosen]
    if as_json:
        print(json.dumps([render.log_json(r) for r in records], ensure_ascii=False))
        return
    runs = {run.id: run for p in profiles for run in state.runs(p, start)}
    for line in render.log_lines(records, runs, several=len(profiles) > 1):
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    if not records:
        out.print("the log is empty" + (f" since {start:%Y-%m-%d %H:%M}" if start else ""))


@app.command("export")
def export(ctx: typer.Context, file: Path = typer.Argument(..., help="The .xlsx file to write."),
           profile: Optional[str] = ProfileOption,
           detailed: bool = typer.Option(True, "--detailed/--basic",
                                         help="Every step (default), or the outcomes only."),
           since: Optional[str] = typer.Option(None, help="From this date/time on, or this long ago (7d).")) -> None:
    """Export the log to an Excel workbook: a sheet per profile, dates as dates, amounts as numbers."""
    from infrastructure.export.excel import export_log

    if file.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"'{file}' must end in .xlsx", param_hint="FILE")
    state, profiles, now = _selection(ctx, profile)
    chosen = set(profiles)
    records = [r for r in state.log_entries(None, parse_since(since, now), detailed) if r.profile in chosen]
    try:
        n = export_log(records, file, profiles)
    except OSError as error:
        raise typer.BadParameter(f"cannot write {file}: {error.strerror or error}", param_hint="FILE") from None
    out.print(f"{n} log entries written to {file}", markup=False, highlight=False, soft_wrap=True)


@app.command("clear")
def clear(ctx: typer.Context, profile: Optional[str] = ProfileOption) -> None:
    """Clear the log (of one profile, or of every profile)."""
    state, profiles, _now = _selection(ctx, profile)
    n = sum(state.clear_log(p) for p in profiles)
    out.print(f"{n} log entries removed ({', '.join(profiles)})", markup=False, highlight=False, soft_wrap=True)
