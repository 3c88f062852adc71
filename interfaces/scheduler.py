"""`sconnect schedule`: run every profile's import of orders at its planned times until stopped.

Profiles run in parallel, one run per profile at a time. SIGTERM or Ctrl-C stops it cleanly:
each run finishes the order in hand, the rest waits for the next start, and the exit code is 0
(a second signal stops at once; exactly once survives that too). The configuration file is read
again when it changes; a broken new version is reported in one line and the old one kept.
`--once` runs what is due now and exits, for cron and systemd timers.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

from typing import TYPE_CHECKING

import typer

from domain.errors import Busy, ConfigurationError, SConnectError
from infrastructure.state.redact import redact
from interfaces.commands import choices, command, held_line, release_command
from interfaces.plain import plain
from interfaces.layout import console
from interfaces.service import environment_file, open_to_others
from interfaces.wiring import load, shared, wire

if TYPE_CHECKING:  # the run's machinery is loaded when a run starts, not for `sconnect --help`
    from infrastructure.config import Config
    from application.run_due_tasks import Planned, RunDueTasks, TickResult
    from application.run_report import RunReport

out = console()
err = console(stderr=True)
WAIT_POLL_SECONDS = 0.5
EXIT_CONFIG = 78


def planning_of(config: Config) -> list[Planned]:
    from application.run_due_tasks import Planned

    return [Planned(p.id, p.planning.interval, p.planning.next_run) for p in config.profiles.values()]


class ConfigWatch:
    """The configuration file, read again when its modification time changes."""

    def __init__(self, option: str | None):
        from infrastructure.config import find_config_path

        self.option = option
        self.path = find_config_path(option, os.environ)
        self.config = load(option)
        self._stamp = self._modified()

    def _modified(self) -> float | None:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return None  # moved away mid-save: wait for it to come back

    def reload(self) -> tuple[Config | None, str]:
        """(the new configuration, "") when the file changed and reads well; (None, the one-line
        reason) when it changed but is broken — the old one stays; (None, "") otherwise."""
        stamp = self._modified()
        if stamp is None or stamp == self._stamp:
            return None, ""
        self._stamp = stamp  # a broken file is reported once, not at every tick
        try:
            config = load(self.option)
        except SConnectError as exc:
            problems = "; ".join(str(exc).splitlines())
            return None, f"configuration not reloaded, the previous one stays: {problems}"
        if Path(config.state_path) != Path(self.config.state_path):
            return None, (f"configuration not reloaded: state.path changed to {config.state_path}; "
                          f"restart the scheduler to use it")
        self.config = config
        return config, ""


def run_when_free(run: Callable[[], RunReport], wait: bool, timeout: float | None,
                  on_wait: Callable[[], None] = lambda: None,
                  sleep: Callable[[float], None] = time.sleep,
                  monotonic: Callable[[], float] = time.monotonic) -> RunReport:
    """`run()`, or when the profile is busy (another process runs it): raise Busy, or with
    `wait` try again until it is free — at most `timeout` seconds (None: as long as it takes)."""
    deadline = None if timeout is None else monotonic() + timeout
    told = False
    while True:
        try:
            return run()
        except Busy:
            if not wait or (deadline is not None and monotonic() >= deadline):
                raise
            if not told:
                on_wait()
                told = True
            sleep(WAIT_POLL_SECONDS if deadline is None else max(0.0, min(WAIT_POLL_SECONDS, deadline - monotonic())))


def result_line(result: TickResult, release: Callable[[str, list[str]], str] | None = None) -> str:
    """One finished run in one line; `release(profile, held)` makes the command that releases
    the profile's held orders (named in every line while there are any)."""
    when = "next run " + (f"{result.next_run:%Y-%m-%d %H:%M}" if result.next_run else "not planned")
    if result.error:
        # Several configuration problems are one line here: the line is the profile's result.
        return redact(f"{result.profile}: not run: {'; '.join(result.error.splitlines())}; {when}")
    report = result.report
    assert report is not None
    data = report.to_json()
    line = (f"{result.profile}: booked {data['created']}, skipped {data['skipped']}, "
            f"failed {data['failed']}")
    if report.error:
        line += f"; stopped early: {report.error}"
    elif report.stopped:
        line += "; stopped on request, the remaining orders follow at the next start"
        when = "runs again at the next start"
    line = f"{line}; {when}"
    if report.held:
        line += "; " + held_line(report.held, release(result.profile, report.held) if release else "retry")
    return redact(line)


