"""Booking: from a webshop order, the profile's settings and what SnelStart said, to a
BookingPlan (SPEC §4–§6). Nothing is written here; this only decides.

The use case first asks the administration what `needed_article_codes` and
`needed_component_codes` name (and the template, revenue groups, default customer), hands the
answers in as `Lookups`, and writes what the plan says. A plan that cannot be made raises an
`OrderRejected` with one line naming the setting to fix.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.booking_charges import book_charges, goods_weights
from domain.booking_customer import CustomerDecision, addresses, decide_customer, order_address
from domain.booking_lines import LinePlanner
from domain.booking_prices import Amount, Gap, in_entry, rate_text, snelstart_total
from domain.booking_vat import OrderVat
from domain.customer import Relation, RelationAddress, normalise_country
from domain.description import order_description
from domain.errors import OrderRejected, SettingMissing
from domain.field_limits import ArticleCodeLimit
from domain.fitting import fit_plan
from domain.matching import Recognition
from domain.money import cents
from domain.order import ChargeKind, WebshopOrder
from domain.sales_order import BookingPlan, PlanLine, SalesOrderPlan, totals_warning
from domain.settings import ChargeMode, ProfileSettings
from domain.vat import vat_per_rate, vat_text
from domain.vat_abroad import Destination, VatAbroad

ZERO = Decimal("0")


@dataclass(frozen=True)
class Lookups:
    """What the administration said, gathered before planning."""

    template: SalesTemplate | None  # sales.template resolved (None: not found)
    last_template: SalesTemplate | None  # template of the customer's latest order (take_last_template)
    # keyed by the shop's code as looked up via articles.code_field: every code of needed_article_codes()
    articles: Mapping[str, Article | None]
    # recipe components keyed by artikelcode (SnelStart recipes reference artikelcodes)
    components: Mapping[str, Article | None]
    # keyed by the setting's reference string (the values of articles.revenue_group)
    revenue_groups: Mapping[str, RevenueGroup | None]
    default_customer: Relation | None = None  # customers.default_customer_code looked up
    # With a code_field other than artikelcode: the articles whose artikelcode is a shop code
    # that the code field did not find — a new article cannot take a code that is in use.
    taken_codes: Mapping[str, Article] = field(default_factory=dict)
    # The revenue group of every article in `articles` and `components`, by the group's id: it
    # holds the VAT rate SnelStart books the article at (None: no such group).
    article_groups: Mapping[str, RevenueGroup | None] = field(default_factory=dict)
    # The administration's foreign VAT; None: not asked, because nothing of the order is abroad.
    vat_abroad: VatAbroad | None = None
    # What the administration takes as an artikelcode (companyInfo on b2b); a new article's
    # code that it cannot take stops the order before anything is written.
    article_codes: ArticleCodeLimit = ArticleCodeLimit()


def needed_article_codes(order: WebshopOrder, settings: ProfileSettings) -> set[str]:
    """The line codes, sales.default_article_code (every rate's), and the article(s) of each charge
    on the order that is booked as a line."""
    codes = {line.article_code.strip() for line in order.lines if line.article_code.strip()}
    codes.update(code.strip() for code in settings.sales.default_articles.values() if code.strip())
    for kind in ChargeKind:
        how = settings.sales.charge_booking(kind)
        if order.charge(kind) is not None and how is not None and how.mode is ChargeMode.LINE:
            codes.update(code.strip() for code in how.articles.values() if code.strip())
    return codes


def abroad_countries(order: WebshopOrder, recognition: Recognition) -> set[str]:
    """The countries of the order and its customer that are not the Netherlands: when there are
    any, what SnelStart bills abroad (`Lookups.vat_abroad`) is looked up."""
    countries = {order.billing.country, order.delivery.country}
    if recognition.relation is not None:
        countries.add(recognition.relation.establishment.country)
    return {code for code in map(normalise_country, countries) if code != "NL"}


def needed_component_codes(articles: Mapping[str, Article | None], settings: ProfileSettings) -> set[str]:
    """The components of the recipes that sales.recipes will expand."""
    return {line.article_code for article in articles.values()
            if article is not None and settings.sales.recipes.expands(article.recipe)
            for line in article.recipe.lines}


def choose_template(settings: ProfileSettings, lookups: Lookups) -> tuple[SalesTemplate, list[str]]:
    last = lookups.last_template
    if settings.sales.take_last_template and last is not None and not last.inactive:
        return last, [f"template '{last.description}' of the customer's latest order"]
    reference = settings.sales.template.strip()
    if not reference:
        raise SettingMissing("sales.template: not set; every sales order needs a SnelStart template")
    template = lookups.template
    if template is None:
        raise SettingMissing(f"sales.template: '{reference}' not found in SnelStart")
    if template.inactive:
        raise SettingMissing(f"sales.template: '{reference}' is inactive in SnelStart")
    return template, []


def plan(order: WebshopOrder, settings: ProfileSettings, recognition: Recognition,
         lookups: Lookups) -> BookingPlan:
    if order.currency.strip().upper() not in ("", "EUR"):
        raise OrderRejected(f"order in {order.currency.strip()}: SnelStart sales orders are booked in EUR")
    template, notes = choose_template(settings, lookups)
    customer = decide_customer(order, settings, recognition, lookups.default_customer)
    card = _relation_after_writes(customer, recognition, lookups)
    invoice, delivery = addresses(order, settings, customer.relation_name)
    if delivery is None and normalise_country(order.delivery.country) != normalise_country(card.establishment.country):
        # SnelStart bills VAT abroad by the delivery address: a delivery to another country than
        # the customer card's goes on the order whatever sales.addresses says.
        delivery = order_address(order.delivery, customer.relation_name)
        notes.append(f"delivery address taken from the order: it is in {delivery.country}, the customer card "
                     f"in {normalise_country(card.establishment.country)}")
    vat = OrderVat(lookups.article_groups, _destination(order, customer, card, delivery), lookups.vat_abroad,
                   order.order_date.date())
    planner = LinePlanner(settings, lookups.articles, lookups.components, lookups.revenue_groups,
                          template.prices_excl_vat, lookups.taken_codes, vat)
    drafts = [draft for line in order.lines for draft in planner.order_line(line)]
    charges = book_charges(order, settings, lookups.articles, vat, goods_weights(order))
    drafts += charges.lines

    priced = [i for i, d in enumerate(drafts) if d.gross is not None]
    amounts = [Amount(drafts[i].gross, drafts[i].vat_rate, drafts[i].quantity, drafts[i].shop_unit_price)
               for i in priced]
    amounts += [Amount(c.gross, c.vat_rate) for c in charges.costs]
    values, gaps = in_entry(amounts, template.prices_excl_vat)
    unit_prices: dict[int, Decimal] = dict(zip(priced, values))
    lines = tuple(PlanLine(d.article_code, d.quantity, d.description, unit_prices.get(i), d.vat_rate,
                           d.from_recipe) for i, d in enumerate(drafts))
    cost_values = values[len(priced):]
    cost_type = {1: ZERO, 2: ZERO}
    cost_rate: dict[int, Decimal | None] = {1: None, 2: None}
    for cost, value in zip(charges.costs, cost_values):
        cost_type[cost.slot] += value
        cost_rate[cost.slot] = cost.vat_rate

    sales_order = SalesOrderPlan(
        payment_reference=order.number, relation_code=customer.relation_code, template_id=template.id,
        date=order.order_date, description=order_description(order, settings),
        prices_excl_vat=template.prices_excl_vat, invoice_address=invoice, delivery_address=delivery,
        lines=lines, cost_type_1=cost_type[1], cost_type_1_vat_rate=cost_rate[1],
        cost_type_2=cost_type[2], cost_type_2_vat_rate=cost_rate[2], shop_total=order.total,
        memo=order.remark)

    warnings = [*order.warnings, *customer.warnings, *charges.warnings, *_totals_warnings(order, sales_order, gaps)]
    planned = BookingPlan(
        sales_order=sales_order, new_relation=customer.new_relation, relation_update=customer.relation_update,
        new_articles=tuple(planner.new_articles.values()), article_updates=tuple(planner.updates.values()),
        notes=tuple(notes + list(customer.notes) + planner.notes + charges.notes), warnings=tuple(warnings),
        needs_vat_number=vat.needs_vat_number)
    # Last: whatever the rules above made, nothing goes out longer than SnelStart takes.
    return fit_plan(planned, lookups.article_codes, recognition.relation)


@dataclass(frozen=True)
class _Card:
    """The customer card as SnelStart will have it once the order's relation is written."""

    establishment: RelationAddress
    vat_number: str
    label: str


def _relation_after_writes(customer: CustomerDecision, recognition: Recognition, lookups: Lookups) -> _Card:
    written = customer.new_relation or customer.relation_update
    if written is not None:
        label = "the new relation" if customer.new_relation is not None else f"relation {customer.relation_code}"
        return _Card(written.establishment, written.vat_number, label)
    relation = recognition.relation
    if relation is None or relation.code != customer.relation_code:
        relation = lookups.default_customer
    assert relation is not None, "decide_customer leaves no order without a relation"
    return _Card(relation.establishment, relation.vat_number, f"relation {relation.code}")


def _destination(order: WebshopOrder, customer: CustomerDecision, card: _Card,
                 delivery: RelationAddress | None) -> Destination:
    country = normalise_country(delivery.country if delivery is not None else card.establishment.country)
    return Destination(country, card.vat_number.strip(), card.label, order.customer.vat_number.strip())


def planned_total(plan: SalesOrderPlan) -> Decimal | None:
    """The order's total incl. VAT as SnelStart will compute it, leaving out recipe lines (SPEC §4);
    None when a line is left for SnelStart to price (sales.lines = code_and_quantity)."""
    lines = [line for line in plan.lines if not line.from_recipe]
    if any(line.unit_price is None for line in lines):
        return None
    return snelstart_total([(line.quantity, line.unit_price, line.vat_rate) for line in lines],
                           [(plan.cost_type_1, plan.cost_type_1_vat_rate),
                            (plan.cost_type_2, plan.cost_type_2_vat_rate)], plan.prices_excl_vat)


def planned_vat(plan: SalesOrderPlan) -> dict[Decimal, Decimal] | None:
    """The VAT per rate SnelStart will compute for the order, leaving out recipe lines (as the
    totals); None when a line is left for SnelStart to price or its rate is not known."""
    lines = [line for line in plan.lines if not line.from_recipe]
    if any(line.unit_price is None or line.vat_rate is None for line in lines):
        return None
    parts = [(cents(line.quantity * line.unit_price), line.vat_rate) for line in lines]
    for amount, rate in ((plan.cost_type_1, plan.cost_type_1_vat_rate), (plan.cost_type_2, plan.cost_type_2_vat_rate)):
        if amount:
            if rate is None:
                return None
            parts.append((cents(amount), rate))
    return vat_per_rate(parts, plan.prices_excl_vat)


def vat_warning(shop_vat: Decimal | None, booked: dict[Decimal, Decimal] | None) -> str | None:
    """SPEC §4: the VAT per rate of the booked order against the shop's total_vat; a difference
    is booked all the same, but the bookkeeper must see it."""
    if shop_vat is None or booked is None:
        return None
    total = sum(booked.values(), ZERO)
    if cents(shop_vat) == total:
        return None
    return (f"VAT differs: shop {cents(shop_vat)}, SnelStart {total} ({vat_text(booked)}; "
            f"difference {total - cents(shop_vat)})")


def _totals_warnings(order: WebshopOrder, sales_order: SalesOrderPlan, gaps: list[Gap]) -> list[str]:
    warnings = []
    if cents(order.total) != order.computed_total:
        warnings.append(f"the shop's total {cents(order.total)} differs from its own lines and costs "
                        f"({order.computed_total})")
    total = planned_total(sales_order)
    if total is not None:
        difference = totals_warning(order.total, total)
        if difference:
            warnings.append(difference)
    vat = vat_warning(order.total_vat, planned_vat(sales_order))
    if vat:
        warnings.append(vat)
    for gap in gaps:
        if gap.snelstart_gross == gap.gross:
            continue
        if gap.by_quantities:
            warnings.append(
                f"prices excl. VAT: no unit price of four decimals gives the lines at {rate_text(gap.vat_rate)} "
                f"VAT their exact amounts (booked {gap.snelstart_gross} of {gap.gross}); a template with prices "
                "incl. VAT or a line of quantity 1 at that rate would")
        else:
            warnings.append(
                f"sales.template: with prices excl. VAT SnelStart cannot book {gap.gross} at "
                f"{rate_text(gap.vat_rate)} VAT exactly (VAT over {gap.excl_total} gives {gap.snelstart_gross}); "
                "a template with prices incl. VAT books the shop's amounts exactly")
    return warnings
