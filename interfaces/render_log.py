"""`sconnect log`: the information log as text (SPEC §7) and as JSON.

Piped: one line per entry, never wrapped. On a terminal the message wraps at words under
itself, the time and the indentation of the detailed steps kept on the left, so a 200-character
step reads as a paragraph instead of being cut mid-word at the edge."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from interfaces.layout import hanging, piped
from interfaces.plain import plain, visible


def log_json(record) -> dict:
    """A log entry for `log --json`; totals as exact text, like `history --json`."""
    return {"at": record.at.isoformat(), "profile": record.profile, "run": record.run_id,
            "order": record.order_number, "level": record.level, "message": record.message,
            "sales_order": record.sales_order, "customer": record.customer,
            "shop_total": None if record.shop_total is None else str(record.shop_total),
            "booked_total": None if record.booked_total is None else str(record.booked_total)}


def log_entries(records: list, runs: dict, several: bool = False) -> list[tuple[str, str, str]]:
    """The log as (time, indentation, text): a heading per run (when, what it did), then its
    entries; detailed ones indented under the order they belong to."""
    entries, current = [], object()
    for r in records:
        if r.run_id != current:
            current = r.run_id
            run = runs.get(r.run_id)
            if run is not None:
                entries.append((f"{run.started_at:%Y-%m-%d %H:%M:%S}", "", _run_heading(run, several)))
        indent = "    " if r.level == "detailed" else "  " if r.run_id is not None else ""
        order = f"order {r.order_number}: " if r.order_number else ""
        who = f"[{r.profile}] " if several and r.run_id is None else ""
        entries.append((f"{r.at:%Y-%m-%d %H:%M:%S}", indent, f"{who}{order}{r.message}"))
    return entries


def log_lines(records: list, runs: dict, several: bool = False) -> list[str]:
    return [f"{at} {indent}{text}" for at, indent, text in log_entries(records, runs, several)]


def print_log(out: Console, records: list, runs: dict, several: bool = False) -> None:
    if piped(out):
        for text in log_lines(records, runs, several):
            out.print(plain(text), soft_wrap=True)
        return
    for at, indent, text in log_entries(records, runs, several):
        hanging(out, Text(at, style="dim") + Text(f" {indent}"), visible(text))


def _run_heading(run, several: bool) -> str:
    what = f"run {run.id}" + (f" of {run.profile}" if several else "")
    if run.finished_at is None:
        return f"{what}: not finished (running, or interrupted)"
    summary = run.summary or {}
    done = (f"booked {summary.get('created', 0)}, skipped {summary.get('skipped', 0)}, "
            f"failed {summary.get('failed', 0)}")
    if summary.get("error"):
        done += f"; stopped: {summary['error']}"
    elif summary.get("stopped"):
        done += "; stopped on request"
    return f"{what} (until {run.finished_at:%H:%M:%S}): {done}"
