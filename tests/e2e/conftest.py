from __future__ import annotations

import pytest

from infrastructure.myshop.simulator import MyShopSimulator
from installation import KEY, SHOP, Installation, demo_text


@pytest.fixture
def shop():
    with MyShopSimulator(demo_text("infrastructure.myshop", "demo_orders.xml").encode(), shop_id=SHOP,
                         key=KEY) as simulator:
        yield simulator


@pytest.fixture
def installation(tmp_path, shop) -> Installation:
    return Installation(tmp_path, shop.base_url)
