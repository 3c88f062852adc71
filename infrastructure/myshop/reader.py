"""Reading the `orders/list` XML into WebshopOrders (reference §4; the format itself is [P]).

Two levels of failure, on purpose:
- a broken or hostile document as a whole raises a one-line `MyShopDocumentError` and nothing of
  it is used (a truncated answer must never book the half that arrived);
- a document that is fine but holds one bad order yields a `RejectedOrder` with a one-line
  reason for that order; the others still parse.
The order total is not checked here: booking compares it and warns (SPEC §4).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden

from domain.errors import ServiceUnavailable
from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop import fields
from infrastructure.myshop.order_mapping import CHILD_TYPES, ORDER, map_order
from infrastructure.myshop.protocol import error_code, parse_change_time

DEFAULT_MAX_BYTES = 50_000_000


class MyShopDocumentError(ServiceUnavailable):
    """The shop's answer as a whole is unusable (truncated, not XML, …); exit 75, retry later."""


class HostileDocumentError(MyShopDocumentError):
    """The answer carries a DTD, entity declarations or external references: refused unread."""


class OversizedDocumentError(MyShopDocumentError):
    """The answer is larger than the configured cap."""


class MyShopErrorResponse(MyShopDocumentError):
    """The answer is myShop's `<error code="…">invalid request</error>`."""

    def __init__(self, code: str):
        super().__init__(f"myShop refused the request ({code})")
        self.code = code


Row = dict[str, str]


def read_orders(xml: bytes | str, *, max_bytes: int = DEFAULT_MAX_BYTES,
                include_status: Callable[[str], bool] | None = None,
                ) -> tuple[list[WebshopOrder], list[RejectedOrder]]:
    """Parse a whole `orders/list` answer. Orders whose status `include_status` refuses (e.g. an
    abandoned checkout) are left out before they are checked, rows that belong to them too."""
    root = _document(xml, max_bytes)
    order_rows: list[Row] = []
    children: dict[str, list[tuple[str, Row]]] = defaultdict(list)
    rejected: list[RejectedOrder] = []
    for row in root:
        if row.tag != "row":
            continue
        kind = (row.get("type") or "").strip()
        if kind == ORDER:
            order_rows.append(_columns(row))
        elif kind in CHILD_TYPES:
            owner = (row.get("order_id") or "").strip()
            if owner:
                children[owner].append((kind, _columns(row)))
            else:
                rejected.append(RejectedOrder("", "", f"a {kind} row has no order_id"))
        # Unknown row types are tolerated: the shop may add kinds of data we do not book.

    ids = Counter(fields.text(cols.get("order_id")) for cols in order_rows)
    seen: set[str] = set()
    duplicates: set[str] = set()
    orders: list[WebshopOrder] = []
    for cols in order_rows:
        order_id = fields.text(cols.get("order_id"))
        seen.add(order_id)
        if include_status is not None and not include_status(fields.text(cols.get("order_status"))):
            continue
        if order_id and ids[order_id] > 1:
            # Its lines cannot be told apart, so none of the copies is booked; reported once.
            if order_id not in duplicates:
                duplicates.add(order_id)
                rejected.append(_rejected(cols, f"order_id {order_id} appears {ids[order_id]} times"))
            continue
        try:
            orders.append(map_order(cols, children.get(order_id, []) if order_id else []))
        except fields.BadValue as reason:
            rejected.append(_rejected(cols, str(reason)))

    for owner in children.keys() - seen:
        kinds = ", ".join(sorted({kind for kind, _ in children[owner]}))
        rejected.append(RejectedOrder(owner, _number_from_id(owner),
                                      f"{kinds} rows refer to order {owner[:40]}, which is not in the answer"))
    return _one_identity(orders, rejected)


def _one_identity(orders: list[WebshopOrder], rejected: list[RejectedOrder]):
    """The order number is the betalingskenmerk and the key of exactly-once: an order whose id
    and number disagree, or a number under two ids, cannot be booked safely."""
    by_number: dict[str, list[WebshopOrder]] = defaultdict(list)
    for order in orders:
        by_number[order.number].append(order)
    kept: list[WebshopOrder] = []
    for order in orders:
        from_id = _number_from_id(order.order_id)
        same_number = by_number[order.number]
        if from_id and from_id != order.number:
            rejected.append(RejectedOrder(order.order_id, order.number, f"order_id {order.order_id[:40]} does not "
                                          f"match order number {order.number}", order.change_time))
        elif len(same_number) > 1:
            ids = ", ".join(o.order_id[:40] for o in same_number)
            rejected.append(RejectedOrder(order.order_id, order.number, f"order number {order.number} appears "
                                          f"under several order ids ({ids})", order.change_time))
        else:
            kept.append(order)
    return kept, rejected


def _document(xml: bytes | str, max_bytes: int) -> Element:
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    if len(xml) > max_bytes:
        raise OversizedDocumentError(
            f"the myShop answer is {len(xml)} bytes, more than the limit of {max_bytes}")
    if not xml.strip():
        raise MyShopDocumentError("the myShop answer is empty")
    code = error_code(xml)
    if code is not None:
        raise MyShopErrorResponse(code)
    try:
        root = SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DTDForbidden:
        raise HostileDocumentError("the myShop answer was refused: it contains a DTD") from None
    except EntitiesForbidden:
        raise HostileDocumentError("the myShop answer was refused: it declares entities") from None
    except ExternalReferenceForbidden:
        raise HostileDocumentError("the myShop answer was refused: it refers to external files") from None
    except DefusedXmlException as exc:
        raise HostileDocumentError(f"the myShop answer was refused ({type(exc).__name__})") from None
    except ParseError as exc:
        raise MyShopDocumentError(f"the myShop answer is not well-formed XML ({_one_line(exc)})") from None
    except (ValueError, LookupError) as exc:  # e.g. an unknown encoding in the XML declaration
        raise MyShopDocumentError(f"the myShop answer cannot be read ({_one_line(exc)})") from None
    if root.tag != "rows":
        raise MyShopDocumentError(f"the myShop answer has root <{root.tag[:40]}>, expected <rows>")
    return root


def _columns(row: Element) -> Row:
    cols: Row = {}
    for col in row:
        if col.tag != "col":
            continue
        name = (col.get("name") or "").strip()
        if name and name not in cols:  # the first of a repeated column wins
            cols[name] = "".join(col.itertext())
    return cols


def _rejected(cols: Row, reason: str) -> RejectedOrder:
    order_id = fields.text(cols.get("order_id"))[:80]
    try:
        number = fields.order_number(cols.get("order_number"))
    except fields.BadValue:
        number = _number_from_id(order_id)
    try:
        change_time = parse_change_time(cols.get("change_time") or "")
    except ValueError:
        change_time = None
    return RejectedOrder(order_id, number, reason, change_time)


def _number_from_id(order_id: str) -> str:
    tail = order_id.rsplit("_", 1)[-1]
    return str(int(tail)) if tail.isascii() and tail.isdigit() and len(tail) <= 18 else ""


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
