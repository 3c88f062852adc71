"""Steps of features/privacy.feature: the import-orders use case and `forget` on a memory
administration and a real SQLite state store (the world of the exactly-once rule book)."""
from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.forget import forget
from application.ports import OrderState
from fakes import make_order
from use_case_world import World

scenarios("privacy.feature")


@pytest.fixture
def ctx(tmp_path):
    world = World(tmp_path)
    yield {"world": world}
    world.state.close()


def _world(ctx) -> World:
    return ctx["world"]


@given(parsers.parse('SnelStart has relation {code:d} with e-mail "{email}"'))
def relation_with_email(ctx, code, email):
    assert _world(ctx).administration.relation_by_code(str(code)).email == email


@given(parsers.parse('SnelStart has relations {a:d} and {b:d} that both have e-mail "{email}"'))
def two_relations(ctx, a, b, email):
    relations = [_world(ctx).administration.relation_by_code(str(code)) for code in (a, b)]
    assert [relation.email for relation in relations] == [email, email]


@given(parsers.parse('the shop has order {number:d} from "{email}"'))
def shop_order(ctx, number, email):
    world = _world(ctx)
    world.shop.orders.append(make_order(number, email=email, change_time=world.clock.now() - timedelta(minutes=5)))


@when("the orders are imported")
@when(parsers.parse("the shop returns order {number:d} again and the orders are imported"))
def imported(ctx, number=None):
    world = _world(ctx)
    ctx["report"] = world.run()
    world.clock.advance(minutes=1)


@then(parsers.parse('order {number:d} failed with the reason "{reason}"'))
def failed(ctx, number, reason):
    [outcome] = [o for o in ctx["report"].outcomes if o.order == str(number)]
    assert (outcome.status, outcome.reason) == ("failed", reason)


@then(parsers.parse('SnelStart has {n:d} sales order with betalingskenmerk "{reference}"'))
def sales_orders_with(ctx, n, reference):
    assert len(_world(ctx).sales_orders(reference)) == n


def _log(ctx) -> str:
    return "\n".join(entry.message for entry in _world(ctx).state.log_entries("shop1", detailed=True))


def _history_text(ctx) -> str:
    """Every byte of text the history and the run summaries hold, read as another program would."""
    world = _world(ctx)
    con = sqlite3.connect(world.state.path)
    try:
        rows = con.execute("SELECT last_error, warnings FROM processed_order").fetchall()
        rows += con.execute("SELECT COALESCE(summary, ''), '' FROM run").fetchall()
    finally:
        con.close()
    return "\n".join(value for row in rows for value in row)


@when(parsers.parse('the user forgets the e-mail address "{address}"'))
def forget_address(ctx, address):
    ctx["forgotten"] = forget(_world(ctx).state, "shop1", email=address.lower())


@when(parsers.parse("the user forgets order {number:d}"))
def forget_order(ctx, number):
    ctx["forgotten"] = forget(_world(ctx).state, "shop1", orders=(str(number),))


@then(parsers.parse('the history keeps for order {number:d} "{note}"'))
def kept_note(ctx, number, note):
    assert _world(ctx).state.get("shop1", str(number)).last_error == note


@then(parsers.parse('the history holds neither "{a}" nor "{b}"'))
def history_without(ctx, a, b):
    text = _history_text(ctx)
    assert a not in text and b not in text, text


@then(parsers.parse('the log names "{text}"'))
def log_names(ctx, text):
    assert text in _log(ctx)


@then(parsers.parse('the log does not name "{text}"'))
def log_does_not_name(ctx, text):
    assert text not in _log(ctx).lower()


@then(parsers.parse("order {number:d} was forgotten, and is not booked"))
def forgotten_not_booked(ctx, number):
    done = ctx["forgotten"]
    assert done.numbers == (str(number),)
    assert [o.order_number for o in done.not_booked] == [str(number)]


@then(parsers.parse("order {number:d} was forgotten, booked for relation {code:d}"))
def forgotten_booked(ctx, number, code):
    done = ctx["forgotten"]
    assert done.numbers == (str(number),) and done.not_booked == () and done.relations == (code,)
    assert _world(ctx).state.get("shop1", str(number)).state is OrderState.BOOKED


@then(parsers.parse("the history keeps no reason for order {number:d}"))
def no_reason(ctx, number):
    assert _world(ctx).state.get("shop1", str(number)).last_error == ""


@then(parsers.parse("the log still explains order {number:d}"))
def still_explained(ctx, number):
    assert any(entry.order_number == str(number) for entry in _world(ctx).state.log_entries("shop1", detailed=True))


@then("nothing was forgotten")
def nothing(ctx):
    done = ctx["forgotten"]
    assert done.orders == () and done.log_entries == 0
