"""The benchmark's baseline: the order reader as it was before #21 — the whole answer parsed
into one tree by defusedxml, the rows gathered per order, every order mapped into a list — so
bench/myshop_reader.py can print before and after in the same run. Named columns only, as then
(a column-set answer read as no orders). Kept for measuring; the product does not use it."""
from __future__ import annotations

from collections import defaultdict

import defusedxml.ElementTree as SafeET

from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop import fields
from infrastructure.myshop.columns import LINE_FIELDS
from infrastructure.myshop.order_mapping import OrderRows, map_order


def read_orders_whole_tree(xml: bytes) -> tuple[list[WebshopOrder], list[RejectedOrder]]:
    root = SafeET.fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    order_rows: list[dict[str, str]] = []
    children: dict[str, list[tuple[str, dict[str, str]]]] = defaultdict(list)
    for row in root:
        if row.tag != "row":
            continue
        kind = (row.get("type") or "").strip()
        cols = {}
        for col in row:
            name = (col.get("name") or "").strip()
            if col.tag == "col" and name and name not in cols:
                cols[name] = "".join(col.itertext())
        if kind == "order":
            order_rows.append(cols)
        elif kind in ("orderline", "customer_field"):
            children[(row.get("order_id") or "").strip()].append((kind, cols))
    orders, rejected = [], []
    for cols in order_rows:
        rows = OrderRows()
        rows.order = cols
        for kind, child in children.get(fields.text(cols.get("order_id")), []):
            if kind == "orderline":
                rows.lines.append({k: v for k, v in child.items() if k in LINE_FIELDS})
            elif fields.text(child.get("name")):
                rows.customer_fields.append((fields.text(child.get("name")), fields.text(child.get("value"))))
        try:
            orders.append(map_order(rows))
        except fields.BadValue as reason:
            rejected.append(RejectedOrder(fields.text(cols.get("order_id")), "", str(reason)))
    return orders, rejected
