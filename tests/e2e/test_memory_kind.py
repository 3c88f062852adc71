"""The `memory` kind end to end: the e2e suite runs on the embedded default, this keeps the
file-backed in-memory administration covered from the command line too (run + history)."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from installation import Installation

EXPECTED = {"12", "13", "14", "15", "17"}  # the demo shop's orders; 16 is an abandoned checkout


@pytest.fixture
def memory_installation(tmp_path, shop) -> Installation:
    return Installation(tmp_path, shop.base_url, kind="memory")


def test_the_memory_kind_books_the_shop_once_and_keeps_the_history(memory_installation):
    code, report = memory_installation.run_json()
    assert code == 0, report
    assert (report["created"], report["failed"]) == (5, 0)
    assert {o["order"] for o in report["orders"]} == EXPECTED
    # It really went into the JSON administration, and no embedded file was made on the side.
    assert memory_installation.admin_file.name == "administration.json"
    assert not (memory_installation.folder / "administration.sqlite").exists()
    counts = Counter(o.payment_reference for o in memory_installation.sales_orders())
    assert {ref: counts[ref] for ref in EXPECTED} == {ref: 1 for ref in EXPECTED}
    history = json.loads(memory_installation.sconnect("history", "--json", check=True).stdout)
    by_order = {row["order"]: row for row in history}
    assert set(by_order) == EXPECTED
    assert all(row["state"] == "booked" and row["sales_order"] for row in by_order.values())
    booked = {o.payment_reference: o.number for o in memory_installation.sales_orders()}
    assert {n: by_order[n]["sales_order"] for n in EXPECTED} == {n: booked[n] for n in EXPECTED}
    code, again = memory_installation.run_json()
    assert (code, again["created"], again["orders"]) == (0, 0, [])
