"""The scheduler over time (fake clock, real state file, real *import orders*): profiles on their
own intervals, a kill and a restart that catch up with one run, profiles in parallel."""
from __future__ import annotations

import socket
import threading
from datetime import timedelta

from application.run_due_tasks import Planned
from application.run_report import RunReport
from fakes import make_order
from infrastructure.state.process import this_process
from infrastructure.state.store import SqliteStateStore
from scheduler_world import every

DEAD_HOLDER = f"{socket.gethostname()}:999999999:"  # no such process on this machine


def test_two_profiles_run_on_their_own_intervals(world):
    world.shop("shop1", [12])
    world.shop("shop2", [12, 13])
    start = world.clock.now()
    tasks = world.scheduler([every("shop1", 5, start), every("shop2", 15, start)])
    for _ in range(60):  # an hour, looking every minute
        tasks.tick()
        world.clock.advance(minutes=1)
    # 12:00, 12:05 … 12:55 and 12:00, 12:15, 12:30, 12:45
    assert (world.runs_of("shop1"), world.runs_of("shop2")) == (12, 4)
    assert [t for p, t in world.calls if p == "shop2"] == [start + timedelta(minutes=m) for m in (0, 15, 30, 45)]
    assert world.state.next_run("shop1") == start + timedelta(hours=1)
    # Each shop's orders were booked once, in its own administration, whatever the reruns.
    assert (world.shops["shop1"].booked(), world.shops["shop2"].booked()) == (["12"], ["12", "13"])


def test_a_restart_after_hours_off_catches_up_with_one_run(world):
    world.shop("shop1", [12])
    start = world.clock.now()
    world.scheduler([every("shop1", 15, start)]).tick()
    world.clock.advance(hours=3, minutes=7)  # the scheduler was not running
    world.shops["shop1"].source.orders.append(_order(13, world))

    restarted = SqliteStateStore(world.folder / "state.sqlite", clock=world.clock)  # a new process
    try:
        tasks = world.scheduler([every("shop1", 15, start)], state=restarted)
        [result] = tasks.tick()
        assert tasks.tick() == []  # not a burst of twelve missed quarters
    finally:
        restarted.close()
    assert world.runs_of("shop1") == 2
    assert result.next_run == start + timedelta(hours=3, minutes=15)  # on the quarter
    assert world.shops["shop1"].booked() == ["12", "13"]


def test_a_run_killed_midway_is_run_once_at_the_restart_and_books_what_was_left(world):
    shop = world.shop("shop1", [12, 13])
    start = world.clock.now()
    # What a kill -9 mid-run leaves: the run never finished, the lock names a dead process and
    # the plan was not advanced.
    world.state.start_run("shop1", start)
    assert world.state.acquire_lock("shop1", DEAD_HOLDER, start, 1800)
    world.clock.advance(minutes=40)

    tasks = world.scheduler([every("shop1", 15, start)])
    [result] = tasks.tick()
    assert tasks.tick() == []
    assert result.error == "" and result.report.count("created") == 2
    assert result.next_run == start + timedelta(minutes=45)
    assert shop.booked() == ["12", "13"]


def test_profiles_run_in_parallel(world):
    world.shop("a"), world.shop("b")
    b_started = threading.Event()
    seen = {}

    def run_import(profile):
        if profile == "a":
            # Sequential profiles would never let b start while a waits here.
            seen["a saw b running"] = b_started.wait(timeout=10)
        else:
            b_started.set()
        return RunReport(profile)

    now = world.clock.now()
    results = world.scheduler([every("a", 5, now), every("b", 5, now)], run_import).tick()
    assert seen == {"a saw b running": True}
    assert [r.profile for r in results] == ["a", "b"]  # reported in the order of the planning


def test_a_profile_still_running_is_not_started_again(world):
    world.shop("a")
    release, calls = threading.Event(), []

    def run_import(profile):
        calls.append(profile)
        release.wait(timeout=10)
        return RunReport(profile)

    now = world.clock.now()
    tasks = world.scheduler([every("a", 5, now)], run_import)
    assert tasks.start_due() == ["a"]
    world.clock.advance(minutes=12)  # due again while the first run is still busy
    assert tasks.start_due() == [] and tasks.running == {"a"}
    release.set()
    [result] = tasks.wait()
    assert calls == ["a"] and result.next_run == now + timedelta(minutes=15)


def test_a_failing_profile_never_stops_the_others_and_is_planned_again(world):
    world.shop("good", [12])
    now = world.clock.now()
    real = world.run_import()

    def run_import(profile):
        if profile == "broken":
            raise KeyError("a bug")
        return real(profile)

    results = world.scheduler([every("broken", 10, now), every("good", 10, now)], run_import).tick()
    assert [(r.profile, r.error.split(":")[0]) for r in results] == [("broken", "unexpected error"), ("good", "")]
    assert world.shops["good"].booked() == ["12"]
    assert world.state.next_run("broken") == now + timedelta(minutes=10)


def test_a_profile_run_by_another_process_is_busy_and_planned_again(world):
    world.shop("shop1", [12])
    now = world.clock.now()
    # A live holder that is not the scheduler's: `sconnect run` in another process.
    assert world.state.acquire_lock("shop1", this_process(), now, 1800)
    tasks = world.scheduler([every("shop1", 15, now)],
                            lambda p: world.import_orders(p, holder="scheduler:1:").run())
    [result] = tasks.tick()
    assert "already running" in result.error and result.next_run == now + timedelta(minutes=15)
    assert world.shops["shop1"].booked() == []


def test_planning_off_never_runs(world):
    world.shop("off")
    assert world.scheduler([Planned("off", None, None)]).tick() == [] and world.calls == []


def _order(number, world):
    return make_order(number, change_time=world.clock.now() - timedelta(minutes=1))


def test_log_entries_older_than_four_weeks_are_removed_by_the_next_run(world):
    world.shop("shop1", [12])
    now = world.clock.now()
    world.state.log("shop1", None, "", "basic", "29 days old", now - timedelta(days=29))
    world.state.log("shop1", None, "", "basic", "27 days old", now - timedelta(days=27))
    world.scheduler([every("shop1", 15, now)]).tick()
    messages = [e.message for e in world.state.log_entries("shop1")]
    assert "29 days old" not in messages and "27 days old" in messages
    assert any(m.startswith("booked: verkooporder") for m in messages)
