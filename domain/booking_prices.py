"""Unit prices in the template's VAT entry, and the order total as SnelStart will compute it.

The shop's amounts are incl. VAT. How SnelStart totals an order (see also
infrastructure/snelstart/rules/sales_orders.py):
- each line's total (quantity × unit price) is rounded to the cent;
- Inclusief: the order total is the sum of the line totals and the footer's cost types;
- Exclusief: VAT is computed per rate over the order's excl. total of that rate and rounded
  once per rate, as on a Dutch invoice's VAT specification; cost types join their rate.

With prices excl. VAT, converting each unit price on its own (incl ÷ 1.21, four decimals) is not
enough: the cents lost per line add up, and VAT over the rounded excl. total rounds once more.
So per rate we first decide the excl. total whose SnelStart gross is exactly the shop's gross,
spread it over the lines (each within a cent of its own conversion) and then choose each line's
four-decimal unit price so that quantity × price rounds to exactly its share.

One thing no unit price can fix: VAT over an excl. total moves the gross in steps of one or two
cents (E + round(E × 21%) jumps from 9.99 at E = 8.26 to 10.01 at E = 8.27). A rate whose gross
lies in such a gap (10.00 at 21 %) cannot be booked exactly with prices excl. VAT. We then keep
the correctly converted excl. total (the revenue), SnelStart's VAT is a cent off, and the plan
says so in a warning that points at a template with prices incl. VAT, which books every amount
of the shop exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Sequence

from domain.money import CENT, UNIT_PRICE, cents, excl_vat, unit

ZERO = Decimal("0")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class Amount:
    """One amount the shop charged incl. VAT: a line (quantity × unit price) or a footer cost."""

    gross: Decimal  # signed, incl. VAT, to the cent: what the customer paid for it
    vat_rate: Decimal
    quantity: Decimal | None = None  # None: a cost type in the footer (an amount, no unit price)
    unit_price: Decimal | None = None  # the shop's unit price incl. VAT, tried first


@dataclass(frozen=True)
class Gap:
    """A rate whose gross SnelStart cannot reach with prices excl. VAT."""

    vat_rate: Decimal
    gross: Decimal
    excl_total: Decimal
    snelstart_gross: Decimal
    by_quantities: bool = False  # the rate's total exists, but its lines' quantities cannot reach it


def rate_text(rate: Decimal) -> str:
    """21.00 → "21%", 5.5 → "5.5%"."""
    return f"{rate.normalize():f}%"


def snelstart_gross(excl_total: Decimal, vat_rate: Decimal) -> Decimal:
    return excl_total + cents(excl_total * vat_rate / HUNDRED)


def excl_total_for(gross: Decimal, vat_rate: Decimal) -> tuple[Decimal, bool]:
    """The excl. total of one rate, and whether SnelStart's gross of it is `gross`.

    Only the exact conversion rounded to the cent can be it: E + round(E × r) = G puts E within
    half a cent ÷ (1 + r) of G ÷ (1 + r). When it misses, G lies in a gap.
    """
    excl_total = cents(gross * HUNDRED / (HUNDRED + vat_rate))
    return excl_total, snelstart_gross(excl_total, vat_rate) == gross


def price_for(total: Decimal, quantity: Decimal, first: Decimal | None = None) -> Decimal | None:
    """A four-decimal unit price with cents(quantity × price) == total (`first` if it does)."""
    if first is not None and cents(quantity * first) == total:
        return first
    if quantity == 0:
        return None
    base = unit(total / quantity)
    for step in range(0, 6):
        for candidate in (base + step * UNIT_PRICE, base - step * UNIT_PRICE):
            if cents(quantity * candidate) == total:
                return candidate
    return None


def in_entry(amounts: Sequence[Amount], prices_excl_vat: bool) -> tuple[list[Decimal], list[Gap]]:
    """Per amount: the unit price (a line) or the amount (a cost type) in the template's VAT
    entry, chosen so that SnelStart's total equals the shop's; and the rates that cannot."""
    if not prices_excl_vat:
        return [_incl_value(a) for a in amounts], []
    values: list[Decimal] = [ZERO] * len(amounts)
    gaps: list[Gap] = []
    rates = sorted({a.vat_rate for a in amounts})
    for rate in rates:
        indexes = [i for i, a in enumerate(amounts) if a.vat_rate == rate]
        gap = _excl_values(amounts, indexes, rate, values)
        if gap is not None:
            gaps.append(gap)
    return values, gaps


def _incl_value(amount: Amount) -> Decimal:
    if amount.quantity is None:
        return amount.gross
    # The shop's own unit price when it re-computes the line total it charged; otherwise (a line
    # discount, the shop's own rounding) a price that does: the customer paid the line total.
    found = price_for(amount.gross, amount.quantity, amount.unit_price)
    if found is not None:
        return found
    return amount.unit_price if amount.unit_price is not None else unit(amount.gross / amount.quantity)


def _excl_values(amounts: Sequence[Amount], indexes: list[int], rate: Decimal,
                 values: list[Decimal]) -> Gap | None:
    gross = sum((amounts[i].gross for i in indexes), ZERO)
    target, reachable = excl_total_for(gross, rate)
    shares = _shares(amounts, indexes, rate, target)
    # Lines whose quantity limits the reachable totals go first; single units and cost types
    # reach every cent and take what is left over.
    flexible = [i for i in indexes if amounts[i].quantity is None or amounts[i].quantity == 1]
    ordered = [i for i in indexes if i not in flexible] + flexible
    carry = ZERO
    for i in ordered:
        amount, wanted = amounts[i], shares[i] + carry
        if amount.quantity is None:
            values[i], carry = wanted, ZERO
            continue
        natural = excl_vat(amount.unit_price, rate) if amount.unit_price is not None else None
        price = price_for(wanted, amount.quantity, natural)
        if price is None:  # no four-decimal price reaches it: the nearest, the rest moves on
            price = unit(wanted / amount.quantity) if amount.quantity else (natural or ZERO)
        values[i] = price
        carry = wanted - cents(amount.quantity * price)
    booked = target - carry
    if reachable and carry == 0:
        return None
    return Gap(rate, gross, booked, snelstart_gross(booked, rate), by_quantities=reachable)


def _shares(amounts: Sequence[Amount], indexes: list[int], rate: Decimal,
            target: Decimal) -> dict[int, Decimal]:
    """Split the rate's excl. total over its amounts, each within a cent of its own conversion
    (largest remainder first, so the cents go where the rounding took the most)."""
    ideal = {i: amounts[i].gross * HUNDRED / (HUNDRED + rate) for i in indexes}
    shares = {i: cents(ideal[i]) for i in indexes}
    left = target - sum(shares.values(), ZERO)
    step = CENT if left > 0 else -CENT
    order = sorted(indexes, key=lambda i: (ideal[i] - shares[i]) * (1 if left > 0 else -1), reverse=True)
    position = 0
    while left != 0 and order:
        shares[order[position % len(order)]] += step
        left -= step
        position += 1
    return shares


def snelstart_total(lines: Sequence[tuple[Decimal, Decimal, Decimal | None]],
                    costs: Sequence[tuple[Decimal, Decimal | None]], prices_excl_vat: bool) -> Decimal | None:
    """The order total incl. VAT as SnelStart computes it from (quantity, unit price, rate) lines
    and (amount, rate) cost types in the order's VAT entry; None when a rate is unknown where
    prices excl. VAT need it."""
    parts = [(cents(q * p), r) for q, p, r in lines] + [(cents(a), r) for a, r in costs if a]
    if not prices_excl_vat:
        return sum((amount for amount, _ in parts), ZERO)
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in parts:
        if rate is None:
            return None
        bases[rate] = bases.get(rate, ZERO) + amount
    return sum((base + cents(base * rate / HUNDRED) for rate, base in bases.items()), ZERO)
