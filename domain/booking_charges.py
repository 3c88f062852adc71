"""Shipping costs, payment costs and the voucher discount: `sales.shipping_costs`,
`sales.payment_costs`, `sales.discount` (SPEC §4).

myShop gives these without an article code. Each is booked as an order line on the article the
setting names, or as cost type 1 or 2 in the order's footer (kostensoort, from SnelStart Nota 4).
A setting is only looked at when an order carries that charge.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from domain.article import Article
from domain.booking_lines import Draft, required
from domain.booking_prices import rate_text
from domain.description import PAYMENT_METHOD
from domain.errors import OrderRejected, SettingMissing, UnknownArticle
from domain.money import cents
from domain.order import Charge, ChargeKind, WebshopOrder
from domain.settings import ChargeMode, ProfileSettings

ONE = Decimal("1")

WORDS = {ChargeKind.SHIPPING: "shipping costs", ChargeKind.PAYMENT: "payment costs",
         ChargeKind.DISCOUNT: "discount"}
DUTCH = {ChargeKind.SHIPPING: "Verzendkosten", ChargeKind.PAYMENT: "Betaalkosten",
         ChargeKind.DISCOUNT: "Korting"}
SLOTS = {ChargeMode.COST_TYPE_1: 1, ChargeMode.COST_TYPE_2: 2}


@dataclass(frozen=True)
class Cost:
    """A charge in the footer: cost type 1 or 2, signed, incl. VAT."""

    slot: int
    gross: Decimal
    vat_rate: Decimal


@dataclass
class ChargeBooking:
    lines: list[Draft] = field(default_factory=list)
    costs: list[Cost] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def setting_name(kind: ChargeKind) -> str:
    return f"sales.{kind.value}"


def line_description(charge: Charge) -> str:
    """The Dutch word with what the shop says about the charge, which myShop gives as the
    shipping method, the payment method or the voucher code: "Verzendkosten PostNL",
    "Betaalkosten iDEAL", "Korting WELKOM10" (so the bookkeeper can find the campaign)."""
    word = DUTCH[charge.kind]
    detail = charge.description.strip()
    if charge.kind is ChargeKind.PAYMENT:
        detail = PAYMENT_METHOD.get(detail.casefold(), detail)
    if not detail:
        return word
    return detail if detail.casefold().startswith(word.casefold()) else f"{word} {detail}"


def book_charges(order: WebshopOrder, settings: ProfileSettings,
                 articles: Mapping[str, Article | None]) -> ChargeBooking:
    booking = ChargeBooking()
    rates: dict[int, tuple[ChargeKind, Decimal]] = {}
    for kind in ChargeKind:
        charge = order.charge(kind)
        if charge is None:
            continue
        how = settings.sales.charge_booking(kind)
        if how is None:
            booking.warnings.append(f"{WORDS[kind]} {cents(charge.amount)} incl. VAT left out of the sales order: "
                                    f"{setting_name(kind)} is not set")
            continue
        if how.mode is ChargeMode.LINE:
            booking.lines.append(_line(charge, how.article_code, articles))
            continue
        slot = SLOTS[how.mode]
        if slot in rates and rates[slot][1] != charge.vat_rate:
            # One footer amount has one VAT rate; merging would put one of them in the wrong rate.
            other, rate = rates[slot]
            raise OrderRejected(f"{setting_name(kind)}: cost type {slot} already holds the {WORDS[other]} at "
                                f"{rate_text(rate)} VAT; the {WORDS[kind]} at {rate_text(charge.vat_rate)} "
                                "cannot join them (book one of them as a line)")
        rates.setdefault(slot, (kind, charge.vat_rate))
        booking.costs.append(Cost(slot, charge.signed_amount, charge.vat_rate))
        booking.notes.append(f"{WORDS[kind]} {cents(charge.amount)} booked as cost type {slot}")
    return booking


def _line(charge: Charge, code: str,
          articles: Mapping[str, Article | None]) -> Draft:
    code = code.strip()
    if not code:
        raise SettingMissing(f"{setting_name(charge.kind)}: no article code for the line")
    article = required(articles, code, "article code")
    if article is None:
        raise UnknownArticle(f"{setting_name(charge.kind)}: article '{code}' does not exist in SnelStart")
    # The amount is the shop's whatever sales.lines says: SnelStart's price of a shipping or
    # discount article means nothing for this order. A discount is a negative price.
    return Draft(article.code, ONE, line_description(charge), charge.signed_amount,
                 charge.vat_rate, charge.signed_amount)
