"""The SQLite state store, for real: one SQLite file per test in tmp_path.

Cross-process behaviour (locks, concurrent claims, a claim surviving a kill) is in
tests/integration/state/test_state_processes.py.
"""
from __future__ import annotations

import sqlite3
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import exc, text

from application.ports import LogEntry, OrderState
from domain.errors import ConfigurationError, OrderRejected, ServiceUnavailable
from infrastructure.state import SqliteStateStore, redact, register_secret
from infrastructure.state.engine import make_engine, writer
from infrastructure.state.schema import SCHEMA_VERSION, prepare, stored_version

T0 = datetime(2024, 3, 1, 10, 0, 0)


class SteppingClock:
    """Each `now()` is one second after the previous one, so updated_at orders writes."""

    def __init__(self, start: datetime = T0):
        self.current = start

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


class FrozenClock:
    def __init__(self, at: datetime = T0):
        self.at = at

    def now(self) -> datetime:
        return self.at


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "state.sqlite"


@pytest.fixture
def store(db_path):
    with SqliteStateStore(db_path, clock=SteppingClock()) as opened:
        yield opened


def raw(db_path) -> sqlite3.Connection:
    """A plain sqlite3 connection, to see what is really in the file."""
    return sqlite3.connect(db_path, timeout=0, isolation_level=None)


def unique_secret() -> str:
    return f"sk-{uuid.uuid4().hex}"


# -- the file ------------------------------------------------------------------------------

def test_a_new_file_gets_every_table_and_the_current_schema_version(db_path):
    SqliteStateStore(db_path).close()
    con = raw(db_path)
    tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"processed_order", "cursor", "task", "run", "log_entry", "lock",
            "schema_version"} <= tables
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    con.close()


def test_missing_folders_are_created(tmp_path):
    path = tmp_path / "data" / "sconnect" / "state.sqlite"
    SqliteStateStore(path).close()
    assert path.is_file()


def test_the_file_is_in_wal_mode(store, db_path):
    con = raw(db_path)
    assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    con.close()


def test_every_connection_gets_the_pragmas(db_path):
    engine = make_engine(db_path)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_writes_take_the_write_lock_when_they_begin_and_reads_do_not(db_path):
    SqliteStateStore(db_path).close()
    engine = make_engine(db_path)
    other = raw(db_path)
    with engine.connect() as reader, reader.begin():
        reader.execute(text("SELECT count(*) FROM processed_order")).scalar()
        other.execute("BEGIN IMMEDIATE")  # a reader does not stand in a writer's way
        other.execute("ROLLBACK")
    with writer(engine).connect() as writing, writing.begin():
        # Nothing written yet, and still no other process can start writing.
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()
    engine.dispose()


def test_a_write_blocked_past_the_busy_timeout_is_a_one_line_service_error(db_path):
    with SqliteStateStore(db_path, busy_timeout=0.2) as store:
        store.set_cursor("shop1", T0)
        other = raw(db_path)
        other.execute("BEGIN IMMEDIATE")  # another process in the middle of a write
        try:
            assert store.cursor("shop1") == T0  # WAL: reading goes on
            with pytest.raises(ServiceUnavailable) as caught:
                store.set_cursor("shop1", T0 + timedelta(hours=1))
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert "locked" in str(caught.value) and "\n" not in str(caught.value)
        store.set_cursor("shop1", T0 + timedelta(hours=1))
        assert store.cursor("shop1") == T0 + timedelta(hours=1)


