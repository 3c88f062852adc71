"""SPEC §7: the next run advances by the interval, never runs several times to catch up, and
stays on the grid of the first planned time."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from domain.planning import INTERVALS, advance, interval_name, interval_named, is_due

T = datetime(2024, 3, 1, 10, 0)
PLANNED = [i for i in INTERVALS.values() if i is not None]

intervals = st.sampled_from(PLANNED)
# Whole seconds, as the system clock gives them; the years around S-Connect's life.
times = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(
    lambda t: t.replace(microsecond=0))
lateness = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=400))


def test_a_run_on_time_plans_the_next_one_interval_later():
    assert advance(T, timedelta(minutes=15), T + timedelta(seconds=40)) == T + timedelta(minutes=15)


def test_after_a_long_stop_the_next_run_lies_in_the_future_and_on_the_grid():
    # Off from 10:00 until 13:07: the next run is 13:15, not a burst of twelve runs.
    assert advance(T, timedelta(minutes=15), datetime(2024, 3, 1, 13, 7)) == datetime(2024, 3, 1, 13, 15)


def test_exactly_on_a_grid_point_the_next_run_is_the_following_one():
    assert advance(T, timedelta(hours=1), datetime(2024, 3, 1, 12, 0)) == datetime(2024, 3, 1, 13, 0)


def test_a_daily_run_keeps_its_wall_clock_time_across_summer_time():
    # 31 March 2024 has 23 hours in Amsterdam; the shop owner still expects 06:00.
    assert advance(datetime(2024, 3, 30, 6, 0), timedelta(days=1), datetime(2024, 3, 30, 6, 1)) == \
        datetime(2024, 3, 31, 6, 0)


def test_due_means_the_planned_time_has_come():
    assert is_due(T, T) and is_due(T, T + timedelta(seconds=1)) and not is_due(T, T - timedelta(seconds=1))


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        advance(T, timedelta(0), T)


def test_the_intervals_are_the_manuals_choices():
    assert list(INTERVALS) == ["off", "5m", "10m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "1d"]
    assert interval_named(" 15M ") == timedelta(minutes=15) and interval_named("off") is None
    assert interval_name(timedelta(days=1)) == "1d" and interval_name(None) == "off"
    with pytest.raises(KeyError):
        interval_named("3m")
    with pytest.raises(ValueError):
        interval_name(timedelta(minutes=3))


@given(interval=intervals, planned=times, late=lateness)
def test_the_new_next_run_is_in_the_future(interval, planned, late):
    now = planned + late
    assert advance(planned, interval, now) > now


@given(interval=intervals, planned=times, late=lateness)
def test_the_new_next_run_is_on_the_original_grid(interval, planned, late):
    following = advance(planned, interval, planned + late)
    steps, rest = divmod(following - planned, interval)
    assert rest == timedelta(0) and steps >= 1


@given(interval=intervals, planned=times, late=lateness)
def test_the_new_next_run_is_the_first_grid_point_after_now(interval, planned, late):
    now = planned + late
    # Nothing skipped that was still ahead: one interval earlier is not in the future.
    assert advance(planned, interval, now) - interval <= now


@given(interval=intervals, planned=times, late=lateness)
def test_a_due_task_runs_once_however_late(interval, planned, late):
    """The scheduler's rule: while the task is due, run it and advance. It runs exactly once."""
    now, next_run, runs = planned + late, planned, 0
    while is_due(next_run, now):
        runs += 1
        next_run = advance(next_run, interval, now)
        assert runs < 2, "the task ran again to catch up"
    assert runs == 1


@given(interval=intervals, planned=times,
       pauses=st.lists(st.timedeltas(min_value=timedelta(seconds=1), max_value=timedelta(days=3)),
                       min_size=1, max_size=30))
def test_over_any_sequence_of_wake_ups_a_task_runs_at_most_once_per_wake_up_and_never_early(
        interval, planned, pauses):
    """The scheduler wakes up at arbitrary moments (a tick, a laptop opened after a weekend):
    each wake-up runs the task at most once, only once its time has come, and every planned time
    stays on the grid."""
    now, next_run = planned, planned
    for pause in pauses:
        ran = 0
        while is_due(next_run, now):
            assert now >= next_run  # never early
            ran += 1
            next_run = advance(next_run, interval, now)
        assert ran <= 1 and next_run > now
        assert (next_run - planned) % interval == timedelta(0)
        now += pause
