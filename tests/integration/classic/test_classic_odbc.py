"""Reading SnelStart desktop over ODBC for real: the classic-shaped SQLite database through the
SQLite3 driver, and a real Access file through the MDBTools driver (Linux's way to read .mdb)."""
from __future__ import annotations

import tomllib

import msaccessdb
import pytest

from domain.errors import ConfigurationError
from infrastructure.config.model import SnelStartConnection, SnelStartKind
from infrastructure.simulators.snelstart_gateway import ClassicDatabase
from infrastructure.snelstart.classic.administration import ClassicAdministration, catalogue_of
from infrastructure.snelstart.classic.gateway import GatewayTarget
from infrastructure.snelstart.classic.inspect import inspect
from infrastructure.snelstart.classic.schema_map import load_schema_map, parse_schema_map, shipped_text
from infrastructure.snelstart.classic.sources import classic_source
from infrastructure.snelstart.odbc.connection import odbc_module

from classic_fixtures import create, open_classic


def test_a_map_naming_a_column_the_database_lacks_is_refused_when_connecting(tmp_path):
    path = create(tmp_path)
    data = tomllib.loads(shipped_text())
    data["articles"]["columns"]["price"] = "Verkoopprijs2"
    with pytest.raises(ConfigurationError) as refused:
        open_classic(path, parse_schema_map(data, "snelstart.schema_map (mijn.toml)"))
    message = str(refused.value)
    assert message.startswith(f"snelstart.schema_map (mijn.toml): {path} has no column tblArtikel.Verkoopprijs2;")
    assert "\n" not in message


def test_a_column_holding_what_the_map_does_not_expect_is_one_line_naming_it(tmp_path):
    # A map pointing the price at the description column: the values are no amounts.
    data = tomllib.loads(shipped_text())
    data["articles"]["columns"]["price"] = "Omschrijving"
    administration, library = open_classic(create(tmp_path), parse_schema_map(data, "snelstart.schema_map (m.toml)"))
    try:
        with pytest.raises(ConfigurationError) as refused:
            administration.article_by_code("ART-1001", "artikelcode")
    finally:
        administration.close()
        library.database.close()
    message = str(refused.value)
    assert message.startswith("snelstart.schema_map (m.toml): tblArtikel.Omschrijving holds '")
    assert "which is not an amount; check the map" in message and "\n" not in message


def test_money_stored_as_a_number_comes_back_exact(demo):
    administration, _ = demo
    # The column is REAL, so the SQLite3 driver hands 24.95 back as a float: read by its text.
    assert str(administration.article_by_code("ART-1001", "artikelcode").sales_price) == "24.95"


def test_inspect_lists_the_classic_shaped_database_with_nothing_missing(tmp_path):
    path = create(tmp_path)
    administration, library = open_classic(path)
    try:
        found = inspect(administration._db, load_schema_map())
    finally:
        administration.close()
        library.database.close()
    assert found.missing == ()
    assert "tblRelatie" in found.catalogue.tables and "RelatieCode" in found.catalogue.tables["tblRelatie"]
    assert found.mapped_as("tblrelatie", "relatiecode") == ["relations.code"]


@pytest.fixture
def access_file(tmp_path):
    folder = tmp_path / "Administraties"
    folder.mkdir()
    msaccessdb.create(str(folder / "Oud.mdb"))  # an empty Jet 4 database
    return folder


def test_mdbtools_opens_a_real_access_administration_and_the_map_is_checked_against_it(access_file):
    if "MDBTools" not in odbc_module().drivers():
        pytest.skip("the MDBTools ODBC driver is not installed (apt-get install odbc-mdbtools)")
    connection = SnelStartConnection(kind=SnelStartKind.MDB, folder=access_file, administration="Oud")
    source = classic_source(connection, platform="linux")
    db = source.connect()
    try:
        assert db.table_names() == []  # an empty administration: its system tables are not listed
        assert catalogue_of(db).tables == {}
    finally:
        db.close()
    with pytest.raises(ConfigurationError) as refused:
        ClassicAdministration(source, load_schema_map(), None, GatewayTarget.of(connection))
    assert f"{access_file / 'Oud.mdb'} has no table tblRelatie" in str(refused.value)


def test_classic_database_keeps_what_snelstart_would_not_show_the_reader(tmp_path):
    path = create(tmp_path)
    database = ClassicDatabase(path)
    try:
        assert database.snapshot().sales_orders[0].lines
    finally:
        database.close()
