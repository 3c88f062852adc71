"""Terminal output (rich) and the JSON shapes of history and status. Shop and SnelStart text
is printed through interfaces/plain.py: never read as markup."""
from __future__ import annotations

from datetime import datetime

from rich.console import Console
from rich.table import Table

from application.ports import ProcessedOrder, StateStore
from application.run_due_tasks import Planned, next_run_of
from application.run_report import RunReport
from interfaces.plain import cells, line, plain

_STATUS_STYLE = {"created": "green", "skipped": "yellow", "failed": "red", "changed_in_shop": "yellow"}


def run_report(out: Console, report: RunReport) -> None:
    data = report.to_json()
    table = Table(title=plain(f"profile {report.profile}"), show_lines=False)
    for column in ("order", "status", "sales order", "customer", "reason / warnings"):
        table.add_column(column)
    for o in report.outcomes + report.changed:
        customer = "" if o.customer is None else f"{o.customer}{' (new)' if o.customer_created else ''}"
        note = o.reason + (" [held]" if o.held else "")
        note = "; ".join([note, *o.warnings]) if note else "; ".join(o.warnings)
        style = _STATUS_STYLE.get(o.status, "")
        table.add_row(*cells(o.order, plain(o.status, style), o.sales_order or "", customer, note))
    for warning in report.warnings:
        out.print(line(("warning:", "yellow"), " ", warning))
    if report.outcomes or report.changed:
        out.print(table)
    # A booked order the shop changed since is one of the orders done earlier, but it is listed
    # above: the summary says so, or "fetched 0" next to a row reads as a contradiction.
    changed = f", {len(report.changed)} of them changed in the shop since (see sconnect reconcile)" \
        if report.changed else ""
    out.print(plain(f"fetched {data['fetched']}: created {data['created']}, skipped {data['skipped']}, "
                    f"failed {data['failed']}; {report.unchanged} already done earlier{changed}"))


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
        table.add_row(*cells(r.order_number, r.state.value, r.attempts, r.sales_order or "",
                             r.customer_code or "", r.shop_total or "",
                             r.updated_at.strftime("%Y-%m-%d %H:%M") if r.updated_at else "", note))
    out.print(table if rows else plain("no orders processed yet"))


def status_json(profile, state: StateStore, now: datetime) -> dict:
    """One profile's line of `status --json` (ISO local times)."""
    # Read, not taken: probing with the lock would make a run starting that moment say Busy.
    busy = state.lock_holder(profile.id, now) is not None
    planning = profile.planning
    # The plan the scheduler will follow: a stored one made from another planning is made anew.
    # (None: planned, but no time yet — it runs at the scheduler's first look.)
    next_run = next_run_of(Planned(profile.id, planning.interval, planning.next_run),
                           state.planned_task(profile.id), None)
    last = state.last_run(profile.id)
    return {"profile": profile.id, "description": profile.description,
            "interval": planning.interval_name,
            "next_run": _iso(next_run),
            # Planned but never run by the scheduler: it runs at the scheduler's first look.
            "due": planning.interval is not None and (next_run is None or next_run <= now),
            "state": "busy" if busy else "ready",
            "last_run": None if last is None else _last_run_json(last, busy)}


def _last_run_json(last: dict, busy: bool) -> dict:
    summary = last["summary"]
    data = {"at": _iso(last["started_at"]), "finished_at": _iso(last["finished_at"])}
    if summary is None:
        # No summary: still running, or the process was killed (its lock is gone: Ready).
        data.update(created=None, skipped=None, failed=None, interrupted=not busy)
        return data
    data.update({key: summary.get(key, 0) for key in ("created", "skipped", "failed", "unchanged")})
    for key in ("error", "stopped"):
        if summary.get(key):
            data[key] = summary[key]
    return data


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _when(value: str) -> str:
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


def status_line(s: dict) -> str:
    """The manual's status line: "Gereed" when idle, what it does when busy, then the planning
    and the last run."""
    last = s["last_run"]
    state = "Bezig / Busy" if s["state"] == "busy" else "Gereed / Ready"
    if s["state"] == "busy" and last and last["finished_at"] is None:
        state += f": importing orders since {_when(last['at'])}"
    if s["interval"] == "off":
        planned = "planning off (run now only)"
    elif s["next_run"] is None:
        planned = f"every {s['interval']}, first run when the scheduler starts"
    else:
        planned = f"every {s['interval']}, next run {_when(s['next_run'])}"
    if last is None:
        ran = "never run"
    elif last["created"] is None:
        ran = f"last run {_when(last['at'])}" + (" was interrupted" if last.get("interrupted") else " in progress")
    else:
        ran = (f"last run {_when(last['at'])}: created {last['created']}, skipped {last['skipped']}, "
               f"failed {last['failed']}")
        if last.get("error"):
            ran += f" (stopped: {last['error']})"
        elif last.get("stopped"):
            ran += " (stopped on request; the rest follows)"
    name = s["profile"] + (f" ({s['description']})" if s.get("description") else "")
    return f"{name}: {state}; {planned}; {ran}"


