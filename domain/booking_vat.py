"""The VAT of one order as SnelStart will book it, checked against the shop's (SPEC §4, "VAT,
the way a Dutch bookkeeper declares it").

SnelStart books a line at the rate of its article's revenue group (abroad: domain.vat_abroad).
A line the shop charged at another rate would be declared wrongly without a word — the totals
still agree when prices include VAT — so the order is refused with one line naming the article
and both rates. Per-rate settings (`{ "21" = "KORTING", "9" = "KORTING-LAAG" }`) are resolved
here too: the entry for a rate is the one named for it, else (abroad, where Germany's 19% is
booked on the Dutch 21% group) the one SnelStart books at that rate for this order.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable, Mapping, TypeVar

from domain.article import Article, RevenueGroup
from domain.booking_prices import rate_text
from domain.errors import OrderRejected
from domain.vat import dutch_rate, vat_in
from domain.vat_abroad import Destination, SnelStartRate, VatAbroad, snelstart_rate

T = TypeVar("T")
ANY_RATE = "*"


def entry_for_rate(table: Mapping[str, T], rate: Decimal,
                   rate_of: Callable[[T], Decimal | None]) -> tuple[str, T] | None:
    """(key, value) of a per-rate setting for a line SnelStart books at `rate`; None: none fits."""
    for key, value in table.items():
        if key == ANY_RATE or Decimal(key) == rate:
            return key, value
    for key, value in sorted(table.items(), key=lambda item: Decimal(item[0]), reverse=True):
        if rate_of(value) == rate:
            return key, value
    return None


def group_rate_problem(key: str, group: RevenueGroup) -> str | None:
    """What is wrong with a group named in `articles.revenue_group` for rate `key` (SPEC §4: it
    must carry the rate it is named for; new articles of that rate go into it); None: nothing."""
    rate = dutch_rate(group)
    kind = group.vat_kind.strip() or "none"
    if rate is None:
        return f"has VAT kind '{kind}', without a fixed rate; name a group with VAT kind Hoog, Laag or Geen"
    if key != ANY_RATE and rate != Decimal(key):
        return (f"carries {rate_text(rate)} VAT ({kind}), not {rate_text(Decimal(key))}: new articles at "
                f"{rate_text(Decimal(key))} would be booked at {rate_text(rate)}; name a group at {rate_text(Decimal(key))}")
    return None


class OrderVat:
    """The rates SnelStart will book for the articles of one order, and the check of each line."""

    def __init__(self, groups: Mapping[str, RevenueGroup | None], destination: Destination,
                 abroad: VatAbroad | None, on: date):
        self.groups, self.destination, self.abroad, self.on = groups, destination, abroad, on
        # Whether a rate depended on the relation's VAT number (reverse charge or consumer abroad):
        # True/False is what the relation must have once written; None: it did not matter.
        self.needs_vat_number: bool | None = None

    def of_group(self, group: RevenueGroup) -> SnelStartRate:
        return snelstart_rate(group, self.destination, self.abroad, self.on)

    def of_article(self, article: Article) -> SnelStartRate:
        group_id = article.revenue_group_id.strip()
        if group_id not in self.groups:
            if group_id:
                raise KeyError(f"revenue group {group_id!r} was not looked up before planning")
            return SnelStartRate(None, f"article {article.code} has no revenue group in SnelStart",
                                 "give it a revenue group in SnelStart")
        group = self.groups[group_id]
        if group is None:
            return SnelStartRate(None, f"the revenue group of article {article.code} is not in SnelStart",
                                 "give it a revenue group in SnelStart")
        return self.of_group(group)

    def counted(self, booked: SnelStartRate) -> SnelStartRate:
        """A rate the order is booked at: when the relation's VAT number decided it, the relation
        as written must have (or lack) one (BookingPlan.needs_vat_number)."""
        if booked.by_vat_number:
            self.needs_vat_number = bool(self.destination.vat_number)
        return booked

    def rate_of(self, article: Article | None) -> Decimal | None:
        return None if article is None else self.of_article(article).rate

    def check(self, what: str, article: Article, shop_rate: Decimal, gross: Decimal | None = None) -> None:
        """Refuse the order when SnelStart would book `article` at another rate than the shop
        charged (`gross`: the line's amount incl. VAT, to say how much VAT would be declared)."""
        self.check_rate(what, f"article {article.code}", self.of_article(article), shop_rate, gross)

    def check_rate(self, what: str, subject: str, booked: SnelStartRate, shop_rate: Decimal,
                   gross: Decimal | None = None, advice: str | None = None) -> None:
        """As `check`; `advice`: what to do at home when the rates differ (a setting to change)."""
        self.counted(booked)
        if booked.rate == shop_rate:
            return
        if advice is None or self.destination.abroad or booked.rate is None:
            advice = booked.advice.replace("at that rate", f"at {rate_text(shop_rate)}")
        charged = f"{what}: the shop charged {rate_text(shop_rate)} VAT on {subject}"
        if booked.rate is None:
            raise OrderRejected(f"{charged}, and which VAT SnelStart books cannot be known ({booked.why}); {advice}")
        declared = "" if gross is None else (f"; booking it would declare {vat_in(gross, booked.rate)} VAT "
                                             f"instead of {vat_in(gross, shop_rate)}")
        raise OrderRejected(f"{charged}, SnelStart books {rate_text(booked.rate)} ({booked.why}){declared}; {advice}")
