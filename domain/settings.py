"""Typed profile settings: one enum per option of SPEC §4–§7. Parsing and validation of the
configuration file live in infrastructure/config; these are the values the rules work on."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING

from domain.article import ARTICLE_CODE_FIELD
from domain.recipe import RecipeExpansion

if TYPE_CHECKING:  # the settings are read by every command (`status` too); the order model is not
    from domain.order import ChargeKind


class Description(str, Enum):
    AUTO = "auto"
    EMPTY = "empty"
    PROFILE_NAME = "profile_name"
    WEBSHOP_ORDER = "webshop_order"


class AddressMode(str, Enum):
    FROM_ORDER = "from_order"
    FROM_CUSTOMER_CARD = "from_customer_card"


class LineMode(str, Enum):
    FULL = "full"
    CODE_AND_QUANTITY = "code_and_quantity"
    DESCRIPTION_FROM_SNELSTART = "description_from_snelstart"


class ChargeMode(str, Enum):
    LINE = "line"
    COST_TYPE_1 = "cost_type_1"
    COST_TYPE_2 = "cost_type_2"


ANY_RATE = "*"


def rate_table(single: str, per_rate: dict[str, str]) -> dict[str, str]:
    """A setting naming one thing for every VAT rate ({"*": single}) or one per rate."""
    if per_rate:
        return dict(per_rate)
    return {ANY_RATE: single.strip()} if single.strip() else {}


@dataclass(frozen=True)
class ChargeBooking:
    """How shipping costs, payment costs or the voucher discount are booked."""

    mode: ChargeMode
    article_code: str = ""  # for mode LINE: one article for every rate
    # For mode LINE: one article per VAT rate ({"21": "KORTING", "9": "KORTING-LAAG"}); the charge
    # is then split over the rates of the goods (SPEC §4).
    per_rate: dict[str, str] = field(default_factory=dict)

    @property
    def articles(self) -> dict[str, str]:
        """{"*": code} or {rate: code}; empty for a cost type."""
        return rate_table(self.article_code, self.per_rate) if self.mode is ChargeMode.LINE else {}


class ArticleProcessing(str, Enum):
    ADD_ONLY = "add_only"
    ADD_AND_UPDATE = "add_and_update"
    MANUAL = "manual"


class CustomerProcessing(str, Enum):
    ADD_ONLY = "add_only"
    ADD_AND_UPDATE = "add_and_update"
    MANUAL = "manual"


class Recognition(str, Enum):
    CUSTOMER_CODE = "customer_code"
    EMAIL = "email"
    CUSTOMER_CODE_OR_EMAIL = "customer_code_or_email"
    EMAIL_AND_POSTCODE = "email_and_postcode"
    CUSTOMER_CODE_OR_EMAIL_AND_POSTCODE = "customer_code_or_email_and_postcode"
    SMART = "smart"


@dataclass(frozen=True)
class SalesSettings:
    template: str = ""  # id, number or description of a verkoopordersjabloon
    take_last_template: bool = False
    unique_payment_reference: bool = True
    description: Description = Description.WEBSHOP_ORDER
    addresses: AddressMode = AddressMode.FROM_ORDER
    lines: LineMode = LineMode.FULL
    recipes: RecipeExpansion = RecipeExpansion.NEVER
    shipping_costs: ChargeBooking | None = None
    payment_costs: ChargeBooking | None = None
    discount: ChargeBooking | None = None
    default_article_code: str = ""  # one article for every rate
    default_article_per_rate: dict[str, str] = field(default_factory=dict)  # {"21": "WEB", "0": "WEB-GEEN"}

    @property
    def default_articles(self) -> dict[str, str]:
        """sales.default_article_code as {"*": code} or {rate: code}; empty when not set."""
        return rate_table(self.default_article_code, self.default_article_per_rate)

    def charge_booking(self, kind: ChargeKind) -> ChargeBooking | None:
        # A charge's kind is named by its setting: ChargeKind.SHIPPING is "shipping_costs".
        return getattr(self, kind.value)


@dataclass(frozen=True)
class ArticleSettings:
    code_field: str = ARTICLE_CODE_FIELD
    # One group for every rate ({"*": ref}) or one per VAT rate ({"21": ref, "9": ref, "0": ref}).
    revenue_group: dict[str, str] = field(default_factory=dict)
    processing: ArticleProcessing = ArticleProcessing.ADD_ONLY

    def revenue_group_for(self, vat_rate: Decimal) -> str | None:
        if "*" in self.revenue_group:
            return self.revenue_group["*"]
        for key, ref in self.revenue_group.items():
            try:
                if Decimal(key) == vat_rate:
                    return ref
            except ArithmeticError:
                continue
        return None


@dataclass(frozen=True)
class CustomerSettings:
    recognition: Recognition = Recognition.SMART
    processing: CustomerProcessing = CustomerProcessing.ADD_ONLY
    default_customer_code: int | None = None
    default_payment_term: int | None = None
    name_threshold: int = 90


@dataclass(frozen=True)
class ProfileSettings:
    """The booking rules of one profile (the connections are infrastructure's business)."""

    id: str
    description: str = ""
    sales: SalesSettings = SalesSettings()
    articles: ArticleSettings = ArticleSettings()
    customers: CustomerSettings = CustomerSettings()
    max_attempts: int = 5  # a failed order is retried on later runs, then held for the user
