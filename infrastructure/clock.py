"""The wall clock. myShop and SnelStart both speak zone-less wall-clock time of the Netherlands
(Europe/Amsterdam), whatever zone the machine running S-Connect is set to: a machine east of
Amsterdam would otherwise place the shop's cursor in the future and miss orders."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(AMSTERDAM).replace(tzinfo=None, microsecond=0)


class FixedClock:
    """For tests and the demo: a clock that only moves when told."""

    def __init__(self, now: datetime):
        self._now = now

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta) -> None:
        self._now += timedelta(**delta)
