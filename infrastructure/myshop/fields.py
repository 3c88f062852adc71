"""Reading one column value of the order XML, strictly. Every failure is a `BadValue` whose text
is the one-line reason an order is rejected with."""
from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from infrastructure.myshop.protocol import parse_change_time

# Far above any real webshop order; a value beyond these is a data error, not a sale.
MAX_QUANTITY = Decimal("100000")
MAX_AMOUNT = Decimal("10000000")

# Plain decimal notation only: no exponent, no thousands separator, at most 4 decimals
# (SnelStart keeps four); a comma is refused because the format says "a dot".
_NUMBER = re.compile(r"[+-]?[0-9]{1,15}(\.[0-9]{1,4})?")


class BadValue(ValueError):
    """A column value an order cannot be booked with; str() is the reason."""


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    text = resources.files("infrastructure.myshop").joinpath("iso3166_alpha2.txt").read_text("utf-8")
    return frozenset(line.split("\t", 1)[0].strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def _show(value: str) -> str:
    return repr(value if len(value) <= 30 else value[:27] + "...")


show = _show


def _decimal(name: str, value: str) -> Decimal:
    if not _NUMBER.fullmatch(value):
        raise BadValue(f"{name} {_show(value)} is not a number")
    return abs(Decimal(value)) if value.startswith("-") and not Decimal(value) else Decimal(value)


def amount(name: str, value: str | None, *, required: bool = True) -> Decimal:
    """An amount in EUR incl. VAT: non-negative, at most 10 million."""
    value = (value or "").strip()
    if not value:
        if required:
            raise BadValue(f"{name} is missing")
        return Decimal("0")
    result = _decimal(name, value)
    if result < 0:
        raise BadValue(f"{name} {value} is negative")
    if result > MAX_AMOUNT:
        raise BadValue(f"{name} {value} is absurdly large (more than {MAX_AMOUNT})")
    return result


def quantity(name: str, value: str | None) -> Decimal:
    value = (value or "").strip()
    if not value:
        raise BadValue(f"{name} is missing")
    result = _decimal(name, value)
    if result < 0:
        raise BadValue(f"{name} {value} is negative")
    if result == 0:
        # Nothing ordered, yet a line: booking it would lose its amount (SnelStart totals 0 × price).
        raise BadValue(f"{name} is 0")
    if result > MAX_QUANTITY:
        raise BadValue(f"{name} {value} is absurdly large (more than {MAX_QUANTITY})")
    return result


def vat_rate(name: str, value: str | None) -> Decimal:
    """A VAT percentage, 0–100; "21.00" becomes Decimal("21") so rates compare and print alike."""
    value = (value or "").strip()
    if not value:
        raise BadValue(f"{name} is missing")
    rate = _decimal(name, value)
    if rate < 0 or rate > 100:
        raise BadValue(f"{name} {value} is not a VAT percentage")
    if rate == rate.to_integral_value():
        return rate.quantize(Decimal(1))
    return rate


def moment(name: str, value: str | None) -> datetime:
    value = (value or "").strip()
    if not value:
        raise BadValue(f"{name} is missing")
    try:
        return parse_change_time(value)
    except ValueError:
        raise BadValue(f"{name} {_show(value)} is not a yyyymmddhhmmss date") from None


def order_number(value: str | None) -> str:
    """The number as the customer sees it, without the zero padding of the order_id."""
    value = (value or "").strip()
    if not value:
        raise BadValue("order_number is missing")
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        raise BadValue(f"order_number {_show(value)} is not a number")
    return str(int(value))


def country(name: str, value: str | None, default: str) -> str:
    value = (value or "").strip().upper()
    if not value:
        return default
    if value not in country_codes():
        raise BadValue(f"{name} {_show(value)} is not an ISO 3166-1 country code")
    return value


def text(value: str | None) -> str:
    return (value or "").strip()
