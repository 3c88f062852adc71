"""Start-up time of `sconnect --help` and `sconnect status`, with the floor in the same run.

Run from the repository root:
    python bench/startup.py [--runs N]

Not a test: it prints figures. Budget (issue #20, item 11): `--help` and `status` answer in
≤ 0.25 s on an idle machine. Every command is a process of its own, as a user starts it; the
floor is the same interpreter doing nothing (`python -c pass`) and importing only the command
line framework (typer), measured in the same run, so a busy machine shows as a slower floor and
the figures stay comparable. `status` reads a real configuration and state file (one profile,
one finished run). Each figure is the median of --runs starts (and the fastest).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BUDGET = 0.25

CONFIG = """\
[state]
path = "state.sqlite"

[profiles.shop1.snelstart]
kind = "embedded"
database = "administration.sqlite"

[profiles.shop1.myshop]
shop_id = "1817700"
start_from = "2024-01-01T00:00:00"
base_url = "http://127.0.0.1:9/RPC/"

[profiles.shop1.sales]
template = "Webshop"

[profiles.shop1.planning]
interval = "15m"
"""


def program() -> list[str]:
    """This checkout's command: the venv's `sconnect` next to this interpreter, else `-m`."""
    script = Path(sys.executable).parent / "sconnect"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "interfaces"]


def timed(command: list[str], runs: int, env: dict) -> tuple[float, float]:
    # One start first, not timed: it writes the modules' bytecode caches, as a user's first start
    # does (a fresh checkout has none, and PYTHONDONTWRITEBYTECODE is dropped for the same reason).
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def installation(folder: Path) -> dict:
    """A configuration with a state file that has seen one run (status reads both)."""
    sys.path.insert(0, str(HERE.parent))
    from infrastructure.state.store import SqliteStateStore
    from datetime import datetime

    (folder / "config.toml").write_text(CONFIG, encoding="utf-8")
    with SqliteStateStore(folder / "state.sqlite") as state:
        run = state.start_run("shop1", datetime(2024, 3, 1, 10, 0))
        state.finish_run(run, datetime(2024, 3, 1, 10, 1), {"created": 5, "skipped": 0, "failed": 0})
    environment = {**os.environ, "SCONNECT_CONFIG": str(folder / "config.toml")}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    print(f"start-up, median (fastest) of {args.runs} starts; {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="sconnect-startup-") as tmp:
        env = installation(Path(tmp))
        rows = [("floor: python -c pass", [sys.executable, "-c", "pass"], None),
                ("floor: python -c 'import typer'", [sys.executable, "-c", "import typer"], None),
                ("sconnect --help", [*program(), "--help"], BUDGET),
                ("sconnect status", [*program(), "status"], BUDGET),
                ("sconnect status --json", [*program(), "status", "--json"], BUDGET)]
        floor = None
        for label, command, budget in rows:
            median, fastest = timed(command, args.runs, env)
            floor = floor or median
            verdict = "" if budget is None else (" within budget" if median <= budget else
                                                 f" over the {budget:.2f} s budget")
            print(f"  {label:34} {median:6.3f} s ({fastest:.3f})  {median / floor:5.1f}× the floor{verdict}")
    print(f"budget: --help and status ≤ {BUDGET:.2f} s on an idle machine; on a busy one, compare the "
          "multiples of the floor.")


if __name__ == "__main__":
    main()
