"""A world for the scheduler: a fixed clock, a real SQLite state file, and per profile a shop
that is a list and a memory administration, booked by the real *import orders*."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from application.import_orders import ImportOrders
from application.run_due_tasks import Planned, RunDueTasks
from application.run_report import RunReport
from domain.matching import strategy_for
from fakes import T0, FakeOrderSource, make_order
from infrastructure.clock import FixedClock
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import load_snapshot
from infrastructure.state.store import SqliteStateStore

# Imported as a namespace package (tests/ is on the path): the use-case world's administration.
from integration.use_case.use_case_world import SNAPSHOT, settings


class Shop:
    """One profile's outside world: its shop and its SnelStart administration."""

    def __init__(self, profile: str, clock, orders=()):
        self.profile = profile
        self.source = FakeOrderSource(clock, orders)
        self.administration = MemoryAdministration.from_snapshot(load_snapshot(SNAPSHOT))
        self.gateway = self.administration
        self.settings = replace(settings(), id=profile)

    def booked(self) -> list[str]:
        """The betalingskenmerken of the sales orders S-Connect made (the snapshot's own is '9')."""
        return sorted((o.payment_reference for o in self.administration.snapshot().sales_orders
                       if o.payment_reference != "9"), key=int)


class SchedulerWorld:
    def __init__(self, folder: Path):
        self.folder = folder
        self.clock = FixedClock(T0.replace(hour=12))
        self.state = SqliteStateStore(folder / "state.sqlite", clock=self.clock)
        self.shops: dict[str, Shop] = {}
        self.calls: list[tuple[str, object]] = []
        self._guard = threading.Lock()

    def shop(self, profile: str, numbers=()) -> Shop:
        orders = [make_order(n) for n in numbers]
        self.shops[profile] = Shop(profile, self.clock, orders)
        return self.shops[profile]

    def import_orders(self, profile: str, state=None, holder: str | None = None, **overrides) -> ImportOrders:
        shop = self.shops[profile]
        parts = dict(settings=shop.settings, source=shop.source, administration=shop.administration,
                     gateway=shop.gateway, state=state or self.state, clock=self.clock,
                     matcher=strategy_for(shop.settings.customers), holder=holder)
        parts.update(overrides)
        return ImportOrders(**parts)

    def run_import(self, stop=None, state=None):
        """A run_import for RunDueTasks that books for real and notes each call."""
        def run(profile: str) -> RunReport:
            with self._guard:
                self.calls.append((profile, self.clock.now()))
            return self.import_orders(profile, state=state).run(stop=stop)
        return run

    def scheduler(self, planned: list[Planned], run_import=None, state=None) -> RunDueTasks:
        state = state or self.state
        return RunDueTasks(planned, state, self.clock, run_import or self.run_import(state=state))

    def runs_of(self, profile: str) -> int:
        return sum(1 for p, _ in self.calls if p == profile)


def every(profile: str, minutes: int, first=None) -> Planned:
    return Planned(profile, timedelta(minutes=minutes), first)
