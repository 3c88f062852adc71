"""What was booked of a shop order, compared field by field with what the shop sends later."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import given, strategies as st

from domain.booked_summary import BookedSummary, changes, summarise, total_only
from domain.order import Address
from fakes import line, make_order

D = Decimal


def booked_and_now(before, after) -> list[str]:
    return changes(summarise(before), summarise(after))


def test_nothing_the_booking_depends_on_changed():
    order = make_order(12, shipping="6.95")
    paid_and_moved = replace(order, order_status="shipped", payment_status="paid", change_time=order.change_time,
                             billing=Address(street="Elders 2", postcode="9999 ZZ", city="Anders"))
    assert booked_and_now(order, paid_and_moved) == []
    renamed = replace(order, lines=(replace(order.lines[0], description="Andere omschrijving"),))
    assert booked_and_now(order, renamed) == []


def test_quantity_price_vat_and_lines_added_or_removed_are_named():
    before = make_order(12, lines=[line("ART-1001", "2", "24.95", "9"), line("ART-2001", "1", "8.50")])
    after = make_order(12, lines=[line("ART-1001", "3", "22.95", "21"), line("ART-3001", "1", "17.50", "9")])
    assert booked_and_now(before, after) == [
        "quantity of ART-1001 2 → 3", "price of ART-1001 24.95 → 22.95", "VAT of ART-1001 9% → 21%",
        "line ART-2001 removed (1 × 8.50)", "line ART-3001 added (1 × 17.50)", "total 58.40 → 86.35"]


def test_costs_and_discount_are_compared_per_kind():
    before = make_order(12, shipping="6.95")
    after = make_order(12, shipping="4.95", discount="5.00")
    assert booked_and_now(before, after) == ["shipping costs 6.95 → 4.95", "discount 0.00 → 5.00",
                                             "total 56.85 → 49.85"]


def test_a_cancelled_order_says_so_with_its_status():
    order = make_order(12)
    assert changes(summarise(order), summarise(replace(order, order_status="cancelled"), cancelled=True)) == [
        "cancelled (status 'cancelled')"]


def test_the_same_article_twice_stays_two_lines():
    before = make_order(12, lines=[line("ART-1001", "1", "24.95", "9"), line("ART-1001", "1", "24.95", "9")])
    after = make_order(12, lines=[line("ART-1001", "1", "24.95", "9")])
    assert booked_and_now(before, after) == ["line ART-1001 removed (1 × 24.95)", "total 49.90 → 24.95"]


def test_a_line_without_article_code_is_named_by_its_description():
    before = make_order(12, lines=[line("", "1", "5.00", "21", "Cadeaubon")])
    after = make_order(12, lines=[line("", "2", "5.00", "21", "Cadeaubon")])
    assert booked_and_now(before, after)[0] == "quantity of 'Cadeaubon' 1 → 2"


def test_an_order_booked_before_summaries_were_kept_is_compared_by_its_total():
    now = summarise(make_order(12, lines=[line("ART-1001", "3", "24.95", "9")]))
    assert changes(total_only(D("49.90")), now) == ["total 49.90 → 74.85"]
    assert changes(total_only(D("74.85")), now) == []
    assert changes(total_only(D("74.85")), replace(now, cancelled=True, status="cancelled")) == [
        "cancelled (status 'cancelled')"]


amounts = st.decimals(min_value=D("0"), max_value=D("9999"), places=2, allow_nan=False, allow_infinity=False)


@given(quantity=st.integers(min_value=1, max_value=99), price=amounts, shipping=amounts)
def test_a_summary_survives_its_json_exactly(quantity, price, shipping):
    order = make_order(12, lines=[line("ART-1001", str(quantity), str(price), "9")], shipping=str(shipping))
    summary = summarise(order)
    again = BookedSummary.from_json(summary.to_json())
    assert again == summary and changes(again, summary) == []
    assert [str(l.unit_price) for l in again.lines] == [str(price)]
