"""VAT the way a Dutch bookkeeper declares it (SPEC §4): the rate of a revenue group, the split of
costs and discounts over the rates of the goods, and the VAT of an amount.

SnelStart takes a line's VAT from its article's revenue group (artikelomzetgroep): the group's
btwSoort (verkoopNederlandBtwSoort) is Hoog, Laag, Geen or Overig — no line carries a rate of
its own (reference snelstart.md §5c).

A voucher on the whole order lowers the price of every item, so the VAT due on it is split over
the rates in proportion to what the goods cost at each rate; shipping and payment costs follow
the goods they go with ("bijkomende kosten volgen de hoofdprestatie") the same way.
"""
from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Mapping, Sequence

from domain.article import RevenueGroup
from domain.booking_prices import rate_text
from domain.money import CENT, cents

ZERO = Decimal("0")
HUNDRED = Decimal("100")

# The Dutch rates behind a revenue group's btwSoort. "Verlegd" (reverse charge) puts no VAT on
# the invoice; "Overig" has no fixed rate, so what SnelStart books for it cannot be known.
DUTCH_RATES = {"Hoog": Decimal("21"), "Laag": Decimal("9"), "Geen": Decimal("0"), "Verlegd": Decimal("0")}


def dutch_rate(group: RevenueGroup | None) -> Decimal | None:
    """The rate SnelStart books at home for an article of this group; None: no fixed rate."""
    return None if group is None else DUTCH_RATES.get(group.vat_kind.strip().capitalize())


def vat_in(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT in an amount incl. VAT, to the cent."""
    return cents(gross * rate / (HUNDRED + rate))


def pro_rata(amount: Decimal, weights: Mapping[Decimal, Decimal]) -> dict[Decimal, Decimal]:
    """`amount` (to the cent, signed) split over the keys in proportion to their weights, each
    share to the cent and together exactly `amount`: every share is first rounded down, and the
    cents left over go one by one to the largest remainders (ties: the larger weight, then the
    higher rate). Weights must be positive."""
    total = sum(weights.values(), ZERO)
    if not weights or total <= 0:
        raise ValueError("pro_rata needs positive weights")
    exact = {key: amount * weight / total for key, weight in weights.items()}
    shares = {key: value.quantize(CENT, rounding=ROUND_FLOOR) for key, value in exact.items()}
    left = int((amount - sum(shares.values(), ZERO)) / CENT)
    order = sorted(weights, key=lambda key: (exact[key] - shares[key], weights[key], key), reverse=True)
    for key in order[:left]:
        shares[key] += CENT
    return shares


def split_together(amounts: Sequence[Decimal], weights: Mapping[Decimal, Decimal]) -> list[dict[Decimal, Decimal]]:
    """Several amounts of one order (shipping, payment costs, −voucher) each split pro rata.

    They are rounded together: the running sum of the amounts is split by largest remainder and
    each amount gets the difference from the sum before it. So the costs of each rate together are
    within half a cent of the exact split — rounding each amount on its own could push every cent
    the same way and move the VAT of a rate by a cent (the demo's order 3001: 12.40, not 12.39).
    """
    splits, running, before = [], ZERO, {key: ZERO for key in weights}
    for amount in amounts:
        running += amount
        now = pro_rata(running, weights)
        splits.append({key: now[key] - before[key] for key in weights})
        before = now
    return splits


def vat_per_rate(parts: Sequence[tuple[Decimal, Decimal]], prices_excl_vat: bool) -> dict[Decimal, Decimal]:
    """The VAT per rate SnelStart computes for an order from (amount to the cent, rate) of every
    line and cost type in the order's VAT entry: once per rate over the rate's total, rounded to
    the cent, as on a Dutch invoice's VAT specification."""
    totals: dict[Decimal, Decimal] = {}
    for amount, rate in parts:
        totals[rate] = totals.get(rate, ZERO) + amount
    if prices_excl_vat:
        return {rate: cents(total * rate / HUNDRED) for rate, total in sorted(totals.items())}
    return {rate: vat_in(total, rate) for rate, total in sorted(totals.items())}


def vat_text(per_rate: Mapping[Decimal, Decimal]) -> str:
    """"4.11 at 9%, 9.59 at 21%"."""
    return ", ".join(f"{vat} at {rate_text(rate)}" for rate, vat in sorted(per_rate.items()))
