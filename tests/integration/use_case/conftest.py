from __future__ import annotations

import pytest

from use_case_world import World


@pytest.fixture
def world(tmp_path) -> World:
    w = World(tmp_path)
    yield w
    w.state.close()