def status(out: Console, lines: list[dict]) -> None:
    for s in lines:
        out.print(plain(status_line(s)), soft_wrap=True)


def log_json(record) -> dict:
    """A log entry for `log --json`; totals as exact text, like `history --json`."""
    return {"at": record.at.isoformat(), "profile": record.profile, "run": record.run_id,
            "order": record.order_number, "level": record.level, "message": record.message,
            "sales_order": record.sales_order, "customer": record.customer,
            "shop_total": None if record.shop_total is None else str(record.shop_total),
            "booked_total": None if record.booked_total is None else str(record.booked_total)}


def log_lines(records: list, runs: dict, several: bool = False) -> list[str]:
    """The log as text: a heading per run (when, what it did), then its entries; detailed ones
    indented under the order they belong to."""
    lines, current = [], object()
    for r in records:
        if r.run_id != current:
            current = r.run_id
            run = runs.get(r.run_id)
            if run is not None:
                lines.append(_run_heading(run, several))
        indent = "    " if r.level == "detailed" else "  " if r.run_id is not None else ""
        order = f"order {r.order_number}: " if r.order_number else ""
        who = f"[{r.profile}] " if several and r.run_id is None else ""
        lines.append(f"{r.at:%Y-%m-%d %H:%M:%S} {indent}{who}{order}{r.message}")
    return lines


def _run_heading(run, several: bool) -> str:
    what = f"run {run.id}" + (f" of {run.profile}" if several else "")
    if run.finished_at is None:
        return f"{run.started_at:%Y-%m-%d %H:%M:%S} {what}: not finished (running, or interrupted)"
    summary = run.summary or {}
    done = (f"created {summary.get('created', 0)}, skipped {summary.get('skipped', 0)}, "
            f"failed {summary.get('failed', 0)}")
    if summary.get("error"):
        done += f"; stopped: {summary['error']}"
    elif summary.get("stopped"):
        done += "; stopped on request"
    return f"{run.started_at:%Y-%m-%d %H:%M:%S} {what} (until {run.finished_at:%H:%M:%S}): {done}"


def explanation(out: Console, e) -> None:
    data = e.to_json()
    out.print(line((f"order {data['order']}", "bold"), f" ({data['order_id']})"))
    if data["history"]:
        h = data["history"]
        out.print(plain(f"history: {h['state']} after {h['attempts']} attempt(s)"
                        + (f", sales order {h['sales_order']}" if h["sales_order"] else "")
                        + (f" — {h['last_error']}" if h["last_error"] else "")))
    else:
        out.print(plain("history: not processed yet"))
    out.print(line("customer: ", data["customer"]["explanation"]))
    if data["refused"]:
        out.print(line(("would fail:", "red"), " ", data["refused"]))
        return
    plan = data["plan"]
    out.print(plain(f"template {plan['template']} ({plan['vat_entry']} VAT); description '{plan['description']}'; "
                    f"betalingskenmerk {plan['payment_reference']}"))
    table = Table()
    for column in ("article", "description", "quantity", "unit price", "VAT %", ""):
        table.add_column(column)
    for l in plan["lines"]:
        table.add_row(*cells(l["article"], l["description"] or "(from SnelStart)", l["quantity"],
                             l["unit_price"] or "(from SnelStart)", l["vat_rate"] or "",
                             "recipe" if l["recipe"] else ""))
    out.print(table)
    for key in ("cost_type_1", "cost_type_2"):
        if plan[key] != "0":
            out.print(plain(f"{key}: {plan[key]}"))
    if plan["new_relation"]:
        out.print(plain(f"new customer: {plan['new_relation']}"))
    for note in plan["notes"]:
        out.print(plain(f"- {note}"))
    for warning in plan["warnings"]:
        out.print(line(("warning:", "yellow"), " ", warning))
    out.print(plain(f"shop total {plan['shop_total']}, planned {plan['planned_total'] or '(prices from SnelStart)'}"))