def test_a_file_that_is_not_a_database_is_a_one_line_configuration_error(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is a text file, not SQLite " * 100)
    with pytest.raises(ConfigurationError) as caught:
        SqliteStateStore(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)


# -- schema versions -----------------------------------------------------------------------

def set_stored_version(db_path, version: int) -> None:
    con = raw(db_path)
    con.execute("UPDATE schema_version SET version = ?", (version,))
    con.close()


def test_a_file_from_a_newer_s_connect_is_refused(db_path):
    SqliteStateStore(db_path).close()
    set_stored_version(db_path, SCHEMA_VERSION + 1)
    with pytest.raises(ConfigurationError) as caught:
        SqliteStateStore(db_path)
    message = str(caught.value)
    assert f"schema {SCHEMA_VERSION + 1}" in message and "newer" in message and "upgrade" in message
    assert str(db_path) in message and "\n" not in message


def add_priority_column(connection) -> None:
    connection.exec_driver_sql("ALTER TABLE processed_order ADD COLUMN priority INTEGER DEFAULT 0")


def test_an_older_file_is_migrated_one_version_at_a_time(db_path):
    with SqliteStateStore(db_path) as store:
        store.claim("shop1", "12", "a1", "h", None)
    set_stored_version(db_path, SCHEMA_VERSION - 1)
    applied = []
    migrations = {
        SCHEMA_VERSION: lambda c: applied.append(SCHEMA_VERSION),
        SCHEMA_VERSION + 1: lambda c: (applied.append(SCHEMA_VERSION + 1), add_priority_column(c)),
    }
    engine = make_engine(db_path)
    prepare(engine, db_path, version=SCHEMA_VERSION + 1, migrations=migrations)
    engine.dispose()

    assert applied == [SCHEMA_VERSION, SCHEMA_VERSION + 1]
    con = raw(db_path)
    assert con.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION + 1,)]
    assert con.execute("SELECT order_number, priority FROM processed_order").fetchall() == [("12", 0)]
    con.close()


def test_a_current_file_runs_no_migration(db_path):
    SqliteStateStore(db_path).close()
    ran = []
    engine = make_engine(db_path)
    prepare(engine, db_path, migrations={SCHEMA_VERSION: lambda c: ran.append(1)})
    engine.dispose()
    assert ran == []


def test_a_failing_migration_leaves_the_file_as_it_was(db_path):
    SqliteStateStore(db_path).close()

    def half_done(connection):
        add_priority_column(connection)
        raise RuntimeError("migration broke halfway")

    engine = make_engine(db_path)
    with pytest.raises(RuntimeError, match="halfway"):
        prepare(engine, db_path, version=SCHEMA_VERSION + 1,
                migrations={SCHEMA_VERSION + 1: half_done})
    with engine.connect() as connection:
        assert stored_version(connection) == SCHEMA_VERSION
        columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(processed_order)")]
    engine.dispose()
    assert "priority" not in columns


def test_a_missing_migration_is_an_error_not_a_silent_version_bump(db_path):
    SqliteStateStore(db_path).close()
    engine = make_engine(db_path)
    with pytest.raises(RuntimeError, match=f"schema {SCHEMA_VERSION + 1}"):
        prepare(engine, db_path, version=SCHEMA_VERSION + 1, migrations={})
    with engine.connect() as connection:
        assert stored_version(connection) == SCHEMA_VERSION
    engine.dispose()


# -- claims and outcomes -------------------------------------------------------------------

def test_an_unknown_order_has_no_row(store):
    assert store.get("shop1", "12") is None


def test_a_claim_marks_the_order_booking_and_counts_no_failure(store):
    claimed = store.claim("shop1", "12", "a12", "hash1", datetime(2024, 2, 1, 9, 30, 15))
    assert claimed.state is OrderState.BOOKING
    assert claimed.attempts == 0 and claimed.write_started is False
    assert (claimed.order_id, claimed.payload_hash) == ("a12", "hash1")
    assert claimed.change_time == datetime(2024, 2, 1, 9, 30, 15)
    assert claimed.created_at == claimed.updated_at is not None
    assert store.get("shop1", "12") == claimed


def test_claiming_again_keeps_the_failures_and_created_at(store):
    first = store.claim("shop1", "12", "a12", "hash1", None)
    store.record_failed("shop1", "12", "a12", "ambiguous customer", max_attempts=5)
    second = store.claim("shop1", "12", "a12", "hash2", None)
    assert second.attempts == 1
    assert second.payload_hash == "hash2"
    assert second.created_at == first.created_at
    assert second.updated_at > first.updated_at


def test_the_same_order_number_in_two_profiles_is_two_orders(store):
    store.claim("shop1", "12", "a", "h", None)
    store.claim("shop2", "12", "b", "h", None)
    assert store.get("shop1", "12").order_id == "a"
    assert store.get("shop2", "12").order_id == "b"
    store.record_failed("shop2", "12", "b", "x", max_attempts=5)
    assert (store.get("shop1", "12").attempts, store.get("shop2", "12").attempts) == (0, 1)


