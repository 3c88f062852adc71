"""The Uitvoering tab's task rows and the status line (manual §3.1–3.2), from the same
`status_json` as `sconnect status`, with the live progress of the runs in this console."""
from __future__ import annotations

from datetime import datetime

from infrastructure.state.process import this_process
from interfaces.console.runs import Runs
from interfaces.planning_marker import planning_marker
from interfaces.render_status import status_json


def _when(value: str | None) -> str:
    return "" if value is None else datetime.fromisoformat(value).strftime("%d-%m-%Y %H:%M")


def planned_by(state, profile: str, now: datetime, t) -> str:
    """Who plans the profile's runs: this console (--schedule), another scheduler, or nobody."""
    holder = state.lock_holder(planning_marker(profile), now)
    if holder is None:
        return ""
    return t("planned_here") if holder == this_process() else t("planned_elsewhere")


def task_rows(config, state, runs: Runs, now: datetime, t, not_licensed=()) -> list[dict]:
    """A row per profile; `not_licensed`: the profiles beyond the licence (they do not run)."""
    rows = []
    for profile in config.profiles.values():
        s = status_json(profile, state, now)
        activity = runs.activity(profile.id)
        rows.append({
            "profile": profile.id, "description": profile.description,
            "interval": t("planning_off") if s["interval"] == "off" else s["interval"],
            "next_run": ("" if s["interval"] == "off" else _when(s["next_run"]) or t("at_scheduler_start")),
            "last_run": _last_run(s["last_run"], t),
            "planned_by": "" if s["interval"] == "off" else planned_by(state, profile.id, now, t),
            "busy": s["state"] == "busy" or activity.running,
            "doing": doing(activity, s["state"] == "busy", t),
            "error": t("last_error", error=activity.error) if activity.error and not activity.running else "",
            "licensed": profile.id not in not_licensed,
        })
    return rows


def _last_run(last: dict | None, t) -> str:
    if last is None:
        return t("never_run")
    at = _when(last["at"])
    if last["created"] is None:
        return t("run_interrupted" if last.get("interrupted") else "run_in_progress", at=at)
    text = t("run_counts", at=at, created=last["created"], skipped=last["skipped"], failed=last["failed"])
    return text + (t("run_stopped", error=last["error"]) if last.get("error") else "")


def doing(activity, locked: bool, t) -> str:
    """What a profile is doing now, in a few words; "" when nothing."""
    if activity.running:
        if activity.phase == "fetching":
            return t("fetching")
        if activity.done == 0:
            return t("booking_start", total=activity.total)
        return t("booking", order=activity.order, done=activity.done, total=activity.total)
    return t("elsewhere") if locked else ""


def status_line(rows: list[dict], t) -> str:
    """"Gereed", or "Bezig: <profile>: <what>" for each busy profile."""
    busy = [f"{r['profile']}: {r['doing']}" for r in rows if r["busy"]]
    return t("gereed") if not busy else f"{t('bezig')} — " + "; ".join(busy)


def live(config, state, runs: Runs, now: datetime, t) -> dict:
    """The status stream's message: the status line and each profile's state."""
    rows = task_rows(config, state, runs, now, t)
    return {"status": status_line(rows, t), "busy": any(r["busy"] for r in rows),
            "profiles": {r["profile"]: {"busy": r["busy"], "doing": r["doing"], "last_run": r["last_run"]}
                         for r in rows}}
