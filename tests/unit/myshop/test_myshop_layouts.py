"""Both layouts of an order answer (reference §4, §4b): the same orders read identically from
named columns and from a column set; an answer in neither says in one line what it met."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from domain.errors import UnreadableAnswer
from infrastructure.myshop.columns import default_table, parse_table
from infrastructure.myshop.layouts import COLUMN_SET, NAMED, LayoutError
from infrastructure.myshop.reader import OrderDocument, read_orders
from infrastructure.myshop.xml_stream import ADAPT, TELL_US
from infrastructure.simulators.myshop.order_book import OrderBook
from myshop_documents import LINE, ORDER, ORDER_ID, column_set, document, flat, order, row
from test_myshop_reader_properties import check, orders, render

SECOND = {**ORDER, "order_id": "1817700_00013", "order_number": "13", "email": "b@example.nl",
          "total": "31.90"}
MUG = {"productid": "ART-2001", "description": "Koffiemok wit", "quantity": "3", "price": "8.50",
       "vat_rate": "21", "line_total": "25.50"}


def both(named: bytes, column_set_answer: bytes):
    """Both answers read to equal orders. The shop's own customer fields are compared as a set:
    a column set has one order of columns for all orders, so their order within one order is
    the column set's (it matters nowhere: the customer code is looked up by name)."""
    a, b = read_orders(named), read_orders(column_set_answer)
    assert len(a[0]) == len(b[0]) and a[1] == b[1], (a, b)
    for x, y in zip(*(a[0], b[0])):
        x, y = (replace(o, customer=replace(o.customer, extra_fields=tuple(sorted(o.customer.extra_fields))))
                for o in (x, y))
        differ = {f: (getattr(x, f), getattr(y, f)) for f in x.__dataclass_fields__ if getattr(x, f) != getattr(y, f)}
        assert x == y, differ
    return a


# -- the contract: the same orders, either layout ---------------------------------------------------
def test_the_same_orders_read_identically_from_named_columns_and_from_a_column_set():
    named = document(order(lines=[LINE, MUG], total="82.35"),
                     row("customer_field", {"name": "klantnummer", "value": "1003"}, ORDER_ID),
                     order("1817700_00013", lines=[LINE], **{k: v for k, v in SECOND.items() if k != "order_id"}))
    as_column_set = flat([({**ORDER, "total": "82.35", "klantnummer": "1003"}, [LINE, MUG]), (SECOND, [LINE])])
    orders_read, rejected = both(named, as_column_set)
    assert rejected == [] and [o.number for o in orders_read] == ["12", "13"]
    assert [len(o.lines) for o in orders_read] == [2, 1]
    assert orders_read[0].customer.customer_code == "1003"
    assert OrderDocument(as_column_set).layout == COLUMN_SET and OrderDocument(named).layout == NAMED


@st.composite
def shops(draw):
    numbers = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=4, unique=True))
    specs = []
    for number in numbers:
        spec = draw(orders(number))
        spec["unknown"] = {}  # named: extra only; column set: also a customer field (see below)
        names = [n.strip() for n, _ in spec["fields"]]
        table = default_table()
        assume(len(set(names)) == len(names))
        assume(not any(table.order_field(n) or table.line_field(n) for n in names))
        specs.append(spec)
    rows = []
    for spec in specs:
        order_cols, children = render(spec)
        rows.append('<row type="order">' + "".join(order_cols) + "</row>" + "".join(children))
    named = ('<?xml version="1.0" encoding="UTF-8"?><rows shop="1817700">' + "".join(rows) + "</rows>").encode()
    return specs, named


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(shops())
def test_any_generated_shop_reads_the_same_from_the_simulators_column_set(generated):
    specs, named = generated
    book = OrderBook("1817700", named, layout="column-set")
    as_column_set = book.changed_since("00000000000000")
    assert b'<row type="column_set">' in as_column_set and b"<col name=" not in as_column_set
    orders_read, rejected = both(named, as_column_set)
    assert rejected == [] and len(orders_read) == len(specs)
    for read, spec in zip(orders_read, specs):
        check(read, spec)


def test_myshops_own_shape_reads_prop_elements_numbers_out_of_order_and_values_in_any_order():
    answer = column_set(["order_id", *[k for k in ORDER if k != "order_id"], *LINE],
                        [list(ORDER.values()) + list(LINE.values())],
                        numbers=[str(n * 7 % 101) for n in range(1, len(ORDER) + len(LINE) + 1)])
    assert both(document(order()), answer)[0][0].total == both(document(order()), answer)[0][0].computed_total


def test_a_column_set_per_kind_of_row_reads_too():
    """A later column set names the columns of the rows after it: order rows, then line rows."""
    orders_part = column_set(list(ORDER), [list(ORDER.values())]).split(b"<rows>")[1].split(b"</rows>")[0]
    lines_part = column_set(["order_id", *LINE], [[ORDER_ID, *LINE.values()]]).split(b"<rows>")[1]
    answer = b'<?xml version="1.0" encoding="UTF-8"?><rows>' + orders_part + lines_part
    both(document(order()), answer)


def test_order_columns_left_empty_after_an_orders_first_row_are_the_same_order():
    empty = {k: "" for k in ORDER if k != "order_id"}
    answer = column_set([*ORDER, *LINE], [[*ORDER.values(), *LINE.values()],
                                           [ORDER_ID, *empty.values(), *MUG.values()]])
    [read], _ = read_orders(answer)
    assert [line.article_code for line in read.lines] == ["ART-1001", "ART-2001"]


