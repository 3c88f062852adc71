"""Pacing below SnelStart's rate limits (reference §5c), against a simulator that enforces them
with 429s. One fake clock drives both sides: the adapter's sleeps move it, nothing waits in real
time."""
from __future__ import annotations

import pytest
from b2b_world import api_calls

from infrastructure.simulators.snelstart_b2b.throttle import TEST_LIMIT
from infrastructure.snelstart.b2b.pacing import TEST, Pacer, RateBudgetSpent
from infrastructure.state import SqliteStateStore


class FakeTime:
    def __init__(self, start: float = 1_700_000_000.0):
        self.at = start
        self.slept: list[float] = []

    def now(self) -> float:
        return self.at

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.at += seconds

    def tick(self, seconds: float = 0.05) -> None:
        self.at += seconds


@pytest.fixture
def time_():
    return FakeTime()


@pytest.fixture
def simulator_options(time_):
    return {"rate_limit": TEST_LIMIT, "monotonic": time_.now}





def test_without_pacing_a_test_key_runs_into_429s(api, adapter_for, time_):
    adapter = adapter_for(rate_limit=None, now=time_.now, sleep=time_.sleep)
    for _ in range(110):
        adapter.sales_orders_with_payment_reference("12")
        time_.tick()
    assert any(c.status == 429 for c in api_calls(api))  # retried after Retry-After, but refused first


def test_paced_calls_stay_below_the_minute_limit_and_meet_no_429(api, adapter_for, time_):
    adapter = adapter_for(rate_limit=TEST, now=time_.now, sleep=time_.sleep)
    moments = []
    for _ in range(250):
        adapter.sales_orders_with_payment_reference("12")
        moments.append(time_.now())
        time_.tick()

    assert not [c for c in api_calls(api) if c.status == 429]
    calls = len(api_calls(api))
    assert calls >= 250
    busiest = max(sum(1 for t in moments if m <= t < m + 60) for m in moments)
    assert busiest <= 90  # 90 % of the test key's 100 a minute
    assert time_.slept and sum(time_.slept) <= calls / 90 * 60  # waited for the minute, not more


def test_the_hour_is_counted_across_runs_and_a_run_stops_before_it(api, adapter_for, time_, tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite") as state:
        first = adapter_for(rate_limit=TEST, now=time_.now, sleep=time_.sleep, memory=state)
        for _ in range(300):
            first.sales_orders_with_payment_reference("12")
            time_.tick(1.0)
        first.close()  # its calls go into the state database
        used = first.calls

        second = adapter_for(rate_limit=TEST, now=time_.now, sleep=time_.sleep, memory=state)
        with pytest.raises(RateBudgetSpent, match="1.000 calls an hour .* the next run books"):
            for _ in range(800):
                second.sales_orders_with_payment_reference("12")
                time_.tick(1.0)
    assert used + second.calls <= 900  # 90 % of 1,000: the second run stopped at it
    assert not [c for c in api_calls(api) if c.status == 429]


def test_an_hour_later_the_budget_is_there_again(time_):
    pacer = Pacer(TEST, now=time_.now, sleep=time_.sleep)
    for _ in range(900):
        pacer.before_call()
        time_.tick(2.0)
    with pytest.raises(RateBudgetSpent):
        pacer.before_call()
    time_.tick(3600)
    pacer.before_call()
