"""The information log in the state store (schema 2): entries carry a booked order's numbers and
totals, runs are listed for the log's headings, old runs go with old entries, a schema 1 file is
migrated, and a profile's lock can be read without taking it."""
from __future__ import annotations

import socket
import sqlite3
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from infrastructure.state import SqliteStateStore
from infrastructure.state.process import this_process
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import old_state_file

T0 = datetime(2024, 3, 1, 10, 0, 0)
D = Decimal


class FrozenClock:
    def now(self) -> datetime:
        return T0


@pytest.fixture
def store(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite", clock=FrozenClock()) as opened:
        yield opened


def test_an_entry_about_a_booked_order_carries_its_numbers_and_totals(store):
    run = store.start_run("shop1", T0)
    store.claim("shop1", "12", "a12", "h", None)
    store.log("shop1", run, "12", "detailed", "customer: found by e-mail", T0)
    store.record_booked("shop1", "12", 17, 1001, D("49.90"), D("49.91"))
    store.log("shop1", run, "12", "basic", "created: sales order 17 for customer 1001", T0)
    store.log("shop1", run, "", "basic", "run stopped: shop down", T0)
    before, booked, about_the_run = store.log_entries("shop1", detailed=True)
    assert (before.sales_order, before.customer, before.shop_total) == (None, None, None)  # not booked yet
    assert (booked.sales_order, booked.customer, booked.shop_total, booked.booked_total) == \
        (17, 1001, D("49.90"), D("49.91"))
    assert about_the_run.sales_order is None
    assert store.log_entries("shop1")[0] == booked  # the basic view holds the same entry


def test_a_failed_or_skipped_order_has_no_snelstart_numbers(store):
    store.record_failed("shop1", "13", "a13", "ambiguous customer", 5)
    store.log("shop1", None, "13", "basic", "failed: ambiguous customer", T0)
    store.record_skipped("shop1", "14", "betalingskenmerk 14 already in SnelStart (order 9)")
    store.log("shop1", None, "14", "basic", "skipped: …", T0)
    assert [(r.sales_order, r.shop_total) for r in store.log_entries("shop1")] == [(None, None), (None, None)]


def test_given_numbers_win_and_money_must_be_decimal(store):
    store.log("shop1", None, "15", "basic", "x", T0, sales_order=3, customer=4, shop_total=D("1.10"))
    [record] = store.log_entries("shop1")
    assert (record.sales_order, record.customer, record.shop_total) == (3, 4, D("1.10"))
    with pytest.raises(TypeError, match="Decimal"):
        store.log("shop1", None, "15", "basic", "x", T0, shop_total=1.1)


def test_totals_are_stored_as_exact_text(store, tmp_path):
    store.log("shop1", None, "15", "basic", "x", T0, shop_total=D("0.10"), booked_total=D("1E+3"))
    store.flush_log()
    con = sqlite3.connect(tmp_path / "state.sqlite")
    assert con.execute("SELECT shop_total, booked_total FROM log_entry").fetchall() == [("0.10", "1E+3")]
    con.close()


def test_runs_are_listed_oldest_first_per_profile_and_since_a_time(store):
    first = store.start_run("shop1", T0)
    store.finish_run(first, T0 + timedelta(minutes=1), {"created": 2})
    other = store.start_run("shop2", T0 + timedelta(minutes=5))
    second = store.start_run("shop1", T0 + timedelta(minutes=15))
    assert [r.id for r in store.runs("shop1")] == [first, second]
    assert [r.id for r in store.runs()] == [first, other, second]
    [run] = store.runs("shop1", since=T0 + timedelta(minutes=10))
    assert (run.id, run.finished_at, run.summary) == (second, None, None)
    assert store.runs("shop1")[0].summary == {"created": 2}


def test_purging_removes_old_finished_runs_but_each_profiles_last(store):
    old = store.start_run("shop1", T0 - timedelta(days=40))
    store.finish_run(old, T0 - timedelta(days=40), {"created": 1})
    last = store.start_run("shop1", T0 - timedelta(days=35))
    store.finish_run(last, T0 - timedelta(days=35), {"created": 0})
    lonely = store.start_run("shop2", T0 - timedelta(days=50))
    store.finish_run(lonely, T0 - timedelta(days=50), {})
    store.log("shop1", old, "12", "basic", "ancient", T0 - timedelta(days=40))
    assert store.purge_log(T0 - timedelta(weeks=4)) == 1
    assert [r.id for r in store.runs()] == [lonely, last]  # status still shows each last run
    assert store.last_run("shop1")["id"] == last


def test_clearing_since_a_time_keeps_the_older_entries_and_the_other_profiles(store):
    for profile in ("shop1", "shop2"):
        store.log(profile, None, "11", "basic", "older", T0 - timedelta(days=2))
        store.log(profile, None, "12", "detailed", "newer step", T0 - timedelta(hours=1))
        store.log(profile, None, "12", "basic", "newer", T0)
    assert store.clear_log("shop1", since=T0 - timedelta(days=1)) == 2  # both levels
    assert [e.message for e in store.log_entries("shop1", detailed=True)] == ["older"]
    assert len(store.log_entries("shop2", detailed=True)) == 3
    assert store.clear_log(None, since=T0) == 1 and store.clear_log("shop1") == 1


def test_a_schema_1_file_is_migrated_and_keeps_its_entries(tmp_path):
    path = tmp_path / "state.sqlite"
    # The file S-Connect 0.1 wrote: schema 1, log entries without the new columns.
    con = old_state_file(path, 1)
    con.execute("INSERT INTO log_entry (at, profile, order_number, level, message) "
                "VALUES ('2024-03-01 09:00:00.000000', 'shop1', '11', 'basic', 'created: sales order 5')")
    con.close()

    with SqliteStateStore(path, clock=FrozenClock()) as store:
        store.claim("shop1", "12", "a12", "h", None)
        store.record_booked("shop1", "12", 17, 1001, D("49.90"), D("49.90"))
        store.log("shop1", None, "12", "basic", "created: sales order 17", T0)
        old, new = store.log_entries("shop1")
    assert (old.message, old.sales_order) == ("created: sales order 5", None)
    assert (new.sales_order, new.shop_total) == (17, D("49.90"))
    con = sqlite3.connect(path)
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con.close()


def test_the_lock_is_read_without_taking_it(store):
    assert store.lock_holder("shop1", T0) is None
    assert store.acquire_lock("shop1", this_process(), T0, 60)
    assert store.lock_holder("shop1", T0 + timedelta(hours=5)) == this_process()  # alive: still held
    store.release_lock("shop1", this_process())
    assert store.lock_holder("shop1", T0) is None
    # Reading it took nothing: another holder gets it straight away.
    assert store.acquire_lock("shop1", "other-machine:1:", T0, 60)
    assert store.lock_holder("shop1", T0 + timedelta(seconds=30)) == "other-machine:1:"
    assert store.lock_holder("shop1", T0 + timedelta(seconds=61)) is None  # expired elsewhere


def test_a_lock_left_by_a_dead_process_is_free_at_once(store):
    dead = f"{socket.gethostname()}:999999999:"
    assert store.acquire_lock("shop1", dead, T0, 3600)
    assert store.lock_holder("shop1", T0) is None
