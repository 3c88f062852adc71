"""Steps of features/reading_the_shop.feature: the import-orders use case reading a real myShop
simulator over HTTP on 127.0.0.1 (either layout), into a memory administration with a real
SQLite state store."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from infrastructure.myshop import protocol as p
from infrastructure.myshop.client import MyShopOrderSource
from infrastructure.simulators.myshop.server import MyShopSimulator
from use_case_world import World

scenarios("reading_the_shop.feature")

SHOP, KEY = "1817700", "reading-rules-key-5E2A"
TWO_LINES = (("ART-1001", "Koffiebonen 1 kg", "2", "24.95", "9"), ("WEB-MOK", "Mok", "1", "8.50", "21"))


@pytest.fixture
def ctx(tmp_path):
    state = {"tmp": tmp_path, "worlds": {}, "reports": {}, "shop": [], "raw": None}
    yield state
    for world in state["worlds"].values():
        world.state.close()


def _world(ctx, name: str = "named") -> World:
    if name not in ctx["worlds"]:
        folder = ctx["tmp"] / name
        folder.mkdir()
        ctx["worlds"][name] = World(folder)
    return ctx["worlds"][name]


def _serve(ctx, world: World, layout: str) -> MyShopSimulator:
    """A simulator holding the scenario's orders, laid out as asked."""
    sim = MyShopSimulator(shop_id=SHOP, key=KEY, layout=layout).start()
    ctx.setdefault("sims", []).append(sim)
    for number, values, foreign in ctx["shop"]:
        order_id = sim.add_order(number, change_time=world.clock.now() - timedelta(minutes=30), **values)
        for column, codec in foreign:
            sim.book.write_in(order_id, column, codec)
    return sim


def _import(ctx, name: str, base_url: str) -> None:
    world = _world(ctx, name)
    source = MyShopOrderSource(base_url, SHOP, KEY, None, world.clock, backoff=0.001, retries=1)
    ctx["reports"][name] = world.run(source=source)


@pytest.fixture(autouse=True)
def _stop_simulators(ctx):
    yield
    for sim in ctx.get("sims", []):
        sim.stop()


# -- given ---------------------------------------------------------------------------------------
@given(parsers.parse('SnelStart has relation {code:d} with e-mail "{email}"'))
def relation_with_email(ctx, code, email):
    assert _world(ctx).administration.relation_by_code(str(code)).email == email


@given(parsers.re(r'the shop has order (?P<number>\d+) from "(?P<email>[^"]+)"'))
def plain_order(ctx, number, email):
    ctx["shop"].append((int(number), {"email": email}, ()))


@given(parsers.parse('the shop has order {number:d} from "{email}" with 2 lines and shipping costs'))
def order_with_lines(ctx, number, email):
    ctx["shop"].append((number, {"email": email, "lines": TWO_LINES, "shipping_cost": "6.95"}, ()))


@given(parsers.parse('the shop has order {number:d} from "{email}" with the customer field "{name}" "{value}"'))
def order_with_field(ctx, number, email, name, value):
    ctx["shop"].append((number, {"email": email, "customer_fields": ((name, value),)}, ()))


@given(parsers.parse('the shop has order {number:d} from "{email}" with the remark "{remark}" written in Windows-1252'))
def order_with_foreign_remark(ctx, number, email, remark):
    ctx["shop"].append((number, {"email": email, "remark": remark}, (("remark", "cp1252"),)))


@given(parsers.parse('the shop answers "{body}"'))
def odd_answer(ctx, body, httpserver):
    httpserver.expect_request("/RPC/id").respond_with_data(p.rpc_id_body("ABCDEF0123456789"))
    httpserver.expect_request("/RPC/orders/list").respond_with_data(body)
    ctx["raw"] = httpserver.url_for("/RPC/")


# -- when ----------------------------------------------------------------------------------------
@when("the orders are imported")
def imported(ctx):
    _import(ctx, "named", ctx["raw"] or _serve(ctx, _world(ctx), "named").base_url)


@when("the orders are imported once from an answer with named columns and once from a column set")
def imported_from_both(ctx):
    for layout in ("named", "column-set"):
        _import(ctx, layout, _serve(ctx, _world(ctx, layout), layout).base_url)


# -- then ----------------------------------------------------------------------------------------
def _outcome(ctx, number: int, name: str = "named"):
    found = [o for o in ctx["reports"][name].outcomes if o.order == str(number)]
    assert len(found) == 1, ctx["reports"][name].to_json()
    return found[0]


@then(parsers.parse("both runs created orders {a:d} and {b:d}"))
def both_created(ctx, a, b):
    for name in ("named", "column-set"):
        assert [_outcome(ctx, n, name).status for n in (a, b)] == ["created", "created"], name


@then("both administrations hold the same sales orders and relations")
def same_books(ctx):
    named, column_set = (_world(ctx, name).administration.snapshot() for name in ("named", "column-set"))
    assert len(named.sales_orders) == 3  # the one already there, and two new
    assert named.sales_orders == column_set.sales_orders

    def people(snapshot):
        return [replace(r, id="") for r in snapshot.relations]
    assert people(named) == people(column_set)


@then(parsers.parse("orders {a:d} and {b:d} are created"))
def created(ctx, a, b):
    assert _outcome(ctx, a).status == _outcome(ctx, b).status == "created"


@then(parsers.parse('order {number:d} has the warning "{warning}"'))
def has_warning(ctx, number, warning):
    assert warning in _outcome(ctx, number).warnings


@then(parsers.parse("order {number:d} has no warnings"))
def no_warnings(ctx, number):
    assert _outcome(ctx, number).warnings == ()


@then(parsers.parse('the sales order of order {number:d} has the memo "{memo}"'))
def memo(ctx, number, memo):
    [order] = [o for o in _world(ctx).administration.snapshot().sales_orders if o.payment_reference == str(number)]
    assert order.memo == memo


@then(parsers.parse("the history and the log of order {number:d} keep the warning"))
def kept(ctx, number):
    world = _world(ctx)
    warning = next(w for w in _outcome(ctx, number).warnings if "Windows-1252" in w)
    assert warning in world.state.get("shop1", str(number)).warnings
    assert f"warning: {warning}" in [e.message for e in world.state.log_entries("shop1") if e.order_number == str(number)]


@then(parsers.parse('the run stopped because "{words}"'))
def stopped(ctx, words):
    report = ctx["reports"]["named"]
    assert words in report.error and report.unreadable and report.to_json()["unreadable_answer"] is True


@then(parsers.parse('the message names "{element}" and does not say "{wrong}"'))
def honest(ctx, element, wrong):
    error = ctx["reports"]["named"].error
    assert element in error and wrong not in error and "\n" not in error


@then(parsers.parse('the message says "{safe}" and what to do: "{advice}"'))
def what_to_do(ctx, safe, advice):
    error = ctx["reports"]["named"].error
    assert f"; {safe}. " in error and advice in error


@then("nothing was booked and the cursor did not move")
def nothing(ctx):
    world = _world(ctx)
    assert ctx["reports"]["named"].outcomes == [] and world.state.cursor("shop1") is None
    assert len(world.administration.snapshot().sales_orders) == 1
