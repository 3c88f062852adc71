"""The `cfg` fixture: writes configuration files into tmp_path and loads them."""
from __future__ import annotations

from pathlib import Path

import pytest
from config_files import Writer


@pytest.fixture
def cfg(tmp_path: Path) -> Writer:
    return Writer(tmp_path)
