"""How the state database stores a value, for the ORM's column types (tables.py) and the plain
SQL of a run (order_sql.py, the store's run-path statements) alike — without SQLAlchemy, so a
run that books nothing never loads it (docs/embedded.md, "What an idle run loads").

- money: the Decimal's own text, never a float;
- a moment: Dutch wall-clock time, 'YYYY-MM-DD HH:MM:SS.ffffff' (as SQLAlchemy's DateTime
  writes it in SQLite: both read the same rows alike);
- an instant (a lock's expiry): the same text in UTC (UtcDateTime).
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

from domain.booked_summary import BookedSummary
from infrastructure.clock import AMSTERDAM

_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


def money_text(value: Decimal | None) -> str | None:
    """Money as the state database stores it: the Decimal's own text, never a float (the ORM's
    DecimalText and the plain-SQL writes of order_sql.py both store it so)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"money must be a Decimal, not {type(value).__name__}")
    value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"money must be a finite amount, not {value}")
    return str(value)


def amount(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def instant(at: datetime) -> datetime:
    """A naive Dutch wall-clock time (what the Clock gives) as an aware UTC instant. fold=0: in
    the hour that happens twice in October the first, summer-time one is meant; the clock
    cannot tell them apart."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=AMSTERDAM, fold=0)
    return at.astimezone(timezone.utc)


def moment(value: datetime | None) -> str | None:
    """As the ORM's LocalDateTime stores it: Dutch wall-clock time, always with microseconds."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(AMSTERDAM).replace(tzinfo=None)
    return value.strftime(_FORMAT)


def utc_moment(value: datetime) -> str:
    """As the ORM's UtcDateTime stores an instant: naive UTC text."""
    if value.tzinfo is None:
        raise ValueError("an instant needs its time zone (a naive time is ambiguous here)")
    return value.astimezone(timezone.utc).replace(tzinfo=None).strftime(_FORMAT)


def time_of(text: str | None) -> datetime | None:
    """A stored moment read back (naive, as the ORM reads it)."""
    return None if text is None else datetime.fromisoformat(text)


def utc_time_of(text: str | None) -> datetime | None:
    """A stored instant read back, aware UTC (as UtcDateTime reads it)."""
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def summary(text: str | None) -> BookedSummary | None:
    return None if not text else BookedSummary.from_json(json.loads(text))


def summary_text(value: BookedSummary | None) -> str | None:
    """As stored: shop text (a line's description) redacted like every other free text."""
    from infrastructure.state.redact import redact_tree

    return None if value is None else json.dumps(redact_tree(value.to_json()), ensure_ascii=False)