def test_claim_then_booked(store):
    store.claim("shop1", "12", "a12", "h", None)
    store.record_booked("shop1", "12", sales_order=17, customer_code=1001,
                        shop_total=Decimal("121.00"), booked_total=Decimal("121.00"),
                        warnings=("VAT number NL000 refused",))
    booked = store.get("shop1", "12")
    assert booked.state is OrderState.BOOKED
    assert (booked.sales_order, booked.customer_code) == (17, 1001)
    assert booked.warnings == ("VAT number NL000 refused",)
    assert booked.attempts == 0


@pytest.mark.parametrize("amount", ["0.10", "123456789.1234", "-0.01", "0", "1E+2",
                                    "99999999999999999999.99"])
def test_money_round_trips_exactly_and_is_stored_as_text(store, db_path, amount):
    store.claim("shop1", "12", "a12", "h", None)
    store.record_booked("shop1", "12", 17, 1001, Decimal(amount), Decimal(amount))
    booked = store.get("shop1", "12")
    # str, not ==: Decimal("0.1") == Decimal("0.10"), but the stored amount must be the same one.
    assert str(booked.shop_total) == amount and str(booked.booked_total) == amount
    assert isinstance(booked.shop_total, Decimal)
    con = raw(db_path)
    assert con.execute("SELECT typeof(shop_total), shop_total FROM processed_order").fetchone() == (
        "text", amount)
    con.close()


def test_float_money_is_refused(store):
    store.claim("shop1", "12", "a12", "h", None)
    with pytest.raises(TypeError, match="Decimal"):
        store.record_booked("shop1", "12", 17, 1001, 0.1, Decimal("0.10"))
    assert store.get("shop1", "12").state is OrderState.BOOKING


def test_a_booked_order_cannot_be_claimed_again(store):
    store.claim("shop1", "12", "a12", "h", None)
    store.record_booked("shop1", "12", 17, 1001, Decimal("1.00"), Decimal("1.00"))
    with pytest.raises(OrderRejected, match="already booked.*17"):
        store.claim("shop1", "12", "a12", "h", None)
    assert store.get("shop1", "12").state is OrderState.BOOKED


def test_writing_is_marked_and_survives_a_failure(store):
    store.claim("shop1", "12", "a12", "h", None)
    store.mark_writing("shop1", "12", 4)
    store.record_failed("shop1", "12", "a12", "no answer from SnelStart", max_attempts=5)
    again = store.claim("shop1", "12", "a12", "h", None)
    assert (again.write_started, again.write_baseline, again.attempts) == (True, 4, 1)
    store.mark_writing("shop1", "12", None)
    assert store.get("shop1", "12").write_started is False
    with pytest.raises(KeyError):
        store.mark_writing("shop1", "99", 0)


def test_a_failure_that_is_not_counted_leaves_the_attempts(store):
    store.claim("shop1", "12", "a12", "h", None)
    state = store.record_failed("shop1", "12", "a12", "SnelStart unreachable", max_attempts=1, count_attempt=False)
    assert state is OrderState.FAILED and store.get("shop1", "12").attempts == 0


def test_a_failure_after_a_claim_is_that_attempt(store):
    store.claim("shop1", "12", "a12", "h", None)
    state = store.record_failed("shop1", "12", "a12", "ambiguous customer", max_attempts=3)
    failed = store.get("shop1", "12")
    assert state is OrderState.FAILED and failed.state is OrderState.FAILED
    assert failed.attempts == 1
    assert failed.last_error == "ambiguous customer"


def test_a_failure_without_a_claim_is_an_attempt_too(store):
    when = datetime(2024, 2, 1, 8, 0)
    assert store.record_failed("shop1", "13", "a13", "unreadable", 3, when) is OrderState.FAILED
    assert store.record_failed("shop1", "13", "", "unreadable", 3) is OrderState.FAILED
    failed = store.get("shop1", "13")
    assert failed.attempts == 2
    assert failed.order_id == "a13"  # an empty id does not wipe the one known
    assert failed.change_time == when


