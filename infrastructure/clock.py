"""The wall clock. myShop and SnelStart both speak zone-less local time (Europe/Amsterdam)."""
from __future__ import annotations

from datetime import datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


class FixedClock:
    """For tests and the demo: a clock that only moves when told."""

    def __init__(self, now: datetime):
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta) -> None:
        from datetime import timedelta

        self._now += timedelta(**delta)
