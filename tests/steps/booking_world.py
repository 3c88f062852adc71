"""Small builders for the booking rule book: a webshop order, the profile's settings and a
SnelStart administration, as the feature files describe them."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import Decimal
from enum import Enum

from application.lookups import gather
from domain import booking
from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import Relation, RelationAddress
from domain.errors import OrderRejected
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.matching import Recognition
from domain.money import cents
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, WebshopOrder
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from domain.sales_order import BookingPlan
from domain.settings import ChargeBooking, ChargeMode, ProfileSettings
from domain.vat import DUTCH_RATES
from domain.vat_abroad import VatAbroad
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder

CHARGE_SETTINGS = ("shipping_costs", "payment_costs", "discount")


def rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    """A feature's table as one dict per row, keyed by the header."""
    header = [h.strip() for h in datatable[0]]
    return [dict(zip(header, (c.strip() for c in row))) for row in datatable[1:]]


def decimal(text: str) -> Decimal:
    return Decimal(text.strip().replace("%", ""))


def setting_value(current: object, key: str, raw: object) -> object:
    """A value as the configuration file writes it (TOML), in the type the setting has."""
    if key in CHARGE_SETTINGS:
        if isinstance(raw, dict):
            line = raw["line"]
            return ChargeBooking(ChargeMode.LINE, per_rate=dict(line)) if isinstance(line, dict) else \
                ChargeBooking(ChargeMode.LINE, line)
        return ChargeBooking(ChargeMode(raw))
    if key == "revenue_group":
        return dict(raw) if isinstance(raw, dict) else {"*": raw}
    if raw == "" and not isinstance(current, str):
        return None  # an empty optional setting (a payment term, a customer code)
    if isinstance(current, Enum):
        return type(current)(raw)
    return raw


def with_setting(settings: ProfileSettings, name: str, toml_value: str) -> ProfileSettings:
    raw = tomllib.loads(f"v = {toml_value}")["v"]
    section_name, key = name.split(".")
    section = getattr(settings, section_name)
    if key not in {f.name for f in fields(section)}:
        raise KeyError(f"no setting {name}")
    if key == "default_article_code":
        # One key, two forms: a code for every rate or a table per rate (domain.settings).
        per_rate = dict(raw) if isinstance(raw, dict) else {}
        return replace(settings, sales=replace(section, default_article_code="" if per_rate else raw,
                                               default_article_per_rate=per_rate))
    value = setting_value(getattr(section, key), key, raw)
    return replace(settings, **{section_name: replace(section, **{key: value})})


@dataclass
class Administration:
    """What SnelStart holds in a scenario. Booking asks it through the production look-ups
    (application.lookups.gather) of an in-memory SnelStart built from it, so the rule book
    tests what S-Connect really finds, not a look-up of its own."""

    templates: list[SalesTemplate] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    revenue_groups: list[RevenueGroup] = field(default_factory=list)
    relations: dict[int, Relation] = field(default_factory=dict)
    last_template: SalesTemplate | None = None  # of the recognised customer's latest sales order
    vat_abroad: VatAbroad | None = None  # None: the in-memory administration's (no such setting)
    article_codes: ArticleCodeLimit = STAND_IN_ARTICLE_CODES  # what it takes as an artikelcode

    def template(self, name: str) -> SalesTemplate | None:
        """The template a scenario names (its description), for the scenario's own checks."""
        return next((t for t in self.templates if t.description == name.strip()), None)

    def group(self, description: str) -> RevenueGroup:
        found = next((g for g in self.revenue_groups if g.description == description.strip()), None)
        assert found is not None, f"no revenue group {description!r} in the scenario"
        return found

    def group_at(self, rate: Decimal) -> RevenueGroup:
        """A group SnelStart books at this Dutch rate: the scenario's, else one made for it."""
        kind = next(k for k, r in DUTCH_RATES.items() if r == rate)
        found = next((g for g in self.revenue_groups if g.vat_kind == kind), None)
        if found is None:
            found = RevenueGroup(f"og-{kind.lower()}", 90 + len(self.revenue_groups), f"Omzet {kind.lower()}", kind)
            self.revenue_groups.append(found)
        return found

    def put_article(self, article: Article) -> None:
        """A later table of the scenario may give an article of the Background again."""
        self.articles = [a for a in self.articles if a.code != article.code] + [article]

    def replace_article(self, code: str, **changes) -> None:
        self.articles = [replace(a, **changes) if a.code == code else a for a in self.articles]

    def in_memory(self, recognition: Recognition) -> MemoryAdministration:
        relations = dict(self.relations)
        orders: tuple[StoredSalesOrder, ...] = ()
        if recognition.relation is not None:
            relations.setdefault(recognition.relation.code, recognition.relation)
            if self.last_template is not None:
                orders = (StoredSalesOrder(number=1, relation_code=recognition.relation.code,
                                           date=datetime(2024, 2, 1, 9, 0), template_id=self.last_template.id),)
        return MemoryAdministration(Snapshot(tuple(relations.values()), tuple(self.articles),
                                             tuple(self.revenue_groups), tuple(self.templates), orders),
                                    self.vat_abroad,
                                    article_codes=self.article_codes)


