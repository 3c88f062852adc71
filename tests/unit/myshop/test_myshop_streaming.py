"""The reader in streaming form: the answer checked whole before the first order, what the
cursor rule and a progress bar need known up front, orders yielded as their rows complete."""
from __future__ import annotations

from datetime import datetime

import pytest

from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop.reader import MyShopDocumentError, OrderDocument, read_orders
from myshop_documents import LINE, ORDER_ID, document, order, row

MUG = {**LINE, "productid": "ART-2001", "quantity": "1", "price": "8.50", "line_total": "8.50"}


def numbered(n: int, **cols: str) -> str:
    return order(f"1817700_{n:05d}", order_number=str(n), change_time=f"202403{n:02d}120000", **cols)


def test_counts_and_the_newest_change_are_known_before_the_first_order():
    xml = document(numbered(3), numbered(9, order_status="aborted"), numbered(5, billing_country="XX"),
                   row("orderline", LINE, "1817700_00077"))
    with OrderDocument(xml, include_status=lambda status: status != "aborted") as answer:
        # 3 and 5 (rejected, but its change time is readable) and the orphan lines of 77; 9 is left out.
        assert answer.expected == 3 and answer.newest_change == datetime(2024, 3, 5, 12, 0)
        items = list(answer)
    assert [type(i).__name__ for i in items] == ["WebshopOrder", "RejectedOrder", "RejectedOrder"]
    assert (answer.orders, answer.rejected, answer.repaired) == (1, 2, 0)


def test_an_answer_cut_off_after_many_orders_yields_none_of_them():
    xml = document(*(numbered(n) for n in range(1, 30)))
    cut = xml[: int(len(xml) * 0.9)]
    with pytest.raises(MyShopDocumentError, match="stops in the middle, cut off"):
        OrderDocument(cut)  # before anything is iterated: nothing of it can be booked


def test_an_order_is_yielded_when_its_last_row_has_passed_wherever_its_rows_are():
    xml = document(row("orderline", MUG, "1817700_00002"),  # before its order row
                   numbered(1, lines=[LINE]),
                   numbered(2, lines=[LINE]),
                   row("customer_field", {"name": "klantnummer", "value": "1003"}, "1817700_00001"),
                   numbered(3))
    with OrderDocument(xml) as answer:
        items = [(o.number, len(o.lines), o.customer.customer_code) for o in answer]
    # 1 completes only after its late customer field, so 2 comes first
    assert items == [("2", 2, None), ("1", 1, "1003"), ("3", 1, None)]


def test_the_answer_can_be_read_again_with_the_same_result():
    xml = document(numbered(1), numbered(2, total="1.00"), row("orderline", LINE))
    answer = OrderDocument(xml)
    first, second = list(answer), list(answer)
    assert first == second and len(first) == 3


def test_the_list_entry_point_gives_what_the_stream_gives():
    xml = document(numbered(1), numbered(2, billing_country="XX"), numbered(3))
    items = list(OrderDocument(xml))
    orders, rejected = read_orders(xml)
    assert orders == [i for i in items if isinstance(i, WebshopOrder)]
    assert rejected == [i for i in items if isinstance(i, RejectedOrder)]


def test_a_duplicate_and_a_number_under_two_ids_are_known_however_far_apart_they_are():
    xml = document(numbered(1), numbered(2), order("1817700_00001", order_number="1"),
                   order("1817700_0003", order_number="3"), order("1817700_00003", order_number="3"))
    orders, rejected = read_orders(xml)
    assert [o.number for o in orders] == ["2"]
    assert sorted(r.reason for r in rejected) == [
        "order number 3 appears under several order ids (1817700_00003, 1817700_0003)",
        "order number 3 appears under several order ids (1817700_00003, 1817700_0003)",
        f"order_id 1817700_00001 appears 2 times"]
    assert ORDER_ID not in {r.order_id for r in rejected}
