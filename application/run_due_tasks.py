"""The scheduler's work: run *import orders* for every profile whose planned time has come, then
plan its next run (SPEC §7).

Profiles run in parallel, each in a thread of its own, one run per profile at a time: a shop
with hundreds of orders must not hold up another shop's quarter-hourly run. Across processes a
profile's lock does the same (a manual *run now* makes the planned run say Busy). A profile
that fails — unreachable, misconfigured, a bug — is reported and planned again; it never stops
the others.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from domain.errors import SConnectError
from domain.planning import advance, is_due

from application.ports import Clock, StateStore
from application.run_report import RunReport


@dataclass(frozen=True)
class Planned:
    profile: str
    interval: timedelta | None  # None: planned runs are off
    first_run: datetime | None  # planning.next_run from the configuration


@dataclass(frozen=True)
class TickResult:
    profile: str
    report: RunReport | None
    error: str = ""
    next_run: datetime | None = None


class RunDueTasks:
    def __init__(self, planned: list[Planned], state: StateStore, clock: Clock,
                 run_import: Callable[[str], RunReport],
                 on_finish: Callable[[TickResult], None] | None = None):
        """`run_import(profile)` runs the task once. Finished runs are collected for `finished()`,
        or, when `on_finish` is given, handed to it at once from the thread that ran them."""
        self.planned, self.state, self.clock, self.run_import = list(planned), state, clock, run_import
        self.on_finish = on_finish
        self._guard = threading.Lock()
        self._running: dict[str, threading.Thread] = {}
        self._finished: list[TickResult] = []

    def next_run(self, task: Planned) -> datetime | None:
        """The stored plan, else the configured first run, else at once."""
        if task.interval is None:
            return None
        return self.state.next_run(task.profile) or task.first_run or self.clock.now()

    @property
    def running(self) -> set[str]:
        with self._guard:
            return set(self._running)

    def start_due(self) -> list[str]:
        """Start a run for every due profile that is not running yet; the profiles started."""
        started = []
        for task in list(self.planned):
            if task.profile in self.running:
                continue  # one run per profile at a time: its next turn comes after this one
            planned = self.next_run(task)
            if planned is None or not is_due(planned, self.clock.now()):
                continue
            worker = threading.Thread(target=self._run, args=(task, planned),
                                      name=f"import-orders-{task.profile}", daemon=True)
            with self._guard:
                self._running[task.profile] = worker
            worker.start()
            started.append(task.profile)
        return started

    def finished(self) -> list[TickResult]:
        """The runs that finished since the last call, in the order of the planning."""
        with self._guard:
            done, self._finished = self._finished, []
        order = {task.profile: i for i, task in enumerate(self.planned)}
        return sorted(done, key=lambda r: order.get(r.profile, len(order)))

    def wait(self, timeout: float | None = None) -> list[TickResult]:
        """Wait for the runs in hand (at most `timeout` seconds each), then what finished."""
        with self._guard:
            workers = list(self._running.values())
        for worker in workers:
            worker.join(timeout)
        return self.finished()

    def tick(self) -> list[TickResult]:
        """One look at the planning: run what is due (in parallel) and wait for it."""
        self.start_due()
        return self.wait()

    def replan(self, planned: list[Planned]) -> list[str]:
        """A new configuration's planning. A profile whose interval or first run changed starts
        again from its configured first run (or at once): a user who shortens 1h to 5m expects
        it to take effect now, not after the hour already planned. The profiles re-planned."""
        before = {task.profile: task for task in self.planned}
        changed = []
        for task in planned:
            old = before.get(task.profile)
            if old is not None and old != task and task.interval is not None:
                self.state.set_next_run(task.profile, task.first_run or self.clock.now())
                changed.append(task.profile)
        self.planned = list(planned)
        return changed

    def _run(self, task: Planned, planned: datetime) -> None:
        report, error, following = None, "", None
        try:
            report = self.run_import(task.profile)
        except SConnectError as exc:  # unreachable, busy, misconfigured: try again next time
            error = str(exc)
        except Exception as exc:  # a bug must not stop the other profiles, nor repeat at once
            error = f"unexpected error: {type(exc).__name__}: {exc}"
        try:
            if report is not None and report.stopped:
                # Stopped on request (SIGTERM) with orders left: not a whole run, so the plan
                # stays and a restart runs the rest at once — once.
                following = planned
            else:
                assert task.interval is not None
                following = advance(planned, task.interval, self.clock.now())
                self.state.set_next_run(task.profile, following)
        except SConnectError as exc:  # the state database is gone for now: the plan is unchanged
            error = "; ".join(filter(None, [error, f"next run not planned: {exc}"]))
        result = TickResult(task.profile, report, error, following)
        with self._guard:
            if self.on_finish is None:
                self._finished.append(result)
            self._running.pop(task.profile, None)
        if self.on_finish is not None:
            self.on_finish(result)
