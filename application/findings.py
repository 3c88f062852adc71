"""The six findings of reconcile (SPEC §8), worked out from what was read: the processed-order
history, SnelStart's sales orders of the period, and — unless left out — the shop's orders.

Pure: nothing here reads or writes. A finding is always about one shop order; an order may have
more than one (booked twice *and* its total changed). Only betalingskenmerken that are shop
order numbers — known to the history or to the shop — are looked at: a sales order typed by
hand for a phone order, with a betalingskenmerk of its own, is none of S-Connect's business.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from domain.booked_summary import BookedSummary, changes, summarise, total_only
from domain.money import cents
from domain.order import RejectedOrder, WebshopOrder
from domain.sales_order import SalesOrderHeader

from application.ports import OrderState, ProcessedOrder

KINDS = ("not_booked", "booked_twice", "missing_in_snelstart", "not_in_history", "total_differs",
         "changed_in_shop")
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    order: str  # the shop's order number = the betalingskenmerk
    sales_orders: tuple[int, ...]  # the SnelStart sales orders it is about (may be none)
    detail: str  # one line a bookkeeper can act on

    def to_json(self) -> dict:
        return {"kind": self.kind, "order": self.order, "sales_orders": list(self.sales_orders),
                "detail": self.detail}


@dataclass(frozen=True)
class ShopOrder:
    """What reconcile keeps of one shop order: what the booking depends on, not the whole order
    (10,000 orders with their addresses and customer data would outweigh the rest)."""

    number: str
    order_date: datetime | None
    summary: BookedSummary
    importable: bool  # False: its status leaves it out (cancelled, aborted)


@dataclass(frozen=True)
class ShopOrders:
    """What the shop has in the period: its orders (importable or left out by their status) and
    the orders that could not be read."""

    orders: list[ShopOrder] = field(default_factory=list)
    rejected: list[RejectedOrder] = field(default_factory=list)

    @classmethod
    def read(cls, items: Iterable[WebshopOrder | RejectedOrder], left_out: Iterable[WebshopOrder]) -> ShopOrders:
        """From the shop's answer as it comes: each order is summarised and let go of."""
        listing = cls()
        for item in items:
            if isinstance(item, WebshopOrder):
                listing.orders.append(ShopOrder(item.number, item.order_date, summarise(item), True))
            else:
                listing.rejected.append(item)
        listing.orders.extend(ShopOrder(o.number, o.order_date, summarise(o, cancelled=True), False)
                              for o in left_out)
        return listing

    @property
    def count(self) -> int:
        return len(self.orders) + len(self.rejected)


def local(moment: datetime | None) -> datetime | None:
    """Zone-less Dutch wall-clock time, as SnelStart dates its orders and S-Connect keeps time."""
    return moment.astimezone(_AMSTERDAM).replace(tzinfo=None) if moment and moment.tzinfo else moment


def booked_summary(row: ProcessedOrder) -> BookedSummary | None:
    """What was booked; for an order booked before S-Connect kept that, its shop total."""
    if row.booked_summary is not None:
        return row.booked_summary
    return None if row.shop_total is None else total_only(row.shop_total)


def order_date(row: ProcessedOrder) -> datetime | None:
    """The shop order's date as far as the history knows it (the period is by order date)."""
    if row.booked_summary is not None and row.booked_summary.order_date is not None:
        return local(row.booked_summary.order_date)
    return local(row.change_time or row.created_at)


def in_scope(history: list[ProcessedOrder], since: datetime | None) -> list[ProcessedOrder]:
    """The history's orders of the period: placed from `since` on (None: all)."""
    since = local(since)
    return [r for r in history if since is None or (order_date(r) or since) >= since]


