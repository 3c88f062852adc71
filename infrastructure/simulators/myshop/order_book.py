"""The simulator's shop: the rows of a §4 order document, served filtered by change_time or
order_id, in either layout (docs/myshop.md): named columns (§4, our proposal) or the column set
myShop is known to send out (§4b) with our assumption for order lines — one data row per order
line, the order's columns repeated on each, the shop's own customer fields as columns of their
own. Tests change the shop between runs through `add_order` / `update_order` / `set_xml`."""
from __future__ import annotations

import copy
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import defusedxml.ElementTree as SafeET

from domain.money import cents
from infrastructure.myshop.columns import default_table
from infrastructure.myshop.protocol import format_change_time

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# The named-column layout's row types (columns.toml [row_types]); the book keeps its rows so.
ORDER, ORDER_LINE, CUSTOMER_FIELD = "order", "orderline", "customer_field"
CHILD_TYPES = (ORDER_LINE, CUSTOMER_FIELD)
NAMED, COLUMN_SET = "named", "column-set"
LAYOUTS = (NAMED, COLUMN_SET)
# (productid, description, quantity, unit price incl. VAT, VAT rate)
LineSpec = tuple[str, str, str, str, str]


class OrderBook:
    def __init__(self, shop_id: str, xml: bytes | str | Path | None = None, *, layout: str = NAMED):
        if layout not in LAYOUTS:
            raise ValueError(f"layout {layout!r}: use {' or '.join(LAYOUTS)}")
        self.shop_id = shop_id
        self.layout = layout
        self._lock = threading.Lock()
        self._rows: list[ET.Element] = []
        # (order_id, column) → the codec its text is sent in, inside an otherwise UTF-8 answer
        self._foreign: dict[tuple[str, str], str] = {}
        if xml is not None:
            self.set_xml(xml)

    def set_xml(self, xml: bytes | str | Path) -> None:
        """Replace the whole shop with the rows of a §4 document (file path, bytes or text)."""
        if isinstance(xml, Path):
            xml = xml.read_bytes()
        root = SafeET.fromstring(xml, forbid_dtd=True)
        if root.tag != "rows":
            raise ValueError(f"an order document has root <rows>, not <{root.tag}>")
        with self._lock:
            self._rows = [row for row in root if row.tag == "row"]

    def order_ids(self) -> list[str]:
        with self._lock:
            return [_col(row, "order_id") for row in self._rows if row.get("type") == ORDER]

    def changed_since(self, change_time: str) -> bytes:
        """Orders whose change_time ≥ the parameter (string order of yyyymmddhhmmss is time order);
        an order whose change_time cannot be read is always served, so clients see bad data."""
        with self._lock:
            wanted = {_col(row, "order_id") for row in self._rows if row.get("type") == ORDER
                      and not (_col(row, "change_time").isdigit() and _col(row, "change_time") < change_time)}
            return self._document(wanted, change_time, orphans=True)

    def one(self, order_id: str) -> bytes | None:
        with self._lock:
            if order_id not in {_col(r, "order_id") for r in self._rows if r.get("type") == ORDER}:
                return None
            return self._document({order_id}, None, orphans=False)

    def _document(self, wanted: set[str], change_time: str | None, *, orphans: bool) -> bytes:
        known = {_col(r, "order_id") for r in self._rows if r.get("type") == ORDER}
        root = ET.Element("rows", shop=self.shop_id)
        if change_time is not None:
            root.set("change_time", change_time)
        count = 0
        for row in self._rows:
            kind = row.get("type")
            if kind == ORDER:
                keep = _col(row, "order_id") in wanted
                count += keep
            elif kind in CHILD_TYPES:
                owner = row.get("order_id", "")
                keep = owner in wanted or (orphans and owner not in known)
            else:
                keep = orphans
            if keep:
                root.append(row)
        root.set("count", str(count))
        if self._foreign:
            root = self._marked_foreign(root)
        if self.layout == COLUMN_SET:
            root[:] = _column_set(list(root))
        return _encoded(XML_DECLARATION + ET.tostring(root, encoding="unicode"))

    def write_in(self, order_id: str, column: str, codec: str) -> None:
        """Send one column of an order in another encoding than the UTF-8 of the rest of the
        answer (a remark typed on a Windows PC, `Caf\\xe9`): what a shop that glues texts
        together may well do (reference §4b)."""
        "x".encode(codec)  # LookupError for a codec that does not exist
        with self._lock:
            self._foreign[(order_id, column)] = codec

    def _marked_foreign(self, root: ET.Element) -> ET.Element:
        root = copy.deepcopy(root)  # the book's own rows stay as they are
        for row in root:
            owner = _col(row, "order_id") if row.get("type") == ORDER else row.get("order_id", "")
            for col in row:
                codec = self._foreign.get((owner, col.get("name", "")))
                if codec is not None and col.text:
                    col.text = f"{_FOREIGN_START}{codec}{_FOREIGN_CODEC_END}{col.text}{_FOREIGN_END}"
        return root

    def add_order(self, number: int, *, change_time: datetime | str, order_date: datetime | str | None = None,
                  status: str = "new", payment_status: str = "paid", email: str = "klant@example.nl",
                  lines: Sequence[LineSpec] = (("ART-1001", "Koffiebonen 1 kg", "1", "24.95", "9"),),
                  shipping_cost: str = "0.00", shipping_vat_rate: str = "21",
                  customer_fields: Iterable[tuple[str, str]] = (), pad: int = 5, **columns: str) -> str:
        """Add (or replace) an order built from a few values; returns its order_id. The total is
        lines + shipping, so it is consistent unless a `total=` column overrides it."""
        order_id = f"{self.shop_id}_{number:0{pad}d}"
        change = change_time if isinstance(change_time, str) else format_change_time(change_time)
        placed = order_date if isinstance(order_date, str) else (
            format_change_time(order_date) if order_date else change)
        line_totals = [cents(Decimal(qty) * Decimal(price)) for _, _, qty, price, _ in lines]
        values = {
            "order_id": order_id, "order_number": str(number), "order_date": placed,
            "change_time": change, "order_status": status, "payment_status": payment_status,
            "payment_method": "ideal", "currency": "EUR", "email": email,
            "billing_firstname": "Klaas", "billing_lastname": "Klant", "billing_street": "Dorpsstraat",
            "billing_housenumber": "1", "billing_postcode": "1234 AB", "billing_city": "Utrecht",
            "billing_country": "NL", "shipping_cost": shipping_cost, "shipping_vat_rate": shipping_vat_rate,
            "total": str(sum(line_totals, Decimal(shipping_cost))),
        } | columns
        rows = [_row({"type": ORDER}, values)]
        for (code, description, qty, price, rate), total in zip(lines, line_totals):
            rows.append(_row({"type": "orderline", "order_id": order_id},
                             {"productid": code, "description": description, "quantity": qty,
                              "price": price, "vat_rate": rate, "line_total": str(total)}))
        for name, value in customer_fields:
            rows.append(_row({"type": "customer_field", "order_id": order_id}, {"name": name, "value": value}))
        with self._lock:
            self._drop(order_id)
            self._rows.extend(rows)
        return order_id

    def update_order(self, order_id: str, **columns: str) -> None:
        """Change columns of an order (e.g. change_time and order_status after it was paid)."""
        with self._lock:
            rows = [r for r in self._rows if r.get("type") == ORDER and _col(r, "order_id") == order_id]
            if not rows:
                raise KeyError(order_id)
            for name, value in columns.items():
                col = next((c for c in rows[0] if c.get("name") == name), None)
                if col is None:
                    col = ET.SubElement(rows[0], "col", name=name)
                col.text = value

    def remove_order(self, order_id: str) -> None:
        with self._lock:
            self._drop(order_id)

    def _drop(self, order_id: str) -> None:
        self._rows = [r for r in self._rows
                      if not (r.get("type") == ORDER and _col(r, "order_id") == order_id)
                      and r.get("order_id") != order_id]


