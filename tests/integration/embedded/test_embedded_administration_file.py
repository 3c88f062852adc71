"""Which files hold an administration: opening never creates one (a missing or empty file, or a
folder, is refused in one line naming snelstart.database), and a load into a new file that fails
leaves nothing behind — no empty administration that `run` would then fail every order against."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import ConfigurationError
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.odbc.sqlite import connect_sqlite
from infrastructure.snelstart.snapshot import Snapshot, SnapshotError, snapshot_json

from embedded_support import demo_snapshot

FILL = "sconnect embedded load FILE.json"


def _prepare(path: Path, state: str) -> None:
    if state == "empty":
        path.write_bytes(b"")


def _left(folder: Path) -> dict[str, int]:
    """Every file in the folder with its size: temporary files and -wal files included."""
    return {p.name: p.stat().st_size for p in folder.iterdir()}


@pytest.mark.parametrize("state, expected", [("missing", "does not exist"), ("empty", "is empty")])
def test_opening_a_missing_or_empty_file_is_refused_and_creates_nothing(tmp_path, state, expected):
    path = tmp_path / "admin.sqlite"
    _prepare(path, state)
    before = _left(tmp_path)

    with pytest.raises(ConfigurationError) as raised:
        EmbeddedAdministration(path)

    message = str(raised.value)
    assert message.startswith("snelstart.database: ") and expected in message and FILL in message
    assert "\n" not in message
    assert _left(tmp_path) == before


def test_a_folder_is_a_configuration_error_naming_the_setting(tmp_path):
    folder = tmp_path / "admin.sqlite"
    folder.mkdir()

    with pytest.raises(ConfigurationError, match=r"^snelstart\.database: .* is a folder, not an administration file$"):
        EmbeddedAdministration(folder)
    with pytest.raises(ConfigurationError, match="is a folder"):
        EmbeddedAdministration.create(folder, demo_snapshot())

    assert list(folder.iterdir()) == []


def _unloadable(snapshot: Snapshot) -> Snapshot:
    """A snapshot load_snapshot would refuse (a relatiecode beyond 64 bits): only the database
    can refuse it, after the schema and the rows before it were written."""
    too_large = replace(snapshot.relations[-1], code=2 ** 70, id="r-groot")
    return replace(snapshot, relations=snapshot.relations + (too_large,))


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_failed_load_into_a_new_file_leaves_it_as_it_was(tmp_path, state):
    path = tmp_path / "admin.sqlite"
    _prepare(path, state)
    before = _left(tmp_path)

    with pytest.raises(SnapshotError) as raised:
        EmbeddedAdministration.create(path, _unloadable(demo_snapshot()))

    assert _left(tmp_path) == before  # no administration, no temporary file, no -wal
    message = str(raised.value)
    assert message.startswith("the snapshot cannot be loaded: ") and "\n" not in message
    assert str(path) in message and ".new" not in message  # the file asked for, not the one being built


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_a_load_into_a_new_file_leaves_only_the_administration(tmp_path, state):
    path = tmp_path / "admin.sqlite"
    _prepare(path, state)

    EmbeddedAdministration.create(path, demo_snapshot()).close()

    assert list(_left(tmp_path)) == ["admin.sqlite"]
    with EmbeddedAdministration(path) as administration:
        assert administration.snapshot() == demo_snapshot()


def test_an_sqlite_database_without_tables_is_refused_not_filled(tmp_path):
    path = tmp_path / "admin.sqlite"
    db = connect_sqlite(path)
    db.execute("PRAGMA user_version = 7")  # a database file with a header but no tables
    db.close()
    assert path.stat().st_size > 0

    with pytest.raises(ConfigurationError, match=f"without an embedded administration in it; delete it.*{FILL}"):
        EmbeddedAdministration(path)
    with pytest.raises(ConfigurationError, match="without an embedded administration"):
        EmbeddedAdministration.create(path, demo_snapshot())  # a load does not take it over either

    db = connect_sqlite(path)
    assert db.rows(db.dialect.tables()) == []
    db.close()


@pytest.mark.parametrize("change, driver_words", [
    # pyodbc itself refuses to bind an int beyond 64 bits (OverflowError)
    (lambda r: replace(r, code=2 ** 70), "too large"),
    # SQLite's own refusal, which no rule of the connection names: a fraction in an INTEGER key
    (lambda r: replace(r, code=Decimal("1008.5")), "datatype mismatch"),
])
def test_a_snapshot_only_the_database_refuses_is_one_line_and_changes_nothing(tmp_path, change, driver_words):
    path = tmp_path / "admin.sqlite"
    administration = EmbeddedAdministration.create(path, demo_snapshot())
    before = snapshot_json(administration.snapshot())
    snapshot = demo_snapshot()
    broken = replace(snapshot, relations=snapshot.relations[:-1] + (change(snapshot.relations[-1]),))

    with pytest.raises(SnapshotError) as raised:
        EmbeddedAdministration.create(path, broken)

    message = str(raised.value)
    assert message.startswith("the snapshot cannot be loaded: ") and driver_words in message
    assert "\n" not in message and "HY000" not in message and "SQLExecDirect" not in message
    assert snapshot_json(administration.snapshot()) == before
    administration.close()
