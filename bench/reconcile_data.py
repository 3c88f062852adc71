"""The reconcile benchmark's data: a shop, an administration and a history that agree — but for
1 % of planted findings of each kind — built directly (an import of 10,000 orders is the
embedded benchmark's business, not this one's).

Every booked order is in the shop's answer, in the history (booked, with what was booked of it,
as a run records it) and in SnelStart (a sales order with its betalingskenmerk and total). Then,
each on its own orders:
  not_booked            orders in the shop only;
  booked_twice          a second sales order with the same betalingskenmerk (typed in again);
  missing_in_snelstart  the sales order is gone (deleted by hand);
  not_in_history        orders in the shop and in SnelStart, not in the history (typed by hand);
  total_differs         the sales order's total changed by hand;
  changed_in_shop       the shop's order has another quantity than was booked.
"""
from __future__ import annotations

import json
import random
import sqlite3
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from domain.booked_summary import summarise
from domain.customer import Relation
from domain.order import WebshopOrder
from infrastructure.myshop.reader import read_orders
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder, StoredSalesOrderLine
from infrastructure.state import SqliteStateStore

KINDS = ("not_booked", "booked_twice", "missing_in_snelstart", "not_in_history", "total_differs", "changed_in_shop")
FIRST_SALES_ORDER = 50_001


@dataclass(frozen=True)
class Planted:
    findings: set[tuple[str, str]]  # (kind, order number): what reconcile must find, exactly
    booked: int  # orders the history says are booked
    sales_orders: int  # sales orders in SnelStart


def plant(xml: bytes, booked: int, snapshot: Snapshot, relations: list[Relation], seed: int,
          state_path: Path) -> tuple[Snapshot, Planted]:
    """The administration (`snapshot` with the sales orders added) and the state file at
    `state_path`, for the shop's answer `xml` holding `booked` + 2 % orders."""
    orders, rejected = read_orders(xml)
    assert not rejected, rejected[:3]
    orders.sort(key=lambda o: int(o.number))
    rnd = random.Random(seed)
    per_kind = max(1, booked // 100)
    extra = orders[booked:]  # in the shop, never booked by S-Connect
    assert len(extra) == 2 * per_kind, "the shop must hold 2 % more orders than are booked"
    chosen = rnd.sample(range(booked), 4 * per_kind)  # distinct booked orders for the other kinds
    twice, missing, total, changed = (set(chosen[k * per_kind:(k + 1) * per_kind]) for k in range(4))
    planted = {("not_booked", o.number) for o in extra[:per_kind]}
    planted |= {("not_in_history", o.number) for o in extra[per_kind:]}
    for kind, indexes in (("booked_twice", twice), ("missing_in_snelstart", missing), ("total_differs", total),
                          ("changed_in_shop", changed)):
        planted |= {(kind, orders[i].number) for i in indexes}

    customers = [r.code for r in relations if "Klant" in r.kinds]
    sales: list[StoredSalesOrder] = []
    history: list[tuple] = []
    number = FIRST_SALES_ORDER
    for i, order in enumerate(orders[:booked]):
        relation = customers[i % len(customers)]
        stored = _sales_order(number, relation, order)
        summary = summarise(order)
        if i in changed:  # booked with one bag of coffee fewer than the shop now says
            first = summary.lines[0]
            summary = replace(summary, lines=(replace(first, quantity=first.quantity + 1), *summary.lines[1:]))
        history.append(_history_row(order, number, relation, stored.total_incl_vat, summary))
        if i in total:
            stored = replace(stored, total_incl_vat=stored.total_incl_vat + Decimal("10.00"))
        if i not in missing:
            sales.append(stored)
        number += 1
        if i in twice:
            sales.append(replace(_sales_order(number, relation, order), description="telefonisch"))
            number += 1
    for order in extra[per_kind:]:  # typed by hand: in SnelStart, not in the history
        sales.append(_sales_order(number, customers[0], order))
        number += 1
    _write_history(state_path, history)
    return replace(snapshot, sales_orders=tuple(sales)), Planted(planted, booked, len(sales))


def _sales_order(number: int, relation: int, order: WebshopOrder) -> StoredSalesOrder:
    lines = tuple(StoredSalesOrderLine(l.article_code, l.description, l.quantity, l.unit_price, Decimal("0"),
                                       l.line_total) for l in order.lines)
    return StoredSalesOrder(number=number, relation_code=relation, date=order.order_date, template_id="tpl-web",
                            payment_reference=order.number, description=f"Webshop-order {order.number}",
                            lines=lines, total_incl_vat=order.total, id=f"o-{number}")


def _history_row(order: WebshopOrder, sales_order: int, relation: int, total: Decimal, summary) -> tuple:
    when = order.change_time.isoformat(sep=" ", timespec="microseconds")
    return ("shop1", order.number, order.order_id, "booked", 0, 0, sales_order, relation, str(order.total),
            str(total), "", "", "[]", when, when, when, json.dumps(summary.to_json(), ensure_ascii=False), None, 0)


def _write_history(path: Path, rows: list[tuple]) -> None:
    """The history as runs leave it, written in one transaction (the state store's own schema)."""
    SqliteStateStore(path).close()
    db = sqlite3.connect(path)
    try:
        with db:
            db.executemany(
                "INSERT INTO processed_order (profile, order_number, order_id, state, attempts, write_baseline, "
                "sales_order, customer_code, shop_total, booked_total, payload_hash, last_error, warnings, "
                "change_time, created_at, updated_at, booked_summary, shop_change, change_acknowledged) "
                "VALUES (" + ", ".join("?" * 19) + ")", rows)
            db.execute("INSERT INTO cursor (profile, value) VALUES ('shop1', ?)",
                       (datetime(2024, 3, 9).isoformat(sep=" ", timespec="microseconds"),))
    finally:
        db.close()