# Private-use characters around a text to be sent in another codec; never in shop data here.
_FOREIGN_START, _FOREIGN_CODEC_END, _FOREIGN_END = "\ue000", "\ue001", "\ue002"


def _encoded(text: str) -> bytes:
    """UTF-8, except the marked texts, each in its own codec."""
    parts = text.split(_FOREIGN_START)
    out = bytearray(parts[0].encode("utf-8"))
    for part in parts[1:]:
        codec, rest = part.split(_FOREIGN_CODEC_END, 1)
        foreign, tail = rest.split(_FOREIGN_END, 1)
        out += foreign.encode(codec) + tail.encode("utf-8")
    return bytes(out)


def _col(row: ET.Element, name: str) -> str:
    for col in row:
        if col.get("name") == name:
            return (col.text or "").strip()
    return ""


def _row(attributes: dict[str, str], columns: dict[str, str]) -> ET.Element:
    row = ET.Element("row", attributes)
    for name, value in columns.items():
        ET.SubElement(row, "col", name=name).text = value
    return row


def _column_set(rows: list[ET.Element]) -> list[ET.Element]:
    """The same orders as one column set and a data row per order line (our assumption of how
    myShop's export puts lines in its flat layout; docs/myshop.md)."""
    table = default_table()
    orders: dict[str, dict[str, str]] = {}
    lines: dict[str, list[dict[str, str]]] = {}
    own_fields: dict[str, dict[str, str]] = {}
    for row in rows:
        kind, cols = row.get("type"), {c.get("name", ""): "".join(c.itertext()) for c in row}
        if kind == ORDER:
            order_id = cols.get("order_id", "").strip()
            orders[order_id] = cols
            lines.setdefault(order_id, [])
            own_fields.setdefault(order_id, {})
        elif kind == ORDER_LINE:
            lines.setdefault(row.get("order_id", "").strip(), []).append(cols)
        elif kind == CUSTOMER_FIELD and cols.get("name", "").strip():
            name = cols["name"].strip()
            if table.order_field(name) or table.line_field(name):
                raise ValueError(f"customer field {name!r} cannot be a column of its own: the column "
                                 "table gives that name to one of the order's fields")
            own_fields.setdefault(row.get("order_id", "").strip(), {})[name] = cols.get("value", "")
    names: dict[str, None] = {}
    for part in (orders, own_fields, lines):
        for values in part.values():
            for cols in values if isinstance(values, list) else [values]:
                names.update(dict.fromkeys(cols))
    names.pop("order_id", None)
    numbers = {name: str(n) for n, name in enumerate(["order_id", *names], start=1)}
    column_set = ET.Element("row", type="column_set")
    for name, number in numbers.items():
        ET.SubElement(ET.SubElement(column_set, "col", number=number), "name").text = name
    data = []
    for order_id in dict.fromkeys([*orders, *lines]):
        head = {"order_id": order_id, **orders.get(order_id, {}), **own_fields.get(order_id, {})}  # as written
        for line in lines.get(order_id) or [{}]:
            row = ET.Element("row", type="data")
            for name, value in {**head, **line}.items():
                ET.SubElement(row, "col", number=numbers[name]).text = value
            data.append(row)
    return [column_set, *data] if data else []
