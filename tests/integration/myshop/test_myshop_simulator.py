"""The simulator itself, over real HTTP: every check of reference §9, in its order."""
from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import httpx
import pytest

import defusedxml.ElementTree as SafeET

from infrastructure.clock import FixedClock
from infrastructure.simulators.myshop.server import MyShopSimulator
from myshop_support import KEY, NOW, SHOP, demo_xml


def new_id(sim) -> str:
    body = httpx.get(sim.base_url + "id", params={"shop": SHOP}).content
    return re.fullmatch(rb'<\?xml version="1.0" encoding="UTF-8"\?><rpc><rpc_id>([0-9A-F]{32})</rpc_id></rpc>',
                        body).group(1).decode()


def ask(sim, *, key=KEY, drop=(), upper=False, **overrides):
    rpc_id = overrides.pop("rpc_id", None) or new_id(sim)
    params = {"shop": SHOP, "rpc_id": rpc_id, "module": "orders_get"}
    selector = "order_id" if "order_id" in overrides else "change_time"
    params[selector] = overrides.pop(selector, "20010101010101")
    params.update(overrides)
    pk = hashlib.sha1((params["shop"] + params[selector] + key + params.get("partner", "")
                       + params["module"] + params["rpc_id"]).encode()).hexdigest()
    params["pk"] = pk.upper() if upper else pk
    for name in drop:
        params.pop(name)
    response = httpx.get(sim.base_url + "orders/list", params=params)
    assert response.status_code == 200  # refusals are bodies, not statuses (reference §5)
    return response.content


def code(body: bytes) -> str | None:
    root = SafeET.fromstring(body)
    return root.get("code") if root.tag == "error" else None


def order_ids(body: bytes) -> list[str]:
    root = SafeET.fromstring(body)
    return [col.text for row in root if row.get("type") == "order"
            for col in row if col.get("name") == "order_id"]


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def sim(clock):
    with MyShopSimulator(demo_xml(), shop_id=SHOP, key=KEY, clock=clock) as simulator:
        yield simulator


def test_the_rpc_id_step(sim):
    assert new_id(sim) != new_id(sim)
    assert code(httpx.get(sim.base_url + "id", params={"shop": "42"}).content) == "unknown_shop"
    assert code(httpx.get(sim.base_url + "id").content) == "missing_parameter"


def test_a_correct_request_lists_orders_and_a_signature_in_capitals_is_accepted(sim):
    assert len(order_ids(ask(sim))) == 6
    assert len(order_ids(ask(sim, upper=True))) == 6


@pytest.mark.parametrize("missing", ["shop", "rpc_id", "module", "pk", "change_time"])
def test_each_required_parameter(sim, missing):
    assert code(ask(sim, drop=[missing])) == "missing_parameter"


@pytest.mark.parametrize("overrides", [{"module": "productlist_get"}, {"change_time": "2024"},
                                       {"change_time": "20241341000000"}])
def test_bad_parameters(sim, overrides):
    assert code(ask(sim, **overrides)) == "bad_parameter"


def test_rpc_ids_are_known_single_use_and_expire_after_120_seconds(sim, clock):
    assert code(ask(sim, rpc_id="0" * 32)) == "unknown_rpc_id"
    rpc_id = new_id(sim)
    assert code(ask(sim, rpc_id=rpc_id)) is None
    assert code(ask(sim, rpc_id=rpc_id)) == "used_rpc_id"
    young, old = new_id(sim), new_id(sim)
    clock.advance(seconds=119)
    assert code(ask(sim, rpc_id=young)) is None
    clock.advance(seconds=1)
    assert code(ask(sim, rpc_id=old)) == "expired_rpc_id"


def test_an_id_of_another_shop_or_a_request_for_another_shop(sim):
    assert code(ask(sim, shop="999")) == "unknown_shop"


def test_the_ip_allow_list_and_the_orders_ophalen_switch(sim):
    sim.allowed_ips = ("192.0.2.1",)
    assert code(ask(sim)) == "ip_not_allowed"
    sim.allowed_ips = ("127.0.0.1",)
    assert code(ask(sim)) is None
    sim.enabled = False
    assert code(ask(sim)) == "connection_disabled"


def test_the_signature(sim):
    assert code(ask(sim, key="another key")) == "bad_signature"
    assert code(ask(sim, partner="acme")) is None  # a partner name, when sent, is hashed too


def test_the_change_time_filter_includes_the_boundary(sim):
    assert order_ids(ask(sim, change_time="20240302170112")) == [
        "1817700_00015", "1817700_00016", "1817700_00017"]
    body = ask(sim, change_time="20240302170113")
    assert order_ids(body) == ["1817700_00016", "1817700_00017"]
    assert SafeET.fromstring(body).get("count") == "2"
    lines = [row.get("order_id") for row in SafeET.fromstring(body) if row.get("type") == "orderline"]
    assert set(lines) == {"1817700_00016", "1817700_00017"}


def test_one_order_by_order_id(sim):
    body = ask(sim, order_id="1817700_00014")
    rows = list(SafeET.fromstring(body))
    assert order_ids(body) == ["1817700_00014"]
    assert {r.get("type") for r in rows} == {"order", "orderline", "customer_field"}
    assert code(ask(sim, order_id="1817700_14")) == "unknown_order"


def test_an_unknown_command_is_404(sim):
    assert httpx.get(sim.base_url + "productlist/get/").status_code == 404


def test_it_listens_on_loopback_only_and_never_shows_the_key():
    with pytest.raises(ValueError, match="loopback"):
        MyShopSimulator(shop_id=SHOP, key=KEY, host="0.0.0.0")
    assert KEY not in repr(MyShopSimulator(shop_id=SHOP, key=KEY))


def test_the_shop_can_change_between_runs(sim):
    order_id = sim.add_order(50, change_time=NOW + timedelta(minutes=1))
    assert order_ids(ask(sim, change_time="20240304120000")) == [order_id]
    sim.update_order(order_id, change_time="20240304110000")
    assert order_ids(ask(sim, change_time="20240304120000")) == []
    sim.set_orders(b'<?xml version="1.0" encoding="UTF-8"?><rows shop="1817700" count="0"/>')
    assert order_ids(ask(sim)) == []
