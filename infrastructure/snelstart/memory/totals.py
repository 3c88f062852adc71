"""How SnelStart totals a sales order (verkooporder), for the administrations that compute it themselves.

Each line's total is rounded to the cent. With prices incl. VAT (Inclusief) the order total is
the sum of the lines plus the footer's cost types. With prices excl. VAT (Exclusief) VAT is
computed per VAT rate over the whole order, not per line, and rounded once per rate — the way
a Dutch invoice's VAT specification is built; cost types join their rate's base.
"""
from __future__ import annotations

from decimal import Decimal

from domain.money import cents

ZERO = Decimal("0")


def line_total(quantity: Decimal, unit_price: Decimal, discount_percentage: Decimal = ZERO) -> Decimal:
    return cents(quantity * unit_price * (100 - discount_percentage) / 100)


def order_total_incl_vat(prices_excl_vat: bool, amounts: list[tuple[Decimal, Decimal | None]]) -> Decimal:
    """`amounts`: (amount in the order's VAT entry, VAT rate in percent) of every line and cost type.

    The rate may be None with prices incl. VAT (it changes nothing there); with prices excl.
    VAT the caller must supply it.
    """
    if not prices_excl_vat:
        return sum((cents(amount) for amount, _ in amounts), ZERO)
    bases: dict[Decimal, Decimal] = {}
    for amount, rate in amounts:
        if rate is None:
            raise ValueError("a VAT rate is needed for prices excl. VAT")
        bases[rate] = bases.get(rate, ZERO) + cents(amount)
    return sum((base + cents(base * rate / 100) for rate, base in bases.items()), ZERO)
