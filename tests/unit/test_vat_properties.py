"""VAT per rate as SnelStart declares it (SPEC §4): for any order of goods at 0 %, 9 % and 21 %
with a voucher, shipping and payment costs booked with an article per rate, the VAT per rate the
in-memory SnelStart computes from the booked order is the exact pro-rata VAT within one cent.

The oracle is the bookkeeper's arithmetic, independent of the code under test: each charge
belongs to the rates in proportion to the goods' amounts incl. VAT, and the VAT of a rate is
its gross × rate / (100 + rate), unrounded. The booked side goes the whole way: the production
look-ups, the plan, and the in-memory administration pricing the sales order with its articles'
revenue groups (infrastructure/snelstart/rules), as SnelStart does.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal as D

from hypothesis import event, given, settings
from hypothesis import strategies as st

from application.lookups import gather
from domain import booking
from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import Relation
from domain.matching import Recognition
from domain.money import cents
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, WebshopOrder
from domain.settings import ChargeBooking, ChargeMode, ProfileSettings, SalesSettings
from infrastructure.snelstart.memory import MemoryAdministration
from infrastructure.snelstart.rules.vat import group_rate, order_vat
from infrastructure.snelstart.snapshot import Snapshot

RATES = (D("0"), D("9"), D("21"))
KINDS = {D("0"): "Geen", D("9"): "Laag", D("21"): "Hoog"}
GROUPS = {rate: RevenueGroup(f"g-{rate}", n, f"Omzet {kind}", kind) for n, (rate, kind) in enumerate(KINDS.items())}
CHARGE_CODES = {ChargeKind.SHIPPING: "VERZEND", ChargeKind.PAYMENT: "BETAAL", ChargeKind.DISCOUNT: "KORTING"}
ARTICLES = tuple(Article(f"{name}-{rate}", f"{name} {rate}%", D("1.00"), GROUPS[rate].id)
                 for name in ("ART", *CHARGE_CODES.values()) for rate in RATES)
RELATION = Relation(1001, "Voorbeeld B.V.")
RECOGNITION = Recognition(RELATION, "email", "matched", (1001,))
TEMPLATES = (SalesTemplate("t-incl", "Webshop"), SalesTemplate("t-excl", "Webshop excl", prices_excl_vat=True))

cents_between = lambda low, high: st.integers(low, high).map(lambda c: D(c) / 100)  # noqa: E731


@st.composite
def lines(draw) -> OrderLine:
    rate = draw(st.sampled_from(RATES))
    quantity = D(draw(st.integers(1, 12)))
    price = draw(cents_between(1, 20_000))
    return OrderLine(f"ART-{rate}", "Artikel", quantity, price, rate, cents(quantity * price))


@st.composite
def orders(draw) -> WebshopOrder:
    goods = tuple(draw(st.lists(lines(), min_size=1, max_size=6)))
    subtotal = sum((line.line_total for line in goods), D("0"))
    charges = []
    for kind in ChargeKind:
        if draw(st.booleans()):
            # A voucher takes at most what the goods cost; the shop's own rate for a charge is
            # whatever it is (per-rate booking does not look at it when there are goods).
            top = int(subtotal * 100) - 1 if kind is ChargeKind.DISCOUNT else 5_000
            if top >= 1:
                charges.append(Charge(kind, draw(cents_between(1, top)), draw(st.sampled_from(RATES))))
    order = WebshopOrder(order_id="1817700_00012", number="12", order_date=datetime(2024, 3, 1),
                         change_time=datetime(2024, 3, 1), customer=CustomerData(email="a@b.nl"),
                         billing=Address(street="Dorpsstraat", house_number="1", postcode="1234 AB", city="Ergens"),
                         lines=goods, charges=tuple(charges))
    return WebshopOrder(**{**order.__dict__, "total": order.computed_total})


def per_rate(code: str) -> ChargeBooking:
    return ChargeBooking(ChargeMode.LINE, per_rate={f"{rate}": f"{code}-{rate}" for rate in RATES})


def exact_vat(order: WebshopOrder) -> dict[D, D]:
    goods: dict[D, D] = {}
    for line in order.lines:
        goods[line.vat_rate] = goods.get(line.vat_rate, D("0")) + line.line_total
    total = sum(goods.values(), D("0"))
    costs = sum((charge.signed_amount for charge in order.charges), D("0"))
    return {rate: (gross + costs * gross / total) * rate / (100 + rate) for rate, gross in goods.items()}


def booked_vat(administration: MemoryAdministration, number: int, excl: bool) -> dict[D, D]:
    """The VAT per rate of the booked order, from its stored lines and their articles' groups."""
    stored = next(o for o in administration.snapshot().sales_orders if o.number == number)
    groups = {g.id: g for g in GROUPS.values()}
    by_rate: dict[D, list[tuple[D, D]]] = {}
    for line in stored.lines:
        article = administration.article_by_code(line.article_code, "artikelcode")
        rate = group_rate(groups[article.revenue_group_id])
        by_rate.setdefault(rate, []).append((line.total, rate))
    return {rate: order_vat(excl, amounts) for rate, amounts in by_rate.items()}


@settings(max_examples=300, deadline=None)
@given(order=orders(), excl=st.booleans())
def test_snelstart_declares_the_pro_rata_vat_of_every_rate_within_a_cent(order, excl):
    template = TEMPLATES[excl]
    profile = ProfileSettings(id="shop1", sales=SalesSettings(
        template=template.description, shipping_costs=per_rate("VERZEND"), payment_costs=per_rate("BETAAL"),
        discount=per_rate("KORTING")))
    administration = MemoryAdministration(Snapshot((RELATION,), ARTICLES, tuple(GROUPS.values()), TEMPLATES))
    plan = booking.plan(order, profile, RECOGNITION, gather(order, profile, RECOGNITION, administration))
    created = administration.create_sales_order(plan.sales_order)

    declared, exact = booked_vat(administration, created.number, excl), exact_vat(order)
    event("excl" if excl else "incl")
    event(f"{len(exact)} rate(s), {len(order.charges)} charge(s)")
    assert set(declared) == set(exact)
    for rate in exact:
        assert abs(declared[rate] - exact[rate]) <= D("0.01"), (rate, declared, exact)
    assert created.total_vat == sum(declared.values(), D("0"))
    assert booking.planned_vat(plan.sales_order) == declared  # S-Connect foresees what SnelStart declares
