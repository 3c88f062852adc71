"""Files with customers' personal data are the user's alone, under Debian's default umask 022:
the data folder 0700; the state file, its -wal and -shm files and log exports 0600; a stricter
mode the user chose is kept; a file found open to others is closed to them, and the log says so.
Checked with os.stat, as another user's `ls -l` would see it."""
from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime

import openpyxl
import pytest

from application.ports import LogEntry
from infrastructure.clock import FixedClock
from infrastructure.export.excel import export_log
from infrastructure.state import SqliteStateStore

T = datetime(2024, 3, 1, 10, 0)


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def _use(store: SqliteStateStore) -> None:
    """A write and a read, so SQLite has made its -wal and -shm files."""
    run = store.start_run("shop1", T)
    store.log("shop1", run, "12", "basic", "customer: Jan de Vries, jan@devries.nl", T)
    store.flush_log()
    store.log_entries("shop1")


def test_a_new_data_folder_is_0700_and_the_state_file_with_its_wal_and_shm_0600(tmp_path):
    path = tmp_path / "data" / "sconnect" / "state.sqlite"
    with SqliteStateStore(path, clock=FixedClock(T)) as store:
        _use(store)
        files = [path, path.with_name("state.sqlite-wal"), path.with_name("state.sqlite-shm")]
        assert all(f.exists() for f in files)
        assert [mode(f) for f in files] == [0o600] * 3
        assert store.made_private == []  # nothing was open to others
    assert mode(tmp_path / "data") == mode(tmp_path / "data" / "sconnect") == 0o700


def test_an_existing_folder_is_left_as_the_user_made_it(tmp_path):
    shared = tmp_path / "shop"
    shared.mkdir(mode=0o755)
    with SqliteStateStore(shared / "state.sqlite", clock=FixedClock(T)) as store:
        _use(store)
    assert mode(shared) == 0o755 and mode(shared / "state.sqlite") == 0o600


def test_files_left_open_by_an_older_s_connect_are_closed_on_open_and_said(tmp_path):
    path = tmp_path / "state.sqlite"
    with SqliteStateStore(path, clock=FixedClock(T)) as store:
        _use(store)
    # What an S-Connect before this change left behind: SQLite's 0644, the -wal file too.
    con = sqlite3.connect(path)  # keeps the -wal and -shm files while it is open
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE IF NOT EXISTS keep_wal (x)")
    for name in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm"):
        os.chmod(tmp_path / name, 0o644)
    try:
        with SqliteStateStore(path, clock=FixedClock(T)) as store:
            said = store.made_private
            _use(store)
            assert [mode(tmp_path / n) for n in ("state.sqlite", "state.sqlite-wal", "state.sqlite-shm")] == [0o600] * 3
    finally:
        con.close()
    assert len(said) == 3 and all("0644" in line and "0600" in line for line in said)
    assert str(path) in said[0] and "other users" in said[0]


def test_a_state_file_the_user_made_private_is_left_alone(tmp_path):
    path = tmp_path / "state.sqlite"
    SqliteStateStore(path).close()
    os.chmod(path, 0o600)
    with SqliteStateStore(path) as store:
        assert store.made_private == []
    assert mode(path) == 0o600


def _entries():
    return [LogEntry(T, "shop1", 1, "12", "basic", "customer: Jan de Vries, jan@devries.nl")]


@pytest.mark.parametrize("before, after", [(None, 0o600), (0o644, 0o600), (0o600, 0o600), (0o640, 0o600),
                                           (0o400, 0o400)])
def test_a_log_export_is_0600_or_the_stricter_mode_the_user_gave_the_old_one(tmp_path, before, after):
    file = tmp_path / "log.xlsx"
    if before is not None:
        file.write_bytes(b"old")
        os.chmod(file, before)
    export_log(_entries(), file, ["shop1"])
    assert mode(file) == after
    assert openpyxl.load_workbook(file)["shop1"]["F2"].value == "customer: Jan de Vries, jan@devries.nl"
    assert [p.name for p in tmp_path.iterdir()] == ["log.xlsx"]  # no temporary file left


def test_the_export_never_writes_through_a_link_planted_beside_it(tmp_path):
    # Before, the export wrote to `.log.xlsx.<pid>.partial` without O_EXCL: a link planted there
    # (in a shared folder) made it write the customers' data through it, over the link's target.
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"not yours")
    for pid in {os.getpid(), os.getppid()}:
        (tmp_path / f".log.xlsx.{pid}.partial").symlink_to(victim)
    export_log(_entries(), tmp_path / "log.xlsx", ["shop1"])
    assert victim.read_bytes() == b"not yours"
    assert mode(tmp_path / "log.xlsx") == 0o600
    assert openpyxl.load_workbook(tmp_path / "log.xlsx")["shop1"]["A2"].value == T


def test_a_failed_export_leaves_the_old_file_and_no_temporary_one(tmp_path, monkeypatch):
    file = tmp_path / "log.xlsx"
    file.write_bytes(b"the old workbook")

    def disk_full(_descriptor):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        export_log(_entries(), file, ["shop1"])
    assert file.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["log.xlsx"]


def test_an_administration_made_by_s_connect_is_0600(tmp_path):
    from infrastructure.snelstart.embedded import EmbeddedAdministration
    from infrastructure.snelstart.memory.file_administration import FileAdministration
    from infrastructure.snelstart.snapshot import load_snapshot

    snapshot = load_snapshot({"relaties": [{"relatiecode": 1001, "naam": "Jan de Vries"}]})
    EmbeddedAdministration.create(tmp_path / "administration.sqlite", snapshot).close()
    FileAdministration.create(tmp_path / "administration.json", snapshot)
    assert mode(tmp_path / "administration.sqlite") == mode(tmp_path / "administration.json") == 0o600