def number_key(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (1 << 62, number)


def find(history: list[ProcessedOrder], snelstart: list[SalesOrderHeader], shop: ShopOrders | None,
         since: datetime | None) -> list[Finding]:
    """Every finding, ordered by order number and then by kind (SPEC §8's order)."""
    since = local(since)
    in_period = (lambda d: True) if since is None else (lambda d: d is None or d >= since)
    rows = {r.order_number: r for r in in_scope(history, since)}
    by_reference: dict[str, list[SalesOrderHeader]] = defaultdict(list)
    for header in sorted(snelstart, key=lambda h: h.number):
        if header.payment_reference:
            by_reference[header.payment_reference].append(header)
    by_number = {h.number: h for h in snelstart}
    listed: dict[str, ShopOrder] = {}
    unreadable: dict[str, RejectedOrder] = {}
    if shop is not None:
        for order in sorted(shop.orders, key=lambda o: not o.importable):  # importable first
            if in_period(local(order.order_date)):
                listed.setdefault(order.number, order)
        unreadable = {(r.number or r.order_id): r for r in shop.rejected}
    found: list[Finding] = []
    for number in sorted(rows.keys() | listed.keys() | unreadable.keys(), key=number_key):
        checks = _Order(number, rows.get(number), by_reference.get(number, []), by_number, listed.get(number),
                        unreadable.get(number), since)
        found += checks.findings()
    return found


@dataclass
class _Order:
    number: str
    row: ProcessedOrder | None
    refs: list[SalesOrderHeader]  # SnelStart's orders of the period with this betalingskenmerk
    by_number: dict[int, SalesOrderHeader]
    listed: ShopOrder | None  # the shop's order
    unreadable: RejectedOrder | None
    since: datetime | None

    @property
    def ours(self) -> int | None:
        row = self.row
        return row.sales_order if row is not None and row.state is OrderState.BOOKED else None

    def findings(self) -> list[Finding]:
        found = [f for f in (self.not_booked(), self.booked_twice(), self.missing_in_snelstart(),
                             self.not_in_history(), self.total_differs(), self.changed_in_shop()) if f]
        return found

    def _finding(self, kind: str, sales_orders, detail: str) -> Finding:
        return Finding(kind, self.number, tuple(sales_orders), detail)

    def not_booked(self) -> Finding | None:
        importable = self.listed is not None and self.listed.importable
        if self.refs or not (importable or self.unreadable):
            return None
        row = self.row
        if row is not None and row.state is not OrderState.FAILED and row.state is not OrderState.BOOKING:
            return None  # booked (then it is missing), skipped or held: not "not booked"
        if row is None:
            why = ("the shop's order cannot be read: " + self.unreadable.reason if self.unreadable
                   else "no run has processed it yet")
        elif row.state is OrderState.BOOKING:
            why = "a run stopped while booking it; the next run looks in SnelStart first, then books it"
        else:
            why = f"failed {row.attempts} time(s), last: {row.last_error}; the next run tries again"
        return self._finding("not_booked", (), f"in the shop, not in SnelStart: {why}")

    def booked_twice(self) -> Finding | None:
        if len(self.refs) < 2:
            return None
        numbers = [h.number for h in self.refs]
        mine = f"; S-Connect booked {self.ours}, the other{'s' if len(numbers) > 2 else ''} " \
               f"{'were' if len(numbers) > 2 else 'was'} typed by hand or booked elsewhere" \
            if self.ours in numbers else ""
        return self._finding("booked_twice", numbers,
                             f"SnelStart has {len(numbers)} sales orders with betalingskenmerk {self.number}: "
                             f"{', '.join(map(str, numbers))}{mine}; remove the extra one(s) in SnelStart")

    def missing_in_snelstart(self) -> Finding | None:
        ours = self.ours
        if ours is None or any(h.number == ours for h in self.refs):
            return None
        now = self.by_number.get(ours)
        if now is not None:
            detail = (f"booked as sales order {ours}, whose betalingskenmerk in SnelStart is now "
                      f"'{now.payment_reference}' (changed by hand?)")
        elif self.refs:
            others = ", ".join(str(h.number) for h in self.refs)
            detail = (f"booked as sales order {ours}, which SnelStart no longer has; sales order {others} has its "
                      f"betalingskenmerk instead (booked again by hand?)")
        else:
            dated = "" if self.since is None else f" dated from {self.since:%Y-%m-%d}"
            detail = (f"booked as sales order {ours}, which SnelStart no longer has{dated} (deleted, or its date "
                      f"changed by hand); `sconnect reconcile --rebook {self.number}` books it again at the next run")
        return self._finding("missing_in_snelstart", (ours,), detail)

    def not_in_history(self) -> Finding | None:
        if len(self.refs) != 1 or self.ours is not None:
            return None  # two or more: booked twice; booked by us as another number: missing
        ref, row = self.refs[0], self.row
        note = ""
        if row is not None and row.state is OrderState.SKIPPED:
            note = "; the run skipped the shop's order because of it"
        elif row is not None and row.state is OrderState.BOOKING:
            note = "; a run stopped while booking it: the next run takes this order for its own if it is"
        return self._finding("not_in_history", (ref.number,),
                             f"SnelStart has sales order {ref.number} with betalingskenmerk {self.number}, which "
                             f"S-Connect did not book (typed by hand, or booked by another installation): "
                             f"not an error of S-Connect{note}")

    def total_differs(self) -> Finding | None:
        ours, row = self.ours, self.row
        mine = next((h for h in self.refs if h.number == ours), None)
        if mine is None or row is None or row.booked_total is None:
            return None
        if cents(mine.total_incl_vat) == cents(row.booked_total):
            return None
        difference = cents(mine.total_incl_vat - row.booked_total)
        return self._finding("total_differs", (ours,),
                             f"sales order {ours} totals {cents(mine.total_incl_vat)} in SnelStart, "
                             f"{cents(row.booked_total)} when it was booked (difference "
                             f"{'+' if difference > 0 else ''}{difference}): changed by hand in SnelStart?")

    def changed_in_shop(self) -> Finding | None:
        row = self.row
        if self.ours is None or row is None:
            return None
        booked = booked_summary(row)
        current = self.listed.summary if self.listed is not None else row.shop_change
        if booked is None or current is None:
            return None
        what = changes(booked, current)
        if not what:
            return None
        if row.change_acknowledged and row.shop_change is not None and not changes(row.shop_change, current):
            return None
        return self._finding("changed_in_shop", (self.ours,),
                             f"changed in the shop after it was booked as sales order {self.ours}: "
                             f"{'; '.join(what)}; `sconnect reconcile --ack {self.number}` once dealt with")
