"""The scheduler's work: run *import orders* for every profile whose planned time has come, then
plan its next run (SPEC §7).

Profiles run in parallel, each in a thread of its own, one run per profile at a time: a shop
with hundreds of orders must not hold up another shop's quarter-hourly run. Across processes a
profile's lock does the same (a manual *run now* makes the planned run say Busy). A profile
that fails — unreachable, misconfigured, a bug — is reported and planned again; it never stops
the others.

A stored plan is kept with the planning it was made from (interval and configured first run).
When the configuration says otherwise, the plan is made anew — in whichever process looks: a
scheduler that reloaded the file, one started later, or `schedule --once` from a timer.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Callable, Protocol

from domain.errors import SConnectError
from domain.planning import advance, is_due

if TYPE_CHECKING:  # `status` plans with this module, and needs neither the ports nor a run's report
    from application.ports import Clock, StoredPlan
    from application.run_report import RunReport


def __getattr__(name: str):
    """`from application.run_due_tasks import StoredPlan` (as the tests do) still works: the
    ports are loaded then, not when `status` imports this module."""
    if name in ("Clock", "StoredPlan"):
        from application import ports

        return getattr(ports, name)
    if name == "RunReport":
        from application.run_report import RunReport

        return RunReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Planned:
    profile: str
    interval: timedelta | None  # None: planned runs are off
    first_run: datetime | None  # planning.next_run from the configuration


class TaskPlans(Protocol):
    """What the scheduler needs of the state store: each profile's plan and its planning."""

    def planned_task(self, profile: str) -> StoredPlan | None: ...
    def set_next_run(self, profile: str, value: datetime, interval: timedelta | None = None,
                     first_run: datetime | None = None) -> None: ...


@dataclass(frozen=True)
class TickResult:
    profile: str
    report: RunReport | None
    error: str = ""
    next_run: datetime | None = None


def next_run_of(task: Planned, stored: StoredPlan | None, now: datetime | None) -> datetime | None:
    """When the task runs next: the stored plan when it was made from the task's planning (or
    the planning is not known); else the configured first run, else at once (`now`). None: off."""
    if task.interval is None:
        return None
    if stored is not None and (stored.interval is None or stored.made_for(task.interval, task.first_run)):
        return stored.next_run
    return task.first_run or now


class RunDueTasks:
    def __init__(self, planned: list[Planned], state: TaskPlans, clock: Clock,
                 run_import: Callable[[str], RunReport],
                 on_finish: Callable[[TickResult], None] | None = None):
        """`run_import(profile)` runs the task once. Finished runs are collected for `finished()`,
        or, when `on_finish` is given, handed to it at once from the thread that ran them."""
        self.planned, self.state, self.clock, self.run_import = list(planned), state, clock, run_import
        self.on_finish = on_finish
        self._guard = threading.Lock()
        self._running: dict[str, threading.Thread] = {}
        self._finished: list[TickResult] = []
        # Per profile, how often it was replanned here: a run that ends in another generation
        # than it started in must not overwrite the new plan with one from the old planning.
        self._generation: dict[str, int] = {}

    def next_run(self, task: Planned) -> datetime | None:
        """When the task runs next (`next_run_of`). A plan made from another planning is
        replaced here, by whichever process looks first: `schedule --once` from a timer and a
        restarted scheduler see a changed configuration too, not only a scheduler that was
        running when the file changed."""
        stored = None if task.interval is None else self.state.planned_task(task.profile)
        if stored is not None and stored.interval is None:
            # Stored before the planning was kept with it: taken as made from today's planning,
            # as it always was, so an upgrade does not add a run.
            self.state.set_next_run(task.profile, stored.next_run, task.interval, task.first_run)
        elif stored is not None and not stored.made_for(task.interval, task.first_run):
            return self._plan_anew(task)
        return next_run_of(task, stored, self.clock.now())

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
            with self._guard:
                generation = self._generation.get(task.profile, 0)
            worker = threading.Thread(target=self._run, args=(task, planned, generation),
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
        self.planned = list(planned)
        changed = []
        for task in self.planned:
            if task.interval is None:
                continue
            stored = self.state.planned_task(task.profile)
            if stored is not None and stored.interval is not None:
                differs = not stored.made_for(task.interval, task.first_run)
            else:  # never run, or planned by an older S-Connect: what this process had in force
                differs = before.get(task.profile, task) != task
            if differs:
                self._plan_anew(task)
                changed.append(task.profile)
        return changed

    def _plan_anew(self, task: Planned) -> datetime:
        assert task.interval is not None
        first = task.first_run or self.clock.now()
        with self._guard:
            self._generation[task.profile] = self._generation.get(task.profile, 0) + 1
        self.state.set_next_run(task.profile, first, task.interval, task.first_run)
        return first

    def _run(self, task: Planned, planned: datetime, generation: int) -> None:
        report, error, following = None, "", None
        try:
            report = self.run_import(task.profile)
        except SConnectError as exc:  # unreachable, busy, misconfigured: try again next time
            error = str(exc)
        except Exception as exc:  # a bug must not stop the other profiles, nor repeat at once
            error = f"unexpected error: {type(exc).__name__}: {exc}"
        try:
            with self._guard:
                replanned = self._generation.get(task.profile, 0) != generation
            if replanned:
                following = self._after_a_replan(task.profile, stopped=report is not None and report.stopped)
            elif report is not None and report.stopped:
                # Stopped on request (SIGTERM) with orders left: not a whole run, so the plan
                # stays and a restart runs the rest at once — once.
                following = planned
            else:
                assert task.interval is not None
                following = advance(planned, task.interval, self.clock.now())
                self.state.set_next_run(task.profile, following, task.interval, task.first_run)
        except SConnectError as exc:  # the state database is gone for now: the plan is unchanged
            error = "; ".join(filter(None, [error, f"next run not planned: {exc}"]))
        result = TickResult(task.profile, report, error, following)
        with self._guard:
            if self.on_finish is None:
                self._finished.append(result)
            self._running.pop(task.profile, None)
        if self.on_finish is not None:
            self.on_finish(result)

    def _after_a_replan(self, profile: str, stopped: bool) -> datetime | None:
        """The planning changed while this run was in hand: the new plan stands. When its time
        has come meanwhile, this run counts as its run, and the next follows on its grid (a run
        stopped on request leaves it due, so a restart runs the rest)."""
        task = next((t for t in self.planned if t.profile == profile), None)
        stored = self.state.planned_task(profile)
        if task is None or task.interval is None or stored is None:
            return None
        now = self.clock.now()
        if stopped or not is_due(stored.next_run, now):
            return stored.next_run
        following = advance(stored.next_run, task.interval, now)
        self.state.set_next_run(profile, following, task.interval, task.first_run)
        return following
