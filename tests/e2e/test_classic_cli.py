"""The SnelStart desktop kinds at the command line. On this (Linux) machine for real: a classic
profile says plainly what it lacks, read path and write path each on one line. Through the
test driver (classic-shaped SQLite + the fake Gateway): a run, inspect and a draft map."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import msaccessdb
import pytest

from infrastructure.simulators.myshop.server import MyShopSimulator
from installation import KEY, Installation, demo_text
from profiles import NO_SHOP, SHOP, config_text, profile


def sconnect(folder: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY, "SCONNECT_CONFIG": str(folder / "config.toml")}
    env.pop("SCONNECT_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "interfaces", *args], env=env, cwd=folder, capture_output=True,
                          text=True, timeout=120)


def checks(result: subprocess.CompletedProcess) -> dict:
    return {c["part"]: c for c in json.loads(result.stdout)}


def write_config(home: Path, **snelstart) -> None:
    (home / "config.toml").write_text(config_text(profile(shop_url=NO_SHOP, **snelstart)), encoding="utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="what a machine without Windows and SQL Server says")
def test_a_local_profile_on_linux_says_what_it_lacks_for_reading_and_for_writing(tmp_path):
    (tmp_path / "admins").mkdir()
    (tmp_path / "admins" / "Voorbeeld.mdf").write_bytes(b"")
    write_config(tmp_path, kind="local", folder="admins", administration="Voorbeeld")

    result = sconnect(tmp_path, "test-connection", "--json")
    found = checks(result)
    assert result.returncode == 78
    read, write = found["SnelStart read"], found["SnelStart write"]
    assert not read["ok"] and "the ODBC driver 'ODBC Driver 18 for SQL Server' is not installed" in read["message"]
    assert not write["ok"] and write["message"].startswith("the SnelStart Gateway is not installed")
    assert "Linux" in write["message"]
    assert "Traceback" not in result.stderr

    run = sconnect(tmp_path, "run")
    assert run.returncode == 78 and "Traceback" not in run.stderr
    assert run.stderr.strip().count("\n") == 0 and "is not installed" in run.stderr


def test_an_mdb_profile_is_read_through_mdbtools_and_the_map_checked_against_the_file(tmp_path):
    (tmp_path / "admins").mkdir()
    msaccessdb.create(str(tmp_path / "admins" / "Oud.mdb"))
    write_config(tmp_path, kind="mdb", folder="admins", administration="Oud")

    result = sconnect(tmp_path, "test-connection", "--json")
    read, write = checks(result)["SnelStart read"], checks(result)["SnelStart write"]
    assert result.returncode == 78
    assert "Oud.mdb has no table tblRelatie" in read["message"] and "sconnect snelstart inspect" in read["message"]
    assert not write["ok"]

    listed = sconnect(tmp_path, "snelstart", "administrations", "--json")
    assert json.loads(listed.stdout)["administrations"] == ["Oud"]

    inspected = sconnect(tmp_path, "snelstart", "inspect", "--json")
    assert inspected.returncode == 0, inspected.stderr
    data = json.loads(inspected.stdout)
    assert data["tables"] == [] and {"concept": "relations", "table": "tblRelatie", "column": None} in data["missing"]


def test_inspect_works_on_the_embedded_administration_and_drafts_a_map_from_it(tmp_path):
    write_config(tmp_path, kind="embedded")
    loaded = sconnect(tmp_path, "embedded", "load", str(Path(__file__).resolve().parents[2] / "interfaces" / "demo"
                                                         / "administration.json"))
    assert loaded.returncode == 0, loaded.stderr

    result = sconnect(tmp_path, "snelstart", "inspect", "--write-map", "draft.toml")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "tblRelatie ← relations" in out and "relatiecode ← relations.code" in out
    assert "missing here, named by the map" in out and "countries: table tblLand" in out
    draft = (tmp_path / "draft.toml").read_text(encoding="utf-8")
    data = tomllib.loads(draft)  # valid TOML, in the schema map's shape
    assert data["relations"]["table"] == "tblRelatie"
    assert data["relations"]["columns"]["code"] == "relatiecode"  # the database's own spelling
    assert "# CHECK" in draft and "# MISSING" in draft

    again = sconnect(tmp_path, "snelstart", "inspect", "--write-map", "draft.toml")
    assert again.returncode == 78 and "already exists" in again.stderr


@pytest.fixture
def classic(tmp_path):
    with MyShopSimulator(demo_text("interfaces.demo", "orders.xml").encode(), shop_id=SHOP, key=KEY) as shop:
        yield Installation(tmp_path, shop.base_url, kind="local")


def test_on_the_classic_shaped_database_every_mapped_name_is_there_and_a_run_books(classic):
    inspected = classic.sconnect("snelstart", "inspect", "--json")
    assert inspected.returncode == 0, inspected.stderr
    assert json.loads(inspected.stdout)["missing"] == []

    tested = classic.sconnect("test-connection", "--json")
    found = checks(tested)
    assert found["SnelStart read"]["ok"] and found["SnelStart write"]["ok"], tested.stdout
    assert "opened Demo" in found["SnelStart write"]["message"]

    code, report = classic.run_json()
    assert (code, report["created"], report["failed"]) == (0, 5, 0), report
    booked = {o.payment_reference for o in classic.sales_orders()}
    assert {"12", "13", "14", "15", "17"} <= booked
