"""Shipping costs, payment costs and the voucher discount: `sales.shipping_costs`,
`sales.payment_costs`, `sales.discount` (SPEC §4).

myShop gives these without an article code. Each is booked as an order line on the article the
setting names, or as cost type 1 or 2 in the order's footer (kostensoort, from SnelStart Nota 4).
A setting is only looked at when an order carries that charge.

VAT: a voucher lowers the price of all the goods, and shipping and payment costs follow the goods
they go with, so on an order with goods at several rates each charge belongs to those rates in
proportion to the goods' amounts incl. VAT. With an article per rate
(`{ line = { "21" = "KORTING", "9" = "KORTING-LAAG" } }`) it is booked so: one line per rate. One
article for every rate, or a cost type, books it at one rate, and a warning says how much VAT the
split would have moved and which setting to add.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Mapping

from domain.article import Article
from domain.booking_lines import Draft, per_rate_advice, required
from domain.booking_prices import rate_text
from domain.booking_vat import OrderVat, entry_for_rate
from domain.description import PAYMENT_METHOD
from domain.errors import OrderRejected, SettingMissing, UnknownArticle
from domain.money import cents
from domain.order import Charge, ChargeKind, WebshopOrder
from domain.settings import ChargeBooking as Setting
from domain.settings import ChargeMode, ProfileSettings
from domain.vat import pro_rata, split_together, vat_in

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


def goods_weights(order: WebshopOrder) -> dict[Decimal, Decimal]:
    """The goods' amounts incl. VAT per rate (rates the goods add up to more than zero at): what
    a charge is split over. The shop's rate of a line is SnelStart's once the line is checked."""
    totals: dict[Decimal, Decimal] = {}
    for line in order.lines:
        totals[line.vat_rate] = totals.get(line.vat_rate, Decimal("0")) + line.line_total
    return {rate: total for rate, total in totals.items() if total > 0}


def book_charges(order: WebshopOrder, settings: ProfileSettings, articles: Mapping[str, Article | None],
                 vat: OrderVat, weights: Mapping[Decimal, Decimal]) -> ChargeBooking:
    booking = ChargeBooking()
    rates: dict[int, tuple[ChargeKind, Decimal]] = {}
    split: list[tuple[Charge, Setting]] = []
    for kind in ChargeKind:
        charge = order.charge(kind)
        if charge is None:
            continue
        how = settings.sales.charge_booking(kind)
        if how is None:
            booking.warnings.append(f"{WORDS[kind]} {cents(charge.amount)} incl. VAT left out of the sales order: "
                                    f"{setting_name(kind)} is not set")
            continue
        if how.mode is ChargeMode.LINE and how.per_rate:
            split.append((charge, how))
            continue
        if how.mode is ChargeMode.LINE:
            line = _line(charge, how.article_code, articles, vat)
            booking.lines.append(line)
            _warn_unsplit(booking, charge, f"one article for every rate ({line.article_code})", line.article_code,
                          charge.vat_rate, weights)
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
        _warn_unsplit(booking, charge, f"cost type {slot}", "", charge.vat_rate, weights)
    if split:
        _split_lines(booking, split, articles, vat, weights)
    return booking


def _split_lines(booking: ChargeBooking, charges: list[tuple[Charge, Setting]],
                 articles: Mapping[str, Article | None], vat: OrderVat,
                 weights: Mapping[Decimal, Decimal]) -> None:
    """One line per rate of the goods for each charge with an article per rate; an order without
    goods to split over books the charge at the shop's own rate for it."""
    if weights:
        shares = split_together([charge.signed_amount for charge, _ in charges], weights)
    else:
        shares = [{charge.vat_rate: charge.signed_amount} for charge, _ in charges]
    for (charge, how), share in zip(charges, shares, strict=True):
        setting = setting_name(charge.kind)
        parts = [(rate, amount) for rate, amount in sorted(share.items(), reverse=True) if amount]
        for rate, amount in parts:
            entry = entry_for_rate(how.per_rate, rate, lambda code: vat.rate_of(required(articles, code,
                                                                                          "article code")))
            if entry is None:
                raise SettingMissing(f"{setting}: no article for {rate_text(rate)} VAT (the order has goods at "
                                     f'{rate_text(rate)}); add "{rate.normalize():f}" = "<article code>" to {setting}')
            key, code = entry
            article = required(articles, code, "article code")
            if article is None:
                raise UnknownArticle(f"{setting}: article '{code}' does not exist in SnelStart")
            booked = vat.counted(vat.of_article(article))
            if booked.rate != rate:
                books = ("at a VAT that cannot be known" if booked.rate is None
                         else f"at {rate_text(booked.rate)} VAT")
                raise OrderRejected(f'{setting}: "{key}" names article {code}, which SnelStart books {books} '
                                    f"({booked.why}), not {rate_text(rate)}; name an article at {rate_text(rate)} "
                                    f'for "{key}"')
            description = line_description(charge) + (f" ({rate_text(rate)} btw)" if len(parts) > 1 else "")
            booking.lines.append(Draft(article.code, ONE, description, amount, rate, amount))
        if len(parts) > 1:
            booking.notes.append(f"{WORDS[charge.kind]} {cents(charge.amount)} split over the rates of the goods: "
                                 + ", ".join(f"{abs(amount)} at {rate_text(rate)}" for rate, amount in parts))


def _warn_unsplit(booking: ChargeBooking, charge: Charge, how: str, code: str, rate: Decimal,
                  weights: Mapping[Decimal, Decimal]) -> None:
    """A charge booked at one rate on an order whose goods are (also) at other rates: booked all
    the same (the setting says so), with the VAT the split would have moved and how to get it."""
    if not weights or set(weights) == {rate}:
        return
    setting = setting_name(charge.kind)
    split = pro_rata(charge.signed_amount, weights)
    moved = sum((vat_in(amount, r) for r, amount in split.items()), Decimal("0")) - vat_in(charge.signed_amount, rate)
    effect = ("the same VAT, but not the same turnover per rate" if not moved else
              f"{abs(moved)} {'more' if moved > 0 else 'less'} VAT")
    shares = ", ".join(f"{cents(abs(amount))} at {rate_text(r)}" for r, amount in sorted(split.items()))
    names = ", ".join(f'"{r.normalize():f}" = "{code if r == rate and code else "…"}"'
                      for r in sorted(weights, reverse=True))
    booking.warnings.append(f"{setting}: {how} books the {WORDS[charge.kind]} of {cents(charge.amount)} at "
                            f"{rate_text(rate)} VAT; split over the goods' rates ({shares}) the order would declare "
                            f"{effect}: name an article per rate, {setting} = {{ line = {{ {names} }} }}")


def _line(charge: Charge, code: str, articles: Mapping[str, Article | None], vat: OrderVat) -> Draft:
    code = code.strip()
    if not code:
        raise SettingMissing(f"{setting_name(charge.kind)}: no article code for the line")
    article = required(articles, code, "article code")
    if article is None:
        raise UnknownArticle(f"{setting_name(charge.kind)}: article '{code}' does not exist in SnelStart")
    booked = vat.of_article(article)
    vat.check_rate(setting_name(charge.kind), f"article {code}", booked, charge.vat_rate, charge.signed_amount,
                   advice=per_rate_advice(setting_name(charge.kind), "*", code, booked.rate, charge.vat_rate, line=True))
    # The amount is the shop's whatever sales.lines says: SnelStart's price of a shipping or
    # discount article means nothing for this order. A discount is a negative price.
    return Draft(article.code, ONE, line_description(charge), charge.signed_amount,
                 charge.vat_rate, charge.signed_amount)
