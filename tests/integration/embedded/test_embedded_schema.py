"""The embedded administration's file: created by a load only, versioned, and refused (with one
clear line, the file left as it was) when it is not an administration this S-Connect reads."""
from __future__ import annotations

import os

import pytest

from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.snelstart.embedded import SCHEMA_VERSION, EmbeddedAdministration
from infrastructure.snelstart.odbc.sqlite import connect_sqlite
from infrastructure.snelstart.snapshot import Snapshot

from embedded_support import demo_snapshot


def test_a_new_file_gets_the_schema_and_its_version(tmp_path):
    path = tmp_path / "admin.sqlite"

    with EmbeddedAdministration.create(path, Snapshot()) as administration:
        assert administration.snapshot() == Snapshot()
        assert administration.next_relation_code() == 1

    db = connect_sqlite(path)
    assert db.value("SELECT [versie] FROM [tblSchemaVersie]") == SCHEMA_VERSION
    tables = {row[0] for row in db.rows(db.dialect.tables())}
    db.close()
    assert {"tblRelatie", "tblRelatieZoeksleutel", "tblArtikel", "tblReceptRegel", "tblVerkooporder",
            "tblVerkooporderRegel", "tblVerkoopordersjabloon", "tblArtikelOmzetgroep"} <= tables


def _set_version(path, version: int) -> None:
    db = connect_sqlite(path)
    db.execute("UPDATE [tblSchemaVersie] SET [versie] = :versie", {"versie": version})
    db.close()


def test_a_file_of_another_schema_version_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "admin.sqlite"
    EmbeddedAdministration.create(path, demo_snapshot()).close()
    _set_version(path, SCHEMA_VERSION + 1)

    with pytest.raises(ConfigurationError) as raised:
        EmbeddedAdministration(path)
    with pytest.raises(ConfigurationError):
        EmbeddedAdministration.create(path, Snapshot())  # load must not overwrite it either

    message = str(raised.value)
    assert f"schema version {SCHEMA_VERSION + 1}" in message and f"reads version {SCHEMA_VERSION}" in message
    assert "\n" not in message
    _set_version(path, SCHEMA_VERSION)
    with EmbeddedAdministration(path) as administration:
        assert len(administration.snapshot().relations) == len(demo_snapshot().relations)


def test_another_sqlite_database_is_not_taken_for_an_administration(tmp_path):
    path = tmp_path / "other.sqlite"
    db = connect_sqlite(path)
    db.execute("CREATE TABLE [klanten] ([naam] TEXT)")
    db.close()

    with pytest.raises(ConfigurationError, match="not an embedded administration"):
        EmbeddedAdministration(path)

    db = connect_sqlite(path)
    assert [row[0] for row in db.rows(db.dialect.tables())] == ["klanten"]
    db.close()


def test_a_file_that_is_no_database_at_all_is_refused(tmp_path):
    path = tmp_path / "admin.json"
    path.write_text('{"relaties": []}', encoding="utf-8")

    with pytest.raises(ConfigurationError, match="not an SQLite database"):
        EmbeddedAdministration(path)

    assert path.read_text(encoding="utf-8") == '{"relaties": []}'


def test_a_missing_folder_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="does not exist"):
        EmbeddedAdministration(tmp_path / "nergens" / "admin.sqlite")


def test_check_read_counts_what_the_administration_holds(tmp_path):
    with EmbeddedAdministration.create(tmp_path / "admin.sqlite", demo_snapshot()) as administration:
        message = administration.check_read()

    snapshot = demo_snapshot()
    assert f"schema version {SCHEMA_VERSION}" in message
    assert "sqlite3odbc" in message.lower() or "sqlite" in message.lower()
    assert (f"{len(snapshot.relations)} relations, {len(snapshot.articles)} articles, "
            f"{len(snapshot.sales_orders)} sales orders") in message


def test_check_write_takes_the_write_lock(tmp_path):
    path = tmp_path / "admin.sqlite"
    with EmbeddedAdministration.create(path, demo_snapshot()) as administration:
        assert administration.check_write() == f"{path} is writable"

        other = connect_sqlite(path, timeout_ms=200)
        other.execute(other.dialect.begin_write())  # another process writing for longer than we wait
        waiting = EmbeddedAdministration(path, timeout_ms=200)
        with pytest.raises(ServiceUnavailable, match="in use by another process"):
            waiting.check_write()
        other.execute("ROLLBACK")
        other.close()
        assert waiting.check_write() == f"{path} is writable"
        waiting.close()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anything")
def test_check_write_refuses_a_read_only_file(tmp_path):
    path = tmp_path / "admin.sqlite"
    administration = EmbeddedAdministration.create(path, demo_snapshot())
    path.chmod(0o444)
    try:
        with pytest.raises(ConfigurationError, match="not writable"):
            administration.check_write()
    finally:
        path.chmod(0o644)
        administration.close()


def test_a_version_1_file_is_upgraded_and_gets_an_identity_that_stays(tmp_path):
    path = tmp_path / "admin.sqlite"
    EmbeddedAdministration.create(path, demo_snapshot()).close()
    db = connect_sqlite(path)  # as S-Connect with schema 1 wrote it: no tblAdministratie
    db.execute("DROP TABLE [tblAdministratie]")
    db.execute("UPDATE [tblSchemaVersie] SET [versie] = 1")
    db.close()

    with EmbeddedAdministration(path) as administration:
        first = administration.identity()
        assert len(administration.snapshot().relations) == len(demo_snapshot().relations)
    moved = tmp_path / "elders.sqlite"
    path.rename(moved)
    with EmbeddedAdministration(moved) as administration:
        assert administration.identity().key == first.key  # moving the file keeps the administration
        assert administration.identity().name == "elders.sqlite"
    db = connect_sqlite(moved)
    assert db.value("SELECT [versie] FROM [tblSchemaVersie]") == SCHEMA_VERSION == 2
    db.close()


def test_a_snapshot_carries_its_administration_through_load_and_dump(tmp_path):
    from dataclasses import replace

    named = replace(demo_snapshot(), administration_id="6f1c0de0", administration_name="Koffie BV")
    with EmbeddedAdministration.create(tmp_path / "a.sqlite", named) as administration:
        assert administration.identity().key == "embedded:6f1c0de0"
        assert str(administration.identity()) == "'Koffie BV' (embedded:6f1c0de0)"
        assert administration.snapshot().administration_id == "6f1c0de0"
    with EmbeddedAdministration.create(tmp_path / "b.sqlite", demo_snapshot()) as unnamed:
        given = unnamed.identity()  # a snapshot without one: the file gets one at the first ask
        assert given.key.startswith("embedded:") and given.key != "embedded:"
        assert unnamed.identity() == given
        unnamed._writer.replace_contents(demo_snapshot())  # loading contents without an id keeps it
        assert unnamed.identity() == given
