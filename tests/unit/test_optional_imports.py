"""infrastructure/optional_imports.py: a module reported missing only for the time of an import."""
from __future__ import annotations

import sys

import pytest

from infrastructure.optional_imports import reported_missing


def test_a_module_not_loaded_is_missing_within_the_block_and_loadable_after(monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    with reported_missing("colorsys"):
        with pytest.raises(ImportError):
            import colorsys  # noqa: F401
    import colorsys  # noqa: F401,F811

    assert sys.modules["colorsys"] is not None


def test_a_module_already_loaded_is_left_alone():
    import json

    with reported_missing("json"):
        import json as again

    assert again is json and sys.modules["json"] is json


def test_httpx_works_without_its_command_line_tool():
    from infrastructure.http_client import httpx

    assert httpx.Client(timeout=1).__class__.__name__ == "Client"
    assert callable(httpx.main)  # its own "not installed" stand-in, never called by S-Connect
