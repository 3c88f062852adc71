"""The task planning of SPEC §7: when *import orders* runs next.

When the task has run at `next_run`, `next_run` advances by the interval; if that is still in
the past (the program was not running for a while) the interval is added again until it lies
in the future — the task never runs several times in a row to catch up.
"""
from __future__ import annotations

from datetime import datetime, timedelta


def is_due(next_run: datetime, now: datetime) -> bool:
    return next_run <= now


def advance(next_run: datetime, interval: timedelta, now: datetime) -> datetime:
    """The next run after the one planned at `next_run`, strictly after `now`, on the same grid
    (next_run + k × interval), so a task planned at 10:00 every 15 minutes stays on the quarter."""
    if interval <= timedelta(0):
        raise ValueError("a planning interval must be positive")
    following = next_run + interval
    if following <= now:
        following += ((now - following) // interval + 1) * interval
    return following
