"""Orders in the order they are booked (oldest change first, then by number) without holding
the answer: as they come when the survey saw them so, else through a spool file."""
from __future__ import annotations

from domain.order import RejectedOrder, booking_order
from infrastructure.myshop.reader import OrderDocument
from infrastructure.myshop.spool import in_booking_order
from myshop_documents import document, order


def at(n: int, change: str, **cols: str) -> str:
    return order(f"1817700_{n:05d}", order_number=str(n), change_time=change, **cols)


def test_the_survey_knows_whether_the_answer_comes_in_booking_order():
    ordered = document(at(3, "20240301120000"), at(9, "20240301120000"), at(2, "20240302080000"))
    unordered = document(at(3, "20240301120000"), at(2, "20240302080000"), at(1, "20240301120000"))
    same_time_wrong_number = document(at(9, "20240301120000"), at(3, "20240301120000"))

    assert OrderDocument(ordered).in_change_order is True
    assert OrderDocument(unordered).in_change_order is False
    assert OrderDocument(same_time_wrong_number).in_change_order is False


def test_an_answer_out_of_order_comes_out_in_booking_order_with_the_unreadable_first():
    xml = document(at(30, "20240305120000"), at(7, "20240301120000"), at(12, "20240301120000", billing_country="XX"),
                   at(4, "20240303120000"), at(5, "20240301120000"))
    with OrderDocument(xml) as answer:
        items = list(in_booking_order(answer))

    assert isinstance(items[0], RejectedOrder) and items[0].number == "12"
    assert [o.number for o in items[1:]] == ["5", "7", "4", "30"]
    assert [booking_order(o) for o in items[1:]] == sorted(booking_order(o) for o in items[1:])
    with OrderDocument(xml) as again:  # the spooled orders are the orders read, field by field
        assert sorted(items[1:], key=lambda o: o.number) == sorted(
            (i for i in again if not isinstance(i, RejectedOrder)), key=lambda o: o.number)
