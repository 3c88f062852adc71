"""`sconnect embedded load|dump` and `sconnect test-connection` on an embedded profile, run as a
user runs them: `python -m interfaces` in a child process, a configuration in a folder."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from infrastructure.simulators.myshop.server import MyShopSimulator
from infrastructure.snelstart.embedded import SCHEMA_VERSION, EmbeddedAdministration
from infrastructure.snelstart.odbc.sqlite import connect_sqlite
from infrastructure.snelstart.snapshot import parse_snapshot_json, snapshot_json

from embedded_support import ROOT, demo_snapshot
from profiles import NO_SHOP, config_text, profile  # NO_SHOP: load and dump never ask the shop

pytestmark = pytest.mark.slow

KEY = "cli-test-key-5E2B"


class Folder:
    def __init__(self, path: Path, kind: str = "embedded", database: str = "administratie.sqlite",
                 base_url: str = NO_SHOP):
        self.path = path
        self.database = path / database
        (path / "config.toml").write_text(config_text(profile(kind=kind, database=database, shop_url=base_url)),
                                          encoding="utf-8")
        self.env = {**os.environ, "SCONNECT_CONFIG": str(path / "config.toml"),
                    "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY}
        self.env.pop("SCONNECT_DEBUG", None)

    def sconnect(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "interfaces", *args], cwd=ROOT, env=self.env,
                              capture_output=True, text=True, timeout=120)

    def write(self, name: str, text: str) -> Path:
        file = self.path / name
        file.write_text(text, encoding="utf-8")
        return file


@pytest.fixture
def folder(tmp_path) -> Folder:
    return Folder(tmp_path)


def test_load_dump_and_loading_the_dump_again(folder):
    snapshot_file = folder.write("demo.json", snapshot_json(demo_snapshot()))

    loaded = folder.sconnect("embedded", "load", str(snapshot_file))
    first = folder.sconnect("embedded", "dump")
    second = folder.sconnect("embedded", "dump")

    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 8 relations, 11 articles, 1 verkooporders" in loaded.stderr
    assert first.returncode == 0 and first.stdout == second.stdout  # two dumps diff cleanly
    assert parse_snapshot_json(first.stdout) == demo_snapshot()
    with EmbeddedAdministration(folder.database) as administration:  # it really is the SQLite file
        assert administration.snapshot() == demo_snapshot()
    again = folder.sconnect("embedded", "load", str(folder.write("dump.json", first.stdout)))
    assert again.returncode == 0, again.stderr
    assert folder.sconnect("embedded", "dump").stdout == first.stdout  # loading a dump gives the same dump


def _fill(folder: Folder) -> str:
    with EmbeddedAdministration.create(folder.database, demo_snapshot()) as administration:
        return snapshot_json(administration.snapshot())


def test_a_bad_document_is_refused_in_one_line_naming_the_path_and_nothing_changes(folder):
    before = _fill(folder)
    document = json.loads(before)
    document["relaties"][3]["vestigingsAdres"]["land"] = "Nederland"  # after three good relations

    refused = folder.sconnect("embedded", "load", str(folder.write("bad.json", json.dumps(document))))

    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "relaties[3].vestigingsAdres.land" in lines[0]
    assert "Traceback" not in refused.stderr
    with EmbeddedAdministration(folder.database) as administration:
        assert snapshot_json(administration.snapshot()) == before


def test_dumping_a_missing_administration_says_how_to_fill_it_and_creates_nothing(folder):
    result = folder.sconnect("embedded", "dump")

    assert result.returncode == 78
    assert "sconnect embedded load FILE.json" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not folder.database.exists()


def test_the_memory_kind_still_loads_and_dumps_its_snapshot_file(tmp_path):
    memory = Folder(tmp_path, kind="memory", database="administratie.json")

    loaded = memory.sconnect("embedded", "load", str(memory.write("demo.json", snapshot_json(demo_snapshot()))))

    assert loaded.returncode == 0, loaded.stderr
    assert parse_snapshot_json(memory.database.read_text(encoding="utf-8")) == demo_snapshot()
    assert parse_snapshot_json(memory.sconnect("embedded", "dump").stdout) == demo_snapshot()


@pytest.fixture(scope="module")
def shop():
    with MyShopSimulator(resources.files("interfaces.demo").joinpath("orders.xml").read_bytes(),
                         shop_id="1817700", key=KEY) as simulator:
        yield simulator


@pytest.fixture
def connected(tmp_path, shop) -> Folder:
    """A profile whose shop answers on 127.0.0.1, so only SnelStart's checks can fail."""
    return Folder(tmp_path, base_url=shop.base_url)


