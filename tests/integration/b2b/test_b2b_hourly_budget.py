"""A run that would pass SnelStart's hourly limit books what fits and stops before the next call;
the next run, once the hour has room again, books the rest — each order once, the cursor never
past an order that was not handled (reference §5c; pacing.py)."""
from __future__ import annotations

from datetime import timedelta

import pytest
from b2b_world import api_calls
from fakes import T0, make_order
from test_b2b_import_after_write import Runs, orders_with

from application.import_orders import ImportOrders
from domain.matching import strategy_for
from infrastructure.snelstart.b2b.pacing import RateBudgetSpent, RateLimit

TINY = RateLimit("test", 100, 30)  # 27 calls an hour at 90 %: about half of what 30 orders need


def test_what_does_not_fit_the_hour_waits_for_the_next_run(tmp_path, api, adapter_for):
    orders = [make_order(40 + n, change_time=T0 + timedelta(minutes=n)) for n in range(30)]
    runs = Runs(tmp_path, adapter_for, orders)
    moment = [1_700_000_000.0]

    def run():
        adapter = adapter_for(rate_limit=TINY, memory=runs.state, now=lambda: moment[0])
        try:
            return ImportOrders(runs.settings, runs.shop, adapter, adapter, runs.state, runs.clock,
                                strategy_for(runs.settings.customers)).run()
        finally:
            adapter.close()

    first = run()

    booked = [o.order for o in first.outcomes if o.status == "created"]
    assert 0 < len(booked) < 30 and "calls an hour" in first.error and "next run books" in first.error
    assert len(api_calls(api)) <= 27 and not [c for c in api_calls(api) if c.status == 429]
    assert runs.state.cursor("shop1") is None or runs.state.cursor("shop1") <= orders[len(booked)].change_time

    moment[0] += 1800  # half an hour later: the hour is still spent
    with pytest.raises(RateBudgetSpent, match="calls an hour"):  # asked before any order (which administration)
        run()
    for _ in range(10):  # an hour later each time: the next orders fit
        moment[0] += 3600
        try:
            if not run().error:
                break
        except RateBudgetSpent:
            continue

    assert all(orders_with(api, str(n)) and len(orders_with(api, str(n))) == 1 for n in range(40, 70))
    assert not [c for c in api_calls(api) if c.status == 429]
