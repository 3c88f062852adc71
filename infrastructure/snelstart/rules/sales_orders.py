"""How SnelStart checks, prices and totals a new sales order (verkooporder), for the
administrations that compute it themselves (the in-memory fake, the embedded administration,
the B2B simulator, the classic fake Gateway).

Each line's total is rounded to the cent. With prices incl. VAT (Inclusief) the order total is
the sum of the lines plus the footer's cost types. With prices excl. VAT (Exclusief) VAT is
computed per VAT rate over the whole order, not per line, and rounded once per rate — the way
a Dutch invoice's VAT specification is built; cost types join their rate's base.

A line's rate is its article's (rules.vat: the revenue group's, abroad perhaps the delivery
country's), never what the plan says the shop charged: SnelStart's order line has no VAT field.
Only the footer's cost types, which have no article, take the plan's rate.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Callable

from domain.article import Article
from domain.customer import Relation
from domain.money import cents
from domain.sales_order import CreatedSalesOrder, PlanLine, SalesOrderHeader, SalesOrderPlan
from infrastructure.clock import AMSTERDAM
from infrastructure.snelstart.rules.refusals import SnelStartRefused
from infrastructure.snelstart.snapshot.model import StoredSalesOrder, StoredSalesOrderLine
from infrastructure.snelstart.rules.vat import order_vat
from infrastructure.snelstart.rules.writes import check_money

ZERO = Decimal("0")


def line_total(quantity: Decimal, unit_price: Decimal, discount_percentage: Decimal = ZERO) -> Decimal:
    return cents(quantity * unit_price * (100 - discount_percentage) / 100)


def order_total_incl_vat(prices_excl_vat: bool, amounts: list[tuple[Decimal, Decimal | None]]) -> Decimal:
    """`amounts`: (amount in the order's VAT entry, VAT rate in percent) of every line and cost type.

    The rate may be None with prices incl. VAT (it changes nothing there); with prices excl.
    VAT the caller must supply it.
    """
    if not prices_excl_vat:
        return sum((cents(amount) for amount, _ in amounts), ZERO)
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in amounts:
        if rate is None:
            raise ValueError("a VAT rate is needed for prices excl. VAT")
        bases[rate] = bases.get(rate, ZERO) + cents(amount)
    return sum((base + cents(base * rate / 100) for rate, base in bases.items()), ZERO)


def check_customer(plan: SalesOrderPlan, relation: Relation | None) -> Relation:
    """`relation`: the one with the plan's relatiecode, None when there is none."""
    if relation is None:
        raise SnelStartRefused("VOR-0001", f"no relation has relatiecode {plan.relation_code}")
    if "Klant" not in relation.kinds:
        raise SnelStartRefused("VOR-0002", f"relation {relation.code} is not a customer (Klant)")
    return relation


def check_template(plan: SalesOrderPlan, template_exists: Callable[[str], bool]) -> None:
    if plan.template_id and not template_exists(plan.template_id):
        raise SnelStartRefused("VOR-0003", f"no verkoopordersjabloon has id {plan.template_id!r}")


@dataclass(frozen=True)
class PricedSalesOrder:
    lines: tuple[StoredSalesOrderLine, ...]
    total_incl_vat: Decimal
    total_without_recipe_lines: Decimal | None  # None: no line came from a recipe
    vat: Decimal | None = None  # the whole order's VAT; None: an article has no known rate


def _priced_line(n: int, line: PlanLine, article: Article | None, vat_rate_of: Callable[[Article], Decimal | None],
                 prices_excl_vat: bool) -> tuple[StoredSalesOrderLine, Decimal | None]:
    if article is None:
        raise SnelStartRefused("VOR-0013", f"line {n}: no article has artikelcode {line.article_code!r}")
    if article.inactive:
        raise SnelStartRefused("ALG-0105", f"line {n}: article {article.code!r} is inactive")
    # A missing price is the article's verkoopprijs, taken as given in the order's VAT entry.
    price = article.sales_price if line.unit_price is None else line.unit_price
    check_money(price, f"line {n}: stuksprijs")
    rate = vat_rate_of(article)
    if rate is None and prices_excl_vat:
        raise SnelStartRefused("VOR-0014", f"line {n}: article {article.code!r} has no VAT rate")
    stored = StoredSalesOrderLine(article.code, article.description if line.description is None
                                  else line.description, line.quantity, price, ZERO,
                                  line_total(line.quantity, price))
    return stored, rate


def price_sales_order(plan: SalesOrderPlan, article_of: Callable[[str], Article | None],
                      vat_rate_of: Callable[[Article], Decimal | None]) -> PricedSalesOrder:
    """Lines priced and the order totalled as SnelStart does; `article_of(code)` is the article
    with that artikelcode (inactive ones included), None when there is none; `vat_rate_of` the
    rate SnelStart books the article at on this order (rules.vat.line_rates)."""
    lines, amounts, from_recipe = [], [], []
    for n, line in enumerate(plan.lines, start=1):
        stored, rate = _priced_line(n, line, article_of(line.article_code.strip()), vat_rate_of,
                                    plan.prices_excl_vat)
        lines.append(stored)
        amounts.append((stored.total, rate))
        from_recipe.append(line.from_recipe)
    for n, amount, rate in ((1, plan.cost_type_1, plan.cost_type_1_vat_rate),
                            (2, plan.cost_type_2, plan.cost_type_2_vat_rate)):
        check_money(amount, f"kostensoort{n}")
        if amount:
            if plan.prices_excl_vat and rate is None:
                raise SnelStartRefused("VOR-0012", f"kostensoort{n} has no VAT rate")
            amounts.append((amount, rate))
            from_recipe.append(False)
    without_recipes = None
    if any(from_recipe):
        kept = [amount for amount, recipe in zip(amounts, from_recipe, strict=True) if not recipe]
        without_recipes = order_total_incl_vat(plan.prices_excl_vat, kept)
    return PricedSalesOrder(tuple(lines), order_total_incl_vat(plan.prices_excl_vat, amounts), without_recipes,
                            order_vat(plan.prices_excl_vat, amounts))


def wall_clock(moment: datetime) -> datetime:
    """SnelStart keeps zone-less Dutch wall-clock time."""
    return moment.astimezone(AMSTERDAM).replace(tzinfo=None) if moment.tzinfo else moment


def stored_sales_order(plan: SalesOrderPlan, relation: Relation, priced: PricedSalesOrder, number: int,
                       id: str) -> StoredSalesOrder:
    """The order as SnelStart keeps it; addresses the plan leaves out come from the customer card."""
    return StoredSalesOrder(
        number=number, relation_code=relation.code, date=wall_clock(plan.date), template_id=plan.template_id,
        payment_reference=plan.payment_reference, description=plan.description, vat_entry=plan.vat_entry,
        invoice_address=plan.invoice_address or relation.establishment,
        delivery_address=plan.delivery_address or relation.establishment,
        lines=priced.lines, cost_type_1=plan.cost_type_1, cost_type_2=plan.cost_type_2,
        total_incl_vat=priced.total_incl_vat, memo=plan.memo, id=id)


def created_sales_order(order: StoredSalesOrder, priced: PricedSalesOrder) -> CreatedSalesOrder:
    return CreatedSalesOrder(order.number, order.relation_code, order.total_incl_vat, order.id,
                             priced.total_without_recipe_lines, priced.vat)


def period(since: datetime | None, until: datetime | None) -> tuple[datetime | None, datetime | None]:
    """A period's bounds as SnelStart's dates are kept: zone-less Dutch wall-clock time."""
    return (None if since is None else wall_clock(since)), (None if until is None else wall_clock(until))


def header(order: StoredSalesOrder) -> SalesOrderHeader:
    return SalesOrderHeader(order.number, order.payment_reference.strip(), order.total_incl_vat, order.date)
