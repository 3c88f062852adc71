"""Bytes that are not clean UTF-8 (reference §4b): decoded by the XML declaration, else UTF-8;
bad UTF-8 bytes repaired as Windows-1252 and said on the order they belong to — never a whole
answer failed for one byte, never a silent guess. Hostile XML stays refused."""
from __future__ import annotations

import codecs
import io

import pytest

from infrastructure.myshop.reader import (HostileDocumentError, MyShopDocumentError, OrderDocument,
                                          OversizedDocumentError, read_orders)
from myshop_documents import LINE, ORDER, column_set, document, flat, order, row

REPAIRED = "the shop's text had bytes that are not valid UTF-8, read as Windows-1252"


def with_byte(xml: bytes, text: str, raw: bytes) -> bytes:
    assert xml.count(text.encode()) == 1, text
    return xml.replace(text.encode(), raw)


def by_number(xml: bytes):
    orders, rejected = read_orders(xml)
    assert rejected == [], rejected
    return {o.number: o for o in orders}


def test_one_windows_1252_byte_in_a_remark_books_that_order_with_a_warning_and_the_others_without():
    xml = document(order("1817700_00011", order_number="11", remark="Graag bellen"),
                   order(remark="@REMARK@"),
                   order("1817700_00013", order_number="13", remark="Bij de buren"))
    orders = by_number(with_byte(xml, "@REMARK@", b"Caf\xe9 om de hoek"))
    assert orders["12"].remark == "Caf\u00e9 om de hoek"
    assert orders["12"].warnings == (f"{REPAIRED}: remark 'Caf\u00e9 om de hoek'; check it in SnelStart",)
    assert orders["11"].warnings == orders["13"].warnings == ()
    assert orders["11"].remark == "Graag bellen"


def test_the_same_byte_in_a_column_set_answer_is_repaired_the_same_way():
    xml = flat([({**ORDER, "remark": "@REMARK@"}, [LINE]),
                ({**ORDER, "order_id": "1817700_00013", "order_number": "13", "remark": "Bij de buren"}, [LINE])])
    orders = by_number(with_byte(xml, "@REMARK@", b"Caf\xe9"))
    assert orders["12"].remark == "Caf\u00e9" and orders["12"].warnings
    assert orders["13"].warnings == ()


def test_every_repaired_place_of_an_order_is_named_in_its_one_warning():
    xml = document(order(lines=[{**LINE, "description": "@LINE@"}], billing_city="@CITY@"),
                   row("customer_field", {"name": "Afleverinstructie", "value": "@FIELD@"}, "1817700_00012"))
    xml = with_byte(with_byte(with_byte(xml, "@LINE@", b"Mok \x80 5"), "@CITY@", b"Li\xe8ge"),
                    "@FIELD@", b"Achterom \x93graag\x94")
    [o] = by_number(xml).values()
    assert (o.billing.city, o.lines[0].description) == ("Li\u00e8ge", "Mok \u20ac 5")
    assert o.customer.extra("Afleverinstructie") == "Achterom \u201cgraag\u201d"
    assert o.warnings == (f"{REPAIRED}: billing_city 'Li\u00e8ge'; order line 1 description 'Mok \u20ac 5'; "
                          f"customer field Afleverinstructie 'Achterom \u201cgraag\u201d'; check it in SnelStart",)


def test_a_byte_windows_1252_leaves_unused_is_shown_as_a_replacement_character_and_said():
    [o] = by_number(with_byte(document(order(remark="@R@")), "@R@", b"x\x81y")).values()
    assert o.remark == "x\ufffdy" and o.warnings


def test_valid_utf_8_is_never_repaired():
    [o] = by_number(document(order(remark="Caf\u00e9 \u20ac \U0001f600 \u0130stanbul"))).values()
    assert o.remark == "Caf\u00e9 \u20ac \U0001f600 \u0130stanbul" and o.warnings == ()


@pytest.mark.parametrize("declared, raw, text", [
    ("ISO-8859-1", b"Caf\xe9", "Caf\u00e9"),
    ("iso-8859-1", b"\x80", "\x80"),  # Latin-1 is Latin-1: its 0x80 is a control character, not €
    ("windows-1252", b"\x80 10", "\u20ac 10"),
    ("UTF-8", "Caf\u00e9".encode(), "Caf\u00e9"),
])
def test_the_xml_declaration_decides_the_encoding_and_its_text_is_not_a_repair(declared, raw, text):
    xml = document(order(remark="@R@")).replace(b'encoding="UTF-8"', f'encoding="{declared}"'.encode())
    [o] = by_number(with_byte(xml, "@R@", raw)).values()
    assert o.remark == text and o.warnings == ()


def test_a_byte_order_mark_is_followed():
    utf8 = codecs.BOM_UTF8 + document(order(remark="Caf\u00e9"))
    utf16 = document(order(remark="Caf\u00e9")).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    for xml in (utf8, utf16):
        [o] = by_number(xml).values()
        assert o.remark == "Caf\u00e9" and o.warnings == ()


def test_an_answer_without_declaration_is_utf_8():
    xml = document(order(remark="@R@")).split(b"?>", 1)[1]
    [o] = by_number(with_byte(xml, "@R@", "Caf\u00e9".encode())).values()
    assert o.remark == "Caf\u00e9" and o.warnings == ()


@pytest.mark.parametrize("xml, words", [
    (b'<?xml version="1.0" encoding="klingon"?><rows/>', "declares the encoding 'klingon', which cannot be read"),
    (b'<?xml version="1.0" encoding="rot13"?><rows/>', "declares 'rot13', which is not a character encoding"),
    (b'<rows><row type="order"><col nam\xe9="total">1</col></row></rows>', "not valid XML"),
])
def test_what_no_repair_can_read_is_one_line_about_the_whole_answer(xml, words):
    with pytest.raises(MyShopDocumentError) as caught:
        read_orders(xml)
    assert words in str(caught.value) and "\n" not in str(caught.value)


@pytest.mark.parametrize("xml", [
    b'<?xml version="1.0"?><!DOCTYPE rows [<!ENTITY e "Caf\xe9">]><rows><row type="order">'
    b'<col name="remark">&e;</col></row></rows>',
    b'<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rows SYSTEM "http://example.invalid/\xe9.dtd"><rows/>',
    b'\xef\xbb\xbf<!DOCTYPE rows [<!ENTITY x SYSTEM "file:///etc/passwd">]><rows>&x;</rows>',
])
def test_hostile_xml_stays_refused_whatever_its_bytes(xml):
    with pytest.raises(HostileDocumentError, match="the answer contains a DTD, so it is refused unread"):
        read_orders(xml)


def test_the_cap_on_bytes_holds_for_an_answer_read_from_a_file():
    xml = document(*(order(f"1817700_{n:05d}", order_number=str(n)) for n in range(1, 40)))
    assert len(read_orders(io.BytesIO(xml), max_bytes=len(xml))[0]) == 39
    with pytest.raises(OversizedDocumentError, match="larger than the limit of 1000 bytes"):
        OrderDocument(io.BytesIO(xml), max_bytes=1000)


def test_a_column_set_whose_names_carry_a_bad_byte_still_reads():
    xml = column_set(["order_id", "Opmerking@", *[k for k in ORDER if k != "order_id"], *LINE],
                     [[ORDER["order_id"], "Caf\u00e9", *[v for k, v in ORDER.items() if k != "order_id"],
                       *LINE.values()]])
    [o] = by_number(with_byte(xml, "Opmerking@", b"Opmerking\xb7")).values()
    assert o.extra == {"Opmerking\u00b7": "Caf\u00e9"} and o.warnings == ()
