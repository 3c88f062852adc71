"""End to end through the import-orders use case on the B2B simulator: SnelStart performs the
write, and a proxy on the way answers a 5xx or 408 instead of SnelStart's answer. The order is
booked exactly once and recorded as created with its SnelStart number, in the run itself; the
next run books nothing again."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from b2b_world import api_calls
from fakes import T0, FakeOrderSource, make_order

from application.import_orders import ImportOrders
from application.ports import OrderState
from domain.matching import strategy_for
from domain.settings import (
    ArticleSettings,
    CustomerSettings,
    ProfileSettings,
    Recognition,
    SalesSettings,
)
from infrastructure.clock import FixedClock
from infrastructure.state.store import SqliteStateStore

SETTINGS = ProfileSettings(
    id="shop1", sales=SalesSettings(template="Webshop", unique_payment_reference=False),
    articles=ArticleSettings(revenue_group={"21": "Omzet hoog", "9": "Omzet laag"}),
    customers=CustomerSettings(recognition=Recognition.EMAIL), max_attempts=3)


class Runs:
    """Runs of the use case, each with a new adapter (one per run, as the container makes them),
    sharing a real SQLite state store."""

    def __init__(self, tmp_path, adapter_for, orders, settings=SETTINGS):
        self.clock = FixedClock(T0.replace(hour=12))
        self.state = SqliteStateStore(tmp_path / "state.sqlite")
        self.shop = FakeOrderSource(self.clock, orders)
        self.adapter_for, self.settings = adapter_for, settings

    def run(self):
        adapter = self.adapter_for()
        return ImportOrders(self.settings, self.shop, adapter, adapter, self.state, self.clock,
                            strategy_for(self.settings.customers)).run()

    def detailed_log(self, number: str) -> list[str]:
        return [e.message for e in self.state.log_entries("shop1", detailed=True) if e.order_number == number]


def orders_with(api, reference: str) -> list[int]:
    return [o.number for o in api.snapshot().sales_orders if o.payment_reference == reference]


@pytest.mark.parametrize("unique_payment_reference", [False, True])
@pytest.mark.parametrize("status", [502, 504, 524, 408])
def test_an_order_answered_with_a_proxy_error_after_it_was_written_is_booked_once(
        tmp_path, api, adapter_for, status, unique_payment_reference):
    settings = replace(SETTINGS, sales=replace(SETTINGS.sales, unique_payment_reference=unique_payment_reference))
    runs = Runs(tmp_path, adapter_for, [make_order(30)], settings)
    api.answer_after_write(status, "POST", "verkooporders")

    first = runs.run()

    [outcome] = first.outcomes
    assert (outcome.order, outcome.status, outcome.sales_order, outcome.customer) == ("30", "created", 2, 2002)
    assert orders_with(api, "30") == [2]
    record = runs.state.get("shop1", "30")
    assert (record.state, record.sales_order, record.customer_code, record.booked_total) == (
        OrderState.BOOKED, 2, 2002, Decimal("49.90"))
    # Booked by this write (its totals checked), not taken over from an "interrupted attempt".
    assert any(m.startswith("totals checked: shop 49.90") for m in runs.detailed_log("30"))
    assert [(c.status, c.performed) for c in api_calls(api, "POST", "/v2/verkooporders")] == [(status, 201)]

    second = runs.run()

    assert second.outcomes == []
    assert orders_with(api, "30") == [2]
    assert len(api_calls(api, "POST", "/v2/verkooporders")) == 1


@pytest.mark.parametrize("status", [502, 524])
def test_a_customer_answered_with_a_proxy_error_after_it_was_written_is_created_once(
        tmp_path, api, adapter_for, status):
    runs = Runs(tmp_path, adapter_for, [make_order(31, email="nieuw@example.nl")])
    api.answer_after_write(status, "POST", "relaties")

    [outcome] = runs.run().outcomes

    assert (outcome.status, outcome.sales_order, outcome.customer, outcome.customer_created) == (
        "created", 2, 2002, True)
    assert [r.code for r in api.snapshot().relations if r.email == "nieuw@example.nl"] == [2002]
    assert runs.run().outcomes == []
    assert orders_with(api, "31") == [2]
    assert len(api_calls(api, "POST", "/v2/relaties")) == 1
