"""Reconcile (SPEC §8): the history against SnelStart and the shop — each finding kind, the
period, the one repair and the acknowledgement, and nothing reported when a side is unreachable."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from application.ports import OrderState
from application.reconcile import NotApplicable, Reconcile
from domain.errors import ServiceUnavailable
from domain.recipe import RecipeExpansion
from fakes import GatewayWith, line, make_order
from infrastructure.snelstart.memory.administration import MemoryAdministration

D = Decimal


def reconcile(world, **options) -> Reconcile:
    return Reconcile(world.settings, world.administration, world.state, world.clock, world.shop, **options)


def kinds(report) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(f.kind, f.order, f.sales_orders) for f in report.findings]


def edit_snelstart(world, change) -> None:
    """A bookkeeper at work in SnelStart: `change` maps the list of sales orders to a new one."""
    snapshot = world.administration.snapshot()
    world.administration = MemoryAdministration.from_snapshot(
        replace(snapshot, sales_orders=tuple(change(list(snapshot.sales_orders)))))
    world.gateway = world.administration


def booked(world, *numbers):
    world.shop.orders = [make_order(n, email="inkoop@devries.nl") for n in numbers]
    report = world.run()
    assert [o.status for o in report.outcomes] == ["created"] * len(numbers)
    return {o.order: o.sales_order for o in report.outcomes}


def test_nothing_to_report_after_a_clean_run(world):
    booked(world, 12, 13)
    report = reconcile(world).report()
    assert report.findings == []
    assert report.to_json()["checked"] == {"history": 2, "snelstart": 3, "shop": 2}


def test_not_booked_an_order_no_run_processed_yet_and_a_failed_one_with_its_error(world):
    booked(world, 12)
    world.shop.orders.append(make_order(14, email="dubbel@example.nl"))
    world.run()  # 14 fails: ambiguous customer
    world.shop.orders.append(make_order(15, email="inkoop@devries.nl"))

    report = reconcile(world).report()
    assert kinds(report) == [("not_booked", "14", ()), ("not_booked", "15", ())]
    assert "failed 1 time(s), last: ambiguous customer" in report.findings[0].detail
    assert report.findings[1].detail.endswith("no run has processed it yet")


def test_booked_twice_names_which_one_s_connect_booked(world):
    numbers = booked(world, 12)
    edit_snelstart(world, lambda orders: orders + [replace(orders[-1], number=40, id="o-40")])

    [finding] = reconcile(world).report().findings
    assert (finding.kind, finding.sales_orders) == ("booked_twice", (numbers["12"], 40))
    assert f"S-Connect booked {numbers['12']}, the other was typed by hand" in finding.detail


def test_missing_in_snelstart_then_rebooked_by_the_next_run(world):
    numbers = booked(world, 12, 13)
    edit_snelstart(world, lambda orders: [o for o in orders if o.number != numbers["12"]])

    report = reconcile(world).report()
    assert kinds(report) == [("missing_in_snelstart", "12", (numbers["12"],))]
    assert "`sconnect reconcile --rebook 12`" in report.findings[0].detail

    plan = reconcile(world).rebook_check("12")
    assert plan.question.startswith(f"order 12 was booked as sales order {numbers['12']}, which SnelStart no longer")
    reconcile(world).rebook(plan)
    assert world.state.get("shop1", "12").state is OrderState.FAILED
    world.clock.advance(minutes=30)
    world.shop.orders = []  # the shop does not send it again: the run fetches it by number
    world.shop.archive = [make_order(12, email="inkoop@devries.nl")]
    [again] = world.run().outcomes
    assert again.status == "created" and len(world.sales_orders("12")) == 1
    assert reconcile(world).report().findings == []


def test_an_order_typed_by_hand_before_the_koppeling_is_not_in_history_and_no_error_of_ours(world):
    world.shop.orders = [make_order(9, email="inkoop@devries.nl")]
    assert world.run().outcomes[0].status == "skipped"  # betalingskenmerk 9 already there (order 1)

    [finding] = reconcile(world).report().findings
    assert (finding.kind, finding.sales_orders) == ("not_in_history", (1,))
    assert "typed by hand" in finding.detail and "not an error of S-Connect" in finding.detail
    assert finding.detail.endswith("the run skipped the shop's order because of it")


def test_total_differs_when_the_sales_order_was_changed_by_hand(world):
    numbers = booked(world, 12)
    edit_snelstart(world, lambda orders: [replace(o, total_incl_vat=D("39.90")) if o.number == numbers["12"] else o
                                          for o in orders])
    [finding] = reconcile(world).report().findings
    assert (finding.kind, finding.sales_orders) == ("total_differs", (numbers["12"],))
    assert "totals 39.90 in SnelStart, 49.90 when it was booked (difference -10.00)" in finding.detail


def test_a_recipe_order_whose_total_includes_deposit_lines_is_no_false_difference(world):
    world.settings = replace(world.settings, sales=replace(world.settings.sales, recipes=RecipeExpansion.WHEN_ALWAYS))
    world.shop.orders = [make_order(12, email="inkoop@devries.nl", lines=[line("KRAT", "1", "18.00", "9")])]
    [outcome] = world.run().outcomes
    [order] = world.sales_orders("12")
    assert order.total_incl_vat == D("18.90")  # 18.00 + 6 × 0.15 deposit: more than the shop's 18.00
    assert outcome.warnings == ()  # the totals check leaves the recipe lines out
    assert reconcile(world).report().findings == []


def test_changed_in_shop_until_acknowledged(world):
    numbers = booked(world, 12)
    changed = replace(make_order(12, email="inkoop@devries.nl", lines=[line("ART-1001", "3", "24.95", "9")]),
                      change_time=world.clock.now())
    world.shop.orders = [changed]  # before any run saw the change
    [finding] = reconcile(world).report().findings
    assert (finding.kind, finding.sales_orders) == ("changed_in_shop", (numbers["12"],))
    assert "quantity of ART-1001 2 → 3" in finding.detail and "--ack 12" in finding.detail

    assert "acknowledged" in reconcile(world).acknowledge("12")
    assert reconcile(world).report().findings == []
    world.shop.orders = [replace(changed, lines=(line("ART-1001", "5", "24.95", "9"),))]
    assert kinds(reconcile(world).report()) == [("changed_in_shop", "12", (numbers["12"],))]


def test_changed_in_shop_is_known_from_the_history_without_the_shop(world):
    booked(world, 12)
    world.clock.advance(minutes=30)
    world.shop.orders = [replace(world.shop.orders[0], change_time=world.clock.now(),
                                 lines=(line("ART-1001", "1", "24.95", "9"),))]
    world.run()  # the run sees the change and keeps it
    report = reconcile(world).report(shop=False)
    assert report.to_json()["checked"]["shop"] is None
    assert [f.kind for f in report.findings] == ["changed_in_shop"]
    reconcile(world).acknowledge("12", shop=False)
    assert reconcile(world).report(shop=False).findings == []


def test_an_order_the_shop_cancelled_after_import(world):
    booked(world, 12)
    world.shop.left_out = [replace(world.shop.orders[0], order_status="cancelled")]
    world.shop.orders = []
    [finding] = reconcile(world).report().findings
    assert finding.kind == "changed_in_shop" and "cancelled (status 'cancelled')" in finding.detail
    reconcile(world).acknowledge("12")
    assert reconcile(world).report().findings == []


def test_the_period_leaves_out_older_orders_but_never_a_booked_one_snelstart_moved_out(world):
    numbers = booked(world, 12, 13)  # placed on T0 (1 March)
    report = reconcile(world).report(since=datetime(2024, 3, 2))
    assert report.findings == [] and report.to_json()["checked"] == {"history": 0, "snelstart": 0, "shop": 0}

    edit_snelstart(world, lambda orders: [replace(o, date=datetime(2024, 2, 1)) if o.number == numbers["12"] else o
                                          for o in orders])
    [finding] = reconcile(world).report(since=datetime(2024, 3, 1)).findings
    assert finding.kind == "missing_in_snelstart" and "dated from 2024-03-01" in finding.detail


def test_start_from_is_the_default_start_of_the_period(world):
    booked(world, 12)
    assert reconcile(world, start_from=datetime(2024, 4, 1)).report().to_json()["since"] == "2024-04-01T00:00:00"
    assert reconcile(world, start_from=datetime(2024, 4, 1)).report().findings == []


def test_snelstart_or_the_shop_unreachable_ends_it_with_no_report(world):
    booked(world, 12)

    def gone(*_args):
        raise ServiceUnavailable("SnelStart could not be reached")
    world.administration = GatewayWith(world.administration, sales_orders_in_period=gone)
    with pytest.raises(ServiceUnavailable):
        reconcile(world).report()
    world.administration = world.gateway
    world.shop.fetch_since = gone
    with pytest.raises(ServiceUnavailable):
        reconcile(world).report()
    assert reconcile(world).report(shop=False).findings == []


@pytest.mark.parametrize("order, why", [
    ("99", "order 99 is not in the history of profile shop1; reconcile --rebook is only for an order found "
           "missing_in_snelstart"),
    ("14", "order 14 is failed, not booked"),
    ("12", "SnelStart still has sales order 2 with betalingskenmerk 12: order 12 is not missing"),
])
def test_rebook_refuses_an_order_that_is_not_missing(world, order, why):
    booked(world, 12)
    world.shop.orders.append(make_order(14, email="dubbel@example.nl"))
    world.run()
    before = world.state.get("shop1", order)
    with pytest.raises(NotApplicable, match=why.replace("(", r"\(").replace(")", r"\)")):
        reconcile(world).rebook_check(order)
    assert world.state.get("shop1", order) == before


def test_rebook_refuses_when_another_sales_order_carries_the_betalingskenmerk(world):
    numbers = booked(world, 12)
    edit_snelstart(world, lambda orders: [replace(o, number=41, id="o-41") if o.number == numbers["12"] else o
                                          for o in orders])
    with pytest.raises(NotApplicable, match="sales order 41 with betalingskenmerk 12 .*could book it twice"):
        reconcile(world).rebook_check("12")


def test_rebook_waits_for_a_busy_run(world):
    numbers = booked(world, 12)
    edit_snelstart(world, lambda orders: [o for o in orders if o.number != numbers["12"]])
    world.state.acquire_lock("shop1", "other-host:1:", world.clock.now(), 600)
    with pytest.raises(NotApplicable, match="a run of profile shop1 is busy"):
        reconcile(world).rebook_check("12")


def test_ack_refuses_an_order_the_shop_did_not_change(world):
    booked(world, 12)
    with pytest.raises(NotApplicable, match="order 12 is in the shop as it was booked: nothing to acknowledge"):
        reconcile(world).acknowledge("12")
    with pytest.raises(NotApplicable, match="order 77 is not in the history"):
        reconcile(world).acknowledge("77")


def test_the_json_shape(world):
    booked(world, 12)
    world.shop.orders.append(make_order(15, email="inkoop@devries.nl"))
    data = reconcile(world).report(since=datetime(2024, 3, 1)).to_json()
    assert data == {"profile": "shop1", "since": "2024-03-01T00:00:00",
                    "checked": {"history": 1, "snelstart": 1, "shop": 2},  # order 1 is from February
                    "findings": [{"kind": "not_booked", "order": "15", "sales_orders": [],
                                  "detail": "in the shop, not in SnelStart: no run has processed it yet"}]}
