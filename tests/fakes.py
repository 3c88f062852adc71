"""Hand-written fakes and builders shared by the use-case and end-to-end tests."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from application.ports import FetchResult
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, RejectedOrder, WebshopOrder
from domain.errors import OrderLeftOut, OrderNotInShop, OrderRejected

D = Decimal
T0 = datetime(2024, 3, 1, 10, 0, 0)


def line(code: str, qty: str, price: str, vat: str = "21", description: str = "") -> OrderLine:
    return OrderLine(code, description or f"Artikel {code}", D(qty), D(price), D(vat), D(qty) * D(price))


def make_order(number: int | str, *, email: str = "klant@example.nl", lines=None, shipping: str | None = None,
               discount: str | None = None, change_time: datetime | None = None, company: str = "",
               postcode: str = "1234 AB", extra=()) -> WebshopOrder:
    number = str(number)
    lines = tuple(lines if lines is not None else [line("ART-1001", "2", "24.95", "9")])
    charges = []
    if shipping:
        charges.append(Charge(ChargeKind.SHIPPING, D(shipping), D("21"), "PostNL"))
    if discount:
        charges.append(Charge(ChargeKind.DISCOUNT, D(discount), D("21"), "WELKOM"))
    order = WebshopOrder(
        order_id=f"1817700_{int(number):05d}" if number.isdigit() else number, number=number,
        order_date=T0, change_time=change_time or T0 + timedelta(minutes=int(number) if number.isdigit() else 0),
        customer=CustomerData(email=email, company=company, extra_fields=tuple(extra)),
        billing=Address(company=company, first_name="Jan", last_name="Klant", street="Dorpsstraat",
                        house_number="1", postcode=postcode, city="Ergens", country="NL"),
        lines=lines, charges=tuple(charges), order_status="processing", payment_status="paid")
    return _with_total(order)


def _with_total(order: WebshopOrder) -> WebshopOrder:
    from dataclasses import replace
    return replace(order, total=order.computed_total)


class FakeOrderSource:
    """The shop as a list: returns every order changed since the cursor, with the checkpoint
    rule of the OrderSource port."""

    def __init__(self, clock, orders=(), rejected=(), overlap=timedelta(minutes=10)):
        self.clock, self.orders, self.rejected, self.overlap = clock, list(orders), list(rejected), overlap
        self.fetches: list[datetime | None] = []
        self.archive: list[WebshopOrder] = []  # orders fetch_one finds though the list no longer returns them
        self.fetch_one_errors: dict[str, Exception] = {}  # what fetch_one raises for a number
        self.left_out: list[WebshopOrder] = []  # orders whose status leaves them out (cancelled)

    def fetch_since(self, cursor: datetime | None) -> FetchResult:
        self.fetches.append(cursor)
        orders = [o for o in self.orders if cursor is None or o.change_time >= cursor]
        rejected = [r for r in self.rejected if cursor is None or r.change_time is None or r.change_time >= cursor]
        times = [o.change_time for o in orders] + [r.change_time for r in rejected if r.change_time]
        # The port's rule, as the myShop adapter keeps it: never past the newest change the shop
        # reported nor past the request, minus the overlap; None when the shop returned nothing.
        checkpoint = min(self.clock.now(), max(times)) - self.overlap if times else None
        left_out = [o for o in self.left_out if cursor is None or o.change_time >= cursor]
        return FetchResult(orders, rejected, checkpoint, left_out=left_out)

    def fetch_one(self, number: str) -> WebshopOrder:
        if number in self.fetch_one_errors:
            raise self.fetch_one_errors[number]
        for order in self.orders + self.archive:
            if order.number == number:
                return order
        for order in self.left_out:
            if order.number == number:
                raise OrderLeftOut(f"order {number} has status {order.order_status!r} in myShop and is left out",
                                   order=order)
        raise OrderNotInShop(f"order {number} not found in the shop")


__all__ = ["D", "T0", "FakeOrderSource", "RejectedOrder", "line", "make_order"]


class GatewayWith:
    """The administration's own Gateway, but for the methods given (a refusal, an outage, …)."""

    def __init__(self, inner, **methods):
        self._inner, self._methods = inner, methods

    def __getattr__(self, name):
        return self._methods.get(name) or getattr(self._inner, name)