def test_failed_orders_are_held_once_attempts_reach_the_limit(store):
    states = []
    for _ in range(3):
        store.claim("shop1", "12", "a12", "h", None)
        states.append(store.record_failed("shop1", "12", "a12", "SnelStart said no", max_attempts=3))
    assert states == [OrderState.FAILED, OrderState.FAILED, OrderState.HELD]
    held = store.get("shop1", "12")
    assert held.state is OrderState.HELD and held.attempts == 3


def test_release_puts_a_held_order_back_with_its_attempts_reset(store):
    store.record_failed("shop1", "12", "a12", "bad", max_attempts=1)
    assert store.get("shop1", "12").state is OrderState.HELD
    store.release("shop1", "12")
    released = store.get("shop1", "12")
    assert released.state is OrderState.FAILED and released.attempts == 0
    assert released.last_error == "bad"
    store.claim("shop1", "12", "a12", "h", None)
    assert store.record_failed("shop1", "12", "a12", "bad", max_attempts=2) is OrderState.FAILED


def test_release_leaves_other_orders_alone(store):
    store.record_failed("shop1", "12", "a12", "bad", max_attempts=5)
    store.release("shop1", "12")
    store.release("shop1", "unknown")
    assert store.get("shop1", "12").attempts == 1
    assert store.get("shop1", "unknown") is None


def test_a_failure_never_reopens_a_booked_order(store):
    store.claim("shop1", "12", "a12", "h", None)
    store.record_booked("shop1", "12", 17, 1001, Decimal("5.00"), Decimal("5.00"))
    assert store.record_failed("shop1", "12", "a12", "late error", 3) is OrderState.BOOKED
    store.record_skipped("shop1", "12", "betalingskenmerk 12 already in SnelStart")
    booked = store.get("shop1", "12")
    assert booked.state is OrderState.BOOKED and booked.sales_order == 17
    assert booked.last_error == ""


def test_skipped_orders_keep_their_reason(store):
    store.claim("shop1", "13", "a13", "h", None)
    store.record_skipped("shop1", "13", "betalingskenmerk 13 already in SnelStart (order 9)")
    store.record_skipped("shop1", "14", "status not selected")
    assert store.get("shop1", "13").state is OrderState.SKIPPED
    assert store.get("shop1", "13").last_error == "betalingskenmerk 13 already in SnelStart (order 9)"
    assert store.get("shop1", "14").state is OrderState.SKIPPED


def test_history_is_newest_first_per_profile_with_a_limit(store):
    store.claim("shop1", "1", "a1", "h", None)
    store.claim("shop1", "2", "a2", "h", None)
    store.claim("shop2", "9", "a9", "h", None)
    store.record_failed("shop1", "1", "a1", "x", 3)  # order 1 changes last
    assert [o.order_number for o in store.history("shop1")] == ["1", "2"]
    assert [o.order_number for o in store.history()] == ["1", "9", "2"]
    assert [o.order_number for o in store.history(limit=2)] == ["1", "9"]
    assert store.history("nobody") == []


def test_history_breaks_ties_on_insertion_order(db_path):
    with SqliteStateStore(db_path, clock=FrozenClock()) as store:
        for number in ("5", "3", "4"):
            store.claim("shop1", number, "a", "h", None)
        assert [o.order_number for o in store.history("shop1")] == ["4", "3", "5"]


def test_aware_datetimes_are_stored_as_dutch_wall_clock(store):
    aware = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)
    store.set_cursor("shop1", aware)
    assert store.cursor("shop1") == datetime(2024, 3, 1, 10, 0)  # CET


# -- cursor and planning -------------------------------------------------------------------

def test_the_cursor_survives_reopening_the_file(db_path):
    with SqliteStateStore(db_path) as store:
        assert store.cursor("shop1") is None
        store.set_cursor("shop1", datetime(2024, 3, 1, 10, 15, 30, 123456))
        store.set_cursor("shop1", datetime(2024, 3, 1, 11, 0, 5))
        store.set_cursor("shop2", datetime(2024, 1, 1))
    with SqliteStateStore(db_path) as store:
        assert store.cursor("shop1") == datetime(2024, 3, 1, 11, 0, 5)
        assert store.cursor("shop2") == datetime(2024, 1, 1)


