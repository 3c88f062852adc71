"""Schema 4 of the state file: a booked order keeps what was booked of the shop's order, the
shop's changed version a run saw, and whether the user acknowledged it (SPEC §8). Files of every
older schema are migrated with their history; a store opened read-only (a dry run) writes
nothing, not even to migrate."""
from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from application.ports import OrderState
from domain.booked_summary import changes, summarise
from domain.errors import ConfigurationError
from infrastructure.clock import FixedClock
from infrastructure.state import SqliteStateStore
from infrastructure.state.read_only import ReadOnlyStateStore, WriteRefused
from infrastructure.state.redact import register_secret
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import columns, old_state_file
from fakes import line, make_order

T0 = datetime(2024, 3, 1, 10, 0, 0)
D = Decimal


def booked(store, number="12", summary=None, sales_order=17):
    store.claim("shop1", number, f"1817700_{number}", "hash", T0)
    store.record_booked("shop1", number, sales_order, 1001, D("49.90"), D("49.90"), summary=summary)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_an_older_file_keeps_its_booked_orders_without_a_summary(tmp_path, version):
    path = tmp_path / "state.sqlite"
    con = old_state_file(path, version)
    assert "booked_summary" not in columns(path, "processed_order")
    con.execute("INSERT INTO processed_order (profile, order_number, order_id, state, attempts, sales_order, "
                "customer_code, shop_total, booked_total, payload_hash, last_error, warnings, created_at, "
                "updated_at) VALUES ('shop1', '12', '1817700_00012', 'booked', 0, 17, 1001, '49.90', '49.90', "
                "'h', '', '[]', '2024-03-01 10:00:00.000000', '2024-03-01 10:00:00.000000')")
    con.close()

    with SqliteStateStore(path, clock=FixedClock(T0)) as store:
        row = store.get("shop1", "12")
        assert (row.state, row.sales_order, row.shop_total) == (OrderState.BOOKED, 17, D("49.90"))
        assert (row.booked_summary, row.shop_change, row.change_acknowledged) == (None, None, False)
        change = summarise(make_order(12, lines=[line("ART-1001", "3", "24.95", "9")]))
        store.record_shop_change("shop1", "12", change)
        assert store.get("shop1", "12").shop_change == change
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        raw.close()


def test_what_was_booked_comes_back_field_by_field(tmp_path):
    order = make_order(12, lines=[line("ART-1001", "2", "24.95", "9"), line("", "1", "0.10", "21", "Cadeaupapier")],
                       shipping="6.95", discount="5.00")
    summary = summarise(order)
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(T0)) as store:
        booked(store, summary=summary)
        kept = store.get("shop1", "12").booked_summary
    assert kept == summary and changes(kept, summary) == []
    assert kept.lines[1].unit_price == D("0.10") and str(kept.lines[1].unit_price) == "0.10"
    assert kept.lines[1].description == "Cadeaupapier" and kept.order_date == order.order_date
    assert [c.kind for c in kept.charges] == ["shipping_costs", "discount"]


def test_a_change_is_seen_then_acknowledged_and_a_new_booking_starts_clean(tmp_path):
    summary = summarise(make_order(12))
    change = replace(summary, cancelled=True, status="cancelled")
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(T0)) as store:
        booked(store, summary=summary)
        store.record_shop_change("shop1", "12", change)
        row = store.get("shop1", "12")
        assert (row.shop_change, row.change_acknowledged) == (change, False)
        store.acknowledge_change("shop1", "12", change)
        assert store.get("shop1", "12").change_acknowledged is True
        store.record_shop_change("shop1", "12", None)  # back as booked
        assert store.get("shop1", "12").shop_change is None
        store.acknowledge_change("shop1", "12", change)
        assert store.rebook("shop1", "12", "sales order 17 is gone")
        booked(store, summary=summary, sales_order=18)  # booked again by the next run
        row = store.get("shop1", "12")
        assert (row.sales_order, row.shop_change, row.change_acknowledged) == (18, None, False)
        store.claim("shop1", "13", "1817700_13", "hash", T0)
        with pytest.raises(KeyError):
            store.record_shop_change("shop1", "13", change)  # not booked
        with pytest.raises(KeyError):
            store.acknowledge_change("shop1", "99", change)


def test_rebook_puts_only_a_booked_order_back_to_be_booked(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(T0)) as store:
        store.claim("shop1", "12", "1817700_12", "hash", T0)
        store.mark_writing("shop1", "12", 4)
        store.record_booked("shop1", "12", 17, 1001, D("49.90"), D("49.90"))
        assert store.rebook("shop1", "12", "sales order 17 is no longer in SnelStart")
        row = store.get("shop1", "12")
        assert (row.state, row.attempts, row.write_baseline) == (OrderState.FAILED, 0, None)
        assert row.last_error == "sales order 17 is no longer in SnelStart"
        assert store.history("shop1", states=(OrderState.FAILED,)) == [row]  # the next run fetches it
        assert not store.rebook("shop1", "12", "again")  # failed now, not booked
        assert not store.rebook("shop1", "99", "unknown")


def test_shop_text_in_a_summary_is_redacted_like_every_other_free_text(tmp_path):
    register_secret("s3cr3t-in-a-description")
    order = make_order(12, lines=[line("", "1", "5.00", "21", "gift s3cr3t-in-a-description")])
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FixedClock(T0)) as store:
        booked(store, summary=summarise(order))
    raw = (tmp_path / "state.sqlite").read_bytes() + _wal(tmp_path / "state.sqlite")
    assert b"s3cr3t-in-a-description" not in raw


def _wal(path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return wal.read_bytes() if wal.exists() else b""


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_read_only_store_reads_and_writes_nothing(tmp_path):
    path = tmp_path / "state.sqlite"
    with SqliteStateStore(path, clock=FixedClock(T0)) as store:
        booked(store, summary=summarise(make_order(12)))
        store.set_cursor("shop1", T0)
    before, files = _digest(path), sorted(p.name for p in tmp_path.iterdir())

    with ReadOnlyStateStore(path, clock=FixedClock(T0)) as store:
        assert store.get("shop1", "12").sales_order == 17 and store.cursor("shop1") == T0
        assert store.lock_holder("shop1", T0) is None
        for write in (lambda: store.claim("shop1", "13", "x", "h", T0),
                      lambda: store.set_cursor("shop1", T0),
                      lambda: store.acquire_lock("shop1", "me", T0, 60),
                      lambda: store.log("shop1", None, "12", "basic", "hello", T0),
                      lambda: store.rebook("shop1", "12", "no")):
            with pytest.raises(WriteRefused):
                write()
    assert _digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == files


def test_a_read_only_store_creates_no_file_and_migrates_none(tmp_path):
    with ReadOnlyStateStore(tmp_path / "state.sqlite") as store:
        assert store.history("shop1") == [] and store.cursor("shop1") is None
    assert list(tmp_path.iterdir()) == []

    path = tmp_path / "old.sqlite"
    old_state_file(path, 3).close()
    before = _digest(path)
    with pytest.raises(ConfigurationError, match="schema 3.*run `sconnect run` once"):
        ReadOnlyStateStore(path)
    assert _digest(path) == before