def _checks(result: subprocess.CompletedProcess) -> dict[str, dict]:
    return {check["part"]: check for check in json.loads(result.stdout)}


def test_test_connection_checks_the_embedded_read_and_write_paths(connected):
    _fill(connected)

    result = connected.sconnect("test-connection", "--json")
    checks = _checks(result)

    read, write = checks["SnelStart read"], checks["SnelStart write"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert read["ok"] and f"schema version {SCHEMA_VERSION}" in read["message"]
    assert "8 relations, 11 articles, 1 sales orders" in read["message"]
    assert write["ok"] and str(connected.database) in write["message"]
    assert checks["myShop"]["ok"] and checks["profiles.shop1.sales.template"]["ok"]


def test_test_connection_says_so_when_the_schema_version_is_another(connected):
    _fill(connected)
    db = connect_sqlite(connected.database)
    db.execute("UPDATE [tblSchemaVersie] SET [versie] = 99")
    db.close()

    result = connected.sconnect("test-connection", "--json")
    read = _checks(result)["SnelStart read"]

    assert result.returncode == 78
    assert not read["ok"] and "schema version 99" in read["message"] and f"version {SCHEMA_VERSION}" in read["message"]
    assert "SnelStart write" not in _checks(result)


def test_test_connection_on_a_missing_administration_file(connected):
    result = connected.sconnect("test-connection")

    assert result.returncode == 78
    assert "FAIL SnelStart read" in " ".join(result.stdout.split())
    assert "sconnect embedded load FILE.json" in " ".join(result.stdout.split())
    assert not connected.database.exists()


def _one_line(result: subprocess.CompletedProcess) -> str:
    return " ".join((result.stdout + result.stderr).split())


@pytest.mark.parametrize("command", [("run",), ("embedded", "dump"), ("test-connection",)])
def test_an_empty_administration_file_is_refused_like_a_missing_one(connected, command):
    connected.database.write_bytes(b"")  # what a failed load used to leave, or a `touch`

    result = connected.sconnect(*command)

    assert result.returncode == 78, result.stdout + result.stderr
    assert "snelstart.database" in result.stdout + result.stderr
    assert "is empty" in _one_line(result) and "sconnect embedded load FILE.json" in _one_line(result)
    assert "Traceback" not in result.stderr
    assert connected.database.stat().st_size == 0  # never turned into an empty administration
    assert sorted(p.name for p in connected.path.iterdir() if p.name.startswith("administratie")) == [
        "administratie.sqlite"]


@pytest.mark.parametrize("command", [("embedded", "dump"), ("test-connection",)])
def test_a_folder_as_administration_file_is_a_configuration_error(connected, command):
    connected.database.mkdir()

    result = connected.sconnect(*command)

    assert result.returncode == 78, result.stdout + result.stderr  # not 75: waiting will not help
    assert "snelstart.database" in result.stdout + result.stderr and "is a folder" in _one_line(result)


@pytest.mark.parametrize("document, path", [
    ('{"relaties": [{"relatiecode": 99999999999999999999, "naam": "X"}]}', "relaties[0].relatiecode"),
    ('{"verkoopordersjablonen": [{"id": "t", "omschrijving": "W", "nummer": 9223372036854775808}]}',
     "verkoopordersjablonen[0].nummer"),
    ('{"artikelen": [{"artikelcode": "A", "omschrijving": "a", "verkoopprijs": "1E+999999999"}]}',
     "artikelen[0].verkoopprijs"),
    ('{"relaties": [{"relatiecode": 1, "naam": "a\\u0000b"}]}', "relaties[0].naam"),
])
def test_a_load_refused_on_a_value_names_its_path_and_creates_no_file(folder, document, path):
    result = folder.sconnect("embedded", "load", str(folder.write("bad.json", document)))

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), result.stderr
    assert sorted(p.name for p in folder.path.iterdir()) == ["bad.json", "config.toml"]
