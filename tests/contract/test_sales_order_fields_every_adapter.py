"""Contract, for every adapter (b2b included: no cost types here): every field of a sales order
plan is stored, and the customer's last template is that of the latest order by date — not the
highest number. Added after review (issue 7): the cost-type variant of the first check is
skipped for b2b, and the template check was only seen on a tie of dates."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain.customer import RelationAddress
from domain.sales_order import PlanLine, SalesOrderPlan

D = Decimal
INVOICE = RelationAddress("Administratie", "Postbus 12", "1000 AA", "Amsterdam", "NL")
DELIVERY = RelationAddress("Jan de Vries", "Prinsengracht 1", "1015 DV", "Amsterdam", "NL")


def plan(**changes) -> SalesOrderPlan:
    values = dict(payment_reference="20", relation_code=1001, template_id="tpl-web",
                  date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 20", prices_excl_vat=False,
                  lines=(PlanLine("ART-2001", D("2"), "Mok met logo", D("8.50")),))
    values.update(changes)
    return SalesOrderPlan(**values)


def test_every_plan_field_without_cost_types_is_stored(administration):
    created = administration.create_sales_order(plan(memo="Bestelling via myShop\nbellen bij aflevering",
                                                     invoice_address=INVOICE, delivery_address=DELIVERY))

    order = next(o for o in administration.snapshot().sales_orders if o.number == created.number)
    assert (order.relation_code, order.date, order.template_id, order.payment_reference, order.description,
            order.process_status, order.vat_entry, order.memo) == (
        1001, datetime(2024, 3, 10, 12, 30), "tpl-web", "20", "Webshop-order 20", "Order", "Inclusief",
        "Bestelling via myShop\nbellen bij aflevering")
    assert (order.invoice_address, order.delivery_address) == (INVOICE, DELIVERY)
    assert [(l.article_code, l.description, l.quantity, l.unit_price, l.total) for l in order.lines] == [
        ("ART-2001", "Mok met logo", D("2"), D("8.50"), D("17.00"))]
    assert (order.cost_type_1, order.cost_type_2) == (D("0"), D("0"))
    assert created.total_incl_vat == order.total_incl_vat == D("17.00")


def test_the_latest_order_by_date_decides_the_last_template_not_the_highest_number(administration):
    # 1001 has order 1 (1 March, Webshop) and order 2 (5 March, Zakelijk). A new order dated
    # 1 February gets number 6, the highest, but is the oldest: Zakelijk stays the last template.
    older = administration.create_sales_order(plan(date=datetime(2024, 2, 1, 9, 0), template_id="tpl-web"))
    assert older.number == 6

    assert administration.last_template_of(1001).id == "tpl-zakelijk"

    # One dated after 5 March wins, whatever its number.
    administration.create_sales_order(plan(date=datetime(2024, 3, 6, 9, 0), template_id="tpl-web",
                                           payment_reference="21"))
    assert administration.last_template_of(1001).id == "tpl-web"
