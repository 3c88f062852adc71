"""Faults on the wire: the client retries with a fresh rpc id, and gives up with exit-75 errors."""
from __future__ import annotations

import socket
from datetime import timedelta

import httpx
import pytest

from domain.errors import ServiceUnavailable, UnreadableAnswer
from infrastructure.simulators.myshop.faults import Faults
from infrastructure.simulators.myshop.server import MyShopSimulator
from myshop_support import KEY, NOW, SHOP, SteppingClock, demo_xml

ALL = [12, 13, 14, 15, 17]


def numbers(result):
    return sorted(int(o.number) for o in result.orders)


@pytest.mark.parametrize("faults", [
    "http500=first:2", "http503=first:1", "drop=first:2", "truncate=first:1", "expire=first:2",
    "latency=first:1,delay=0.01",
])
def test_a_passing_fault_is_retried_until_the_answer_is_good(source_for, sim, faults):
    sim.faults = Faults.parse(faults)
    assert numbers(source_for().fetch_since(None)) == ALL
    listed = [r.params["rpc_id"] for r in sim.list_requests()]
    assert len(listed) == len(set(listed))  # a fresh id on every try


@pytest.mark.parametrize("faults, reason, words", [
    ("http500=1", "HTTP 500", "could not be reached after 3 attempts"),
    ("drop=1", "network error", "could not be reached after 3 attempts"),
    ("truncate=1", "the answer stops in the middle, cut off", "answered, but after 3 attempts its answer could "
                                                              "still not be read"),
    ("expire=1", "expired_rpc_id", "refused the request after 3 attempts"),
])
def test_a_lasting_fault_exhausts_the_retries_and_says_what_went_wrong(source_for, sim, faults, reason, words):
    sim.faults = Faults.parse(faults)
    with pytest.raises(ServiceUnavailable, match=reason) as caught:
        source_for(retries=2).fetch_since(None)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    # The shop that answered oddly is not the shop that could not be reached (exit 76, not 75).
    assert isinstance(caught.value, UnreadableAnswer) == (faults == "truncate=1")
    assert len([r for r in sim.requests if r.answer != "ok"]) == 3


def test_a_slow_server_times_out_and_is_retried(source_for, sim):
    sim.faults = Faults.parse("latency=first:1,delay=2")
    result = source_for(timeout=httpx.Timeout(0.3)).fetch_since(None)
    assert numbers(result) == ALL


def test_a_server_that_stays_slow_is_unavailable(source_for, sim):
    sim.faults = Faults.parse("latency=1,delay=2")
    with pytest.raises(ServiceUnavailable, match="timeout"):
        source_for(timeout=httpx.Timeout(0.2), retries=1).fetch_since(None)


def test_ids_that_expire_on_the_simulator_clock_are_retried_with_fresh_ones(source_for):
    # The simulator's clock moves 121 s on its first look only: the first id is stale when used.
    clock = SteppingClock(NOW, timedelta(seconds=121), steps=1)
    with MyShopSimulator(demo_xml(), shop_id=SHOP, key=KEY, clock=clock) as sim:
        assert numbers(source_for(base_url=sim.base_url).fetch_since(None)) == ALL
        assert [r.answer for r in sim.list_requests()] == ["expired_rpc_id", "ok"]


def test_a_simulator_clock_that_always_runs_ahead_exhausts_the_retries(source_for):
    clock = SteppingClock(NOW, timedelta(seconds=120))
    with MyShopSimulator(demo_xml(), shop_id=SHOP, key=KEY, clock=clock) as sim:
        with pytest.raises(ServiceUnavailable, match="expired_rpc_id"):
            source_for(base_url=sim.base_url, retries=1).fetch_since(None)
        assert [r.answer for r in sim.list_requests()] == ["expired_rpc_id"] * 2


def test_nothing_listening_is_unavailable(source_for):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ServiceUnavailable, match=r"could not be reached after 2 attempts: network error"):
        source_for(base_url=f"http://127.0.0.1:{port}/RPC/", retries=1).fetch_since(None)


def test_an_answer_larger_than_the_cap_is_refused_without_retrying(source_for, sim):
    # The same answer would come again, so there is no point in asking twice.
    with pytest.raises(UnreadableAnswer, match="answered, but the answer is larger than the limit of 400 bytes; "
                                               "nothing was booked. For a first run, a later myshop.start_from"):
        source_for(max_bytes=400).fetch_since(None)
    assert len(sim.list_requests()) == 1
