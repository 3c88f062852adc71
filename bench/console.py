"""The console's pages with a large state store: server time per page.

Run from the repository root:
    python bench/console.py [--history N] [--log N] [--repeat N] [--folder DIR]

Not a test: it prints figures. Budget (issue 15): with 100,000 history rows and 1,000,000 log
entries every page answers in ≤ 150 ms server time (pages read only their own rows), and the
status stream's message is computed well within the 1 s the live status may take. The baseline,
in the same run: the same pages over an empty state store.

Each page is asked through the whole app (security guard, route, template) in this process
(Starlette's TestClient: no network between), once to warm up and then --repeat times; the
median and the slowest are printed.
"""
from __future__ import annotations

import argparse
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
    from profiles import config_text, e2e_profile

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
            "customer_code, shop_total, booked_total, payload_hash, last_error, warnings, created_at, updated_at) "
            "VALUES ('shop1', ?, ?, ?, ?, ?, ?, ?, ?, '', ?, '[]', ?, ?)",
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
    print(f"\n{'page':56} {'empty ms':>9} {'full ms':>9} {'slowest':>9}  budget {BUDGET_MS:.0f} ms")
    worst = 0.0
    for path in [*paths, "(status stream message)"]:
        median, slowest = loaded[path]
        worst = max(worst, slowest)
        mark = "ok" if slowest <= BUDGET_MS else "OVER"
        print(f"{path:56} {baseline[path][0]:9.1f} {median:9.1f} {slowest:9.1f}  {mark}")
    print(f"\nslowest page with the full store: {worst:.1f} ms "
          f"({'within' if worst <= BUDGET_MS else 'OVER'} the {BUDGET_MS:.0f} ms budget)")


if __name__ == "__main__":
    main()
