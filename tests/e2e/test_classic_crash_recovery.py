"""Exactly once on SnelStart desktop (SPEC §10), as test_crash_recovery.py holds it for the embedded
default: the run is killed (SIGKILL) or fails at each step in turn — in S-Connect, and inside the
(fake) SnelStart Gateway between mtdGWayVerkoopOrderAanmakenE, the lines and
mtdGWayVerkoopOrderSluitenGet — and a clean rerun books every order exactly once.

What SnelStart keeps of an order killed before SluitenGet is not public; the fake keeps nothing
(an unclosed order is not written: our assumption, docs/classic.md). The betalingskenmerk check
reads through ODBC before the Gateway writes, so an order closed just before the kill is found
and recorded, never written twice."""
from __future__ import annotations

import pytest

from infrastructure.simulators.myshop.server import MyShopSimulator
from installation import KEY, Installation, demo_text
from profiles import SHOP
from test_crash_recovery import EXPECTED, assert_booked_exactly_once, crash


@pytest.fixture
def classic(tmp_path):
    with MyShopSimulator(demo_text("interfaces.demo", "orders.xml").encode(), shop_id=SHOP, key=KEY) as shop:
        yield Installation(tmp_path, shop.base_url, kind="local")


# The steps inside the SnelStart Gateway, and two of S-Connect's own on either side of it;
# test_crash_recovery.py kills every step the kinds share (the use case is the same for all).
POINTS = [
    "gateway.create_relation:after",
    "com.mtdGWayKlantWrite:before",
    "com.mtdGWayKlantWrite:after",
    "com.mtdGWayVerkoopOrderAanmakenE:after",
    "com.mtdGWayVerkoopOrderRegelToevoegenArtikelB:after",
    "com.mtdGWayVerkoopOrderSluitenGet:before",
    "com.mtdGWayVerkoopOrderSluitenGet:after",
    "state.record_booked_many:before",
]
# Every step once; the second call of the steps of the Gateway's order (a crash in the middle of
# the run, after an order that was closed).
KILLS = [(p, 1) for p in POINTS] + [(p, 2) for p in POINTS if p.startswith("com.mtdGWayVerkoopOrder")]
RAISES = ["com.mtdGWayVerkoopOrderAanmakenE:after", "com.mtdGWayVerkoopOrderRegelToevoegenArtikelB:after",
          "com.mtdGWayVerkoopOrderSluitenGet:after"]


def test_the_classic_installation_books_every_order_once(classic):
    code, report = classic.run_json()
    assert (code, report["created"], report["failed"]) == (0, 5, 0), report
    assert_booked_exactly_once(classic)


@pytest.mark.slow
@pytest.mark.parametrize("point,nth", KILLS)
def test_killed_at_any_step_then_rerun_books_every_order_once(classic, point, nth):
    crashed = crash(classic, point, nth, "kill")
    assert crashed.returncode == -9, crashed.stderr  # it really died at that step
    code, report = classic.run_json()
    assert code == 0, report
    assert_booked_exactly_once(classic)
    code, report = classic.run_json()
    assert (code, report["created"], report["failed"]) == (0, 0, 0)
    assert_booked_exactly_once(classic)


@pytest.mark.slow
@pytest.mark.parametrize("point,nth,closed", [
    ("com.mtdGWayVerkoopOrderRegelToevoegenArtikelB:after", 1, 0),  # a line in, the order never closed
    ("com.mtdGWayVerkoopOrderSluitenGet:before", 1, 0),
    ("com.mtdGWayVerkoopOrderSluitenGet:before", 2, 1),  # the first order closed, the second not
    ("com.mtdGWayVerkoopOrderSluitenGet:after", 1, 1),  # closed, the number never reached S-Connect
])
def test_only_the_orders_the_gateway_closed_are_in_snelstart(classic, point, nth, closed):
    before = len(classic.sales_orders())
    crashed = crash(classic, point, nth, "kill")
    assert crashed.returncode == -9, crashed.stderr
    after = classic.sales_orders()
    assert len(after) - before == closed
    assert all(o.lines for o in after)  # each whole, with its lines


@pytest.mark.slow
@pytest.mark.parametrize("point", RAISES)
def test_a_gateway_call_that_fails_fails_that_order_alone_and_the_rerun_books_it_once(classic, point):
    crashed = crash(classic, point, 1, "raise")
    assert crashed.returncode == 0, crashed.stderr  # the run went on with the other orders
    code, report = classic.run_json()
    assert code == 0, report
    assert_booked_exactly_once(classic)


def test_expected_orders_are_the_demo_shops():
    assert EXPECTED == {"12", "13", "14", "15", "17"}
