"""Both layouts and odd bytes through the whole client: real HTTP against the simulator on
127.0.0.1 (`layout="column-set"`), and a plain server for answers the simulator never gives."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from domain.errors import UnreadableAnswer
from infrastructure.myshop import protocol as p
from infrastructure.myshop import rpc
from interfaces.myshop_cli import app
from myshop_support import KEY

REPAIRED = "the shop's text had bytes that are not valid UTF-8, read as Windows-1252"


def test_the_column_set_layout_gives_the_same_orders_rejections_and_checkpoint(source_for, sim):
    named = source_for().fetch_since(None)
    sim.layout = "column-set"
    as_column_set = source_for().fetch_since(None)
    assert as_column_set == named and len(named.orders) == 5
    assert source_for().fetch_one("14") == named.orders[[o.number for o in named.orders].index("14")]


def test_the_simulator_really_serves_numbered_columns(sim):
    sim.layout = "column-set"
    body = sim.book.changed_since(p.EVERYTHING)
    assert body.count(b'<row type="column_set">') == 1 and b"<col name=" not in body
    sim.layout = "named"
    lines = sim.book.changed_since(p.EVERYTHING).count(b'<row type="orderline"')
    assert body.count(b'<row type="data">') == lines == 10  # one per order line, the abandoned order's too


@pytest.mark.parametrize("layout", ["named", "column-set"])
def test_a_windows_1252_remark_reaches_the_client_as_a_warning_on_that_order_only(source_for, sim, layout):
    sim.layout = layout
    sim.update_order("1817700_00014", remark="Caf\u00e9 om de hoek")
    sim.book.write_in("1817700_00014", "remark", "cp1252")
    assert b"Caf\xe9 om de hoek" in sim.book.changed_since(p.EVERYTHING)
    orders = {o.number: o for o in source_for().fetch_since(None).orders}
    assert orders["14"].remark == "Caf\u00e9 om de hoek" and orders["14"].warnings[0].startswith(REPAIRED)
    assert all(o.warnings == () for n, o in orders.items() if n != "14")


def test_the_stream_knows_its_checkpoint_before_the_first_order_and_closes_its_spool(source_for, monkeypatch):
    monkeypatch.setattr(rpc, "SPOOL_IN_MEMORY", 256)  # the demo answer goes to a temporary file
    source = source_for()
    listed = source.fetch_since(None)
    with source.answer_since(None) as answer:
        assert answer.checkpoint == listed.checkpoint and answer.expected == 5
        assert answer.document._source._rolled  # spooled to disk, not held in memory
        items = list(answer)
    assert answer.document._source.closed
    assert listed.rejected == [] and items == listed.orders


@pytest.fixture
def odd_shop(httpserver):
    httpserver.expect_request("/RPC/id").respond_with_data(p.rpc_id_body("ABCDEF0123456789"))
    return httpserver


def test_an_answer_in_neither_layout_is_said_as_such_and_not_asked_again(odd_shop, source_for):
    odd_shop.expect_request("/RPC/orders/list").respond_with_data(
        "<rows><order><id>12</id></order></rows>")
    with pytest.raises(UnreadableAnswer) as caught:
        source_for(base_url=odd_shop.url_for("/RPC/"), retries=3).fetch_since(None)
    message = str(caught.value)
    assert message.startswith("myShop (localhost:") and "answered, but the answer is in neither known layout" in message
    assert "; nothing was booked. S-Connect does not know this form yet: please send this line" in message
    assert "could not be reached" not in message and "<order>" in message and KEY not in message
    assert len([r for r, _ in odd_shop.log if r.path.endswith("orders/list")]) == 1


def test_test_connection_says_the_key_was_accepted_but_the_answer_cannot_be_read(odd_shop, source_for):
    odd_shop.expect_request("/RPC/orders/list").respond_with_data('<rows><row type="data"><col number="1">1'
                                                                  '</col></row></rows>')
    report = source_for(base_url=odd_shop.url_for("/RPC/")).check_connection()
    assert (report.reachable, report.key_accepted, report.readable) == (True, True, False)
    assert "answered, but" in report.message and "column_set" in report.message
    assert "nothing was booked" in report.message


def test_simulate_refuses_a_layout_it_does_not_know(monkeypatch):
    monkeypatch.setenv("SCONNECT_MYSHOP_SIMULATOR_KEY", KEY)
    result = CliRunner().invoke(app, ["simulate", "--orders", "interfaces/demo/orders.xml", "--layout", "excel"])
    assert result.exit_code == 2 and "'excel' is not a layout; use named or column-set" in result.output
