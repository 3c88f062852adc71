"""What S-Connect booked of a shop order, kept to be compared field by field when the shop sends
the order again (SPEC §8, *changed in the shop*).

Only what the booking depends on is compared: the lines (article, quantity, price, VAT rate,
line total), the shipping and payment costs and the voucher, the total, and whether the order
was cancelled. A new order status (paid, shipped) or a corrected address does not change what
was booked; a line's description is kept only to name a line that has no article code.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from domain.money import cents
from domain.order import ChargeKind, WebshopOrder

_CHARGE_NAMES = {ChargeKind.SHIPPING.value: "shipping costs", ChargeKind.PAYMENT.value: "payment costs",
                 ChargeKind.DISCOUNT.value: "discount"}


@dataclass(frozen=True)
class SummaryLine:
    article_code: str
    quantity: Decimal
    unit_price: Decimal  # incl. VAT, as the shop gave it
    vat_rate: Decimal
    line_total: Decimal
    description: str = field(default="", compare=False)

    @property
    def name(self) -> str:
        return self.article_code or f"'{self.description[:40]}'"


@dataclass(frozen=True)
class SummaryCharge:
    kind: str  # a ChargeKind value
    amount: Decimal  # incl. VAT, positive (a discount is subtracted)
    vat_rate: Decimal


@dataclass(frozen=True)
class BookedSummary:
    """A shop order's booking-relevant content. `lines` and `charges` None: not known (the order
    was booked by an S-Connect that kept only its total) — then only the total and a
    cancellation can be compared."""

    total: Decimal
    lines: tuple[SummaryLine, ...] | None = ()
    charges: tuple[SummaryCharge, ...] | None = ()
    cancelled: bool = False
    status: str = field(default="", compare=False)  # the shop's order status, to name it
    order_date: datetime | None = field(default=None, compare=False)

    def to_json(self) -> dict:
        return {
            "total": str(self.total), "cancelled": self.cancelled, "status": self.status,
            "order_date": None if self.order_date is None else self.order_date.isoformat(),
            "lines": None if self.lines is None else [
                [l.article_code, str(l.quantity), str(l.unit_price), str(l.vat_rate), str(l.line_total),
                 l.description] for l in self.lines],
            "charges": None if self.charges is None else [
                [c.kind, str(c.amount), str(c.vat_rate)] for c in self.charges],
        }

    @classmethod
    def from_json(cls, data: dict) -> BookedSummary:
        lines = data.get("lines")
        charges = data.get("charges")
        date = data.get("order_date")
        return cls(
            total=Decimal(data["total"]), cancelled=bool(data.get("cancelled")), status=data.get("status") or "",
            order_date=None if not date else datetime.fromisoformat(date),
            lines=None if lines is None else tuple(
                SummaryLine(code, Decimal(q), Decimal(p), Decimal(v), Decimal(t), description)
                for code, q, p, v, t, description in lines),
            charges=None if charges is None else tuple(
                SummaryCharge(kind, Decimal(a), Decimal(v)) for kind, a, v in charges))


def summarise(order: WebshopOrder, cancelled: bool = False) -> BookedSummary:
    """`cancelled`: the shop's status now leaves the order out (cancelled, aborted)."""
    lines = tuple(SummaryLine(l.article_code.strip(), l.quantity, l.unit_price, l.vat_rate, l.line_total,
                              l.description.strip()) for l in order.lines)
    charges = tuple(SummaryCharge(c.kind.value, c.amount, c.vat_rate) for c in order.charges if c.amount)
    return BookedSummary(order.total, lines, charges, cancelled, order.order_status.strip(), order.order_date)


def total_only(total: Decimal) -> BookedSummary:
    """What an order booked before S-Connect kept summaries is known by: its shop total."""
    return BookedSummary(total, None, None)


def changes(booked: BookedSummary, now: BookedSummary) -> list[str]:
    """What changed from `booked` to `now`, one short phrase each, in the words of the order;
    [] when nothing the booking depends on changed."""
    found: list[str] = []
    if now.cancelled != booked.cancelled:
        status = f" (status '{now.status}')" if now.status else ""
        found.append(f"cancelled{status}" if now.cancelled else f"no longer cancelled{status}")
    if booked.lines is not None and now.lines is not None:
        found += _line_changes(booked.lines, now.lines)
    if booked.charges is not None and now.charges is not None:
        found += _charge_changes(booked.charges, now.charges)
    if cents(booked.total) != cents(now.total):
        found.append(f"total {cents(booked.total)} → {cents(now.total)}")
    return found


def _keyed(lines: tuple[SummaryLine, ...]) -> dict[tuple[str, int], SummaryLine]:
    """Lines by (name, occurrence): the same article twice on one order stays two lines."""
    seen: Counter[str] = Counter()
    keyed = {}
    for line in lines:
        seen[line.name] += 1
        keyed[(line.name, seen[line.name])] = line
    return keyed


def _line_changes(before: tuple[SummaryLine, ...], after: tuple[SummaryLine, ...]) -> list[str]:
    old, new = _keyed(before), _keyed(after)
    found = []
    for key, line in old.items():
        if key not in new:
            found.append(f"line {line.name} removed ({_number(line.quantity)} × {cents(line.unit_price)})")
            continue
        now = new[key]
        if line.quantity != now.quantity:
            found.append(f"quantity of {line.name} {_number(line.quantity)} → {_number(now.quantity)}")
        if line.unit_price != now.unit_price:
            found.append(f"price of {line.name} {line.unit_price} → {now.unit_price}")
        if line.vat_rate != now.vat_rate:
            found.append(f"VAT of {line.name} {_number(line.vat_rate)}% → {_number(now.vat_rate)}%")
        if (line.quantity, line.unit_price) == (now.quantity, now.unit_price) and \
                cents(line.line_total) != cents(now.line_total):
            found.append(f"line total of {line.name} {cents(line.line_total)} → {cents(now.line_total)}")
    for key, line in new.items():
        if key not in old:
            found.append(f"line {line.name} added ({_number(line.quantity)} × {cents(line.unit_price)})")
    return found


def _charge_changes(before: tuple[SummaryCharge, ...], after: tuple[SummaryCharge, ...]) -> list[str]:
    found = []
    old = {c.kind: c for c in before}
    new = {c.kind: c for c in after}
    for kind in [k.value for k in ChargeKind]:
        a, b = old.get(kind), new.get(kind)
        name = _CHARGE_NAMES[kind]
        amount_a = cents(a.amount) if a else cents(Decimal("0"))
        amount_b = cents(b.amount) if b else cents(Decimal("0"))
        if amount_a != amount_b:
            found.append(f"{name} {amount_a} → {amount_b}")
        elif a and b and a.vat_rate != b.vat_rate:
            found.append(f"VAT of the {name} {_number(a.vat_rate)}% → {_number(b.vat_rate)}%")
    return found


def _number(value: Decimal) -> str:
    """2 rather than 2.000, 0.5 rather than 0.500: quantities and rates as a person writes them."""
    return format(value.normalize(), "f")
