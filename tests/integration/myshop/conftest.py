"""The myShop client against the simulator on 127.0.0.1: real HTTP, no mocks."""
from __future__ import annotations

import httpx
import pytest

from infrastructure.clock import FixedClock
from infrastructure.myshop.client import MyShopOrderSource
from infrastructure.simulators.myshop.server import MyShopSimulator
from myshop_support import KEY, NOW, SHOP, demo_xml


@pytest.fixture
def sim():
    with MyShopSimulator(demo_xml(), shop_id=SHOP, key=KEY) as simulator:
        yield simulator


@pytest.fixture
def clock():
    return FixedClock(NOW)


@pytest.fixture
def source_for(sim, clock):
    def make(**options) -> MyShopOrderSource:
        settings = dict(base_url=sim.base_url, shop_id=SHOP, private_key=KEY, start_from=None,
                        clock=clock, backoff=0.001, timeout=httpx.Timeout(5, connect=2))
        settings.update(options)
        return MyShopOrderSource(**settings)
    return make
