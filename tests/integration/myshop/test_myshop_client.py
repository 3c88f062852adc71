"""MyShopOrderSource against the simulator: what it asks for and what it hands the use case."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from domain.errors import ConfigurationError, OrderRejected
from domain.order import ChargeKind
from infrastructure.myshop.signing import NoModuleSigner, PartnerSigner

from myshop_support import KEY, NOW


def numbers(result):
    return sorted(int(o.number) for o in result.orders)


# -- what is fetched ------------------------------------------------------------------------------
def test_a_first_fetch_reads_everything_and_leaves_out_the_abandoned_checkout(source_for, sim):
    result = source_for().fetch_since(None)
    assert numbers(result) == [12, 13, 14, 15, 17]  # 16 is an aborted checkout
    assert result.rejected == []
    assert sim.list_requests()[-1].params["change_time"] == "20010101010101"
    assert sim.list_requests()[-1].params["system_export"] == "1"
    assert sim.list_requests()[-1].params["module"] == "orders_get"
    assert "partner" not in sim.list_requests()[-1].params


def test_the_orders_are_mapped_with_decimals_charges_and_extra_fields(source_for):
    orders = {o.number: o for o in source_for().fetch_since(None).orders}
    first = orders["12"]
    assert first.order_id == "1817700_00012"
    assert first.customer.email == "inkoop@devries.nl"
    assert [(l.article_code, l.description, l.quantity, l.unit_price, l.vat_rate) for l in first.lines] == [
        ("ART-1001", "Koffiebonen 1 kg", Decimal("2"), Decimal("24.95"), Decimal("9")),
        ("ART-2040", "Molen RVS", Decimal("1"), Decimal("49.95"), Decimal("21"))]
    assert first.charge(ChargeKind.SHIPPING).amount == Decimal("6.95")
    assert first.charge(ChargeKind.DISCOUNT).description == "WELKOM10"
    assert first.total == first.computed_total == Decimal("96.80")
    assert orders["14"].customer.customer_code == "1003"
    assert orders["15"].delivery.city == "IJmuiden" and orders["15"].billing.city == "Haarlem"
    assert orders["17"].lines[1].article_code == ""
    assert all(isinstance(v, Decimal) for o in orders.values() for l in o.lines
               for v in (l.quantity, l.unit_price, l.line_total, l.vat_rate))


def test_the_cursor_is_sent_as_change_time_and_the_checkpoint_is_the_newest_change_minus_overlap(
        source_for, sim, clock):
    result = source_for().fetch_since(datetime(2024, 3, 2, 12, 0))
    assert sim.list_requests()[-1].params["change_time"] == "20240302120000"
    assert numbers(result) == [15, 17]
    newest = max(o.change_time for o in result.orders)
    assert newest < NOW and result.checkpoint == newest - timedelta(minutes=10)
    custom = source_for(overlap=timedelta(minutes=3)).fetch_since(datetime(2024, 3, 2, 12, 0))
    assert custom.checkpoint == newest - timedelta(minutes=3)


def test_a_computer_clock_behind_the_shop_never_puts_the_cursor_past_the_request(source_for, sim, clock):
    sim.add_order(30, change_time=NOW + timedelta(minutes=30))  # the shop's clock runs ahead of ours
    result = source_for().fetch_since(NOW - timedelta(hours=1))
    assert result.checkpoint == NOW - timedelta(minutes=10)


def test_an_empty_answer_leaves_the_cursor_where_it_is(source_for, sim):
    assert source_for().fetch_since(NOW + timedelta(days=1)).checkpoint is None


def test_the_overlap_window_delivers_an_order_again_but_once_per_fetch(source_for, sim, clock):
    source = source_for()
    sim.add_order(30, change_time=NOW - timedelta(minutes=5))
    first = source.fetch_since(NOW - timedelta(hours=1))
    clock.advance(minutes=15)
    sim.add_order(31, change_time=NOW + timedelta(minutes=12))
    second = source.fetch_since(first.checkpoint)
    assert numbers(first) == [30]
    assert numbers(second) == [30, 31]  # 30 again: it changed inside the overlap; state decides
    assert second.checkpoint == NOW + timedelta(minutes=2)


def test_a_cursor_in_the_hour_that_repeats_when_the_clocks_go_back_moves_to_its_start(source_for, sim, clock):
    # 27 October 2024: 02:00-02:59 happens twice in Amsterdam (CEST, then CET).
    sim.add_order(40, change_time=datetime(2024, 10, 27, 2, 50))
    clock.advance(days=300)
    result = source_for().fetch_since(datetime(2024, 10, 27, 1, 0))
    assert result.checkpoint == datetime(2024, 10, 27, 2, 0)


def test_an_order_listed_twice_in_one_answer_is_one_rejected_entry_and_never_booked(source_for, sim):
    doc = sim.book.changed_since("20010101010101").decode()
    twice = doc.replace("</rows>", doc[doc.index('<row type="order"'):doc.index('<row type="order"', 300)]
                        + "</rows>")
    sim.set_orders(twice)
    result = source_for().fetch_since(None)
    assert "12" not in [o.number for o in result.orders]
    assert [(r.order_id, r.number) for r in result.rejected] == [("1817700_00012", "12")]
    assert "twice" in result.rejected[0].reason or "2 times" in result.rejected[0].reason


def test_an_order_whose_status_changed_shows_up_again_in_the_next_window(source_for, sim, clock):
    source = source_for()
    sim.update_order("1817700_00013", change_time="20240304115500", payment_status="paid")
    result = source.fetch_since(datetime(2024, 3, 4, 11, 50))
    assert numbers(result) == [13]
    assert result.orders[0].payment_status == "paid"


# -- start_from -----------------------------------------------------------------------------------
@pytest.mark.parametrize("start", ["14", "00014", 14])
def test_start_from_an_order_number_reads_all_and_keeps_numbers_from_it(source_for, sim, start):
    result = source_for(start_from=start).fetch_since(None)
    assert numbers(result) == [14, 15, 17]
    assert sim.list_requests()[-1].params["change_time"] == "20010101010101"


def test_start_from_an_order_number_still_uses_the_stored_cursor(source_for, sim):
    sim.add_order(9, change_time="20240303120000")
    result = source_for(start_from="14").fetch_since(datetime(2024, 3, 2, 12))
    assert sim.list_requests()[-1].params["change_time"] == "20240302120000"
    assert numbers(result) == [15, 17]  # 9 changed late but lies before the starting number


def test_orders_before_start_from_still_move_the_checkpoint(source_for, sim):
    # A quiet shop with only orders before the starting number: the cursor must not stay at
    # the very beginning, or every run would download the whole history.
    result = source_for(start_from="100").fetch_since(None)
    assert numbers(result) == [] and result.checkpoint is not None


def test_fetch_one_leaves_out_an_order_before_start_from(source_for, sim):
    from domain.errors import OrderLeftOut

    with pytest.raises(OrderLeftOut, match=r"order 12 lies before myshop.start_from \(14\)"):
        source_for(start_from="14").fetch_one("12")
    with pytest.raises(OrderLeftOut, match="aborted"):
        source_for().fetch_one("16")


def test_order_numbers_compare_as_integers_not_text(source_for, sim):
    sim.add_order(100, change_time="20240303120000")
    assert numbers(source_for(start_from="99").fetch_since(None)) == [100]


def test_start_from_a_date_time_is_the_change_time_and_older_orders_are_left_out(source_for, sim):
    # Order 12 was placed on 1 March but changed status after the start: not an order "from" 2 March.
    sim.update_order("1817700_00012", change_time="20240303090000")
    result = source_for(start_from=datetime(2024, 3, 2)).fetch_since(None)
    assert sim.list_requests()[-1].params["change_time"] == "20240302000000"
    assert numbers(result) == [14, 15, 17]


def test_the_later_of_cursor_and_start_date_wins(source_for, sim):
    source = source_for(start_from="2024-03-02T00:00:00")
    source.fetch_since(datetime(2024, 3, 1))
    assert sim.list_requests()[-1].params["change_time"] == "20240302000000"
    source.fetch_since(datetime(2024, 3, 3))
    assert sim.list_requests()[-1].params["change_time"] == "20240303000000"


def test_an_unreadable_start_from_is_a_configuration_error(source_for):
    with pytest.raises(ConfigurationError, match="start_from"):
        source_for(start_from="next tuesday")


# -- statuses -------------------------------------------------------------------------------------
def test_cancelled_orders_are_left_out_and_statuses_compare_case_insensitively(source_for, sim):
    sim.update_order("1817700_00013", order_status="Cancelled")
    sim.update_order("1817700_00016", order_status="ABORTED")
    assert numbers(source_for().fetch_since(None)) == [12, 14, 15, 17]


def test_orders_their_status_leaves_out_are_handed_over_apart(source_for, sim):
    # Reconcile and the run compare them with what was booked: a cancelled order is a change.
    sim.update_order("1817700_00013", order_status="Cancelled")
    result = source_for().fetch_since(None)
    assert numbers(result) == [12, 14, 15, 17]
    assert sorted((o.number, o.order_status) for o in result.left_out) == [("13", "Cancelled"), ("16", "aborted")]
    assert len(sim.list_requests()) == 1  # one list request, as before


def test_with_an_unreadable_order_the_left_out_ones_are_still_handed_over(source_for, sim):
    sim.update_order("1817700_00013", order_status="cancelled")
    sim.add_order(40, change_time="20240303120000", status="aborted", billing_country="XX", total="-1")
    sim.add_order(41, change_time="20240303120000", lines=(("ART-1", "Kapot", "-3", "1.00", "21"),))
    result = source_for().fetch_since(None)
    assert numbers(result) == [12, 14, 15, 17]
    assert [r.number for r in result.rejected] == ["41"]  # the broken abandoned checkout is no failure
    assert sorted(o.number for o in result.left_out) == ["13", "16"]


def test_fetch_one_hands_over_the_order_its_status_leaves_out(source_for, sim):
    from domain.errors import OrderLeftOut

    sim.update_order("1817700_00013", order_status="cancelled")
    with pytest.raises(OrderLeftOut) as left_out:
        source_for().fetch_one("13")
    assert left_out.value.order.number == "13" and left_out.value.order.order_status == "cancelled"
    with pytest.raises(OrderLeftOut) as before_start:
        source_for(start_from="14").fetch_one("12")
    assert before_start.value.order is None


def test_import_statuses_keeps_only_those(source_for):
    result = source_for(import_statuses=("processing",)).fetch_since(None)
    assert numbers(result) == [12, 14, 17]


def test_an_abandoned_checkout_is_left_out_before_it_is_checked(source_for, sim):
    sim.add_order(40, change_time="20240303120000", status="aborted", billing_country="XX", total="-1")
    result = source_for().fetch_since(None)
    assert 40 not in numbers(result) and result.rejected == []


def test_a_malformed_order_is_rejected_alone(source_for, sim):
    sim.add_order(41, change_time="20240303120000", lines=(("ART-1", "Kapot", "-3", "1.00", "21"),))
    result = source_for().fetch_since(None)
    assert numbers(result) == [12, 13, 14, 15, 17]
    assert [(r.number, r.reason) for r in result.rejected] == [("41", "order line 1: quantity -3 is negative")]


# -- one order ------------------------------------------------------------------------------------
def test_fetch_one_tries_the_number_as_given_then_zero_padded(source_for, sim):
    order = source_for().fetch_one("12")
    assert order.order_id == "1817700_00012"
    tried = [r.params.get("order_id") for r in sim.list_requests()]
    assert tried == ["1817700_12", "1817700_00012"]
    assert [r.answer for r in sim.list_requests()] == ["unknown_order", "ok"]


def test_fetch_one_finds_an_unpadded_order_directly(source_for, sim):
    sim.add_order(20, change_time="20240303120000", pad=0)
    assert source_for().fetch_one("20").order_id == "1817700_20"
    assert len(sim.list_requests()) == 1


def test_fetch_one_falls_back_to_the_list_for_other_padding(source_for, sim):
    sim.add_order(21, change_time="20240303120000", pad=8)
    order = source_for().fetch_one("21")
    assert order.order_id == "1817700_00000021"
    assert sim.list_requests()[-1].params.get("change_time") == "20010101010101"


def test_fetch_one_of_an_unknown_order_is_rejected(source_for):
    with pytest.raises(OrderRejected, match="order 999 is not in myShop"):
        source_for().fetch_one("999")


def test_fetch_one_of_an_abandoned_checkout_or_a_bad_order_is_rejected_with_the_reason(source_for, sim):
    with pytest.raises(OrderRejected, match="aborted"):
        source_for().fetch_one("16")
    sim.add_order(42, change_time="20240303120000", billing_country="ZZ")
    with pytest.raises(OrderRejected, match="billing_country 'ZZ'"):
        source_for().fetch_one("42")
    with pytest.raises(OrderRejected, match="not a myShop order number"):
        source_for().fetch_one("12; DROP")


# -- signing and rpc ids ----------------------------------------------------------------------------
def test_every_request_gets_its_own_fresh_rpc_id(source_for, sim):
    source = source_for()
    source.fetch_since(None)
    source.fetch_one("14")
    source.fetch_since(NOW)
    issued = [r for r in sim.requests if r.command == "id"]
    used = [r.params["rpc_id"] for r in sim.list_requests()]
    assert len(used) == len(set(used)) == len(issued) == 4  # fetch_one: "14", then "00014"
    assert all(r.answer in ("ok", "unknown_order") for r in sim.list_requests())


def test_a_partner_signer_sends_and_signs_the_partner_name(source_for, sim):
    result = source_for(signer=PartnerSigner("")).fetch_since(None)
    assert numbers(result) == [12, 13, 14, 15, 17]
    assert sim.list_requests()[-1].params["partner"] == ""


# -- configuration errors ---------------------------------------------------------------------------
@pytest.mark.parametrize("setup, options, words", [
    ("wrong key", {"private_key": "not-the-key"}, ["privésleutel", "back office", "koppelingen"]),
    ("other shop", {"shop_id": "1234500"}, ["winkelnummer", "1234500"]),
    ("ip list", {}, ["IP address", "back office"]),
    ("disabled", {}, ["ja, via externe server", "orders ophalen"]),
])
def test_refusals_the_owner_must_fix_are_configuration_errors_with_a_hint(source_for, sim, setup, options, words):
    if setup == "ip list":
        sim.allowed_ips = ("192.0.2.10",)
    if setup == "disabled":
        sim.enabled = False
    with pytest.raises(ConfigurationError) as caught:
        source_for(**options).fetch_since(None)
    message = str(caught.value)
    assert all(word in message for word in words), message
    assert "\n" not in message and KEY not in message
    assert len([r for r in sim.requests if r.answer != "ok"]) == 1  # not retried


def test_an_empty_key_or_a_non_numeric_shop_is_refused_before_any_request(source_for, sim):
    with pytest.raises(ConfigurationError, match="private_key is empty"):
        source_for(private_key="  ")
    with pytest.raises(ConfigurationError, match="winkelnummer"):
        source_for(shop_id="shop1")
    assert not sim.requests


def test_a_wrong_base_url_path_is_a_configuration_error(source_for, sim):
    with pytest.raises(ConfigurationError, match="myshop.base_url"):
        source_for(base_url=sim.base_url.replace("/RPC/", "/api/")).fetch_since(None)


# -- secrets --------------------------------------------------------------------------------------
def test_the_private_key_is_never_sent_shown_or_logged(source_for, sim, caplog):
    caplog.set_level(logging.DEBUG)
    source = source_for()
    assert KEY not in repr(source) and KEY not in repr(source._rpc) and KEY not in repr(source._rpc._key)
    source.fetch_since(None)
    with pytest.raises(ConfigurationError) as caught:
        source_for(private_key=KEY + "x").fetch_since(None)
    assert KEY not in str(caught.value)
    assert all(KEY not in value for r in sim.requests for value in r.params.values())
    assert KEY not in caplog.text


# -- test-connection ------------------------------------------------------------------------------
def test_check_connection_counts_the_orders_since_the_start(source_for):
    report = source_for(start_from="14").check_connection()
    assert (report.reachable, report.key_accepted, report.orders_since_start) == (True, True, 3)
    assert "from order number 14" in report.message


def test_check_connection_with_a_wrong_key(source_for):
    report = source_for(private_key="wrong").check_connection()
    assert (report.reachable, report.key_accepted, report.orders_since_start) == (True, False, 0)
    assert "privésleutel" in report.message


def test_check_connection_names_a_signing_recipe_that_does_work(source_for):
    report = source_for(signer=NoModuleSigner()).check_connection()
    assert not report.key_accepted
    assert "signing recipe 'default'" in report.message


def test_check_connection_when_nothing_listens(source_for, sim):
    url = sim.base_url
    sim.stop()
    report = source_for(base_url=url, retries=1).check_connection()
    assert (report.reachable, report.key_accepted) == (False, False)
    assert "could not be reached after 2 attempts" in report.message
