"""The scheduler's tick: due profiles run once, the next run is planned, errors wait for the next time."""
from __future__ import annotations

from datetime import timedelta

from application.run_due_tasks import Planned, RunDueTasks
from application.run_report import RunReport
from domain.errors import ServiceUnavailable


def scheduler(world, planned, failing=()):
    calls = []

    def run_import(profile):
        calls.append((profile, world.clock.now()))
        if profile in failing:
            raise ServiceUnavailable("myShop could not be reached")
        return RunReport(profile)
    return RunDueTasks(planned, world.state, world.clock, run_import), calls


def test_a_due_profile_runs_once_and_its_next_run_is_planned(world):
    first = world.clock.now()
    tasks, calls = scheduler(world, [Planned("shop1", timedelta(minutes=15), first)])
    [result] = tasks.tick()
    assert calls == [("shop1", first)] and result.next_run == first + timedelta(minutes=15)
    assert tasks.tick() == [] and len(calls) == 1  # not due again until then
    world.clock.advance(minutes=15)
    tasks.tick()
    assert len(calls) == 2


def test_after_hours_off_it_runs_once_not_to_catch_up(world):
    first = world.clock.now()
    tasks, calls = scheduler(world, [Planned("shop1", timedelta(minutes=5), first)])
    world.clock.advance(hours=3, minutes=2)
    [result] = tasks.tick()
    assert len(calls) == 1 and result.next_run == first + timedelta(hours=3, minutes=5)
    assert world.state.next_run("shop1") == result.next_run


def test_planning_off_never_runs_and_a_future_first_run_waits(world):
    later = world.clock.now() + timedelta(hours=1)
    tasks, calls = scheduler(world, [Planned("off", None, None), Planned("later", timedelta(hours=1), later)])
    assert tasks.tick() == [] and calls == []
    world.clock.advance(hours=1)
    assert [r.profile for r in tasks.tick()] == ["later"]


def test_one_profile_failing_does_not_stop_the_others_and_is_tried_next_time(world):
    now = world.clock.now()
    tasks, calls = scheduler(world, [Planned("a", timedelta(minutes=10), now), Planned("b", timedelta(minutes=10), now)],
                             failing={"a"})
    results = tasks.tick()
    assert [(r.profile, bool(r.error)) for r in results] == [("a", True), ("b", False)]
    assert world.state.next_run("a") == now + timedelta(minutes=10)


def test_an_unexpected_error_in_one_profile_is_reported_and_planned_again(world):
    now = world.clock.now()

    def run_import(profile):
        if profile == "a":
            raise KeyError("bug")
        return RunReport(profile)
    tasks = RunDueTasks([Planned("a", timedelta(minutes=10), now), Planned("b", timedelta(minutes=10), now)],
                        world.state, world.clock, run_import)
    results = tasks.tick()
    assert [(r.profile, r.error.startswith("unexpected error: KeyError")) for r in results] == [("a", True), ("b", False)]
    assert world.state.next_run("a") == now + timedelta(minutes=10)
