"""A booked order the shop sends again changed (SPEC §8): never booked again; a warning on that
order in the run's output and the log, once per change; the history keeps what changed."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from application.ports import OrderState
from domain.booked_summary import summarise
from fakes import line, make_order


def booked_then_changed(world, changed):
    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    world.run()
    world.clock.advance(minutes=30)
    world.shop.orders = [changed(world.shop.orders[0])]
    return world.run()


def later(order, **changes):
    return replace(order, change_time=order.change_time + timedelta(hours=1), **changes)


def test_a_changed_quantity_is_a_warning_on_the_order_and_never_a_second_booking(world):
    report = booked_then_changed(world, lambda o: later(o, lines=(line("ART-1001", "3", "24.95", "9"),),
                                                        total=o.total + o.lines[0].unit_price))

    assert report.outcomes == [] and report.unchanged == 1
    [entry] = report.to_json()["orders"]
    assert entry["status"] == "changed_in_shop" and entry["sales_order"] == 2 and entry["customer"] == 1001
    assert entry["warnings"] == ["changed in the shop after it was booked as sales order 2: quantity of ART-1001 "
                                 "2 → 3; total 49.90 → 74.85; not booked again (see sconnect reconcile)"]
    assert len(world.sales_orders("12")) == 1
    row = world.state.get("shop1", "12")
    assert row.state is OrderState.BOOKED and row.shop_change.lines[0].quantity == 3
    logged = [e.message for e in world.state.log_entries("shop1") if e.order_number == "12"]
    assert logged[-1].startswith("warning: changed in the shop after it was booked as sales order 2: quantity")


def test_the_same_change_is_reported_once_and_a_further_change_again(world):
    first = booked_then_changed(world, lambda o: later(o, lines=(line("ART-1001", "3", "24.95", "9"),)))
    assert len(first.changed) == 1
    world.clock.advance(minutes=5)
    assert world.run().changed == []  # sent again in the overlap window: already reported
    world.shop.orders = [later(world.shop.orders[0], lines=(line("ART-1001", "4", "24.95", "9"),))]
    [again] = world.run().changed
    assert "quantity of ART-1001 2 → 4" in again.warnings[0]


def test_an_order_the_shop_cancelled_after_it_was_booked(world):
    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    world.run()
    cancelled = later(world.shop.orders[0], order_status="cancelled")
    world.shop.orders, world.shop.left_out = [], [cancelled]
    report = world.run()

    [entry] = report.to_json()["orders"]
    assert entry["status"] == "changed_in_shop"
    assert "booked as sales order 2: cancelled (status 'cancelled')" in entry["warnings"][0]
    assert world.state.get("shop1", "12").shop_change.cancelled is True
    assert len(world.sales_orders("12")) == 1


def test_a_new_status_or_address_is_no_change_of_what_was_booked(world):
    report = booked_then_changed(world, lambda o: later(o, order_status="shipped", payment_status="paid"))
    assert report.changed == [] and report.unchanged == 1
    assert world.state.get("shop1", "12").shop_change is None


def test_an_order_changed_back_as_it_was_booked_is_no_longer_a_change(world):
    booked_then_changed(world, lambda o: later(o, lines=(line("ART-1001", "3", "24.95", "9"),)))
    original = make_order(12, email="inkoop@devries.nl")
    world.shop.orders = [replace(original, change_time=original.change_time + timedelta(hours=2))]
    assert world.run().changed == []
    assert world.state.get("shop1", "12").shop_change is None


def test_what_was_booked_is_kept_field_by_field(world):
    order = make_order(12, email="inkoop@devries.nl", shipping="6.95")
    world.shop.orders = [order]
    world.run()
    assert world.state.get("shop1", "12").booked_summary == summarise(order)
