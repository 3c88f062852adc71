"""The order XML reader: tolerant of shape, strict about content, closed to hostile documents."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from importlib import resources

import pytest

from domain.errors import UnreadableAnswer
from domain.order import ChargeKind
from infrastructure.myshop.reader import (HostileDocumentError, MyShopDocumentError,
                                          MyShopErrorResponse, OversizedDocumentError, read_orders)
from myshop_documents import LINE, ORDER_ID, document, order, row


def one(xml: bytes):
    orders, rejected = read_orders(xml)
    assert rejected == [], rejected
    assert len(orders) == 1
    return orders[0]


def reason(xml: bytes) -> str:
    orders, rejected = read_orders(xml)
    assert orders == [] and len(rejected) == 1, (orders, rejected)
    assert "\n" not in rejected[0].reason
    return rejected[0].reason


# -- mapping --------------------------------------------------------------------------------------
def test_an_order_is_mapped_completely():
    xml = document(
        order(vat_number="NL123456789B01", coc_number="12345678", phone="0201234567", customer_id="5531",
              payment_method="ideal", payment_reference="GC-1", shipping_method="PostNL",
              payment_cost="0.35", payment_vat_rate="21", voucher_code="WELKOM10", voucher_amount="10.00",
              voucher_vat_rate="21.00", total="47.20", total_vat="7.00", remark="Na 14:00",
              shipping_company="Voorbeeld B.V.", shipping_firstname="Piet", shipping_street="Industrieweg",
              shipping_housenumber="7", shipping_postcode="3542 AD", shipping_city="Utrecht",
              shipping_country="nl", loyalty_points="12"),
        row("customer_field", {"name": "Klantnummer ", "value": " D1001 "}, ORDER_ID),
        row("customer_field", {"name": "", "value": "ignored"}, ORDER_ID))
    o = one(xml)
    assert (o.order_id, o.number, o.order_status, o.payment_status) == (ORDER_ID, "12", "processing", "paid")
    assert o.order_date == datetime(2024, 3, 1, 10, 15, 23) and o.change_time == datetime(2024, 3, 1, 11, 30)
    assert o.customer.email == "inkoop@voorbeeld.nl" and o.customer.shop_customer_id == "5531"
    assert (o.customer.vat_number, o.customer.coc_number, o.customer.phone) == ("NL123456789B01", "12345678", "0201234567")
    assert o.customer.extra_fields == (("Klantnummer", "D1001"),)
    assert o.customer.customer_code == "D1001"
    assert o.billing.company == "Voorbeeld B.V." and o.billing.street_line == "Keizersgracht 12"
    assert o.shipping.city == "Utrecht" and o.shipping.country == "NL" and o.shipping.first_name == "Piet"
    assert o.lines[0].quantity == Decimal("2") and o.lines[0].unit_price == Decimal("24.95")
    assert str(o.lines[0].vat_rate) == "9"
    assert o.charges == (
        o.charge(ChargeKind.SHIPPING), o.charge(ChargeKind.PAYMENT), o.charge(ChargeKind.DISCOUNT))
    assert (o.charge(ChargeKind.SHIPPING).amount, o.charge(ChargeKind.SHIPPING).description) == (Decimal("6.95"), "PostNL")
    assert (o.charge(ChargeKind.PAYMENT).amount, o.charge(ChargeKind.PAYMENT).description) == (Decimal("0.35"), "ideal")
    assert o.charge(ChargeKind.DISCOUNT).description == "WELKOM10"
    assert o.total == Decimal("47.20") and o.total_vat == Decimal("7.00") and o.total == o.computed_total
    assert o.remark == "Na 14:00" and o.payment_reference == "GC-1"
    assert o.extra == {"loyalty_points": "12"}


def test_cdata_whitespace_column_order_unknown_columns_and_rows_are_tolerated():
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<rows shop="1817700">\n  <meta>x</meta>\n'
           b'  <row type="orderline" order_id="1817700_00012">\n'
           b'    <col name="vat_rate"> 21 </col><col name="price">\n10.00\n</col>'
           b'<col name="quantity">1</col><col name="description"><![CDATA[Mok <groot> & "mooi"]]></col>'
           b'<col name="productid">ART-9</col><col name="colour">rood</col>\n  </row>\n'
           b'  <row type="review" order_id="1817700_00099"><col name="stars">5</col></row>\n'
           b'  <row type="order">' + b"".join(
               f'<col name="{k}">  {v}  </col>'.encode() for k, v in reversed(list({
                   "order_id": ORDER_ID, "order_number": "00012", "order_date": "20240301101523",
                   "change_time": "20240301113000", "total": "10.00", "billing_country": ""}.items())))
           + b"</row>\n</rows>\n")
    o = one(xml)
    assert o.number == "12"  # the number as the customer sees it, compared as an integer
    assert o.lines[0].description == 'Mok <groot> & "mooi"'
    assert o.lines[0].line_total == Decimal("10.00")  # absent: quantity × price
    assert o.billing.country == "NL" and o.shipping is None and o.charges == ()


def test_the_demo_shop_reads_without_rejections_and_its_totals_agree():
    xml = resources.files("interfaces.demo").joinpath("orders.xml").read_bytes()
    orders, rejected = read_orders(xml)
    assert rejected == [] and len(orders) == 6
    assert all(o.total == o.computed_total for o in orders)
    assert {o.order_status for o in orders} >= {"aborted"}
    assert any(l.article_code == "" for o in orders for l in o.lines)
    assert any(o.customer.customer_code == "1003" for o in orders)
    assert any(o.shipping is not None for o in orders)


def test_include_status_leaves_orders_and_their_rows_out_before_checking_them():
    xml = document(order("1817700_00013", order_number="13", order_status="aborted", billing_country="??"),
                   order())
    orders, rejected = read_orders(xml, include_status=lambda s: s != "aborted")
    assert [o.number for o in orders] == ["12"] and rejected == []


# -- one bad order among good ones ----------------------------------------------------------------
@pytest.mark.parametrize("cols, lines, expected", [
    ({"order_number": None}, None, "order_number is missing"),
    ({"order_number": "12a"}, None, "order_number '12a' is not a number"),
    ({"order_id": ""}, [], "order_id is missing"),
    ({"order_date": "2024-03-01"}, None, "order_date '2024-03-01' is not a yyyymmddhhmmss date"),
    ({"change_time": "20240231000000"}, None, "change_time '20240231000000' is not a yyyymmddhhmmss date"),
    ({"order_date": None}, None, "order_date is missing"),
    ({"billing_country": "XX"}, None, "billing_country 'XX' is not an ISO 3166-1 country code"),
    ({"shipping_country": "UK", "shipping_city": "London"}, None, "shipping_country 'UK' is not an ISO"),
    ({"total": "-5.00"}, None, "total -5.00 is negative"),
    ({"total": "10000000.01"}, None, "total 10000000.01 is absurdly large"),
    ({"total": "1e3"}, None, "total '1e3' is not a number"),
    ({"total": None}, None, "total is missing"),
    ({"shipping_cost": "6,95"}, None, "shipping_cost '6,95' is not a number"),
    ({"shipping_vat_rate": ""}, None, "shipping_vat_rate is missing"),
    ({"voucher_amount": "-10"}, None, "voucher_amount -10 is negative"),
    ({"currency": "USD"}, None, "currency 'USD' is not EUR"),
    ({}, [], "the order has no order lines"),
    ({}, [{**LINE, "quantity": "-1"}], "order line 1: quantity -1 is negative"),
    ({}, [{**LINE, "quantity": "0"}], "order line 1: quantity is 0"),
    ({}, [LINE, {**LINE, "quantity": "100001"}], "order line 2: quantity 100001 is absurdly large"),
    ({}, [{**LINE, "quantity": "twee"}], "order line 1: quantity 'twee' is not a number"),
    ({}, [{**LINE, "quantity": "NaN"}], "order line 1: quantity 'NaN' is not a number"),
    ({}, [{**LINE, "quantity": None}], "order line 1: quantity is missing"),
    ({}, [{**LINE, "price": "-24.95"}], "order line 1: price -24.95 is negative"),
    ({}, [{**LINE, "price": "99999999"}], "order line 1: price 99999999 is absurdly large"),
    ({}, [{**LINE, "line_total": "Infinity"}], "order line 1: line_total 'Infinity' is not a number"),
    ({}, [{**LINE, "vat_rate": "121"}], "order line 1: vat_rate 121 is not a VAT percentage"),
    ({}, [{**LINE, "vat_rate": None}], "order line 1: vat_rate is missing"),
])
def test_a_malformed_order_is_rejected_with_a_one_line_reason_and_the_others_still_read(cols, lines, expected):
    good = order("1817700_00013", order_number="13")
    orders, rejected = read_orders(document(order(lines=lines, **cols), good))
    assert [o.number for o in orders] == ["13"]
    assert len(rejected) == 1 and rejected[0].reason.startswith(expected), rejected[0].reason
    assert "\n" not in rejected[0].reason


def test_a_rejected_order_keeps_what_could_be_read():
    orders, rejected = read_orders(document(order(billing_country="XX")))
    assert (rejected[0].order_id, rejected[0].number) == (ORDER_ID, "12")
    assert rejected[0].change_time == datetime(2024, 3, 1, 11, 30)
    orders, rejected = read_orders(document(order(order_number="x", change_time="nope")))
    assert (rejected[0].number, rejected[0].change_time) == ("12", None)  # from the order_id


def test_line_rows_pointing_at_an_unknown_order_are_a_rejected_order():
    xml = document(order(), row("orderline", LINE, "1817700_00077"))
    orders, rejected = read_orders(xml)
    assert [o.number for o in orders] == ["12"]
    assert [(r.order_id, r.number) for r in rejected] == [("1817700_00077", "77")]
    assert "not in the answer" in rejected[0].reason


def test_a_line_row_without_order_id_is_reported():
    orders, rejected = read_orders(document(order(), row("orderline", LINE)))
    assert len(orders) == 1 and rejected[0].reason == "a orderline row has no order_id"


def test_an_order_listed_twice_is_rejected_once_whole():
    orders, rejected = read_orders(document(order(), order()))
    assert orders == []
    assert [(r.order_id, r.reason) for r in rejected] == [(ORDER_ID, f"order_id {ORDER_ID} appears 2 times")]


# -- the document as a whole ------------------------------------------------------------------------
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rows>&lol3;</rows>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rows [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rows><row type="order"><col name="remark">&xxe;</col></row></rows>"""
DTD_ONLY = b'<?xml version="1.0"?><!DOCTYPE rows SYSTEM "http://example.invalid/rows.dtd"><rows/>'


