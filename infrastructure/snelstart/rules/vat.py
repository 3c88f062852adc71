"""How SnelStart computes the VAT of a sales order, for the administrations that compute it
themselves (memory, embedded, the B2B simulator, the classic fake Gateway): the rate of a line
is its article's revenue group's — a line carries no rate of its own (reference snelstart.md
§5c) — and, in an administration that bills foreign VAT (companyInfo factureerBuitenlandsBtw),
the delivery country's for a consumer and none for a business within the EU.

This is SnelStart's side, written apart from the domain's prediction of it (domain.vat_abroad)
on purpose: the contract suite and the booking property compare the two. [I] For a Laag group
abroad the fake takes the country's lowest reduced rate (RRL, else SRR, else RRH); the domain
refuses orders where SnelStart lists several reduced rates, as it cannot read which one the
group's OSS ledger carries.

To use it, an adapter hands `price_sales_order` (rules.sales_orders) a `rate_of(article)` made by
`line_rates`.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable

from domain.article import Article, RevenueGroup
from domain.money import cents
from domain.vat_abroad import EU, VatAbroad

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# The Dutch rates behind an artikelomzetgroep's btwSoort. Verlegd (reverse charge) puts no VAT on
# the invoice; "Overig" has no fixed rate, so such an article has none SnelStart could compute.
VAT_RATES = {"Hoog": Decimal("21"), "Laag": Decimal("9"), "Geen": Decimal("0"), "Verlegd": Decimal("0")}
_FOREIGN_CODES = {"Hoog": ("SR",), "Laag": ("RRL", "SRR", "RRH")}


def group_rate(group: RevenueGroup | None) -> Decimal | None:
    """An article's VAT rate at home lives in its revenue group's btwSoort (None: no fixed rate)."""
    return None if group is None else VAT_RATES.get(group.vat_kind)


def foreign_rate(group: RevenueGroup | None, country: str, vat_number: str, abroad: VatAbroad | None,
                 on: date) -> Decimal | None:
    """The rate SnelStart books for an article of `group` on an order delivered to `country`
    (ISO alpha-2) for a relation with `vat_number`."""
    home = group_rate(group)
    if home is None or abroad is None or not abroad.foreign_vat or country.upper() in ("", "NL") \
            or country.upper() not in EU:
        return home
    if vat_number.strip() or home == ZERO:
        return ZERO  # a business within the EU: reverse charge
    assert group is not None
    for code in _FOREIGN_CODES.get(group.vat_kind, ()):
        rates = abroad.rates_of(country.upper(), (code,), on)
        if rates:
            return rates[0]
    return home


def line_rates(group_of: Callable[[str], RevenueGroup | None], country: str, vat_number: str,
               abroad: VatAbroad | None, on: date) -> Callable[[Article], Decimal | None]:
    """`rate_of(article)` for one order: `group_of(id)` is the revenue group with that id."""
    def rate_of(article: Article) -> Decimal | None:
        return foreign_rate(group_of(article.revenue_group_id), country, vat_number, abroad, on)
    return rate_of


def order_vat(prices_excl_vat: bool, amounts: list[tuple[Decimal, Decimal | None]]) -> Decimal | None:
    """The order's VAT from (amount in its VAT entry, rate) of every line and cost type: once per
    rate over the rate's total, as on a Dutch invoice's VAT specification. None: a rate is unknown."""
    totals: dict[Decimal, Decimal] = {}
    for amount, rate in amounts:
        if rate is None:
            if amount:
                return None
            continue
        totals[rate] = totals.get(rate, ZERO) + cents(amount)
    if prices_excl_vat:
        return sum((cents(total * rate / HUNDRED) for rate, total in totals.items()), ZERO)
    return sum((cents(total * rate / (HUNDRED + rate)) for rate, total in totals.items()), ZERO)
