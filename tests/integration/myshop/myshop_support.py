"""Shared values of the myShop integration tests (a module with a unique name, so test
modules can import it whatever other conftest.py files exist)."""
from __future__ import annotations

from datetime import datetime, timedelta
from importlib import resources

SHOP = "1817700"
KEY = "3F9A1C2B7D-test-key"
NOW = datetime(2024, 3, 4, 12, 0, 0)


def demo_xml() -> bytes:
    return resources.files("interfaces.demo").joinpath("orders.xml").read_bytes()


class SteppingClock:
    """Moves `step` forward on every look: every rpc id is older than its lifetime when used."""

    def __init__(self, start: datetime, step: timedelta, *, steps: int | None = None):
        self._now, self._step, self._steps = start, step, steps

    def now(self) -> datetime:
        current = self._now
        if self._steps is None or self._steps > 0:
            self._now += self._step
            if self._steps is not None:
                self._steps -= 1
        return current
