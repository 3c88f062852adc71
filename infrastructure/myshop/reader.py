"""Reading the `orders/list` answer into WebshopOrders, in streaming form (reference §4, §4b).

An `OrderDocument` reads the answer twice, each time incrementally (xml_stream.py), never
holding more than the orders whose rows are still coming:
1. on opening, a *survey* checks the answer whole — well-formed to the end, not hostile, within
   the cap, in a layout the column table maps — and keeps small keys per order: how many order
   rows, where its last row is, its status, number and change time. A cut-off answer therefore
   never yields the orders that did arrive, and a consumer knows before the first order how
   many items will come and the newest change time the cursor rule needs;
2. iterating yields each order (a `WebshopOrder`) or the reason it cannot be read (a
   `RejectedOrder`) as soon as its last row has passed, in document order.

Two levels of failure, on purpose: a broken or hostile answer raises a one-line
`MyShopDocumentError` on opening and nothing of it is used; one bad order in a good answer is
a `RejectedOrder` and the others still read. The order total is not checked here: booking
compares it and warns (SPEC §4).
"""
from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import BinaryIO

from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop import fields
from infrastructure.myshop.columns import ColumnTable, default_table
from infrastructure.myshop.layouts import FIELD, FLAT, LINE, ORDER, Layouts, Record
from infrastructure.myshop.order_mapping import OrderRows, map_order
from infrastructure.myshop.protocol import parse_change_time
from infrastructure.myshop.xml_stream import (Answer, HostileDocumentError, MyShopDocumentError,  # noqa: F401
                                              MyShopErrorResponse, OversizedDocumentError)

DEFAULT_MAX_BYTES = 50_000_000

Item = WebshopOrder | RejectedOrder


class _Group:
    """The survey's keys for one order_id: small, so a large answer costs little to know."""

    __slots__ = ("order_rows", "last", "status", "number", "change_time")

    def __init__(self) -> None:
        self.order_rows, self.last = 0, -1
        self.status = self.number = self.change_time = ""


class OrderDocument:
    """A checked answer, read order by order. Iterate it (more than once if need be); `expected`,
    `newest_change` and `layout` are known on opening, `orders`/`rejected`/`repaired` count
    what the last iteration yielded. Close it (or use `with`) to free a spooled answer."""

    def __init__(self, source: bytes | str | BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES,
                 include_status: Callable[[str], bool] | None = None, table: ColumnTable | None = None):
        if isinstance(source, str):
            source = source.encode("utf-8")
        if isinstance(source, (bytes, bytearray)):
            if len(source) > max_bytes:
                raise OversizedDocumentError(f"the answer is {len(source)} bytes, more than the limit of {max_bytes}")
            source = io.BytesIO(bytes(source))
        self._source, self._max_bytes = source, max_bytes
        self._table = table or default_table()
        self._include = include_status
        self.layout: str | None = None
        self.codec = "utf-8"
        self.orders = self.rejected = self.repaired = 0
        self._survey()

    def close(self) -> None:
        self._source.close()

    @property
    def source(self) -> BinaryIO:
        """The answer itself (another document may read it again; this one closes it)."""
        return self._source

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    @property
    def table(self) -> ColumnTable:
        return self._table

    def __enter__(self) -> OrderDocument:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- pass 1: the survey -----------------------------------------------------------------
    def _records(self, *, survey: bool = False) -> Iterator[Record]:
        answer = Answer(self._source, self._max_bytes)
        layouts = Layouts(self._table, survey=survey)
        groups = 0
        for index, element in enumerate(answer.children()):
            record = layouts.record(index, element)
            if record is not None:
                groups += record.kind in (ORDER, FLAT) and bool(record.order_id)
                yield record
        layouts.finish(groups)
        self.layout, self.codec = layouts.layout, answer.codec

    def _survey(self) -> None:
        groups: dict[str, _Group] = {}
        child_last: dict[str, int] = {}
        child_kinds: dict[str, set[str]] = defaultdict(set)
        loose: list[str] = []  # change times of records that stand alone (no order_id)
        loose_children = 0
        for record in self._records(survey=True):
            if record.kind in (LINE, FIELD):
                if record.order_id:
                    child_last[record.order_id] = record.index
                    child_kinds[record.order_id].add(record.kind)
                else:
                    loose_children += 1
                continue
            if not record.order_id:
                loose.append(record.order.get("change_time", ""))
                continue
            group = groups.get(record.order_id)
            if group is None:
                group = groups[record.order_id] = _Group()
            if record.kind == ORDER or group.order_rows == 0:
                group.order_rows += 1
            group.last = record.index
            for slot, value in (("status", "order_status"), ("number", "order_number"),
                                ("change_time", "change_time")):
                if not getattr(group, slot):
                    setattr(group, slot, record.order.get(value, "").strip())
        for owner, index in child_last.items():
            if owner in groups:
                groups[owner].last = max(groups[owner].last, index)

        self._left_out = {i for i, g in groups.items() if self._include is not None and not self._include(g.status)}
        self.left_out_count = len(self._left_out)
        kept = {i: g for i, g in groups.items() if i not in self._left_out}
        self._groups = groups
        self._orphans = {owner: sorted(child_kinds[owner]) for owner in child_last if owner not in groups}
        ids_by_number: dict[str, set[str]] = defaultdict(set)
        for order_id, group in kept.items():
            if group.number.isascii() and group.number.isdigit() and len(group.number) <= 18:
                ids_by_number[str(int(group.number))].add(order_id)
        self._ambiguous = {n: sorted(ids) for n, ids in ids_by_number.items() if len(ids) > 1}
        self.expected = len(kept) + len(self._orphans) + len(loose) + loose_children
        times = [_moment(g.change_time) for g in kept.values()] + [_moment(t) for t in loose]
        self.newest_change: datetime | None = max((t for t in times if t is not None), default=None)
        self.in_change_order = _in_change_order(sorted(kept.values(), key=lambda g: g.last))

    # -- pass 2: the orders -----------------------------------------------------------------
    def __iter__(self) -> Iterator[Item]:
        self.orders = self.rejected = self.repaired = 0
        for item in self._items():
            if isinstance(item, WebshopOrder):
                self.orders += 1
                self.repaired += bool(item.warnings)
            else:
                self.rejected += 1
            yield item

    def _items(self) -> Iterator[Item]:
        open_orders: dict[str, OrderRows] = {}
        reported: set[str] = set()
        for record in self._records():
            owner = record.order_id
            if record.kind in (LINE, FIELD):
                if not owner:
                    yield RejectedOrder("", "", f"a {_ROW_NAMES[record.kind]} row has no order_id")
                    continue
                if owner in self._orphans or owner in self._left_out or owner in reported:
                    continue
                open_orders.setdefault(owner, OrderRows()).add_child(record)
            elif not owner:
                # No order_id to gather rows by: read alone, which names what is wrong.
                yield self._finish(OrderRows(record))
                continue
            elif owner in self._left_out or owner in reported:
                continue
            elif self._groups[owner].order_rows > 1:
                # Its lines cannot be told apart, so none of the copies is booked; reported once.
                reported.add(owner)
                open_orders.pop(owner, None)
                yield _rejected(record.order, f"order_id {owner[:40]} appears {self._groups[owner].order_rows} times")
                continue
            else:
                rows = open_orders.get(owner)
                if rows is None:
                    open_orders[owner] = OrderRows(record)
                else:
                    rows.add_order_row(record)
            if self._groups.get(owner) is not None and self._groups[owner].last == record.index:
                yield self._finish(open_orders.pop(owner))
        for owner, kinds in self._orphans.items():
            yield RejectedOrder(owner[:80], _number_from_id(owner), f"{', '.join(_ROW_NAMES[k] for k in kinds)} "
                                f"rows refer to order {owner[:40]}, which is not in the answer")

    def _finish(self, rows: OrderRows) -> Item:
        try:
            order = map_order(rows, self.codec)
        except fields.BadValue as reason:
            return _rejected(rows.order, str(reason))
        return self._one_identity(order)

    def _one_identity(self, order: WebshopOrder) -> Item:
        """The order number is the betalingskenmerk and the key of exactly-once: an order whose id
        and number disagree, or a number under two ids, cannot be booked safely."""
        from_id = _number_from_id(order.order_id)
        if from_id and from_id != order.number:
            return RejectedOrder(order.order_id, order.number, f"order_id {order.order_id[:40]} does not "
                                 f"match order number {order.number}", order.change_time)
        ids = self._ambiguous.get(order.number)
        if ids:
            return RejectedOrder(order.order_id, order.number, f"order number {order.number} appears under "
                                 f"several order ids ({', '.join(i[:40] for i in ids)})", order.change_time)
        return order


