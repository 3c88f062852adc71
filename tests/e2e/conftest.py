from __future__ import annotations

import pytest

from infrastructure.simulators.myshop.server import MyShopSimulator
from installation import KEY, Installation, demo_text
from profiles import SHOP


@pytest.fixture
def shop():
    with MyShopSimulator(demo_text("interfaces.demo", "orders.xml").encode(), shop_id=SHOP,
                         key=KEY) as simulator:
        yield simulator


@pytest.fixture
def installation(tmp_path, shop) -> Installation:
    return Installation(tmp_path, shop.base_url)
