"""The console's pages with a large state store: server time per page.

Run from the repository root:
    python bench/console.py [--history N] [--log N] [--repeat N] [--folder DIR]

Not a test: it prints figures. Budget (issue 15): with 100,000 history rows and 1,000,000 log
entries every page answers in ≤ 150 ms server time (pages read only their own rows), and the
live status updates within 1 s of a change: measured from the change to the open page's status
stream (server-sent events over real HTTP on 127.0.0.1) saying so — a run in this console, and a
run of another program (its lock in the state store). The baseline, in the same run: the same
pages and changes over an empty state store.

Each page is asked through the whole app (security guard, route, template) in this process
(Starlette's TestClient: no network between), once to warm up and then --repeat times; the
median and the slowest are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import warnings
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, installed or not
sys.path.insert(0, str(HERE.parent / "tests"))

PORT = 8765
BUDGET_MS = 150.0
LIVE_BUDGET_MS = 1000.0
STATES = ("booked",) * 90 + ("skipped",) * 5 + ("failed",) * 4 + ("held",)


def pages(newest: datetime, start: datetime, log: int) -> list[str]:
    """Every page, and pages far back: 10,000 basic entries back in the log, half of it detailed."""
    day = newest.date().isoformat()

    def place(i: int) -> str:  # the log's own link to the entries older than entry i
        return f"{start + timedelta(seconds=6 * i):%Y%m%dT%H%M%S%f}-{i + 1}"
    far = max(0, log - 50_000)
    return ["/", "/?uitgebreid=1", f"/?ouder={place(far)}", f"/?uitgebreid=1&ouder={place(log // 2)}",
            f"/?nieuwer={place(far)}", "/orders",
            "/orders?status=held", "/orders?status=failed&pagina=3", f"/orders?van={day}&tot={day}",
            "/orders?pagina=1000", "/instellingen/shop1", "/over"]


def installation(folder: Path) -> Path:
    """The configuration and the demo's administration (Instellingen reads its templates and
    revenue groups when shown)."""
    from importlib import resources

    from infrastructure.snelstart.embedded import EmbeddedAdministration
    from infrastructure.snelstart.snapshot import parse_snapshot_json
    from profiles import config_text, e2e_profile

    demo = resources.files("interfaces.demo").joinpath("administration.json").read_text(encoding="utf-8")
    EmbeddedAdministration.create(folder / "administration.sqlite", parse_snapshot_json(demo)).close()
    config = folder / "config.toml"
    config.write_text(config_text(e2e_profile()), encoding="utf-8")
    config.chmod(0o600)
    return config


def fill(state_file: Path, history: int, log: int) -> tuple[datetime, datetime]:
    """Rows written the way the store lays them out, in bulk (the benchmark measures reading)."""
    from infrastructure.state.store import SqliteStateStore

    SqliteStateStore(state_file).close()  # the schema
    rng = random.Random(15)
    start = datetime(2024, 1, 1, 8, 0)
    stamp = lambda t: t.strftime("%Y-%m-%d %H:%M:%S.%f")  # noqa: E731  (SQLAlchemy's SQLite format)
    db = sqlite3.connect(state_file)
    with db:
        db.executemany(
            "INSERT INTO processed_order (profile, order_number, order_id, state, attempts, sales_order, "
            "customer_code, shop_total, booked_total, payload_hash, last_error, warnings, created_at, updated_at, "
            "change_acknowledged) VALUES ('shop1', ?, ?, ?, ?, ?, ?, ?, ?, '', ?, '[]', ?, ?, 0)",
            ((str(10000 + i), f"1817700_{i}", s, 0 if s == "booked" else 3, i if s == "booked" else None,
              1000 + i % 5000, f"{rng.randint(100, 99999) / 100:.2f}", None, "" if s == "booked" else "no article",
              stamp(start + timedelta(minutes=i)), stamp(start + timedelta(minutes=i)))
             for i, s in ((i, rng.choice(STATES)) for i in range(history))))
        db.execute("INSERT INTO run (id, profile, started_at, finished_at, summary) VALUES "
                   "(1, 'shop1', ?, ?, '{\"created\": 1, \"skipped\": 0, \"failed\": 0, \"unchanged\": 0}')",
                   (stamp(start), stamp(start)))
        db.executemany(
            "INSERT INTO log_entry (at, profile, run_id, order_number, level, message) VALUES (?, 'shop1', 1, ?, ?, ?)",
            ((stamp(start + timedelta(seconds=6 * i)), str(10000 + i // 5), "basic" if i % 5 == 0 else "detailed",
              f"created: sales order {i // 5} for customer {1000 + i % 5000}" if i % 5 == 0
              else "customer: found by e-mail (relation e-mail)") for i in range(log)))
    db.close()
    return start + timedelta(minutes=history), start


def measure(config: Path, paths: list[str], repeat: int) -> dict[str, tuple[float, float]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # starlette's note about httpx: the client used here is fine
        from starlette.testclient import TestClient

    from interfaces.console import make_console
    from interfaces.console.app import make_app
    from interfaces.console.status import live
    from interfaces.console.words import translator

    console = make_console(str(config))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(make_app(console, PORT), base_url=f"http://127.0.0.1:{PORT}", client=("127.0.0.1", 1))
    client.get(f"/?token={console.session.token}")
    figures = {}
    try:
        for path in paths:
            times = []
            for i in range(repeat + 1):
                began = time.perf_counter()
                answer = client.get(path)
                elapsed = (time.perf_counter() - began) * 1000
                assert answer.status_code == 200, (path, answer.status_code, answer.text[:300])
                if i:
                    times.append(elapsed)
            figures[path] = (statistics.median(times), max(times))
        t = translator("nl")
        times = []
        for _ in range(repeat):
            began = time.perf_counter()
            live(console.config(), console.state, console.runs, console.clock.now(), t)
            times.append((time.perf_counter() - began) * 1000)
        figures["(status stream message)"] = (statistics.median(times), max(times))
    finally:
        console.state.close()
    return figures


def live_status(config: Path, repeat: int) -> dict[str, list[float]]:
    """How long after a change the open page's status stream says so, over real HTTP on
    127.0.0.1 (uvicorn, as `sconnect console` serves it): a run in this console starting and
    finishing (its progress tells the stream at once), and a run in another program taking and
    giving back the profile's lock in the state store (the stream looks every half second)."""
    import http.client
    import threading

    import uvicorn

    from interfaces.console import bind, make_console
    from interfaces.console.app import make_app

    console = make_console(str(config))
    sock = bind(0)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(console, port), log_level="warning", access_log=False,
                                          lifespan="off"))
    threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True).start()
    while not server.started:
        time.sleep(0.01)
    entry = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    entry.request("GET", f"/?token={console.session.token}")
    answer = entry.getresponse()
    answer.read()
    cookie = answer.getheader("set-cookie").split(";")[0]
    stream = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    stream.request("GET", "/events", headers={"Cookie": cookie})
    events = stream.getresponse()

    def until(word: str) -> float:
        """Seconds until an event whose status line starts with `word`."""
        while True:
            line = events.fp.readline().decode("utf-8")
            if line.startswith("data: ") and json.loads(line[6:])["status"].startswith(word):
                return time.perf_counter()

    until("Gereed")  # the page's first message
    rng = random.Random(12)
    runs, activity, state = console.runs, console.runs.activity("shop1"), console.state
    figures: dict[str, list[float]] = {"run here starts": [], "run here ends": [],
                                       "run elsewhere starts": [], "run elsewhere ends": []}
    try:
        for _ in range(repeat):
            for running, name in ((True, "run here starts"), (False, "run here ends")):
                began = time.perf_counter()
                with runs.guard:
                    activity.running = running
                runs.changed()
                figures[name].append(until("Bezig" if running else "Gereed") - began)
            time.sleep(rng.uniform(0, 1))  # another program's change comes at any moment of the stream's wait
            began = time.perf_counter()
            state.acquire_lock("shop1", "elsewhere:1:", console.clock.now(), 600)
            figures["run elsewhere starts"].append(until("Bezig") - began)
            time.sleep(rng.uniform(0, 1))
            began = time.perf_counter()
            state.release_lock("shop1", "elsewhere:1:")
            figures["run elsewhere ends"].append(until("Gereed") - began)
    finally:
        stream.close()
        server.should_exit = True
        console.state.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=100_000)
    parser.add_argument("--log", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY", "bench-key")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}")
    with tempfile.TemporaryDirectory(prefix="sconnect-bench-console-", dir=args.folder) as tmp:
        empty_dir, full_dir = Path(tmp) / "empty", Path(tmp) / "full"
        empty_dir.mkdir()
        full_dir.mkdir()
        empty = installation(empty_dir)
        full = installation(full_dir)
        began = time.perf_counter()
        newest, start = fill(full_dir / "state.sqlite", args.history, args.log)
        print(f"state  : {args.history:,} history rows, {args.log:,} log entries written in "
              f"{time.perf_counter() - began:.1f} s ({(full_dir / 'state.sqlite').stat().st_size / 1e6:.0f} MB)")
        paths = pages(newest, start, args.log)
        baseline = measure(empty, paths, args.repeat)
        loaded = measure(full, paths, args.repeat)
        live_empty = live_status(empty, args.repeat)
        live_full = live_status(full, args.repeat)
    print(f"\n{'page':56} {'empty ms':>9} {'full ms':>9} {'slowest':>9}  budget {BUDGET_MS:.0f} ms")
    worst = 0.0
    for path in [*paths, "(status stream message)"]:
        median, slowest = loaded[path]
        worst = max(worst, slowest)
        mark = "ok" if slowest <= BUDGET_MS else "OVER"
        print(f"{path:56} {baseline[path][0]:9.1f} {median:9.1f} {slowest:9.1f}  {mark}")
    print(f"\nslowest page with the full store: {worst:.1f} ms "
          f"({'within' if worst <= BUDGET_MS else 'OVER'} the {BUDGET_MS:.0f} ms budget)")
    print(f"\nlive status: from a change to the open page's stream saying so (real HTTP, {args.repeat} times)")
    print(f"{'change':24} {'empty ms':>9} {'full ms':>9} {'slowest':>9}  budget {LIVE_BUDGET_MS:.0f} ms")
    slowest_live = 0.0
    for name, times in live_full.items():
        slowest = max(times) * 1000
        slowest_live = max(slowest_live, slowest)
        print(f"{name:24} {statistics.median(live_empty[name]) * 1000:9.1f} {statistics.median(times) * 1000:9.1f} "
              f"{slowest:9.1f}  {'ok' if slowest <= LIVE_BUDGET_MS else 'OVER'}")
    print(f"\nslowest live status update with the full store: {slowest_live:.0f} ms "
          f"({'within' if slowest_live <= LIVE_BUDGET_MS else 'OVER'} the {LIVE_BUDGET_MS:.0f} ms budget)")


if __name__ == "__main__":
    main()
