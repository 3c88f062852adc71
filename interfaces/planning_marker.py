"""Which scheduler plans a profile: a marker in the state store's locks (`scheduler:<profile>`;
no profile id has a ':'), held by the scheduling process and free once that process is gone
(infrastructure/state/process.py). `sconnect schedule` takes it for every profile at each look;
the console shows who plans each profile, and its --schedule leaves to another scheduler the
profiles it plans — no second scheduler for a profile."""
from __future__ import annotations

from datetime import datetime

from infrastructure.state.process import this_process

PLANNING_TTL_SECONDS = 24 * 3600  # renewed at every look; a dead scheduler's is free at once


def planning_marker(profile: str) -> str:
    return f"scheduler:{profile}"


def claim_planning(state, profiles, now: datetime, holder: str | None = None) -> list[str]:
    """Take (or renew) the marker of each profile; the profiles this process plans."""
    holder = holder or this_process()
    return [p for p in profiles if state.acquire_lock(planning_marker(p), holder, now, PLANNING_TTL_SECONDS)]


def release_planning(state, profiles, holder: str | None = None) -> None:
    holder = holder or this_process()
    for profile in profiles:
        state.release_lock(planning_marker(profile), holder)
