"""Steps that book a planned order into SnelStart Web: the B2B API simulator on 127.0.0.1, with
the scenario's administration (features/sales_orders.feature, sales.lines on SnelStart Web)."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from pytest_bdd import given, parsers, then, when

from booking_world import World, rows
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.b2b.administration import B2BAdministration


@pytest.fixture
def agreements() -> list[tuple[int, str, Decimal, int]]:
    return []


@pytest.fixture
def booked() -> dict:
    return {}


@given(parsers.re(r"relation (?P<code>\d+) has a price agreement in SnelStart: (?P<article>\S+) for "
                  r"(?P<price>[\d.]+) from (?P<quantity>\d+) pieces?"))
def price_agreement(agreements, code: str, article: str, price: str, quantity: str) -> None:
    agreements.append((int(code), article, Decimal(price), int(quantity)))


@when("the order is booked in SnelStart Web")
def book_in_snelstart_web(world: World, agreements, booked) -> None:
    world.run()
    plan = world.planned().sales_order
    snapshot = world.administration.in_memory(world.recognition).snapshot()
    template = next(t for t in snapshot.templates if t.id == plan.template_id)
    with B2BSimulator(snapshot, rate_limit=None) as api:
        for code, article, price, quantity in agreements:
            api.store.agree_price(code, article, price, from_quantity=quantity)
        with B2BAdministration(api.base_url, api.token_url, "sub-key", "client-key", rate_limit=None) as adapter:
            created = adapter.create_sales_order(replace(plan, template_id=adapter.template(template.description).id))
        booked["order"] = next(o for o in api.snapshot().sales_orders if o.number == created.number)
        booked["price calls"] = sum(1 for c in api.calls if "relatieId" in c.query)


@then("the booked sales order has the lines:")
def booked_lines(booked, datatable) -> None:
    got = [{"code": line.article_code, "quantity": line.quantity, "price": line.unit_price}
           for line in booked["order"].lines]
    want = rows(datatable)
    assert len(got) == len(want), got
    for expected, line in zip(want, got):
        assert (expected["code"], Decimal(expected["quantity"]), Decimal(expected["price"])) == (
            line["code"], line["quantity"], line["price"]), line


@then(parsers.re(r"SnelStart was asked the prices in (?P<count>\d+) calls?"))
def price_calls(booked, count: str) -> None:
    assert booked["price calls"] == int(count)