@pytest.mark.parametrize("xml, error, words", [
    (BILLION_LAUGHS, HostileDocumentError, "DTD"),
    (EXTERNAL_ENTITY, HostileDocumentError, "DTD"),
    (DTD_ONLY, HostileDocumentError, "DTD"),
    (b"<html><body>Bad gateway</body></html>", MyShopDocumentError, "a web page (<html>), not myShop's order list"),
    (b"<feed/>", MyShopDocumentError, "the answer has root <feed>, not myShop's <rows>"),
    (b"Service Unavailable", MyShopDocumentError, "the answer is not valid XML"),
    (b"", MyShopDocumentError, "empty"),
    (b'<?xml version="1.0"?><rows><row type="order"><col name="order_id">1', MyShopDocumentError, "stops in the middle, cut off"),
    (b'<?xml version="1.0" encoding="klingon"?><rows/>', MyShopDocumentError, "cannot be read"),
    (b'<?xml version="1.0" encoding="UTF-8"?><error code="expired_rpc_id">invalid request</error>',
     MyShopErrorResponse, "expired_rpc_id"),
    (b"invalid request", MyShopErrorResponse, "invalid_request"),
])
def test_a_broken_or_hostile_document_is_one_line_and_nothing_of_it_is_used(xml, error, words):
    with pytest.raises(error) as caught:
        read_orders(xml)
    assert isinstance(caught.value, UnreadableAnswer)  # exit 76, nothing booked
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_an_oversized_document_is_refused_before_parsing():
    xml = document(order())
    assert read_orders(xml, max_bytes=len(xml))[0]
    with pytest.raises(OversizedDocumentError, match="more than the limit of 100"):
        read_orders(xml, max_bytes=100)


def test_an_empty_answer_is_no_orders():
    assert read_orders(b'<?xml version="1.0" encoding="UTF-8"?><rows shop="1817700" change_time="20240301000000" count="0"/>') == ([], [])