def test_next_run_is_kept_per_profile(db_path):
    with SqliteStateStore(db_path) as store:
        assert store.next_run("shop1") is None
        store.set_next_run("shop1", datetime(2024, 3, 1, 10, 15))
        store.set_next_run("shop1", datetime(2024, 3, 1, 10, 30))
    with SqliteStateStore(db_path) as store:
        assert store.next_run("shop1") == datetime(2024, 3, 1, 10, 30)
        assert store.next_run("shop2") is None


# -- runs ----------------------------------------------------------------------------------

def test_runs_start_finish_and_the_last_one_is_reported(store):
    assert store.last_run("shop1") is None
    first = store.start_run("shop1", T0)
    store.finish_run(first, T0 + timedelta(seconds=5), {"fetched": 3, "created": 1})
    second = store.start_run("shop1", T0 + timedelta(minutes=15))
    other = store.start_run("shop2", T0 + timedelta(minutes=20))
    assert len({first, second, other}) == 3

    running = store.last_run("shop1")
    assert running["id"] == second
    assert running["started_at"] == T0 + timedelta(minutes=15)
    assert running["finished_at"] is None and running["summary"] is None

    store.finish_run(second, T0 + timedelta(minutes=16),
                     {"created": 2, "failed": 1, "orders": [{"order": "12", "reason": "e-mail jan@x.nl ..."}]})
    done = store.last_run("shop1")
    assert done["finished_at"] == T0 + timedelta(minutes=16)
    # Counts only: each order's outcome, with the customer's data, is in the history and the log.
    assert done["summary"] == {"created": 2, "failed": 1}


def test_finishing_an_unknown_run_is_an_error(store):
    with pytest.raises(KeyError):
        store.finish_run(999, T0, {})


# -- log -----------------------------------------------------------------------------------

def fill_log(store) -> int:
    run = store.start_run("shop1", T0)
    store.log("shop1", run, "12", "basic", "order 12 created as 17", T0 + timedelta(minutes=1))
    store.log("shop1", run, "12", "detailed", "customer found by e-mail", T0 + timedelta(minutes=2))
    store.log("shop2", None, "", "basic", "nothing to do", T0 + timedelta(minutes=3))
    store.log("shop1", run, "13", "basic", "order 13 failed", T0 + timedelta(minutes=4))
    return run


def test_the_basic_log_has_basic_entries_oldest_first(store):
    run = fill_log(store)
    assert store.log_entries("shop1") == [
        LogEntry(T0 + timedelta(minutes=1), "shop1", run, "12", "basic", "order 12 created as 17"),
        LogEntry(T0 + timedelta(minutes=4), "shop1", run, "13", "basic", "order 13 failed"),
    ]


def test_the_detailed_log_has_every_entry(store):
    fill_log(store)
    assert [e.message for e in store.log_entries("shop1", detailed=True)] == [
        "order 12 created as 17", "customer found by e-mail", "order 13 failed"]
    assert len(store.log_entries(detailed=True)) == 4
    assert [e.profile for e in store.log_entries()] == ["shop1", "shop2", "shop1"]


def test_the_log_since_a_time_includes_that_time(store):
    fill_log(store)
    since = store.log_entries(since=T0 + timedelta(minutes=2), detailed=True)
    assert [e.message for e in since] == [
        "customer found by e-mail", "nothing to do", "order 13 failed"]


def test_an_unknown_log_level_is_refused(store):
    with pytest.raises(ValueError, match="basic, detailed"):
        store.log("shop1", None, "", "debug", "x", T0)


def test_a_log_entry_must_name_an_existing_run(store):
    with pytest.raises(KeyError, match="no run 4242"):
        store.log("shop1", 4242, "", "basic", "x", T0)
    store.record_skipped("shop1", "12", "x")  # the refused entry did not poison the next write
    assert store.log_entries(detailed=True) == []


def test_log_entries_wait_for_the_next_state_write_and_survive_a_reopen(tmp_path):
    path = tmp_path / "state.sqlite"
    first = SqliteStateStore(path)
    run = first.start_run("shop1", T0)
    first.log("shop1", run, "12", "detailed", "customer found by e-mail", T0)
    with SqliteStateStore(path) as other:
        assert other.log_entries(detailed=True) == []  # still in the first store's memory
    first.claim("shop1", "12", "a12", "h", T0)  # written with the claim, in one transaction
    with SqliteStateStore(path) as other:
        assert [e.message for e in other.log_entries(detailed=True)] == ["customer found by e-mail"]
    first.log("shop1", run, "12", "basic", "created", T0)
    first.close()  # closing writes what is left
    with SqliteStateStore(path) as other:
        assert [e.message for e in other.log_entries(detailed=True)][-1] == "created"


