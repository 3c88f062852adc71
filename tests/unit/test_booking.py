"""Booking rules the feature files do not show: the look-up lists, SnelStart's totals, the
price arithmetic, and the edges (bad look-ups, odd quantities, inactive templates)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

import pytest

from domain import booking
from domain.article import Article, RevenueGroup, SalesTemplate
from domain.booking_customer import contact_person, relation_code_from
from domain.booking_prices import Amount, excl_total_for, in_entry, price_for, snelstart_gross
from domain.customer import Relation
from domain.description import automatic
from domain.errors import OrderRejected, SettingMissing
from domain.fitting import fitted_contact_person
from domain.matching import Recognition
from domain.money import cents
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, WebshopOrder
from domain.recipe import Recipe, RecipeExpansion, RecipeLine, RecipePlacement
from domain.sales_order import PlanLine, SalesOrderPlan
from domain.settings import (ArticleSettings, ChargeBooking, ChargeMode, ProfileSettings, SalesSettings)

INCL = SalesTemplate("tpl-incl", "Webshop", prices_excl_vat=False)
EXCL = SalesTemplate("tpl-excl", "Webshop excl", prices_excl_vat=True)
MATCHED = Recognition(Relation(1001, "Voorbeeld B.V."), "email", "matched", (1001,))


def line(code: str, price: str, quantity: str = "1", vat: str = "21", description: str = "Artikel") -> OrderLine:
    q, p = D(quantity), D(price)
    return OrderLine(code, description, q, p, D(vat), cents(q * p))


def order(*lines: OrderLine, charges: tuple[Charge, ...] = (), **fields) -> WebshopOrder:
    made = WebshopOrder(order_id="1817700_00012", number="12", order_date=datetime(2024, 3, 1),
                        change_time=datetime(2024, 3, 1), customer=CustomerData(email="a@b.nl"),
                        billing=Address(first_name="Jan", last_name="de Vries", street="Dorpsstraat",
                                        house_number="1", postcode="1234 AB", city="Ergens"),
                        lines=lines, charges=charges, **fields)
    return made if "total" in fields else WebshopOrder(**{**made.__dict__, "total": made.computed_total})


def settings(**sales) -> ProfileSettings:
    return ProfileSettings(id="shop1", sales=SalesSettings(template="Webshop", **sales),
                           articles=ArticleSettings(revenue_group={"*": "Omzet"}))


# SnelStart books an article at its revenue group's rate; the lines here are at 21% unless they say.
HIGH = RevenueGroup("g", 1, "Omzet", "Hoog")


def article(code: str, price: str = "1.00", **fields) -> Article:
    return Article(code=code, description=code, sales_price=D(price), **{"revenue_group_id": HIGH.id, **fields})


def lookups(*articles: Article, template: SalesTemplate | None = INCL, components=(), **kw) -> booking.Lookups:
    known = {a.code: a for a in articles}
    return booking.Lookups(template=template, last_template=kw.pop("last_template", None),
                           articles=kw.pop("articles", known), components={c.code: c for c in components},
                           revenue_groups=kw.pop("revenue_groups", {"Omzet": HIGH}),
                           article_groups=kw.pop("article_groups", {HIGH.id: HIGH}), **kw)


# --- what must be looked up ------------------------------------------------------------------

def test_needed_article_codes_are_line_codes_default_article_and_charge_articles_on_the_order():
    o = order(line(" A1 ", "1.00"), line("", "2.00"), line("B2", "3.00"),
              charges=(Charge(ChargeKind.SHIPPING, D("4.95"), D("21")), Charge(ChargeKind.PAYMENT, D("0"), D("21"))))
    s = settings(default_article_code="WEB", shipping_costs=ChargeBooking(ChargeMode.LINE, "VERZEND"),
                 payment_costs=ChargeBooking(ChargeMode.LINE, "BETAAL"),
                 discount=ChargeBooking(ChargeMode.LINE, "KORTING"))
    # payment costs of 0 and a discount the order lacks need no article
    assert booking.needed_article_codes(o, s) == {"A1", "B2", "WEB", "VERZEND"}


def test_cost_type_charges_need_no_article():
    o = order(line("A1", "1.00"), charges=(Charge(ChargeKind.SHIPPING, D("4.95"), D("21")),))
    assert booking.needed_article_codes(o, settings(shipping_costs=ChargeBooking(ChargeMode.COST_TYPE_1))) == {"A1"}


@pytest.mark.parametrize("expansion, placement, expected", [
    (RecipeExpansion.NEVER, RecipePlacement.ALWAYS, set()),
    (RecipeExpansion.WHEN_ALWAYS, RecipePlacement.ALWAYS, {"C1", "C2"}),
    (RecipeExpansion.WHEN_ALWAYS, RecipePlacement.CHOICE, set()),
    (RecipeExpansion.WHEN_CHOICE_OR_ALWAYS, RecipePlacement.CHOICE, {"C1", "C2"}),
])
def test_needed_component_codes_follow_sales_recipes(expansion, placement, expected):
    recipe = Recipe(placement, (RecipeLine("C1", D("2")), RecipeLine("C2", D("1"))))
    articles = {"A1": article("A1", recipe=recipe), "B2": None, "X": article("X")}
    assert booking.needed_component_codes(articles, settings(recipes=expansion)) == expected


def test_a_code_that_was_not_looked_up_is_a_bug_not_an_unknown_article():
    # treating it as unknown would create a duplicate article in SnelStart
    with pytest.raises(KeyError, match="not looked up"):
        booking.plan(order(line("A1", "1.00")), settings(), MATCHED, lookups(articles={}))


# --- templates -----------------------------------------------------------------------------

def test_an_inactive_last_template_falls_back_to_sales_template():
    s = settings(take_last_template=True)
    last = SalesTemplate("old", "Oud", inactive=True)
    plan = booking.plan(order(line("A1", "1.00")), s, MATCHED, lookups(article("A1"), last_template=last))
    assert plan.sales_order.template_id == INCL.id


def test_an_inactive_sales_template_stops_the_order():
    inactive = SalesTemplate("t", "Webshop", inactive=True)
    with pytest.raises(SettingMissing, match="^sales.template: 'Webshop' is inactive in SnelStart$"):
        booking.plan(order(line("A1", "1.00")), settings(), MATCHED, lookups(article("A1"), template=inactive))


def test_an_order_in_another_currency_is_refused():
    with pytest.raises(OrderRejected, match="USD"):
        booking.plan(order(line("A1", "1.00"), currency="USD"), settings(), MATCHED, lookups(article("A1")))


# --- SnelStart's total -----------------------------------------------------------------------

def sales_order(lines: tuple[PlanLine, ...], excl: bool, **costs) -> SalesOrderPlan:
    return SalesOrderPlan("12", 1001, "t", datetime(2024, 3, 1), "", excl, lines=lines, **costs)


def test_planned_total_excl_vat_rounds_each_line_then_vat_once_per_rate():
    lines = (PlanLine("A", D("3"), unit_price=D("0.3333"), vat_rate=D("21")),  # 0.9999 → 1.00
             PlanLine("B", D("1"), unit_price=D("1.005"), vat_rate=D("21")),  # → 1.01
             PlanLine("C", D("2"), unit_price=D("4.5871"), vat_rate=D("9")))  # 9.1742 → 9.17
    costs = dict(cost_type_1=D("5.00"), cost_type_1_vat_rate=D("21"))
    # 21%: 1.00 + 1.01 + 5.00 = 7.01, VAT 1.4721 → 1.47; 9%: 9.17, VAT 0.8253 → 0.83
    assert booking.planned_total(sales_order(lines, True, **costs)) == D("7.01") + D("1.47") + D("9.17") + D("0.83")


def test_planned_total_incl_vat_is_the_sum_of_rounded_lines_and_cost_types():
    lines = (PlanLine("A", D("3"), unit_price=D("0.3333"), vat_rate=D("21")),
             PlanLine("K", D("1"), unit_price=D("-2.50"), vat_rate=D("21")))
    assert booking.planned_total(sales_order(lines, False, cost_type_2=D("4.95"))) == D("1.00") - D("2.50") + D("4.95")


def test_planned_total_leaves_out_recipe_lines_and_is_unknown_when_snelstart_prices_a_line():
    main = PlanLine("A", D("1"), unit_price=D("5.00"), vat_rate=D("9"))
    component = PlanLine("C", D("6"), from_recipe=True)
    assert booking.planned_total(sales_order((main, component), False)) == D("5.00")
    assert booking.planned_total(sales_order((main, PlanLine("B", D("1"))), False)) is None


# --- the price arithmetic --------------------------------------------------------------------

def test_no_excl_total_gives_10_00_incl_21_percent_when_vat_is_computed_over_the_excl_total():
    """Why some amounts cannot be booked exactly with prices excl. VAT, whatever the unit price."""
    reachable = {snelstart_gross(D(c) / 100, D("21")) for c in range(0, 2000)}
    assert D("9.99") in reachable and D("10.01") in reachable and D("10.00") not in reachable
    assert excl_total_for(D("10.00"), D("21")) == (D("8.26"), False)
    assert excl_total_for(D("12.10"), D("21")) == (D("10.00"), True)


@pytest.mark.parametrize("total, quantity", [("45.78", "2"), ("28.00", "3"), ("0.01", "7"), ("99.99", "99"),
                                             ("10.00", "0.5"), ("-10.00", "1"), ("12.34", "1.25")])
def test_price_for_finds_a_four_decimal_price_that_rounds_to_the_line_total(total, quantity):
    price = price_for(D(total), D(quantity))
    assert price is not None and price == price.quantize(D("0.0001"))
    assert cents(D(quantity) * price) == D(total)


def test_price_for_says_when_no_four_decimal_price_exists():
    # 1000 × p moves in steps of 0.10: 0.05 cannot be reached
    assert price_for(D("0.05"), D("1000")) is None


def test_a_rate_the_quantities_cannot_reach_is_reported_as_a_gap():
    # two lines of 1000 units: every line total is a multiple of 0.10 excl. VAT, and the rate has
    # no single unit or cost type to take the rest; 60.52 needs 50.02 excl.
    amounts = [Amount(D("30.26"), D("21"), D("1000"), None), Amount(D("30.26"), D("21"), D("1000"), None)]
    values, gaps = in_entry(amounts, True)
    booked = sum(cents(D("1000") * v) for v in values)
    assert len(gaps) == 1 and gaps[0].excl_total == booked and booked != D("50.02")
    assert gaps[0].snelstart_gross == snelstart_gross(booked, D("21")) != D("60.52")


def test_the_cents_left_by_hard_quantities_go_to_a_single_unit_line_of_the_same_rate():
    amounts = [Amount(D("4.95"), D("21"), D("1"), D("4.95")), Amount(D("30.26"), D("21"), D("1000"), None)]
    values, gaps = in_entry(amounts, True)
    assert gaps == []
    booked = cents(values[0]) + cents(D("1000") * values[1])
    assert snelstart_gross(booked, D("21")) == D("35.21")


def test_the_cents_left_by_hard_quantities_go_to_a_cost_type_of_the_same_rate():
    amounts = [Amount(D("30.26"), D("21"), D("1000"), None), Amount(D("6.95"), D("21"))]
    values, gaps = in_entry(amounts, True)
    assert gaps == []
    assert snelstart_gross(cents(D("1000") * values[0]) + values[1], D("21")) == D("37.21")


def test_the_cents_a_rate_needs_are_spread_one_per_line():
    # six cards of 1.00 at 21%: 0.8264 each rounds to 0.83 (4.98), the rate's 6.00 needs 4.96
    amounts = [Amount(D("1.00"), D("21"), D("1"), D("1.00")) for _ in range(6)]
    values, gaps = in_entry(amounts, True)
    assert gaps == [] and sorted(values) == [D("0.82"), D("0.82")] + [D("0.8264")] * 4


def test_a_cent_taken_off_comes_from_a_line_that_was_rounded_up():
    # 1.20 → 0.9917 rounds down to 0.99; each 1.00 → 0.8264 rounds up to 0.83. The rate's 4.20
    # needs 3.47, not 3.48: the cent comes off a card (0.82), not off the 0.99 (0.98 would be
    # further from 0.9917 than a cent).
    amounts = [Amount(D("1.20"), D("21"), D("1"), D("1.20"))] + [Amount(D("1.00"), D("21"), D("1"), D("1.00"))] * 3
    values, gaps = in_entry(amounts, True)
    assert gaps == [] and values[0] == D("0.9917") and sorted(values[1:]) == [D("0.82"), D("0.8264"), D("0.8264")]


def test_zero_quantity_lines_keep_their_converted_price():
    values, gaps = in_entry([Amount(D("0"), D("21"), D("0"), D("12.10"))], True)
    assert values == [D("10.0000")] and gaps == []


def test_a_plan_with_prices_excl_vat_on_an_unreachable_amount_warns_once_per_cause():
    plan = booking.plan(order(line("A1", "10.00")), settings(), MATCHED, lookups(article("A1"), template=EXCL))
    assert booking.planned_total(plan.sales_order) == D("9.99")
    assert len(plan.warnings) == 2 and all("\n" not in w for w in plan.warnings)


def test_a_plan_whose_quantities_cannot_reach_a_rate_says_so():
    big = OrderLine("A1", "Schroef", D("1000"), D("0.04"), D("21"), D("30.26"))  # a line discount in the shop
    plan = booking.plan(order(big, big), settings(), MATCHED, lookups(article("A1"), template=EXCL))
    assert booking.planned_total(plan.sales_order) != D("60.52")
    assert any(w.startswith("prices excl. VAT: no unit price of four decimals gives the lines at 21% VAT")
               for w in plan.warnings)
    assert any(w.startswith("totals differ: shop 60.52") for w in plan.warnings)


# --- customers and addresses -----------------------------------------------------------------

@pytest.mark.parametrize("code, expected", [("5531", 5531), (" 42 ", 42), ("0", None), ("D1001", None),
                                            ("-5", None), ("99999999999", None), (None, None), ("", None)])
def test_only_a_positive_int32_customer_code_becomes_the_relation_code(code, expected):
    assert relation_code_from(code) == expected


def test_contact_person_keeps_the_company_when_both_do_not_fit():
    address = Address(company="Groothandel in Koffie en Thee Noord-Holland", first_name="Jan",
                      last_name="de Vries-van der Berg")
    both = contact_person(address, "Voorbeeld B.V.")
    assert both == "Groothandel in Koffie en Thee Noord-Holland t.a.v. Jan de Vries-van der Berg"
    assert fitted_contact_person(both, 50) == "Groothandel in Koffie en Thee Noord-Holland"
    assert contact_person(address, "groothandel in koffie en thee noord holland") == "Jan de Vries-van der Berg"


def test_automatic_description_leaves_out_what_the_shop_does_not_say():
    assert automatic(order(line("A1", "1.00"))) == "Webshop-order 12"
    assert automatic(order(line("A1", "1.00"), payment_method="klarna")) == "Webshop-order 12 – klarna"


def test_a_matched_relation_gets_no_payment_term_on_update():
    from domain.settings import CustomerProcessing, CustomerSettings
    s = ProfileSettings(id="shop1", sales=SalesSettings(template="Webshop"),
                        customers=CustomerSettings(processing=CustomerProcessing.ADD_AND_UPDATE,
                                                   default_payment_term=30))
    plan = booking.plan(order(line("A1", "1.00")), s, MATCHED, lookups(article("A1")))
    assert plan.relation_update is not None and plan.relation_update.payment_term is None
    assert plan.relation_update.code == 1001
