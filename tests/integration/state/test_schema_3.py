"""Schema 3 of the state file: a task's plan keeps the planning it was computed from, and a lock's
expiry is in UTC, so it lasts its real time across the switch to summer time. Files of schema 1
and 2 are migrated with their plans and locks."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

import pytest

from application.run_due_tasks import Planned, RunDueTasks, StoredPlan
from infrastructure.clock import FixedClock
from infrastructure.state import SqliteStateStore
from infrastructure.state.process import this_process
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import columns, old_state_file

T0 = datetime(2024, 3, 1, 10, 0, 0)
ELSEWHERE = "other-host:4242:"  # a holder on another machine: trusted until its lock expires


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_file_is_migrated_with_its_plans_and_locks(tmp_path, version):
    path = tmp_path / "state.sqlite"
    con = old_state_file(path, version)
    assert "interval_seconds" not in columns(path, "task")
    con.execute("INSERT INTO task (profile, next_run) VALUES ('shop1', '2024-03-02 06:00:00.000000')")
    # A lock taken at 10:00 Dutch time for 30 minutes, as the older S-Connect wrote it.
    con.execute(f"INSERT INTO lock (profile, holder, expires_at) VALUES ('shop1', '{ELSEWHERE}', "
                "'2024-03-01 10:30:00.000000')")
    con.close()

    with SqliteStateStore(path, clock=FixedClock(T0)) as store:
        assert store.planned_task("shop1") == StoredPlan(datetime(2024, 3, 2, 6, 0), None, None)
        assert store.lock_holder("shop1", T0 + timedelta(minutes=29)) == ELSEWHERE
        assert store.lock_holder("shop1", T0 + timedelta(minutes=30)) is None
        assert not store.acquire_lock("shop1", this_process(), T0 + timedelta(minutes=29), 60)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        # 10:30 in March (winter time, UTC+1) is 09:30 UTC.
        assert raw.execute("SELECT expires_at FROM lock").fetchall() == [("2024-03-01 09:30:00.000000",)]
    finally:
        raw.close()
    assert {"interval_seconds", "configured_first_run"} <= set(columns(path, "task"))


def test_a_migrated_plan_is_kept_for_the_planning_in_force_and_not_run_again(tmp_path):
    path = tmp_path / "state.sqlite"
    con = old_state_file(path, 2)
    con.execute("INSERT INTO task (profile, next_run) VALUES ('shop1', '2024-03-02 06:00:00.000000')")
    con.close()
    clock, calls = FixedClock(T0), []
    with SqliteStateStore(path, clock=clock) as store:
        planned = Planned("shop1", timedelta(days=1), datetime(2024, 1, 1, 6, 0))
        assert RunDueTasks([planned], store, clock, calls.append).tick() == [] and calls == []
        assert store.planned_task("shop1") == StoredPlan(datetime(2024, 3, 2, 6, 0), timedelta(days=1),
                                                         datetime(2024, 1, 1, 6, 0))


def test_the_plan_keeps_the_planning_it_was_made_from(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite") as store:
        store.set_next_run("shop1", T0, timedelta(minutes=15), datetime(2024, 1, 1, 0, 0))
        store.set_next_run("shop2", T0, timedelta(hours=2), None)
        assert store.planned_task("shop1") == StoredPlan(T0, timedelta(minutes=15), datetime(2024, 1, 1, 0, 0))
        assert store.planned_task("shop2") == StoredPlan(T0, timedelta(hours=2), None)
        assert store.next_run("shop2") == T0 and store.planned_task("shop3") is None


def test_a_lock_of_another_machine_lasts_its_real_time_across_the_switch_to_summer_time(tmp_path):
    # 01:59 winter time; one real minute later the Dutch clock says 03:00 summer time.
    before, after = datetime(2024, 3, 31, 1, 59), datetime(2024, 3, 31, 3, 0)
    with SqliteStateStore(tmp_path / "state.sqlite") as store:
        assert store.acquire_lock("shop1", ELSEWHERE, before, 1800)
        assert not store.acquire_lock("shop1", this_process(), after, 1800)
        assert store.lock_holder("shop1", after) == ELSEWHERE
        # Thirty real minutes after 01:59 winter time is 03:29 summer time.
        assert store.lock_holder("shop1", datetime(2024, 3, 31, 3, 28)) == ELSEWHERE
        assert store.lock_holder("shop1", datetime(2024, 3, 31, 3, 29)) is None
        assert store.acquire_lock("shop1", this_process(), datetime(2024, 3, 31, 3, 29), 1800)

