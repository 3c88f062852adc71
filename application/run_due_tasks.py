"""The scheduler's one tick: run *import orders* for every profile whose planned time has come,
then plan its next run (SPEC §7). Different profiles run one after the other here; a profile
already running elsewhere (a manual *run now*) is not run twice — its lock says Busy."""
from __future__ import annotations

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
                 run_import: Callable[[str], RunReport]):
        self.planned, self.state, self.clock, self.run_import = planned, state, clock, run_import

    def next_run(self, task: Planned) -> datetime | None:
        """The stored plan, else the configured first run, else at once."""
        if task.interval is None:
            return None
        return self.state.next_run(task.profile) or task.first_run or self.clock.now()

    def tick(self) -> list[TickResult]:
        results = []
        for task in self.planned:
            planned = self.next_run(task)
            if planned is None or not is_due(planned, self.clock.now()):
                continue
            report, error = None, ""
            try:
                report = self.run_import(task.profile)
            except SConnectError as exc:  # unreachable, busy, misconfigured: try again next time
                error = str(exc)
            except Exception as exc:  # a bug must not stop the other profiles, nor repeat at once
                error = f"unexpected error: {type(exc).__name__}: {exc}"
            assert task.interval is not None
            following = advance(planned, task.interval, self.clock.now())
            self.state.set_next_run(task.profile, following)
            results.append(TickResult(task.profile, report, error, following))
        return results