def test_clearing_the_log_of_one_profile_or_all(store):
    fill_log(store)
    assert store.clear_log("shop2") == 1
    assert {e.profile for e in store.log_entries(detailed=True)} == {"shop1"}
    assert store.clear_log() == 3
    assert store.log_entries(detailed=True) == []


def test_purging_removes_entries_older_than_the_given_time(store):
    fill_log(store)
    assert store.purge_log(T0 + timedelta(minutes=3)) == 2
    assert [e.message for e in store.log_entries(detailed=True)] == [
        "nothing to do", "order 13 failed"]
    assert store.purge_log(T0) == 0


# -- locks (one process; across processes see state/test_state_processes.py) --------------

def test_a_free_lock_is_taken_and_refused_to_others_until_it_expires(store):
    assert store.acquire_lock("shop1", "A", T0, ttl_seconds=60) is True
    assert store.acquire_lock("shop1", "B", T0 + timedelta(seconds=59), 60) is False
    assert store.acquire_lock("shop2", "B", T0, 60) is True  # other profiles run at once
    assert store.acquire_lock("shop1", "B", T0 + timedelta(seconds=60), 60) is True
    assert store.acquire_lock("shop1", "A", T0 + timedelta(seconds=61), 60) is False


def test_the_holder_renews_its_lock(store):
    assert store.acquire_lock("shop1", "A", T0, 60)
    assert store.acquire_lock("shop1", "A", T0 + timedelta(seconds=50), 60)
    assert not store.acquire_lock("shop1", "B", T0 + timedelta(seconds=100), 60)


def test_only_the_holder_releases_a_lock(store):
    store.acquire_lock("shop1", "A", T0, 600)
    store.release_lock("shop1", "B")
    assert not store.acquire_lock("shop1", "B", T0, 600)
    store.release_lock("shop1", "A")
    assert store.acquire_lock("shop1", "B", T0, 600)


def test_a_lock_of_a_dead_process_on_this_machine_is_stale_at_once(store):
    import socket
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    here = socket.gethostname()
    assert store.acquire_lock("shop1", f"{here}:{dead.stdout.strip()}", T0, 3600)
    assert store.acquire_lock("shop1", f"{here}:1", T0 + timedelta(seconds=1), 60) is True  # took over
    # a live process (pid 1 here) and a holder on another machine are waited for
    assert store.acquire_lock("shop1", "B", T0 + timedelta(seconds=2), 60) is False
    assert store.acquire_lock("shop2", "elsewhere:999999999", T0, 3600)
    assert store.acquire_lock("shop2", "B", T0 + timedelta(seconds=1), 60) is False


def test_a_live_run_on_this_machine_keeps_its_lock_after_the_time_to_live(store):
    import os
    import socket

    alive = f"{socket.gethostname()}:{os.getpid()}"  # this very process
    assert store.acquire_lock("shop1", alive, T0, 60)
    assert store.acquire_lock("shop1", "B", T0 + timedelta(hours=5), 60) is False
    assert store.acquire_lock("shop1", alive, T0 + timedelta(hours=5), 60) is True  # renewed by itself


def test_a_lock_needs_a_time_to_live(store):
    with pytest.raises(ValueError):
        store.acquire_lock("shop1", "A", T0, 0)


# -- secrets -------------------------------------------------------------------------------

def test_redact_masks_registered_secrets_only():
    secret = unique_secret()
    assert redact(f"key {secret} refused") == f"key {secret} refused"
    register_secret(secret)
    assert redact(f"key {secret} refused") == "key *** refused"
    assert redact("nothing secret here") == "nothing secret here"


def test_short_and_empty_values_are_not_secrets():
    register_secret("")
    register_secret(None)
    register_secret("abc")
    assert redact("abc order 12") == "abc order 12"


