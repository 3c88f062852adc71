"""SPEC §7: the next run advances by the interval, never runs several times to catch up, and
stays on the grid of the first planned time."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, strategies as st

from domain.planning import advance, is_due

T = datetime(2024, 3, 1, 10, 0)
INTERVALS = [timedelta(minutes=m) for m in (5, 10, 15, 30, 60, 120, 240, 480, 720, 1440)]


def test_a_run_on_time_plans_the_next_one_interval_later():
    assert advance(T, timedelta(minutes=15), T + timedelta(seconds=40)) == T + timedelta(minutes=15)


def test_after_a_long_stop_the_next_run_lies_in_the_future_and_on_the_grid():
    # Off from 10:00 until 13:07: the next run is 13:15, not a burst of twelve runs.
    assert advance(T, timedelta(minutes=15), datetime(2024, 3, 1, 13, 7)) == datetime(2024, 3, 1, 13, 15)


def test_exactly_on_a_grid_point_the_next_run_is_the_following_one():
    assert advance(T, timedelta(hours=1), datetime(2024, 3, 1, 12, 0)) == datetime(2024, 3, 1, 13, 0)


def test_due_means_the_planned_time_has_come():
    assert is_due(T, T) and is_due(T, T + timedelta(seconds=1)) and not is_due(T, T - timedelta(seconds=1))


def test_an_interval_must_be_positive():
    with pytest.raises(ValueError):
        advance(T, timedelta(0), T)


@given(interval=st.sampled_from(INTERVALS), late=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=30)))
def test_the_next_run_is_the_first_grid_point_after_now(interval, late):
    now = T + late
    following = advance(T, interval, now)
    assert following > now
    assert (following - T) % interval == timedelta(0)
    assert following - interval <= now  # the first such point: nothing skipped that was still ahead
