"""The console's runs: *Nu uitvoeren* and (with --schedule) the planned runs, each the same
use case the CLI calls (`ImportOrders.run` from the container), in a thread of its own, with
their progress kept for the status line (manual §3.2).

One run per profile at a time in this process; across processes the state store's lock says
busy, as it does for `sconnect run` (the lock's holder is the process, so this process must
keep its own threads apart itself). Every change bumps `version`, which the status stream
(server-sent events) waits on.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from domain.errors import Busy, SConnectError
from application.run_report import RunReport
from infrastructure.state.redact import redact


@dataclass
class Activity:
    """What one profile's run is doing now, or did last in this process."""

    profile: str
    running: bool = False
    phase: str = "fetching"  # fetching | booking
    done: int = 0
    total: int = 0
    order: str = ""
    started: datetime | None = None
    report: RunReport | None = None  # the last finished run started here
    error: str = ""  # why the last run started here did not run or stopped
    scheduled: bool = False


class ActivityProgress:
    """application.run_report.Progress for the console: counts kept in the Activity."""

    def __init__(self, runs: Runs, activity: Activity):
        self._runs, self._activity = runs, activity

    def start(self, total: int) -> None:
        with self._runs.guard:
            self._activity.phase, self._activity.total = "booking", max(total, self._activity.done)
        self._runs.changed()

    def advance(self, order: str, status: str) -> None:
        with self._runs.guard:
            a = self._activity
            a.done += 1
            a.total = max(a.total, a.done)  # retries by number may add orders beyond the list
            a.order = order
        self._runs.changed()


@dataclass
class Runs:
    """Starts runs and keeps what they do. `run_import(profile, progress, stop)` is the use case
    (wired per run by the console); `now()` the clock."""

    run_import: Callable[..., RunReport]
    now: Callable[[], datetime]
    activities: dict[str, Activity] = field(default_factory=dict)
    version: int = 0

    def __post_init__(self) -> None:
        self.guard = threading.Lock()
        self._changed = threading.Condition()
        self.stop_requested = threading.Event()

    def changed(self) -> None:
        with self._changed:
            self.version += 1
            self._changed.notify_all()

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """The version after a change past `seen`, or after `timeout` seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout)
            return self.version

    def activity(self, profile: str) -> Activity:
        with self.guard:
            return self.activities.setdefault(profile, Activity(profile))

    def running(self, profile: str) -> bool:
        with self.guard:
            a = self.activities.get(profile)
            return a is not None and a.running

    def start(self, profile: str) -> None:
        """*Nu uitvoeren*: start the run in a thread and return at once. Busy when this process
        runs the profile already (another process's run says Busy from the run itself)."""
        self._claim(profile, scheduled=False)
        threading.Thread(target=self._run, args=(profile,), name=f"console-run-{profile}", daemon=True).start()

    def run_now(self, profile: str) -> RunReport:
        """A planned run (--schedule): in the caller's thread; raises like the use case."""
        self._claim(profile, scheduled=True)
        report = self._run(profile)
        if report is None:
            raise SConnectError(self.activity(profile).error)
        return report

    def _claim(self, profile: str, scheduled: bool) -> None:
        with self.guard:
            a = self.activities.setdefault(profile, Activity(profile))
            if a.running:
                raise Busy(f"profile {profile}: import orders is already running; try again later")
            a.running, a.phase, a.done, a.total, a.order = True, "fetching", 0, 0, ""
            a.started, a.error, a.scheduled = self.now(), "", scheduled
        self.changed()

    def _run(self, profile: str) -> RunReport | None:
        a = self.activity(profile)
        report, error = None, ""
        try:
            report = self.run_import(profile, ActivityProgress(self, a), self.stop_requested.is_set)
            error = report.error
        except SConnectError as exc:  # busy elsewhere, unreachable, misconfigured: said, not raised
            error = str(exc)
        except Exception as exc:  # a bug must not take the console down
            error = f"unexpected error: {type(exc).__name__}: {exc}"
        with self.guard:
            a.running, a.report, a.error = False, report, redact(error)
        self.changed()
        return report

    def wait(self, timeout: float) -> None:
        """Let the runs in hand finish their order (used when the console stops)."""
        self.stop_requested.set()
        for thread in threading.enumerate():
            if thread.name.startswith("console-run-"):
                thread.join(timeout)
