"""A changed planning takes effect whoever reads it: `schedule --once` from a timer (a new process
each tick), a restarted scheduler, or a scheduler whose run of that profile is in hand."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta

from application.run_due_tasks import Planned, RunDueTasks, StoredPlan
from application.run_report import RunReport
from infrastructure.state.store import SqliteStateStore

DAILY = timedelta(days=1)


def once(world, planned: Planned, calls: list) -> list:
    """One `schedule --once`: a process of its own, with its own state store on the same file."""
    def run(profile):
        calls.append(world.clock.now())
        return RunReport(profile)

    with SqliteStateStore(world.folder / "state.sqlite", clock=world.clock) as state:
        return RunDueTasks([planned], state, world.clock, run).tick()


def test_daily_at_six_changed_to_every_five_minutes_runs_at_the_next_once_tick(world):
    world.clock.advance(hours=18)  # from 12:00 to 06:00 the next morning
    six = world.clock.now()
    assert (six.hour, six.minute) == (6, 0)
    calls: list[datetime] = []
    once(world, Planned("shop1", DAILY, six), calls)
    assert calls == [six] and world.state.next_run("shop1") == six + DAILY

    world.clock.advance(minutes=10)  # the user edits the file: every 5 minutes from 06:10
    for _ in range(4):
        once(world, Planned("shop1", timedelta(minutes=5), six + timedelta(minutes=10)), calls)
        world.clock.advance(minutes=1)
    assert calls == [six, six + timedelta(minutes=10)]  # at once, then not again within the 5 minutes
    for _ in range(6):
        once(world, Planned("shop1", timedelta(minutes=5), six + timedelta(minutes=10)), calls)
        world.clock.advance(minutes=1)
    assert calls[2:] == [six + timedelta(minutes=15)]
    assert world.state.planned_task("shop1") == StoredPlan(six + timedelta(minutes=20), timedelta(minutes=5),
                                                           six + timedelta(minutes=10))


def test_a_new_interval_without_a_first_run_starts_at_the_next_tick(world):
    now, calls = world.clock.now(), []
    once(world, Planned("shop1", DAILY, None), calls)
    world.clock.advance(minutes=3)
    once(world, Planned("shop1", timedelta(minutes=5), None), calls)
    assert calls == [now, now + timedelta(minutes=3)]
    assert world.state.next_run("shop1") == now + timedelta(minutes=8)


def test_an_unchanged_planning_is_not_planned_again_by_each_new_process(world):
    now, calls = world.clock.now(), []
    for _ in range(30):  # a timer every minute, the configuration as it was
        once(world, Planned("shop1", timedelta(minutes=15), None), calls)
        world.clock.advance(minutes=1)
    assert calls == [now, now + timedelta(minutes=15)]


def test_a_restarted_scheduler_sees_the_planning_changed_while_it_was_stopped(world):
    world.shop("shop1", [12])
    start = world.clock.now()
    world.scheduler([Planned("shop1", timedelta(hours=4), start)]).tick()
    world.clock.advance(minutes=20)
    restarted = world.scheduler([Planned("shop1", timedelta(minutes=30), None)])  # a new configuration
    [result] = restarted.tick()
    assert world.runs_of("shop1") == 2 and result.next_run == start + timedelta(minutes=50)
    assert restarted.tick() == []


def test_a_plan_stored_before_the_planning_was_kept_is_adopted_without_an_extra_run(world):
    now = world.clock.now()
    world.state.set_next_run("shop1", now + timedelta(hours=2))  # as schema 2 kept it: the time only
    assert world.state.planned_task("shop1") == StoredPlan(now + timedelta(hours=2), None, None)
    calls: list[datetime] = []
    once(world, Planned("shop1", timedelta(hours=4), None), calls)
    assert calls == [] and world.state.planned_task("shop1") == StoredPlan(
        now + timedelta(hours=2), timedelta(hours=4), None)


def in_hand(world):
    """A scheduler whose shop1 run (planned hourly at 12:00) is in hand until `go` is set."""
    go = threading.Event()

    def run(profile):
        go.wait(10)
        return RunReport(profile)

    tasks = world.scheduler([Planned("shop1", timedelta(hours=1), world.clock.now())], run)
    assert tasks.start_due() == ["shop1"]
    return tasks, go


def test_a_planning_changed_while_the_run_is_in_hand_is_kept_when_the_run_ends(world):
    start = world.clock.now()
    tasks, go = in_hand(world)
    world.clock.advance(minutes=2)
    assert tasks.replan([Planned("shop1", timedelta(minutes=5), None)]) == ["shop1"]
    world.clock.advance(minutes=1)
    go.set()
    [result] = tasks.wait()
    # The run in hand counts as the new plan's first; the next follows on its grid, not at 13:00.
    assert result.next_run == start + timedelta(minutes=7) == world.state.next_run("shop1")
    assert world.state.planned_task("shop1").interval == timedelta(minutes=5)
    world.clock.advance(minutes=4)
    assert tasks.start_due() == ["shop1"]
    tasks.wait()


def test_a_later_first_run_set_while_the_run_is_in_hand_stays(world):
    start = world.clock.now()
    tasks, go = in_hand(world)
    world.clock.advance(minutes=2)
    tasks.replan([Planned("shop1", timedelta(hours=1), start + timedelta(hours=3))])
    go.set()
    [result] = tasks.wait()
    assert result.next_run == start + timedelta(hours=3) == world.state.next_run("shop1")


def test_the_next_run_by_the_rules_without_planning_anything():
    from application.run_due_tasks import next_run_of

    now, quarter = datetime(2024, 3, 1, 12, 0), timedelta(minutes=15)
    first = datetime(2024, 3, 1, 6, 0)
    task = Planned("shop1", quarter, first)
    assert next_run_of(Planned("shop1", None, first), StoredPlan(now, quarter, first), now) is None  # off
    assert next_run_of(task, None, now) == first  # never planned: the configured first run
    assert next_run_of(Planned("shop1", quarter, None), None, now) == now  # … else at once
    later = now + timedelta(minutes=7)
    assert next_run_of(task, StoredPlan(later, quarter, first), now) == later  # made for it
    assert next_run_of(task, StoredPlan(later, None, None), now) == later  # planning unknown: kept
    assert next_run_of(task, StoredPlan(later, timedelta(hours=1), first), now) == first  # changed
    assert next_run_of(task, StoredPlan(later, quarter, None), now) == first