def test_a_url_encoded_secret_is_masked_too():
    secret = f"Zm9v+{uuid.uuid4().hex}/YmFy=="
    register_secret(secret)
    encoded = secret.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    assert redact(f"GET /orders?key={encoded} failed") == "GET /orders?key=*** failed"


def test_a_secret_containing_another_is_masked_whole():
    short = uuid.uuid4().hex[:8]
    register_secret(short)
    register_secret(short + "-and-more")
    assert redact(f"x {short}-and-more y") == "x *** y"


def test_secrets_never_reach_the_database(store, db_path):
    secret = unique_secret()
    register_secret(secret)
    run = store.start_run("shop1", T0)
    store.log("shop1", run, "12", "detailed", f"POST with key {secret} returned 401", T0)
    store.record_failed("shop1", "12", "a12", f"401 for key {secret}", 3)
    store.record_skipped("shop1", "13", f"skipped ({secret})")
    store.claim("shop1", "14", "a14", "h", None)
    store.record_booked("shop1", "14", 1, 2, Decimal("1"), Decimal("1"), (f"warn {secret}",))
    store.finish_run(run, T0, {"error": f"SnelStart refused key {secret}"})

    assert store.log_entries(detailed=True)[0].message == "POST with key *** returned 401"
    assert store.get("shop1", "12").last_error == "401 for key ***"
    assert store.get("shop1", "13").last_error == "skipped (***)"
    assert store.get("shop1", "14").warnings == ("warn ***",)
    assert store.last_run("shop1")["summary"] == {"error": "SnelStart refused key ***"}
    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        assert secret.encode() not in path.read_bytes()


def test_a_refused_state_write_keeps_the_waiting_log_entries(tmp_path):
    from domain.errors import OrderRejected

    store = SqliteStateStore(tmp_path / "state.sqlite")
    store.claim("shopB", "77", "a77", "h", T0)
    store.record_booked("shopB", "77", 5, 1001, Decimal("1.00"), Decimal("1.00"))
    store.log("shopA", None, "12", "basic", "created: sales order 17", T0)
    with pytest.raises(OrderRejected):
        store.claim("shopB", "77", "a77", "h", T0)  # already booked: refused
    assert [e.message for e in store.log_entries("shopA")] == ["created: sales order 17"]
    store.close()


def test_text_sqlite_cannot_store_never_fails_a_state_write(tmp_path):
    store = SqliteStateStore(tmp_path / "state.sqlite")
    store.log("shopA", None, "12", "basic", "customer: Caf\ud83d", T0)  # a name cut mid-emoji
    store.claim("shopB", "77", "a77", "h", T0)
    assert store.get("shopB", "77") is not None
    [entry] = store.log_entries("shopA")
    assert entry.message.startswith("customer: Caf") and "\ufffd" in entry.message
    store.close()


def test_only_the_claim_and_the_write_mark_wait_for_the_disk(tmp_path):
    """Exactly once rests on these two commits surviving a power cut (synchronous FULL: fsync);
    every other write may wait for the next one (NORMAL)."""
    from sqlalchemy import event

    store = SqliteStateStore(tmp_path / "state.sqlite")
    run = store.start_run("shop1", T0)
    seen: list[str] = []
    event.listen(store._engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: seen.append(statement))
    store._kept().set_trace_callback(seen.append)  # the per-order statements' own connection

    def sync_of(action) -> set[str]:
        seen.clear()
        action()
        return {s.split("=")[1].strip() for s in seen if s.startswith("PRAGMA synchronous")}

    assert sync_of(lambda: store.claim("shop1", "12", "a12", "h", T0)) == {"FULL"}
    assert sync_of(lambda: store.mark_writing("shop1", "12", 0)) == {"FULL"}
    # Both facts in one commit when SnelStart was asked already (a run's chunk): still fsync'd.
    assert sync_of(lambda: store.claim("shop1", "13", "a13", "h", T0, write_baseline=7)) == {"FULL"}
    assert store.get("shop1", "13").write_baseline == 7
    assert sync_of(lambda: store.record_booked("shop1", "12", 5, 1001, Decimal("1"), Decimal("1"))) == {"NORMAL"}
    assert sync_of(lambda: store.set_cursor("shop1", T0)) == {"NORMAL"}
    assert sync_of(lambda: store.finish_run(run, T0, {})) == {"NORMAL"}
    store.close()
