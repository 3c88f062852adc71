"""The simulator's shop: the rows of a §4 order document, served filtered by change_time or
order_id. Tests change the shop between runs through `add_order` / `update_order` / `set_xml`."""
from __future__ import annotations

import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import defusedxml.ElementTree as SafeET

from domain.money import cents
from infrastructure.myshop.order_mapping import CHILD_TYPES, ORDER
from infrastructure.myshop.protocol import format_change_time

XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
# (productid, description, quantity, unit price incl. VAT, VAT rate)
LineSpec = tuple[str, str, str, str, str]


class OrderBook:
    def __init__(self, shop_id: str, xml: bytes | str | Path | None = None):
        self.shop_id = shop_id
        self._lock = threading.Lock()
        self._rows: list[ET.Element] = []
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
        return (XML_DECLARATION + ET.tostring(root, encoding="unicode")).encode("utf-8")

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
