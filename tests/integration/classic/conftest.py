from __future__ import annotations

import pytest

from classic_fixtures import create, open_classic


@pytest.fixture
def demo(tmp_path):
    administration, library = open_classic(create(tmp_path))
    yield administration, library
    administration.close()
    library.database.close()
