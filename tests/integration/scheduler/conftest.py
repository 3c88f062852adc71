from __future__ import annotations

import pytest

from scheduler_world import SchedulerWorld


@pytest.fixture
def world(tmp_path) -> SchedulerWorld:
    w = SchedulerWorld(tmp_path)
    yield w
    w.state.close()
