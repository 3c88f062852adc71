"""Schema 6 of the state file: the administration each profile's history belongs to, and the
archive a new history sets the old one aside in. Files of every older schema are migrated with
their history, which is bound at its next run."""
from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal

import pytest

from application.ports import AdministrationIdentity, Binding
from infrastructure.clock import FixedClock
from infrastructure.state import SqliteStateStore
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import old_state_file

T0 = datetime(2024, 3, 1, 10, 0, 0)
TEST = AdministrationIdentity("embedded:aaaa", "test administration")
REAL = AdministrationIdentity("embedded:bbbb", "Koffie BV")


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5])
def test_an_older_file_keeps_its_history_unbound_until_the_next_run(tmp_path, version):
    path_v = tmp_path / "old.sqlite"
    old_state_file(path_v, version).close()
    raw = sqlite3.connect(path_v, isolation_level=None)
    extra = ", change_acknowledged" if version >= 4 else ""  # schema 4's column: NOT NULL
    raw.execute(f"INSERT INTO processed_order (profile, order_number, order_id, state, attempts, payload_hash, "
                f"last_error, warnings, created_at, updated_at{extra}) VALUES ('shop1', '12', 'x', 'booked', 0, '', "
                f"'', '[]', '2024-03-01 10:00:00.000000', '2024-03-01 10:00:00.000000'{', 0' if extra else ''})")
    raw.close()
    with SqliteStateStore(path_v, clock=FixedClock(T0)) as store:
        assert store.get("shop1", "12").state.value == "booked"
        assert store.has_history("shop1") and not store.has_history("shop2")
        assert store.bound_administration("shop1") is None
    raw = sqlite3.connect(path_v)
    try:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        raw.close()


def test_a_binding_is_kept_and_a_cursor_counts_as_history(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(T0)) as store:
        store.bind_administration("shop1", TEST)
        assert store.bound_administration("shop1") == Binding(TEST)
        assert not store.has_history("shop1")
        store.set_cursor("shop1", T0)
        assert store.has_history("shop1")


def test_a_new_history_archives_the_old_one_clears_the_cursor_and_starts_where_asked(tmp_path):
    path = tmp_path / "state.sqlite"
    with SqliteStateStore(path, clock=FixedClock(T0)) as store:
        store.bind_administration("shop1", TEST)
        store.record_booked("shop1", "12", 17, 1001, Decimal("49.90"), Decimal("49.90"))
        store.record_failed("shop1", "13", "x13", "article X not found", 5)
        store.record_booked("shop2", "12", 4, 1002, Decimal("1.00"), Decimal("1.00"))
        store.set_cursor("shop1", T0)

        assert store.start_new_history("shop1", REAL, "2024-05-01T00:00:00") == 2

        assert store.history("shop1") == [] and store.cursor("shop1") is None
        assert store.bound_administration("shop1") == Binding(REAL, "2024-05-01T00:00:00")
        assert [r.order_number for r in store.history("shop2")] == ["12"]  # other profiles untouched
    raw = sqlite3.connect(path)
    try:
        archived = raw.execute("SELECT profile, administration, order_number, state, sales_order, shop_total, "
                               "archived_at FROM archived_order ORDER BY order_number").fetchall()
    finally:
        raw.close()
    assert archived == [("shop1", "embedded:aaaa", "12", "booked", 17, "49.90", "2024-03-01 10:00:00.000000"),
                        ("shop1", "embedded:aaaa", "13", "failed", None, None, "2024-03-01 10:00:00.000000")]
