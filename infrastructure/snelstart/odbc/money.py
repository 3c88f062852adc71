"""Money and quantities in and out of an ODBC database, exactly.

The SQLite3 ODBC driver hands a NUMERIC or REAL column back as a Python float, so
`24.95` would come back as 24.949999999999999… Amounts are therefore stored as text, in
plain notation with the scale they were given ("8.50" stays "8.50", so a dump of what was
loaded is the same text). SnelStart keeps prices and quantities to four decimals and totals to
two; text keeps whatever scale the value had, so nothing is rounded on the way.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation


def money_to_db(value: Decimal | int) -> str:
    """The stored text of an amount. A float is refused: it is never exact."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"an amount must be a Decimal, not {type(value).__name__}")
    amount = Decimal(value)
    if not amount.is_finite():
        raise ValueError(f"not an amount: {value!r}")
    return format(amount, "f")


def money_from_db(value: object) -> Decimal:
    """The amount a column holds. A float means the column's type lost the exact value."""
    if isinstance(value, float):
        raise TypeError("an amount came back from the database as a float: its column must hold text")
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"not a stored amount: {value!r}")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise ValueError(f"not a stored amount: {value!r}") from None
    if not amount.is_finite():
        raise ValueError(f"not a stored amount: {value!r}")
    return amount
