"""Steps of features/exactly_once.feature: the import-orders use case on a memory
administration, a real SQLite state store and a shop that is a list."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from pytest_bdd import given, parsers, scenarios, then, when

from application.book_order import prepare
from application.ports import OrderState
from domain.customer import NewRelation
from fakes import make_order
from use_case_world import World

scenarios("exactly_once.feature")


@pytest.fixture
def ctx(tmp_path):
    world = World(tmp_path)
    state = {"world": world, "reports": []}
    yield state
    world.state.close()


def _world(ctx) -> World:
    return ctx["world"]


def _with_sales(world: World, **changes) -> None:
    world.settings = replace(world.settings, sales=replace(world.settings.sales, **changes))


@given(parsers.parse('SnelStart has relation {code:d} with e-mail "{email}"'))
def relation_with_email(ctx, code, email):
    assert _world(ctx).administration.relation_by_code(str(code)).email == email


@given(parsers.parse('SnelStart has relations {a:d} and {b:d} that both have e-mail "{email}"'))
def two_relations(ctx, a, b, email):
    world = _world(ctx)
    assert world.administration.relation_by_code(str(a)).email == world.administration.relation_by_code(str(b)).email == email


@given(parsers.parse('SnelStart has sales order {number:d} with betalingskenmerk "{reference}"'))
def existing_sales_order(ctx, number, reference):
    assert [o.number for o in _world(ctx).sales_orders(reference)] == [number]


@given(parsers.parse("a failed order is held after {n:d} attempts"))
def max_attempts(ctx, n):
    world = _world(ctx)
    world.settings = replace(world.settings, max_attempts=n)


@given(parsers.parse("the setting sales.unique_payment_reference is {value}"))
def unique_reference(ctx, value):
    _with_sales(_world(ctx), unique_payment_reference=value == "on")


@given(parsers.parse('the shop has order {number:d} from "{email}"'))
def shop_order(ctx, number, email):
    world = _world(ctx)
    world.shop.orders.append(make_order(number, email=email, change_time=world.clock.now() - timedelta(minutes=5)))


@given(parsers.parse("a run stopped between writing order {number:d} to SnelStart and recording it"))
def interrupted(ctx, number):
    world = _world(ctx)
    order = next(o for o in world.shop.orders if o.number == str(number))
    world.state.claim("shop1", order.number, order.order_id, "hash", order.change_time)
    world.state.mark_writing("shop1", order.number, 0)
    prepared = prepare(order, world.settings, world.use_case().matcher, world.administration)
    world.gateway.create_sales_order(replace(prepared.plan.sales_order, relation_code=1001))


def _import(ctx) -> None:
    world = _world(ctx)
    ctx["reports"].append(world.run())
    world.clock.advance(minutes=1)


@when("the orders are imported")
def imported(ctx):
    _import(ctx)


@when(parsers.parse("the orders are imported {n:d} times"))
def imported_n_times(ctx, n):
    for _ in range(n):
        _import(ctx)


@when(parsers.parse("the shop returns order {number:d} again and the orders are imported"))
def returned_again(ctx, number):
    assert any(o.number == str(number) for o in _world(ctx).shop.orders)
    _import(ctx)


def _give_email(world: World, code: int, email: str) -> None:
    relation = world.administration.relation_by_code(str(code))
    world.administration.update_relation(code, NewRelation(name=relation.name, establishment=relation.establishment,
                                                           email=email))


@when(parsers.parse('relation {code:d} gets the e-mail "{email}" and the orders are imported'))
def fixed_and_imported(ctx, code, email):
    _give_email(_world(ctx), code, email)
    _import(ctx)


@when(parsers.parse('relation {code:d} gets the e-mail "{email}" and the user releases order {number:d}'))
def fixed_and_released(ctx, code, email, number):
    _give_email(_world(ctx), code, email)
    assert _world(ctx).state.release("shop1", str(number))


def _outcome(ctx, number: int):
    found = [o for o in ctx["reports"][-1].outcomes if o.order == str(number)]
    assert len(found) == 1, ctx["reports"][-1].to_json()
    return found[0]


@then(parsers.parse('SnelStart has {n:d} sales order with betalingskenmerk "{reference}"'))
@then(parsers.parse('SnelStart has {n:d} sales orders with betalingskenmerk "{reference}"'))
def sales_orders_with(ctx, n, reference):
    assert len(_world(ctx).sales_orders(reference)) == n


@then(parsers.parse("the second run lists no orders and counts {n:d} as already done"))
def second_run(ctx, n):
    report = ctx["reports"][1]
    assert (report.outcomes, report.unchanged) == ([], n)


@then(parsers.parse('order {number:d} is skipped with the reason "{reason}"'))
def skipped(ctx, number, reason):
    outcome = _outcome(ctx, number)
    assert (outcome.status, outcome.reason) == ("skipped", reason)


@then(parsers.parse('order {number:d} failed with the reason "{reason}"'))
def failed(ctx, number, reason):
    outcome = _outcome(ctx, number)
    assert (outcome.status, outcome.reason) == ("failed", reason)


@then(parsers.parse("orders {a:d} and {b:d} are created"))
def both_created(ctx, a, b):
    assert _outcome(ctx, a).status == _outcome(ctx, b).status == "created"


@then(parsers.parse("order {number:d} is created"))
def created(ctx, number):
    assert _outcome(ctx, number).status == "created"


@then(parsers.parse("order {number:d} is held"))
def held(ctx, number):
    assert _outcome(ctx, number).held
    assert _world(ctx).state.get("shop1", str(number)).state is OrderState.HELD


@given(parsers.parse('the setting sales.template is "{name}"'))
def template_setting(ctx, name):
    _with_sales(_world(ctx), template=name)


@when("the orders are imported and the run stops")
def imported_and_stopped(ctx):
    from domain.errors import ConfigurationError

    with pytest.raises(ConfigurationError) as stopped:
        _world(ctx).run()
    ctx["stopped"] = str(stopped.value)


@then(parsers.parse('it stopped with "{message}"'))
def stopped_with(ctx, message):
    assert ctx["stopped"] == message


@then("no order was tried")
def none_tried(ctx):
    assert _world(ctx).state.history("shop1") == []


@then(parsers.parse("the run says these orders are held: {numbers}"))
def run_says_held(ctx, numbers):
    report = ctx["reports"][-1]
    assert report.held == [n.strip() for n in numbers.split(",")]
    assert report.to_json()["held"]["orders"] == report.held


@then("the run says no order is held")
def run_says_none_held(ctx):
    assert ctx["reports"][-1].held == [] and ctx["reports"][-1].to_json()["held"]["count"] == 0


@then(parsers.parse("order {number:d} is not tried"))
def not_tried(ctx, number):
    assert all(o.order != str(number) for o in ctx["reports"][-1].outcomes)
