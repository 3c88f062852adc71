"""The administration snapshot's shape: what an administration holds, as domain objects.

Format: `reference/administration-snapshot.md`; reading in snapshot.reading, writing in
snapshot.writing, and `infrastructure.snelstart.snapshot` is the one name to import from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import Relation, RelationAddress
from domain.errors import SConnectError

VAT_ENTRIES = ("Inclusief", "Exclusief")  # verkooporderBtwIngaveModel
RELATION_KINDS = ("Klant", "Leverancier", "Eigen")  # relatiesoort
# An artikelomzetgroep's verkoopNederlandBtwSoort ("" = not known).
VAT_KINDS = ("Hoog", "Laag", "Geen", "Overig", "Verlegd", "")
_EMAIL_SETTINGS = (("factuurEmailVersturen", "invoice_email"), ("offerteEmailVersturen", "quote_email"),
                   ("bevestigingsEmailVersturen", "confirmation_email"),
                   ("aanmaningEmailVersturen", "reminder_email"))


class SnapshotError(SConnectError):
    """A snapshot document that cannot be loaded; the message names the first bad path."""


@dataclass(frozen=True)
class StoredSalesOrderLine:
    article_code: str  # "" for a text line
    description: str
    quantity: Decimal
    unit_price: Decimal  # stuksprijs, in the order's VAT entry
    discount_percentage: Decimal = Decimal("0")
    total: Decimal = Decimal("0")  # in the order's VAT entry, to the cent


@dataclass(frozen=True)
class StoredSalesOrder:
    """A verkooporder as SnelStart keeps it (every field the snapshot has)."""

    number: int  # nummer
    relation_code: int  # relatie
    date: datetime  # zone-less wall clock, as SnelStart keeps it
    template_id: str = ""  # verkoopordersjabloon
    process_status: str = "Order"
    payment_reference: str = ""  # betalingskenmerk
    description: str = ""
    vat_entry: str = "Inclusief"  # verkooporderBtwIngaveModel
    invoice_address: RelationAddress = RelationAddress()
    delivery_address: RelationAddress = RelationAddress()
    lines: tuple[StoredSalesOrderLine, ...] = ()
    cost_type_1: Decimal = Decimal("0")  # kostensoort1, in the order's VAT entry
    cost_type_2: Decimal = Decimal("0")
    total_incl_vat: Decimal = Decimal("0")
    memo: str = ""
    id: str = ""


@dataclass(frozen=True)
class Snapshot:
    """An administration's contents. Lists are kept in dump order, so equal contents compare equal."""

    relations: tuple[Relation, ...] = ()
    articles: tuple[Article, ...] = ()
    revenue_groups: tuple[RevenueGroup, ...] = ()
    templates: tuple[SalesTemplate, ...] = ()
    sales_orders: tuple[StoredSalesOrder, ...] = ()
    # Which administration this is (the snapshot's "administratie"): an id that stays with it
    # through dump and load, so the history of S-Connect is never applied to another one. Not
    # part of the contents: two administrations holding the same compare equal.
    administration_id: str = field(default="", compare=False)
    administration_name: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        order: dict[str, Callable[[Any], Any]] = {
            "relations": lambda r: r.code, "articles": lambda a: a.code,
            "revenue_groups": lambda g: (g.number, g.id), "templates": lambda t: t.id,
            "sales_orders": lambda o: o.number}
        for name, key in order.items():
            object.__setattr__(self, name, tuple(sorted(getattr(self, name), key=key)))