@dataclass
class OrderBuilder:
    number: str = "12"
    lines: list[OrderLine] = field(default_factory=list)
    charges: list[Charge] = field(default_factory=list)
    customer: CustomerData = CustomerData(email="inkoop@voorbeeld.nl", company="Voorbeeld B.V.",
                                          phone="0201234567")
    billing: Address = Address(company="Voorbeeld B.V.", first_name="Jan", last_name="de Vries",
                               street="Keizersgracht", house_number="12", house_number_addition="A",
                               postcode="1015 CJ", city="Amsterdam", country="NL")
    shipping: Address | None = None
    total: Decimal | None = None  # None: what the lines and charges add up to
    total_vat: Decimal | None = None  # None: the shop does not say
    order_status: str = ""
    payment_status: str = ""
    payment_method: str = ""
    payment_reference: str = ""
    remark: str = ""
    order_date: datetime = datetime(2024, 3, 1, 10, 15, 23)

    def line(self, code: str, description: str, quantity: Decimal, price: Decimal, vat: Decimal,
             line_total: Decimal | None = None) -> None:
        total = cents(quantity * price) if line_total is None else line_total
        self.lines.append(OrderLine(code, description, quantity, price, vat, total))

    def charge(self, kind: ChargeKind, amount: Decimal, vat: Decimal, description: str = "") -> None:
        self.charges.append(Charge(kind, amount, vat, description))

    def build(self) -> WebshopOrder:
        order = WebshopOrder(
            order_id=f"1817700_{self.number.zfill(5)}", number=self.number, order_date=self.order_date,
            change_time=datetime(2024, 3, 2, 11, 30),  # a later status change; the order date stays
            customer=self.customer, billing=self.billing, shipping=self.shipping,
            lines=tuple(self.lines), charges=tuple(self.charges), order_status=self.order_status,
            payment_status=self.payment_status, payment_method=self.payment_method,
            payment_reference=self.payment_reference, remark=self.remark, total_vat=self.total_vat)
        return replace(order, total=order.computed_total if self.total is None else self.total)


def address_from(row: dict[str, str]) -> Address:
    return Address(**{k.strip(): v.strip() for k, v in row.items()})


def relation_address(row: dict[str, str]) -> RelationAddress:
    return RelationAddress(**{k.strip(): v.strip() for k, v in row.items()})


def recipe(placement: str, rows: list[dict[str, str]]) -> Recipe:
    return Recipe(RecipePlacement(placement),
                  tuple(RecipeLine(r["component"], decimal(r["quantity"])) for r in rows))


@dataclass
class World:
    settings: ProfileSettings = field(default_factory=lambda: ProfileSettings(id="shop1"))
    administration: Administration = field(default_factory=Administration)
    order: OrderBuilder = field(default_factory=OrderBuilder)
    recognition: Recognition = Recognition(None, "email", "no relation has this e-mail: new customer")
    plan: BookingPlan | None = None
    error: Exception | None = None

    def run(self) -> None:
        order = self.order.build()
        lookups = gather(order, self.settings, self.recognition, self.administration.in_memory(self.recognition))
        try:
            self.plan = booking.plan(order, self.settings, self.recognition, lookups)
        except OrderRejected as error:
            self.error = error

    def planned(self) -> BookingPlan:
        assert self.error is None, f"the order was refused: {self.error}"
        assert self.plan is not None
        return self.plan