_ROW_NAMES = {LINE: "orderline", FIELD: "customer_field"}


def read_orders(xml: bytes | str | BinaryIO, *, max_bytes: int = DEFAULT_MAX_BYTES,
                include_status: Callable[[str], bool] | None = None, table: ColumnTable | None = None,
                ) -> tuple[list[WebshopOrder], list[RejectedOrder]]:
    """The whole answer as two lists (today's callers). Orders whose status `include_status`
    refuses (e.g. an abandoned checkout) are left out before they are checked, with their rows."""
    document = OrderDocument(xml, max_bytes=max_bytes, include_status=include_status, table=table)
    orders: list[WebshopOrder] = []
    rejected: list[RejectedOrder] = []
    for item in document:
        (orders if isinstance(item, WebshopOrder) else rejected).append(item)
    return orders, rejected


def _in_change_order(groups: list[_Group]) -> bool:
    """Whether the orders come (each when its last row has passed) oldest change first, then by
    number — the order they are booked in — so they can be booked as they come; any doubt (a
    change time or number that does not read) says no, and the reader sorts them itself."""
    previous: tuple[str, int] = ("", -1)
    for group in groups:
        if not (len(group.change_time) == 14 and group.change_time.isascii() and group.change_time.isdigit()
                and group.number.isascii() and group.number.isdigit() and len(group.number) <= 18):
            return False
        key = (group.change_time, int(group.number))
        if key < previous:
            return False
        previous = key
    return True


def _rejected(cols: dict[str, str], reason: str) -> RejectedOrder:
    order_id = fields.text(cols.get("order_id"))[:80]
    try:
        number = fields.order_number(cols.get("order_number"))
    except fields.BadValue:
        number = _number_from_id(order_id)
    return RejectedOrder(order_id, number, reason, _moment(cols.get("change_time") or ""))


def _moment(text: str) -> datetime | None:
    try:
        return parse_change_time(text)
    except ValueError:
        return None


def _number_from_id(order_id: str) -> str:
    tail = order_id.rsplit("_", 1)[-1]
    return str(int(tail)) if tail.isascii() and tail.isdigit() and len(tail) <= 18 else ""
