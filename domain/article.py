"""Articles, revenue groups and sales templates as SnelStart sees them."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from domain.recipe import Recipe

ARTICLE_CODE_FIELD = "artikelcode"


@dataclass(frozen=True)
class Article:
    code: str  # artikelcode
    description: str
    sales_price: Decimal  # verkoopprijs
    revenue_group_id: str = ""
    extra_fields: tuple[tuple[str, str], ...] = ()
    inactive: bool = False
    recipe: Recipe | None = None
    id: str = ""

    def field(self, name: str) -> str | None:
        """The value of `articles.code_field`: the artikelcode or an extra field (case-insensitive)."""
        if name.strip().casefold() == ARTICLE_CODE_FIELD:
            return self.code
        wanted = name.strip().casefold()
        for key, value in self.extra_fields:
            if key.strip().casefold() == wanted:
                return value
        return None


@dataclass(frozen=True)
class NewArticle:
    code: str
    description: str
    sales_price: Decimal
    revenue_group_id: str
    code_field: str = ARTICLE_CODE_FIELD  # when not artikelcode, the code is also written there


@dataclass(frozen=True)
class RevenueGroup:
    """artikelomzetgroep; its btwSoort (Hoog/Laag/Geen) is where an article's VAT rate lives."""

    id: str
    number: int
    description: str
    vat_kind: str = ""


@dataclass(frozen=True)
class SalesTemplate:
    """verkoopordersjabloon. `prices_excl_vat` is SnelStart's prijsIngaveExclusiefBtw."""

    id: str
    description: str
    prices_excl_vat: bool = False
    inactive: bool = False
    number: int | None = None
