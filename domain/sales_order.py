"""The sales order (verkooporder) S-Connect asks SnelStart to create, and what booking plans.

Prices follow the template's VAT entry: SnelStart's `verkooporderBtwIngaveModel` is set
explicitly on every order (the V1 client silently defaults to Exclusief).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from domain.article import Article, NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.money import cents


@dataclass(frozen=True)
class PlanLine:
    article_code: str  # SnelStart artikelcode
    quantity: Decimal
    description: str | None = None  # None: SnelStart's article description
    unit_price: Decimal | None = None  # None: SnelStart's price incl. the customer's price agreements
    vat_rate: Decimal | None = None  # the shop's rate, percent
    from_recipe: bool = False  # added by recipe expansion: left out of the totals check

    @property
    def total(self) -> Decimal | None:
        return None if self.unit_price is None else self.unit_price * self.quantity


@dataclass(frozen=True)
class SalesOrderPlan:
    payment_reference: str  # betalingskenmerk = the myShop order number, always
    relation_code: int | None  # None until the new relation exists
    template_id: str
    date: datetime
    description: str
    prices_excl_vat: bool  # from the template: Exclusief / Inclusief
    invoice_address: RelationAddress | None = None  # None: SnelStart fills it from the customer card
    delivery_address: RelationAddress | None = None
    lines: tuple[PlanLine, ...] = ()
    cost_type_1: Decimal = Decimal("0")  # footer costs, in the template's VAT entry
    cost_type_1_vat_rate: Decimal | None = None
    cost_type_2: Decimal = Decimal("0")
    cost_type_2_vat_rate: Decimal | None = None
    shop_total: Decimal = Decimal("0")  # incl. VAT, what the customer paid
    memo: str = ""

    @property
    def vat_entry(self) -> str:
        return "Exclusief" if self.prices_excl_vat else "Inclusief"


@dataclass(frozen=True)
class BookingPlan:
    """Everything one order will write, decided before anything is written."""

    sales_order: SalesOrderPlan
    new_relation: NewRelation | None = None  # add a customer first
    relation_update: NewRelation | None = None  # add_and_update: overwrite the matched relation
    new_articles: tuple[NewArticle, ...] = ()
    article_updates: tuple[Article, ...] = ()  # add_and_update: new description/price
    notes: tuple[str, ...] = ()  # detailed log: articles created, recipes expanded, …
    warnings: tuple[str, ...] = ()
    # Abroad, whether the rates SnelStart books depend on the relation having a VAT number
    # (reverse charge) or not (a consumer): the relation as written must agree before the sales
    # order is sent. None: the VAT number decides nothing for this order.
    needs_vat_number: bool | None = None


@dataclass(frozen=True)
class CreatedSalesOrder:
    number: int  # SnelStart's ordernummer
    relation_code: int
    total_incl_vat: Decimal
    id: str = field(default="", compare=False)
    # The same total as SnelStart computes it but without the lines recipe expansion added:
    # what the shop's total is compared with (SPEC §4). None: the order has no recipe lines.
    total_without_recipe_lines: Decimal | None = None
    # The VAT SnelStart computed for the whole order (None: the administration does not say).
    total_vat: Decimal | None = None

    @property
    def comparable_total(self) -> Decimal:
        return self.total_incl_vat if self.total_without_recipe_lines is None else self.total_without_recipe_lines


@dataclass(frozen=True)
class BookedOrderRef:
    """An existing sales order found by betalingskenmerk."""

    number: int
    relation_code: int
    total_incl_vat: Decimal = Decimal("0")


@dataclass(frozen=True)
class SalesOrderHeader:
    """A sales order as reconcile reads it in bulk: enough to find it by betalingskenmerk and to
    compare its total, nothing more."""

    number: int
    payment_reference: str  # betalingskenmerk as SnelStart holds it (surrounding spaces removed)
    total_incl_vat: Decimal
    date: datetime  # zone-less Dutch wall-clock time, as SnelStart keeps it


def totals_warning(shop_total: Decimal, booked_total: Decimal) -> str | None:
    """SPEC §4: a difference is booked all the same, but the bookkeeper must see it."""
    if cents(shop_total) == cents(booked_total):
        return None
    return (f"totals differ: shop {cents(shop_total)} incl. VAT, SnelStart {cents(booked_total)} "
            f"(difference {cents(booked_total - shop_total)})")
