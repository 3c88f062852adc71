"""The shop's answer as a stream, whatever the source: the myShop adapter streams its answer
(infrastructure/myshop/client.py); a source that can only list (a test's fake shop, a bench's
stand-in) is wrapped so the use cases have one way to read."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from domain.order import RejectedOrder, WebshopOrder, booking_order

from application.ports import FetchResult, OrderSource, ShopStream


class ListedAnswer:
    """A FetchResult read as a ShopStream."""

    def __init__(self, result: FetchResult):
        self._result = result
        self.checkpoint = result.checkpoint
        self.expected = len(result.orders) + len(result.rejected)

    def __iter__(self) -> Iterator[WebshopOrder | RejectedOrder]:
        yield from self._result.rejected
        yield from self._result.orders

    def in_booking_order(self) -> Iterator[WebshopOrder | RejectedOrder]:
        yield from self._result.rejected
        yield from sorted(self._result.orders, key=booking_order)

    def left_out(self) -> Iterator[WebshopOrder]:
        return iter(self._result.left_out)

    def __enter__(self) -> ListedAnswer:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def answer_since(source: OrderSource, cursor: datetime | None) -> ShopStream:
    stream = getattr(source, "answer_since", None)
    return stream(cursor) if stream is not None else ListedAnswer(source.fetch_since(cursor))