def test_rows_of_one_order_apart_in_the_answer_are_still_one_order():
    answer = column_set([*ORDER, *LINE], [[*ORDER.values(), *LINE.values()],
                                           [*SECOND.values(), *LINE.values()],
                                           [*ORDER.values(), *MUG.values()]])
    read, rejected = read_orders(answer)
    assert rejected == [] and [(o.number, len(o.lines)) for o in read] == [("13", 1), ("12", 2)]


def test_rows_of_one_order_that_disagree_reject_that_order_alone():
    answer = column_set([*ORDER, *LINE], [[*ORDER.values(), *LINE.values()],
                                           [*{**ORDER, "total": "60.00"}.values(), *MUG.values()],
                                           [*SECOND.values(), *LINE.values()]])
    read, rejected = read_orders(answer)
    assert [o.number for o in read] == ["13"]
    assert [(r.number, r.reason) for r in rejected] == [
        ("12", f"the rows of order {ORDER_ID} disagree on total ('56.85' and '60.00')")]


def test_a_column_the_table_does_not_name_is_a_customer_field_in_a_column_set():
    answer = flat([({**ORDER, "Klantnummer": " 1003 ", "Afleverinstructie": "Achterom"}, [LINE])])
    [read], _ = read_orders(answer)
    assert read.customer.extra_fields == (("Klantnummer", "1003"), ("Afleverinstructie", "Achterom"))
    assert read.customer.customer_code == "1003"
    assert read.extra == {"Klantnummer": "1003", "Afleverinstructie": "Achterom"}


def test_a_data_row_without_order_id_fails_alone():
    answer = column_set([*ORDER, *LINE], [[*{**ORDER, "order_id": ""}.values(), *LINE.values()],
                                           [*SECOND.values(), *LINE.values()]])
    read, rejected = read_orders(answer)
    assert [o.number for o in read] == ["13"] and [(r.number, r.reason) for r in rejected] == [("12", "order_id is missing")]


# -- matching a real export by editing the table ----------------------------------------------------
DUTCH = {"order_id": "Bestelling", "order_number": "Ordernummer", "order_date": "Besteldatum",
         "change_time": "Laatst gewijzigd", "total": "Totaal", "email": "E-mail", "productid": "Artikelnummer",
         "quantity": "Aantal", "price": "Prijs", "vat_rate": "BTW %"}


def edited_table():
    text = default_table_text()
    for ours, theirs in DUTCH.items():
        text, n = re.subn(rf'^{ours} = \["{ours}"\]', f'{ours} = ["{ours}", "{theirs}"]', text, flags=re.M)
        assert n == 1, ours
    return parse_table(text, "edited columns.toml")


def default_table_text() -> str:
    from importlib import resources
    return resources.files("infrastructure.myshop").joinpath("columns.toml").read_text("utf-8")


def test_an_export_with_other_column_names_reads_once_the_table_names_them():
    cols = {DUTCH.get(k, k): v for k, v in ORDER.items()}
    line = {DUTCH.get(k, k): v for k, v in LINE.items()}
    answer = flat([(cols, [line])])
    with pytest.raises(LayoutError, match="the answer's column set has no order_id column"):
        read_orders(answer)
    read, rejected = read_orders(answer, table=edited_table())
    assert rejected == [] and read == read_orders(document(order()))[0]


# -- neither layout -----------------------------------------------------------------------------
@pytest.mark.parametrize("answer, words, advice", [
    (b"<rows><order><id>12</id></order></rows>",
     "the answer is in neither known layout (named columns, or a column set): the first element that fits "
     "neither is <order>", TELL_US),
    (b'<rows><row type="bestelling"><col name="nummer">12</col></row></rows>',
     "the answer's rows with named columns are of a type the column table does not know (the first: "
     "<row type=\"bestelling\">)", ADAPT),
    (document(row("order", {"Ordernummer": "12", "Totaal": "1.00"})),
     "the answer's order rows have no order_id column (their columns: Ordernummer, Totaal)", ADAPT),
    (b'<rows><row type="data"><col number="1">12</col></row></rows>',
     "a <row type=\"data\"> of the answer comes before any <row type=\"column_set\"> names its columns", TELL_US),
    (column_set(["Ordernummer", "Totaal"], [["12", "1.00"]]),
     "the answer's column set has no order_id column (its columns: Ordernummer, Totaal)", ADAPT),
    (document(order()).replace(b"</rows>", column_set(["order_id"], [["1"]]).split(b"<rows>")[1]),
     "the answer mixes the named columns layout with the column set layout", TELL_US),
])
def test_an_answer_in_neither_layout_is_one_line_naming_what_was_met(answer, words, advice):
    with pytest.raises(LayoutError) as caught:
        read_orders(answer)
    assert words in str(caught.value) and "\n" not in str(caught.value)
    assert isinstance(caught.value, UnreadableAnswer) and not caught.value.retry  # the same answer comes again
    # What to do: names the table lacks are the shop owner's to add; a new shape is ours to learn.
    assert caught.value.advice == advice


@pytest.mark.parametrize("answer", [
    b'<?xml version="1.0" encoding="UTF-8"?><rows shop="1817700" count="0"/>',
    b"<rows>\n</rows>",
    column_set(list(ORDER), []),
])
def test_an_answer_without_orders_is_no_orders(answer):
    assert read_orders(answer) == ([], [])
