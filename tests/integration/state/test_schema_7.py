"""Schema 7 of the state file: the B2B adapter's memory between runs (API calls per minute, the
copy of the relations). A file of every older schema gets the empty tables and keeps its history."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timezone

import pytest

from infrastructure.state import SqliteStateStore
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import old_state_file

READ_AT = datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("version", [1, 2, 3, 4, 5, 6])
def test_an_older_file_gets_the_b2b_memory_and_keeps_its_history(tmp_path, version):
    path = tmp_path / "state.sqlite"
    con = old_state_file(path, version)
    con.execute("INSERT INTO cursor (profile, value) VALUES ('shop1', '2024-03-01 10:00:00.000000')")
    con.close()

    with SqliteStateStore(path) as store:
        assert store.cursor("shop1") == datetime(2024, 3, 1, 10, 0)
        assert store.relation_copy("adm") is None and store.api_calls_since("adm", 0) == []
        store.record_api_calls("adm", 1000, 3)
        store.record_api_calls("adm", 1000, 2)
        store.keep_relation_copy("adm", {1001: '{"code": 1001}'}, "2024-03-01T10:00:00", full_read_at=READ_AT)
    with SqliteStateStore(path) as store:
        assert store.api_calls_since("adm", 999) == [(1000, 5)] and store.api_calls_since("other", 0) == []
        copy = store.relation_copy("adm")
        assert (copy.full_read_at, copy.modified_until, copy.relations) == (READ_AT, "2024-03-01T10:00:00",
                                                                            ['{"code": 1001}'])
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        raw.close()


def test_changed_relations_are_written_over_and_a_whole_read_replaces_the_copy(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite") as store:
        store.keep_relation_copy("adm", {1: "a", 2: "b"}, "T1", full_read_at=READ_AT)
        store.keep_relation_copy("adm", {2: "b2", 3: "c"}, "T2")
        copy = store.relation_copy("adm")
        assert sorted(copy.relations) == ["a", "b2", "c"] and copy.modified_until == "T2"
        assert copy.full_read_at == READ_AT
        later = datetime(2024, 3, 2, 9, 0, tzinfo=timezone.utc)
        store.keep_relation_copy("adm", {4: "d"}, "T3", full_read_at=later)
        assert store.relation_copy("adm").relations == ["d"] and store.relation_copy("adm").full_read_at == later
        store.record_api_calls("adm", 100, 1)
        store.record_api_calls("adm", 400, 1)  # more than two hours later: minute 100 is dropped
        assert store.api_calls_since("adm", 0) == [(400, 1)]
