"""Which answers of the myShop service are refusals: only a document whose root is <error>."""
from __future__ import annotations

import pytest

from infrastructure.myshop.protocol import INVALID_REQUEST, error_body, error_code
from infrastructure.myshop.reader import read_orders
from myshop_documents import document, order


def test_an_error_document_is_a_refusal_with_its_code():
    assert error_code(error_body("bad_signature")) == "bad_signature"
    assert error_code(b"  \n" + error_body("expired_rpc_id")) == "expired_rpc_id"
    assert error_code(b'<!-- x --><error code="ip_not_allowed">invalid request</error>') == "ip_not_allowed"


def test_a_bare_invalid_request_text_is_a_refusal_without_code():
    assert error_code(b"invalid request") == INVALID_REQUEST
    assert error_code(b'<?xml version="1.0"?><error>invalid request') == INVALID_REQUEST


@pytest.mark.parametrize("orders", [1, 30])
def test_an_order_document_whose_remark_says_error_and_invalid_request_is_no_refusal(orders):
    remark = '<![CDATA[Bel aan bij <error> als u "invalid request" ziet]]>'
    rows = [order(f"1817700_{n:05d}", order_number=str(n), remark="@REMARK@") for n in range(1, orders + 1)]
    body = document(*rows).replace(b"@REMARK@", remark.encode())
    assert b"<error>" in body and b"invalid request" in body
    assert error_code(body) is None
    parsed, rejected = read_orders(body)
    assert len(parsed) == orders and rejected == []
    assert parsed[0].remark == 'Bel aan bij <error> als u "invalid request" ziet'


def test_an_order_whose_id_and_number_disagree_is_rejected_alone():
    body = document(order("1817700_00013", order_number="12"), order("1817700_00014", order_number="14"))
    orders, rejected = read_orders(body)
    assert [o.number for o in orders] == ["14"]
    assert [(r.number, r.reason) for r in rejected] == [("12", "order_id 1817700_00013 does not match order number 12")]


def test_one_order_number_under_two_ids_is_rejected_not_guessed():
    body = document(order("1817700_00012"), order("1817700_12"), order("1817700_00014", order_number="14"))
    orders, rejected = read_orders(body)
    assert [o.number for o in orders] == ["14"]
    assert {r.reason for r in rejected} == {"order number 12 appears under several order ids (1817700_00012, 1817700_12)"}
