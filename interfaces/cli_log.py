"""`sconnect log …`: the information log — show, export to Excel, clear."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from interfaces.wiring import load, wire

app = typer.Typer(help="The information log: what was done, per run and per order.",
                  invoke_without_command=True)
out = Console()


def _wired(ctx: typer.Context, profile: Optional[str]):
    return wire(load((ctx.find_root().obj or {}).get("config"), need_secrets=False), profile)


def _since(value: Optional[str]) -> Optional[datetime]:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"'{value}' is not a date/time like 2024-03-01 or 2024-03-01T10:00",
                                 param_hint="--since") from None


@app.callback()
def show(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p"),
         detailed: bool = typer.Option(False, "--detailed", help="Every step, not just the outcome."),
         since: Optional[str] = typer.Option(None, help="Only entries from this date/time on."),
         as_json: bool = typer.Option(False, "--json")) -> None:
    """Show the log (oldest first)."""
    if ctx.invoked_subcommand is not None:
        return
    wired = _wired(ctx, profile)
    entries = wired.container.state().log_entries(wired.profile.id, _since(since), detailed)
    if as_json:
        print(json.dumps([{"at": e.at.isoformat(), "run": e.run_id, "order": e.order_number,
                           "level": e.level, "message": e.message} for e in entries], ensure_ascii=False))
        return
    for e in entries:
        indent = "  " if e.level == "detailed" else ""
        order = f"order {e.order_number}: " if e.order_number else ""
        out.print(f"{e.at:%Y-%m-%d %H:%M:%S} {indent}{order}{e.message}", markup=False, highlight=False)
    if not entries:
        out.print("the log is empty")


@app.command("export")
def export(ctx: typer.Context, file: Path = typer.Argument(..., help="The .xlsx file to write."),
           profile: Optional[str] = typer.Option(None, "--profile", "-p"),
           detailed: bool = typer.Option(True, "--detailed/--basic")) -> None:
    """Export the log to an Excel file."""
    from infrastructure.export.excel import export_log

    if file.suffix.lower() != ".xlsx":
        raise typer.BadParameter(f"'{file}' must end in .xlsx", param_hint="FILE")
    wired = _wired(ctx, profile)
    n = export_log(wired.container.state().log_entries(wired.profile.id, None, detailed), file)
    out.print(f"{n} log entries written to {file}")


@app.command("clear")
def clear(ctx: typer.Context, profile: Optional[str] = typer.Option(None, "--profile", "-p")) -> None:
    """Clear the log of the profile."""
    wired = _wired(ctx, profile)
    n = wired.container.state().clear_log(wired.profile.id)
    out.print(f"{n} log entries removed")
