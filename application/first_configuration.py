"""A first configuration (`sconnect config init`): what the administration really has to choose
from — its sales templates, revenue groups and articles — read through the Administration port,
and the choice most shops would make offered first."""
from __future__ import annotations

from dataclasses import dataclass

from application.ports import Administration
from domain.article import ARTICLE_CODE_FIELD, Article, RevenueGroup, SalesTemplate

# SnelStart's btwSoort of a revenue group, for the Dutch VAT rates (21 % hoog, 9 % laag, 0 %).
RATES = (("21", "Hoog"), ("9", "Laag"), ("0", "Geen"))
# Article codes shops commonly use for what is not a product; offered when the administration
# has one (the demo administration uses the first of each).
USUAL_CODES = {
    "shipping_costs": ("VERZEND", "VERZENDKOSTEN", "VERZENDING"),
    "payment_costs": ("BETAALKOSTEN", "TRANSACTIEKOSTEN"),
    "discount": ("KORTING", "KORTINGSCODE", "VOUCHER"),
    "default_article_code": ("WEB", "DIVERSEN", "OVERIG"),
}


@dataclass(frozen=True)
class Offer:
    templates: tuple[SalesTemplate, ...]  # the active ones, by number
    groups: tuple[RevenueGroup, ...]  # by number

    def template_first(self) -> SalesTemplate | None:
        """A template called like the webshop's, else the first."""
        for template in self.templates:
            if "web" in template.description.casefold():
                return template
        return self.templates[0] if self.templates else None

    def group_for_rate(self, rate: str) -> RevenueGroup | None:
        kind = dict(RATES).get(rate, "")
        return next((g for g in self.groups if g.vat_kind.casefold() == kind.casefold()), None)


def read_offer(administration: Administration) -> Offer:
    templates = sorted((t for t in administration.templates() if not t.inactive),
                       key=lambda t: (t.number is None, t.number or 0, t.description.casefold()))
    groups = sorted(administration.revenue_groups(), key=lambda g: (g.number, g.description.casefold()))
    return Offer(tuple(templates), tuple(groups))


def article(administration: Administration, code: str) -> Article | None:
    return administration.article_by_code(code, ARTICLE_CODE_FIELD) if code.strip() else None


def usual_article(administration: Administration, purpose: str) -> Article | None:
    """The administration's article for shipping costs, discount, … when it has a usual one."""
    for code in USUAL_CODES[purpose]:
        found = article(administration, code)
        if found is not None:
            return found
    return None
