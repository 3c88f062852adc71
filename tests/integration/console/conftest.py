"""Fixtures of the console tests (helpers in console_support.py)."""
from __future__ import annotations

import pytest

from console_support import KEY, PORT, Browser, client_for, demo, make_installation
from infrastructure.simulators.myshop.server import MyShopSimulator
from profiles import SHOP


@pytest.fixture
def shop():
    with MyShopSimulator(demo("orders.xml").encode(), shop_id=SHOP, key=KEY) as simulator:
        yield simulator


@pytest.fixture
def console_at(tmp_path, monkeypatch):
    """console_at(shop_url) → a signed-in Browser on a new installation."""
    from interfaces.console import make_console
    from interfaces.console.app import make_app

    monkeypatch.setenv("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY", KEY)
    made = []

    def make(shop_url: str = "http://127.0.0.1:9/RPC/", **settings):
        config = make_installation(tmp_path, shop_url, **settings)
        console = make_console(str(config))
        made.append(console)
        return Browser(console, client_for(make_app(console, PORT)))
    yield make
    for console in made:
        console.runs.wait(30)
        console.state.close()

