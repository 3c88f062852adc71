"""Contract: the bulk read of sales orders in a period (reconcile, SPEC §8) — number,
betalingskenmerk, total and date of every order dated in the period, in one read."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from domain.sales_order import PlanLine, SalesOrderHeader, SalesOrderPlan
from infrastructure.snelstart.snapshot import Snapshot

D = Decimal


def _headers(administration, since, until=None) -> list[tuple]:
    return [(h.number, h.payment_reference, h.total_incl_vat, h.date)
            for h in administration.sales_orders_in_period(since, until)]


def test_every_order_dated_in_the_period_with_its_betalingskenmerk_total_and_date(administration):
    found = administration.sales_orders_in_period(datetime(2024, 3, 2, 8, 0), datetime(2024, 3, 5))

    # Orders 3 and 4 are dated 2024-03-02 08:00 (the start is in the period), 5 on 03-03;
    # 1 (03-01) lies before it, 2 (03-05 09:00) after its end.
    assert found == [SalesOrderHeader(3, "14", D("8.50"), datetime(2024, 3, 2, 8, 0)),
                     SalesOrderHeader(4, "12", D("8.50"), datetime(2024, 3, 2, 8, 0)),
                     SalesOrderHeader(5, "15", D("8.50"), datetime(2024, 3, 3, 8, 0))]
    assert all(isinstance(h.total_incl_vat, Decimal) for h in found)


def test_an_open_period_reads_from_the_first_or_to_the_last(administration):
    assert [number for number, *_ in _headers(administration, None)] == [1, 2, 3, 4, 5]
    assert [number for number, *_ in _headers(administration, datetime(2024, 3, 3))] == [2, 5]
    assert [number for number, *_ in _headers(administration, None, datetime(2024, 3, 2, 8, 0))] == [1]
    assert _headers(administration, datetime(2025, 1, 1)) == []


def test_a_new_order_is_read_with_the_total_snelstart_computed(administration):
    plan = SalesOrderPlan(payment_reference=" 20 ", relation_code=1001, template_id="tpl-web",
                          date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 20",
                          prices_excl_vat=False, lines=(PlanLine("ART-2001", D("3"), "Mok", D("8.50")),
                                                        PlanLine("STATIEGELD", D("6"), None, D("0.15"),
                                                                 from_recipe=True)))
    created = administration.create_sales_order(plan)

    # 3 × 8.50 + 6 × 0.15 (the recipe's deposit is part of SnelStart's total) = 26.40
    assert _headers(administration, datetime(2024, 3, 10)) == [
        (created.number, "20", D("26.40"), datetime(2024, 3, 10, 12, 30))]


def test_a_period_given_in_another_time_zone_means_the_same_dutch_moment(administration):
    # 07:00 UTC on 2 March is 08:00 in Amsterdam (winter time): orders 3 and 4 start there.
    since = datetime(2024, 3, 2, 7, 0, tzinfo=timezone.utc)
    assert [number for number, *_ in _headers(administration, since)] == [2, 3, 4, 5]


def test_an_empty_administration_has_no_orders_in_any_period(adapter_factory, tmp_path):
    assert adapter_factory.open(Snapshot(), tmp_path).sales_orders_in_period(None) == []
