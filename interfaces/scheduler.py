"""`sconnect schedule`: run due tasks until stopped (SIGTERM or Ctrl-C ends it between ticks)."""
from __future__ import annotations

import signal
import threading

import typer
from rich.console import Console

from application.run_due_tasks import Planned, RunDueTasks
from interfaces.wiring import load, wire

out = Console()


def schedule(ctx: typer.Context,
             once: bool = typer.Option(False, "--once", help="One look at the planning, then stop."),
             tick: float = typer.Option(30.0, help="Seconds between looks at the planning.")) -> None:
    """Run due tasks until stopped: every profile's *import orders* at its planned times."""
    config = load((ctx.find_root().obj or {}).get("config"))
    planned = [Planned(p.id, p.planning.interval, p.planning.next_run) for p in config.profiles.values()]
    first = wire(config, next(iter(config.profiles)))
    scheduler = RunDueTasks(planned, first.container.state(), first.container.clock(),
                            lambda profile_id: wire(config, profile_id).container.import_orders().run())
    stop = threading.Event()
    if not once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        active = [f"{t.profile} every {wire(config, t.profile).profile.planning.interval_name}"
                  for t in planned if t.interval]
        out.print(f"scheduler started: {', '.join(active) or 'no profile has planned runs'}")
    while True:
        for result in scheduler.tick():
            when = f"next run {result.next_run:%Y-%m-%d %H:%M}"
            if result.error:
                out.print(f"{result.profile}: not run: {result.error}; {when}", markup=False, highlight=False)
            else:
                data = result.report.to_json()
                out.print(f"{result.profile}: created {data['created']}, skipped {data['skipped']}, "
                          f"failed {data['failed']}; {when}", markup=False, highlight=False)
        if once or stop.wait(tick):
            break
