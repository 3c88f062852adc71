"""Schema 5 of the state file (docs/privacy.md): a run's summary keeps its counts, not every
order's outcome; stored reasons and warnings keep no e-mail address. Files of every older schema
are migrated, and what they kept beyond that is gone from the file's bytes."""
from __future__ import annotations

import json
import sqlite3

import pytest

from infrastructure.state import SqliteStateStore
from infrastructure.state.schema import SCHEMA_VERSION
from old_state_files import old_state_file

FULL_SUMMARY = {"profile": "shop1", "fetched": 2, "created": 1, "skipped": 0, "failed": 1, "unchanged": 0,
                "orders": [{"order": "12", "status": "failed",
                            "reason": "ambiguous customer: e-mail info@bakker-familie.nl matches relations 1004, 1005"}],
                "warnings": ["relation 1009 (Pieter Bakkerman) was written without its VAT number"]}


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_an_older_file_keeps_counts_and_no_e_mail_address(tmp_path, version):
    path = tmp_path / "state.sqlite"
    con = old_state_file(path, version)
    con.execute("INSERT INTO run (profile, started_at, finished_at, summary) VALUES "
                "('shop1', '2024-03-01 10:00:00.000000', '2024-03-01 10:01:00.000000', ?)", (json.dumps(FULL_SUMMARY),))
    acknowledged = ", change_acknowledged" if version >= 4 else ""  # schema 4: reconcile's
    con.execute("INSERT INTO processed_order (profile, order_number, order_id, state, attempts, payload_hash, "
                f"last_error, warnings, created_at, updated_at{acknowledged}) VALUES ('shop1', '12', 'a12', 'failed', "
                "1, '', ?, ?, '2024-03-01 10:00:00.000000', '2024-03-01 10:00:00.000000'"
                f"{', 0' if acknowledged else ''})",
                (FULL_SUMMARY["orders"][0]["reason"], json.dumps(["cc to Boekhouder@Kantoor.nl left out"])))
    con.close()

    with SqliteStateStore(path) as store:
        assert store.last_run("shop1")["summary"] == {"profile": "shop1", "fetched": 2, "created": 1, "skipped": 0,
                                                       "failed": 1, "unchanged": 0}
        row = store.get("shop1", "12")
        assert row.last_error == "ambiguous customer: e-mail <e-mail address> matches relations 1004, 1005"
        assert row.warnings == ("cc to <e-mail address> left out",)
    raw = sqlite3.connect(path)
    try:
        assert raw.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
    finally:
        raw.close()
    data = path.read_bytes()
    assert b"bakker-familie" not in data and b"Bakkerman" not in data and b"Kantoor.nl" not in data
