"""The task planning of SPEC §7: when *import orders* runs next.

When the task has run at `next_run`, `next_run` advances by the interval; if that is still in
the past (the program was not running for a while) the interval is added again until it lies
in the future — the task never runs several times in a row to catch up.

Times are naive wall-clock times of the Netherlands, as everywhere in S-Connect: a task planned
"every day at 06:00" stays at 06:00 across the switch to and from summer time.
"""
from __future__ import annotations

from datetime import datetime, timedelta

# The choices of the original program's task planning [2.7], by the names the configuration
# uses (`planning.interval`); None = off: only *run now* runs the task.
INTERVALS: dict[str, timedelta | None] = {
    "off": None,
    "5m": timedelta(minutes=5),
    "10m": timedelta(minutes=10),
    "15m": timedelta(minutes=15),
    "30m": timedelta(minutes=30),
    "1h": timedelta(hours=1),
    "2h": timedelta(hours=2),
    "4h": timedelta(hours=4),
    "8h": timedelta(hours=8),
    "12h": timedelta(hours=12),
    "1d": timedelta(days=1),
}


def interval_named(name: str) -> timedelta | None:
    """The interval called `name` ("15m", "off", …); KeyError for a name that is no choice."""
    return INTERVALS[name.strip().lower()]


def interval_name(interval: timedelta | None) -> str:
    for name, value in INTERVALS.items():
        if value == interval:
            return name
    raise ValueError(f"interval {interval} is not one of the planning choices")


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
