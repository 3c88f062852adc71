"""Exact money arithmetic. Money is `Decimal` from parsing to the database; no float ever."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
# SnelStart accepts at most four decimals in a money field (REF-0013); unit prices
# converted from incl. to excl. VAT keep four, so line totals still agree to the cent.
UNIT_PRICE = Decimal("0.0001")


def money(value: object) -> Decimal:
    """Parse an amount ("24.95", 24, Decimal) exactly. Floats are refused on purpose."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(str(value).strip())
        except InvalidOperation:
            raise ValueError(f"not an amount: {value!r}") from None
    if not result.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return result


def cents(amount: Decimal) -> Decimal:
    """Round half up to the cent, the way Dutch invoices do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def unit(amount: Decimal) -> Decimal:
    return amount.quantize(UNIT_PRICE, rounding=ROUND_HALF_UP)


def excl_vat(amount_incl: Decimal, vat_rate: Decimal) -> Decimal:
    """Price excl. VAT from a price incl. VAT, kept at four decimals (see UNIT_PRICE)."""
    return unit(amount_incl * 100 / (100 + vat_rate))


def incl_vat(amount_excl: Decimal, vat_rate: Decimal) -> Decimal:
    return amount_excl * (100 + vat_rate) / 100
