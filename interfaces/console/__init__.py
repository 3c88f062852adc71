"""`sconnect console`: the manual's window as a local web page (SPEC §12).

Serves http://127.0.0.1:PORT/ for the person at this computer (interfaces/console/guard.py),
opens the browser on it with a one-time token, and with --schedule runs the planned tasks in
the same process (one program doing what the original did). Stops on Ctrl-C or SIGTERM: a run
in hand finishes its order first.
"""
from __future__ import annotations

import socket
import threading
import typer

from domain.errors import ConfigurationError, SConnectError
from infrastructure.state.redact import redact
from interfaces.wiring import load, shared

HOST = "127.0.0.1"  # never anything else: the console is for this computer only
SCHEDULE_TICK_SECONDS = 5.0


def bind(port: int, host: str = HOST) -> socket.socket:
    """The listening socket, on loopback only; a port in use says so in one line."""
    from interfaces.console.guard import is_loopback

    if not is_loopback(host):
        raise ConfigurationError(f"the console listens on 127.0.0.1 only, not on {host}")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigurationError(f"--port {port}: cannot listen there ({error.strerror}); choose another port "
                                 f"or leave --port out") from None
    sock.listen(64)
    return sock


def make_console(option: str | None, scheduling: bool = False):
    """The console's shared parts for the configuration file `option` (None: the usual place)."""
    from interfaces.console.app import Console
    from interfaces.console.guard import Session
    from interfaces.console.runs import Runs

    base = shared(load(option, need_secrets=False))  # the state store and the clock every profile shares
    state, clock = base.container.state(), base.container.clock()
    holder: dict = {}
    runs = Runs(lambda profile, progress, stop: holder["console"].run_import(profile, progress, stop), clock.now)
    holder["console"] = here = Console(option, state, clock, runs, Session(), scheduling=scheduling)
    return here


def console(ctx: typer.Context,
            port: int = typer.Option(0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default: a free one)."),
            no_browser: bool = typer.Option(False, "--no-browser", help="Do not open the browser; print the address."),
            schedule: bool = typer.Option(False, "--schedule", help="Also run the planned tasks, as "
                                          "`sconnect schedule` does, in this process.")) -> None:
    """The console: Uitvoering, Orders and Instellingen as a local web page."""
    import uvicorn

    from interfaces.console.app import make_app

    here = make_console((ctx.find_root().obj or {}).get("config"), scheduling=schedule)
    state, runs = here.state, here.runs
    sock = bind(port)
    port = sock.getsockname()[1]
    address = f"http://{HOST}:{port}/?token={here.session.token}"
    server = uvicorn.Server(uvicorn.Config(make_app(here, port), log_level="warning", access_log=False,
                                          timeout_graceful_shutdown=2, lifespan="off"))
    stop = threading.Event()
    if schedule:
        threading.Thread(target=_schedule, args=(here, stop), name="console-scheduler", daemon=True).start()
    print(f"S-Connect console: {address}", flush=True)
    print("This address works once, in this browser; stop the console with Ctrl-C.", flush=True)
    if not no_browser:
        import webbrowser

        threading.Timer(0.3, lambda: webbrowser.open(address)).start()
    try:
        server.run(sockets=[sock])
    finally:
        stop.set()
        runs.wait(timeout=60)
        state.close()


class ConsoleScheduler:
    """`sconnect schedule` in this process (--schedule): the same RunDueTasks, each run through
    the console's runs (so the status line shows it, and a profile never runs twice at once
    here). A profile another scheduler plans (its planning marker in the state store) is left to
    it; a profile another process is running says Busy and is planned again, as in the scheduler."""

    def __init__(self, here):
        from application.run_due_tasks import RunDueTasks
        from infrastructure.state.process import this_process
        from interfaces.scheduler import ConfigWatch

        self.here, self.holder = here, this_process()
        self.watch = ConfigWatch(here.config_option)
        self.tasks = RunDueTasks([], here.state, here.clock, here.runs.run_now,
                                 on_finish=lambda result: here.runs.changed())

    def look(self) -> list[str]:
        """Claim what no one else plans, start what is due; the profiles started."""
        from interfaces.planning_marker import claim_planning
        from interfaces.scheduler import planning_of

        self.watch.reload()
        mine = set(claim_planning(self.here.state, list(self.watch.config.profiles), self.here.clock.now(),
                                  self.holder))
        self.tasks.replan([task for task in planning_of(self.watch.config) if task.profile in mine])
        self.tasks.planned = [task for task in self.tasks.planned if task.profile in mine]
        return self.tasks.start_due()

    def run(self, stop: threading.Event) -> None:
        from interfaces.planning_marker import release_planning

        while not stop.is_set():
            try:
                self.look()
            except SConnectError as exc:  # the state database locked for now: the next look
                print(redact(f"planning not read: {exc}"), flush=True)
            stop.wait(SCHEDULE_TICK_SECONDS)
        self.tasks.wait(60)
        release_planning(self.here.state, list(self.watch.config.profiles), self.holder)


def _schedule(here, stop: threading.Event) -> None:
    try:
        scheduler = ConsoleScheduler(here)
    except SConnectError as exc:
        print(redact(f"scheduler not started: {exc}"), flush=True)
        return
    scheduler.run(stop)
