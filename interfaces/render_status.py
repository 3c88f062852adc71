"""`sconnect status`: the manual's status line per profile (SPEC §7), and its JSON.

Piped: one line per profile (scripts, grep). On a terminal: the profile and its state, then
planning, last run and held orders each on a line of their own, wrapped at words under their
label, so no time is split over two lines at 80 columns."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Callable

from rich.console import Console

from application.held import held_orders
from application.run_due_tasks import Planned, next_run_of

if TYPE_CHECKING:
    from application.ports import StateStore
from interfaces.commands import held_line, held_sentence
from interfaces.layout import command_line, grid, piped
from interfaces.plain import line, plain


def status_json(profile, state: StateStore, now: datetime, release: Callable[[list[str]], str] | None = None) -> dict:
    """One profile's line of `status --json` (ISO local times); `release(held)` makes the
    command that releases the held orders."""
    # Read, not taken: probing with the lock would make a run starting that moment say Busy.
    busy = state.lock_holder(profile.id, now) is not None
    planning = profile.planning
    # The plan the scheduler will follow: a stored one made from another planning is made anew.
    # (None: planned, but no time yet — it runs at the scheduler's first look.)
    next_run = next_run_of(Planned(profile.id, planning.interval, planning.next_run),
                           state.planned_task(profile.id), None)
    last = state.last_run(profile.id)
    held = held_orders(state, profile.id)
    held_json: dict = {"count": len(held), "orders": held}
    if held and release is not None:
        held_json["release"] = release(held)
    return {"profile": profile.id, "description": profile.description,
            "interval": planning.interval_name,
            "next_run": _iso(next_run),
            # Planned but never run by the scheduler: it runs at the scheduler's first look.
            "due": planning.interval is not None and (next_run is None or next_run <= now),
            "state": "busy" if busy else "ready",
            "last_run": None if last is None else _last_run_json(last, busy),
            "held": held_json}


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


def _parts(s: dict) -> tuple[str, str, str, str]:
    """(profile and its state, planning, last run, held orders or "")."""
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
        ran = (f"last run {_when(last['at'])}: booked {last['created']}, skipped {last['skipped']}, "
               f"failed {last['failed']}")
        if last.get("error"):
            ran += f" (stopped: {last['error']})"
        elif last.get("stopped"):
            ran += " (stopped on request; the rest follows)"
    name = s["profile"] + (f" ({s['description']})" if s.get("description") else "")
    held = s.get("held") or {}
    held_text = held_line(held["orders"], held.get("release", "retry")) if held.get("count") else ""
    return f"{name}: {state}", planned, ran, held_text


def status_line(s: dict) -> str:
    """The manual's status line: "Gereed" when idle, what it does when busy, then the planning,
    the last run and the held orders: one line."""
    return "; ".join(part for part in _parts(s) if part)


def status(out: Console, profiles: list[dict]) -> None:
    for s in profiles:
        if piped(out):
            out.print(plain(status_line(s)), soft_wrap=True)
            continue
        head, planned, ran, _ = _parts(s)
        out.print(line((head, "bold")))
        table = grid("dim")
        table.add_row(plain("  planning"), plain(planned.removeprefix("planning ")))
        table.add_row(plain("  last run"), plain(ran.removeprefix("last run ")))
        held = s.get("held") or {}
        if held.get("count"):
            table.add_row(plain("  held"), plain(held_sentence(held["orders"]).replace(" held (", " (", 1) + ":", "red"))
        out.print(table)
        if held.get("count"):
            command_line(out, held.get("release", "retry"), indent="    ")