def schedule(ctx: typer.Context,
             once: bool = typer.Option(False, "--once", help="Run what is due now, then stop (cron, systemd timers)."),
             tick: float = typer.Option(30.0, min=0.05, help="Seconds between looks at the planning.")) -> None:
    """Run due tasks until stopped: every profile's import of orders at its planned times."""
    from dependency_injector import providers

    from application.run_due_tasks import RunDueTasks
    from interfaces import licensing  # imports the container: only when the scheduler runs
    from interfaces.progress import progress_board

    watch = ConfigWatch((ctx.find_root().obj or {}).get("config"))
    # A profile missing its key says so when it is due; the others run.
    first = shared(watch.config)
    state, clock = first.container.state(), first.container.clock()
    stop = threading.Event()
    _stop_on_signals(stop)
    # Bars only when both streams are the same terminal: the result lines go through the bars'
    # console then, and a script reading stdout never sees a redrawn bar.
    with progress_board(err, enabled=out.is_terminal) as board:
        emit = (lambda line: board.print(line)) if board is not None else (
            lambda line: out.print(plain(line), soft_wrap=True))

        refused: set[str] = set()

        def run_import(profile_id: str) -> RunReport:
            wired = wire(watch.config, profile_id, secrets=False)
            wired.container.state.override(providers.Object(state))  # one state store for all
            try:
                licensing.require_licensed(watch.config, profile_id, wired.container)
            except ConfigurationError:
                refused.add(profile_id)
                raise
            if watch.config.secrets_needed:
                wired.profile.require_secrets()
            bar = board.bar(profile_id) if board is not None else None
            try:
                with choices(wired):
                    return wired.container.import_orders().run(progress=bar, stop=stop.is_set)
            finally:
                wired.close()
                if bar is not None:
                    bar.close()

        def line(result: TickResult) -> str:
            return result_line(result, lambda profile, held: release_command(watch.config, profile, held))

        scheduler = RunDueTasks(planning_of(watch.config), state, clock, run_import,
                                on_finish=None if once else (lambda result: emit(line(result))))
        for warning in licensing.run_warnings(first.container):
            emit(f"warning: {warning}")
        secrets_file = environment_file(watch.config.path)
        if open_to_others(secrets_file):  # the service's secrets (service install)
            emit(f"warning: {secrets_file} can be read by other users of this computer; it holds secrets: "
                 f"run `chmod 600 {secrets_file}`")
        if once:
            results = scheduler.tick()
            if not results:
                emit(_nothing_due(watch.config, scheduler))
            for result in results:
                emit(line(result))
            if refused:  # a profile beyond the licence was due: the others ran, and exit 78 says so
                raise typer.Exit(EXIT_CONFIG)
            return
        emit(_started(watch.config))
        while not stop.is_set():
            try:
                _look(watch, scheduler, emit)
            except SConnectError as exc:  # the state database locked or gone for now: next tick
                emit(redact(f"planning not read: {exc}"))
            stop.wait(tick)
        if scheduler.running:
            emit(f"stopping: {', '.join(sorted(scheduler.running))} finish the order in hand")
        scheduler.wait()
        _release_planning(state, watch)
        emit("scheduler stopped")


def _look(watch: ConfigWatch, scheduler: RunDueTasks, emit: Callable[[str], None]) -> None:
    """One look: a changed configuration first, then start what is due."""
    from interfaces.planning_marker import claim_planning

    # Says to a console that this scheduler plans these profiles (it plans them all).
    claim_planning(scheduler.state, list(watch.config.profiles), scheduler.clock.now())
    config, problem = watch.reload()
    if problem:
        emit(redact(problem))
    elif config is not None:
        replanned = scheduler.replan(planning_of(config))
        emit("configuration reloaded" + (f"; new planning for {', '.join(replanned)}" if replanned else ""))
    scheduler.start_due()


def _nothing_due(config: Config, scheduler: RunDueTasks) -> str:
    """`schedule --once` that ran nothing says why, so a timer's journal is not silent."""
    from application.run_due_tasks import Planned

    planned = [p for p in config.profiles.values() if p.planning.interval]
    if not planned:
        return (f"nothing to run: no profile has planned runs (planning.interval is off in {config.path}); "
                f"run a profile now with: {command('run', config=config.path)}"
                + (" --profile ID" if len(config.profiles) > 1 else ""))
    upcoming = []
    for p in planned:
        at = scheduler.next_run(Planned(p.id, p.planning.interval, p.planning.next_run))
        upcoming.append(f"{p.id} at {at:%Y-%m-%d %H:%M}" if at else p.id)
    return f"nothing due now; next: {', '.join(upcoming)}"


def _started(config: Config) -> str:
    active = [f"{p.id} every {p.planning.interval_name}" for p in config.profiles.values() if p.planning.interval]
    return f"scheduler started: {', '.join(active) or 'no profile has planned runs'}"


def _stop_on_signals(stop: threading.Event) -> None:
    """First SIGTERM/SIGINT: finish the orders in hand, then stop. A second one: stop now."""
    def handler(signum, _frame) -> None:
        if not stop.is_set():
            stop.set()
            return
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, handler)


def _release_planning(state, watch: ConfigWatch) -> None:
    from interfaces.planning_marker import release_planning

    try:
        release_planning(state, list(watch.config.profiles))
    except SConnectError:
        pass  # the markers go with this process anyway
