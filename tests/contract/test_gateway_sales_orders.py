"""Contract: creating sales orders — numbers, prices, addresses and SnelStart's totals.

Expected totals are worked out by hand in the comments, the way a bookkeeper checks an invoice.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from domain.customer import RelationAddress
from domain.errors import SConnectError
from domain.sales_order import PlanLine, SalesOrderPlan

D = Decimal
DELIVERY = RelationAddress("Jan de Vries", "Prinsengracht 1", "1015 DV", "Amsterdam", "NL")


def plan(lines, excl: bool = False, **changes) -> SalesOrderPlan:
    values = dict(payment_reference="20", relation_code=1001, template_id="tpl-zakelijk" if excl else "tpl-web",
                  date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 20", prices_excl_vat=excl,
                  lines=tuple(lines))
    values.update(changes)
    return SalesOrderPlan(**values)


def stored(administration, number: int):
    return next(o for o in administration.snapshot().sales_orders if o.number == number)


def test_a_new_order_gets_the_next_number_and_is_found_by_payment_reference(administration):
    created = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))]))

    assert created.number == 6
    assert created.relation_code == 1001
    assert created.id and created.id == stored(administration, 6).id
    assert [(r.number, r.relation_code) for r in administration.sales_orders_with_payment_reference("20")] \
        == [(6, 1001)]
    second = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))],
                                                    payment_reference="21"))
    assert second.number == 7


def test_the_new_order_becomes_the_customers_last_template(administration):
    administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))]))

    assert administration.last_template_of(1001).id == "tpl-web"


def test_total_with_prices_incl_vat(administration):
    # 3 × 8.50 = 25.50; 1 × 24.95 (price from SnelStart) = 24.95; 2 × 0.333 = 0.666 → 0.67 per line;
    # cost type 1 (payment costs) 0.35: 25.50 + 24.95 + 0.67 + 0.35 = 51.47
    created = administration.create_sales_order(plan(
        [PlanLine("ART-2001", D("3"), "Mok", D("8.50"), D("21")),
         PlanLine("ART-1001", D("1")),
         PlanLine("STATIEGELD", D("2"), "Statiegeld", D("0.333"), D("0"))],
        cost_type_1=D("0.35"), cost_type_1_vat_rate=D("21")))

    assert created.total_incl_vat == D("51.47")
    order = stored(administration, created.number)
    assert order.total_incl_vat == D("51.47")
    assert order.vat_entry == "Inclusief"
    assert [(l.article_code, l.quantity, l.unit_price, l.total) for l in order.lines] == [
        ("ART-2001", D("3"), D("8.50"), D("25.50")),
        ("ART-1001", D("1"), D("24.95"), D("24.95")),
        ("STATIEGELD", D("2"), D("0.333"), D("0.67"))]
    assert order.cost_type_1 == D("0.35")


def test_total_with_prices_excl_vat_computes_vat_per_rate(administration):
    # 21 %: 3 × 7.0248 = 21.0744 → 21.07, plus cost type 1 2.8926 → 2.89: base 23.96, VAT 5.0316 → 5.03
    #  9 %: 1 × 22.8899 = 22.89 (rate from the article's revenue group "Omzet laag"): VAT 2.0601 → 2.06
    # total 23.96 + 5.03 + 22.89 + 2.06 = 53.94
    created = administration.create_sales_order(plan(
        [PlanLine("ART-2001", D("3"), "Mok", D("7.0248"), D("21")),
         PlanLine("ART-1001", D("1"), None, D("22.8899"))],
        excl=True, cost_type_1=D("2.8926"), cost_type_1_vat_rate=D("21")))

    assert created.total_incl_vat == D("53.94")
    order = stored(administration, created.number)
    assert order.vat_entry == "Exclusief"
    assert [l.total for l in order.lines] == [D("21.07"), D("22.89")]


def test_vat_excl_rounds_vat_once_per_rate_not_per_line(administration):
    # Three lines of 0.07 at 21 %: per line 0.0147 would round to 0.01 each (0.03 in all);
    # over the rate: 0.21 × 21 % = 0.0441 → 0.04. Total 0.21 + 0.04 = 0.25.
    created = administration.create_sales_order(plan(
        [PlanLine("ART-2001", D("1"), "Mok", D("0.07"), D("21"))] * 3, excl=True))

    assert created.total_incl_vat == D("0.25")


def test_missing_description_and_price_come_from_the_snelstart_article(administration):
    created = administration.create_sales_order(plan([PlanLine("ART-3001", D("2"))]))

    line = stored(administration, created.number).lines[0]
    assert (line.description, line.unit_price, line.total) == ("Cold brew krat 6 flessen", D("17.50"), D("35.00"))
    assert created.total_incl_vat == D("35.00")


def test_addresses_come_from_the_customer_card_when_the_plan_has_none(administration):
    created = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))],
                                                     delivery_address=DELIVERY))

    order = stored(administration, created.number)
    card = administration.relation_by_code("1001").establishment
    assert order.invoice_address == card
    assert order.delivery_address == DELIVERY


def test_every_plan_field_is_stored(administration):
    created = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))],
                                                     memo="Bestelling via myShop", cost_type_2=D("1.00"),
                                                     cost_type_2_vat_rate=D("21")))

    order = stored(administration, created.number)
    assert (order.relation_code, order.date, order.template_id, order.payment_reference, order.description,
            order.process_status, order.memo, order.cost_type_2) == (
        1001, datetime(2024, 3, 10, 12, 30), "tpl-web", "20", "Webshop-order 20", "Order",
        "Bestelling via myShop", D("1.00"))
    assert created.total_incl_vat == D("9.50")


@pytest.mark.parametrize("changes", [
    {"relation_code": 4242},  # no such relation
    {"relation_code": 2001},  # a supplier, not a customer (VOR-0002)
    {"relation_code": None},
    {"lines": (PlanLine("ART-9999", D("1"), "Onbekend", D("1.00")),)},
    {"template_id": "tpl-bestaat-niet"},
])
def test_orders_snelstart_would_refuse_are_refused_and_nothing_is_written(administration, changes):
    with pytest.raises(SConnectError):
        administration.create_sales_order(replace(plan([PlanLine("ART-2001", D("1"), "Mok", D("8.50"))]),
                                                  **changes))

    assert administration.sales_orders_with_payment_reference("20") == []
    assert [o.number for o in administration.snapshot().sales_orders] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("excl", [False, True])
def test_the_total_without_recipe_lines_leaves_out_exactly_the_recipe_lines(administration, excl):
    # The shop's total is compared with the order leaving out what recipe expansion added (SPEC §4):
    # 2 × 8.50 = 17.00 (incl.) or 17.00 excl. + 3.57 VAT = 20.57; the deposit line 2 × 0.15 is extra.
    main = PlanLine("ART-2001", D("2"), "Mok", D("8.50"), D("21"))
    deposit = PlanLine("STATIEGELD", D("2"), "Statiegeld", D("0.15"), D("0"), from_recipe=True)
    created = administration.create_sales_order(plan([main, deposit], excl=excl))
    without = D("20.57") if excl else D("17.00")
    assert created.total_without_recipe_lines == without
    assert created.comparable_total == without
    assert created.total_incl_vat == without + D("0.30")
    plain = administration.create_sales_order(plan([main], excl=excl, payment_reference="21"))
    assert plain.total_without_recipe_lines is None and plain.comparable_total == plain.total_incl_vat == without
