"""Terminal output (rich) and the JSON shapes of history and status."""
from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table

from application.ports import ProcessedOrder, StateStore
from application.run_report import RunReport

_STATUS_STYLE = {"created": "green", "skipped": "yellow", "failed": "red"}


def run_report(out: Console, report: RunReport) -> None:
    data = report.to_json()
    table = Table(title=f"profile {report.profile}", show_lines=False)
    for column in ("order", "status", "sales order", "customer", "reason / warnings"):
        table.add_column(column)
    for o in report.outcomes:
        customer = "" if o.customer is None else f"{o.customer}{' (new)' if o.customer_created else ''}"
        note = o.reason + (" [held]" if o.held else "")
        note = "; ".join([note, *o.warnings]) if note else "; ".join(o.warnings)
        style = _STATUS_STYLE.get(o.status, "")
        table.add_row(o.order, f"[{style}]{o.status}[/{style}]", str(o.sales_order or ""), customer, note)
    for warning in report.warnings:
        out.print("[yellow]warning:[/yellow] ", end="")
        out.print(warning, markup=False, highlight=False)
    if report.outcomes:
        out.print(table)
    out.print(f"fetched {data['fetched']}: created {data['created']}, skipped {data['skipped']}, "
              f"failed {data['failed']}; {report.unchanged} already done earlier")


def history_json(row: ProcessedOrder) -> dict:
    return {"order": row.order_number, "order_id": row.order_id, "state": row.state.value,
            "attempts": row.attempts, "sales_order": row.sales_order, "customer": row.customer_code,
            "shop_total": None if row.shop_total is None else str(row.shop_total),
            "booked_total": None if row.booked_total is None else str(row.booked_total),
            "last_error": row.last_error or None, "warnings": list(row.warnings),
            "updated_at": row.updated_at.isoformat() if row.updated_at else None}


def history(out: Console, rows: list[ProcessedOrder]) -> None:
    table = Table()
    for column in ("order", "state", "attempts", "sales order", "customer", "total", "when", "note"):
        table.add_column(column)
    for r in rows:
        note = r.last_error if r.state.value in ("failed", "held", "skipped") else "; ".join(r.warnings)
        table.add_row(r.order_number, r.state.value, str(r.attempts), str(r.sales_order or ""),
                      str(r.customer_code or ""), str(r.shop_total or ""),
                      r.updated_at.strftime("%Y-%m-%d %H:%M") if r.updated_at else "", note)
    out.print(table if rows else "no orders processed yet")


def status_json(profile, state: StateStore, now: datetime) -> dict:
    last = state.last_run(profile.id)
    busy = False
    if last is not None and last["finished_at"] is None:
        # A run without an end is busy only while its holder keeps the lock; a killed run's
        # lock expires, and then the profile is ready again.
        busy = not state.acquire_lock(profile.id, "status-probe", now, 1)
        if not busy:
            state.release_lock(profile.id, "status-probe")
    planning = profile.planning
    next_run = state.next_run(profile.id) or planning.next_run
    return {"profile": profile.id, "description": profile.description,
            "status": "Busy" if busy else "Ready",
            "interval": planning.interval_name,
            # Planned but never run by the scheduler yet: it runs at the scheduler's first look.
            "next_run": (next_run.isoformat() if next_run else "first look") if planning.interval else None,
            "last_run": None if last is None else {
                "started_at": last["started_at"].isoformat(),
                "finished_at": last["finished_at"].isoformat() if last["finished_at"] else None,
                "summary": last["summary"]}}


def status(out: Console, lines: list[dict]) -> None:
    for s in lines:
        last = s["last_run"]
        when = "never run" if last is None else f"last run {last['started_at']}"
        if last and last.get("summary"):
            summary = last["summary"]
            when += (f": created {summary.get('created', 0)}, skipped {summary.get('skipped', 0)}, "
                     f"failed {summary.get('failed', 0)}")
            if summary.get("error"):
                when += f" (stopped: {summary['error']})"
        ready = "Gereed / Ready" if s["status"] == "Ready" else "Bezig / Busy"
        if s["next_run"] is None:
            planned = "planning off"
        elif s["next_run"] == "first look":
            planned = f"every {s['interval']}, first run when the scheduler starts"
        else:
            planned = f"every {s['interval']}, next {s['next_run']}"
        out.print(f"[bold]{s['profile']}[/bold] {s['description']}: {ready}; {planned}; {when}")


def explanation(out: Console, e) -> None:
    data = e.to_json()
    out.print(f"[bold]order {data['order']}[/bold] ({data['order_id']})")
    if data["history"]:
        h = data["history"]
        out.print(f"history: {h['state']} after {h['attempts']} attempt(s)"
                  + (f", sales order {h['sales_order']}" if h["sales_order"] else "")
                  + (f" — {h['last_error']}" if h["last_error"] else ""), markup=False)
    else:
        out.print("history: not processed yet")
    out.print("customer: ", end="")
    out.print(data["customer"]["explanation"], markup=False, highlight=False)
    if data["refused"]:
        out.print("[red]would fail:[/red] ", end="")
        out.print(data["refused"], markup=False, highlight=False)
        return
    plan = data["plan"]
    out.print(f"template {plan['template']} ({plan['vat_entry']} VAT); description '{plan['description']}'; "
              f"betalingskenmerk {plan['payment_reference']}", markup=False)
    table = Table()
    for column in ("article", "description", "quantity", "unit price", "VAT %", ""):
        table.add_column(column)
    for l in plan["lines"]:
        table.add_row(l["article"], l["description"] or "(from SnelStart)", l["quantity"],
                      l["unit_price"] or "(from SnelStart)", l["vat_rate"] or "", "recipe" if l["recipe"] else "")
    out.print(table)
    for key in ("cost_type_1", "cost_type_2"):
        if plan[key] != "0":
            out.print(f"{key}: {plan[key]}")
    if plan["new_relation"]:
        out.print(f"new customer: {plan['new_relation']}", markup=False)
    for note in plan["notes"]:
        out.print(f"- {note}", markup=False, highlight=False)
    for warning in plan["warnings"]:
        out.print("[yellow]warning:[/yellow] ", end="")
        out.print(warning, markup=False, highlight=False)
    out.print(f"shop total {plan['shop_total']}, planned {plan['planned_total'] or '(prices from SnelStart)'}")
