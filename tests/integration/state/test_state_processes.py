"""The state store shared by several processes (the scheduler and a manual run), for real:
each worker is a separate Python process on the same SQLite file."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from application.ports import OrderState
from infrastructure.state import SqliteStateStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2024, 3, 1, 10, 0, 0)

# Commands arrive on stdin, one JSON array per line: [method, args...]; datetimes as ISO text.
# Each answer is one JSON line on stdout. "wait FILE" blocks until FILE exists, so several
# workers can be released at the same moment.
WORKER = r"""
import json, os, sys, time
from datetime import datetime
from infrastructure.state import SqliteStateStore

store = SqliteStateStore(sys.argv[1])
print(json.dumps("ready"), flush=True)

def arg(value):
    if isinstance(value, str) and value.startswith("@"):
        return datetime.fromisoformat(value[1:])
    return value

for line in sys.stdin:
    method, *args = json.loads(line)
    if method == "wait":
        while not os.path.exists(args[0]):
            time.sleep(0.005)
        answer = "go"
    elif method == "acquire_many":
        profiles, holder, at, ttl = args
        answer = [p for p in profiles if store.acquire_lock(p, holder, arg(at), ttl)]
    elif method == "claim_many":
        profile, numbers = args
        answer = [store.claim(profile, n, "id-" + n, "h", None).state.value for n in numbers]
    elif method == "claim_then_die":
        store.claim(*args, None)
        print(json.dumps("claimed"), flush=True)
        os.kill(os.getpid(), 9)
    else:
        result = getattr(store, method)(*[arg(a) for a in args])
        answer = result if isinstance(result, (bool, int, str, type(None))) else str(result)
    print(json.dumps(answer), flush=True)
"""


class Worker:
    def __init__(self, db_path: Path):
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path)], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert self.answer() == "ready", self.process.stderr.read()

    def send(self, method: str, *args) -> None:
        encoded = [f"@{a.isoformat()}" if isinstance(a, datetime) else a for a in args]
        self.process.stdin.write(json.dumps([method, *encoded]) + "\n")
        self.process.stdin.flush()

    def answer(self):
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"worker died: {self.process.stderr.read()}")
        return json.loads(line)

    def call(self, method: str, *args):
        self.send(method, *args)
        return self.answer()

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except BrokenPipeError:  # the worker was killed on purpose
            pass
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "state.sqlite"
    SqliteStateStore(path).close()  # one schema set-up, not a race of first opens
    return path


@pytest.fixture
def workers(db_path):
    started: list[Worker] = []

    def start(count: int) -> list[Worker]:
        new = [Worker(db_path) for _ in range(count)]
        started.extend(new)
        return new

    yield start
    for worker in started:
        worker.close()


def release_together(workers_waiting: list[Worker], go: Path) -> None:
    for worker in workers_waiting:
        worker.send("wait", str(go))
    time.sleep(0.2)  # let every worker reach its wait loop
    go.touch()
    for worker in workers_waiting:
        assert worker.answer() == "go"


def test_a_lock_held_by_one_process_is_refused_to_another_until_it_expires(workers):
    scheduler, manual_run = workers(2)
    assert scheduler.call("acquire_lock", "shop1", "scheduler", T0, 60) is True
    assert manual_run.call("acquire_lock", "shop1", "manual", T0 + timedelta(seconds=30), 60) is False
    assert manual_run.call("acquire_lock", "shop1", "manual", T0 + timedelta(seconds=61), 60) is True
    # The first holder, back late, neither gets the lock nor releases someone else's.
    assert scheduler.call("acquire_lock", "shop1", "scheduler", T0 + timedelta(seconds=62), 60) is False
    scheduler.call("release_lock", "shop1", "scheduler")
    assert scheduler.call("acquire_lock", "shop1", "scheduler", T0 + timedelta(seconds=63), 60) is False
    manual_run.call("release_lock", "shop1", "manual")
    assert scheduler.call("acquire_lock", "shop1", "scheduler", T0 + timedelta(seconds=64), 60) is True


def test_racing_processes_never_both_win_a_lock(workers, tmp_path):
    racers = workers(4)
    profiles = [f"shop{i}" for i in range(40)]
    release_together(racers, tmp_path / "go")
    for index, racer in enumerate(racers):
        racer.send("acquire_many", profiles, f"racer{index}", T0, 60)
    won = [racer.answer() for racer in racers]

    winners = sorted(profile for profiles_won in won for profile in profiles_won)
    assert winners == sorted(profiles)  # every lock taken exactly once, and no errors


def test_concurrent_claims_from_two_processes_are_all_durable(workers, tmp_path, db_path):
    first, second = workers(2)
    release_together([first, second], tmp_path / "go")
    first.send("claim_many", "shop1", [f"A{i}" for i in range(40)])
    second.send("claim_many", "shop1", [f"B{i}" for i in range(40)])
    assert first.answer() == ["booking"] * 40
    assert second.answer() == ["booking"] * 40

    with SqliteStateStore(db_path) as store:
        history = store.history("shop1")
    assert sorted(order.order_number for order in history) == sorted(
        [f"A{i}" for i in range(40)] + [f"B{i}" for i in range(40)])
    assert {(order.state, order.attempts) for order in history} == {(OrderState.BOOKING, 0)}


def test_a_claim_survives_the_process_being_killed_right_after(workers, db_path):
    (doomed,) = workers(1)
    doomed.send("claim_then_die", "shop1", "12", "a12", "hash12")
    assert doomed.answer() == "claimed"
    assert doomed.process.wait(timeout=30) == -9

    with SqliteStateStore(db_path) as store:
        leftover = store.get("shop1", "12")
    assert leftover is not None
    assert (leftover.state, leftover.attempts, leftover.payload_hash) == (
        OrderState.BOOKING, 0, "hash12")
