"""End to end on SnelStart Web: `sconnect` with a b2b profile pointed at the B2B API simulator
imports the demo shop's orders with the same results as the in-memory administration does for
the same administration and the same orders; a second run books nothing again. (The demo shop
is tests/e2e/conftest.py's `shop` fixture.)"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from installation import KEY, demo_text
from profiles import E2E_SALES, config_text, e2e_profile

from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import (
    Snapshot,
    dump_snapshot,
    parse_snapshot_json,
)

SUBSCRIPTION_KEY = "e2e-subscription-key-71c0"
CLIENT_KEY = "e2e-koppelsleutel-2d8f"

# b2b refuses footer cost types (no field for them in the API): payment costs go on a line.
SALES = {**E2E_SALES, "payment_costs": {"line": "BETAAL"}}


def demo_administration() -> Snapshot:
    return parse_snapshot_json(demo_text("interfaces.demo", "administration.json"))


class Folder:
    """config.toml and state.sqlite for one profile, and a way to run sconnect on them."""

    def __init__(self, folder: Path, kind: str, shop_url: str, **snelstart: str):
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        (folder / "config.toml").write_text(config_text(e2e_profile(
            kind=kind, shop_url=shop_url, description="e2e shop", sales=SALES,
            customers={"recognition": "smart", "default_payment_term": 14}, **snelstart)), encoding="utf-8")
        self.env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY,
                    "SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY": SUBSCRIPTION_KEY,
                    "SCONNECT_SHOP1_SNELSTART_CLIENT_KEY": CLIENT_KEY,
                    "SCONNECT_CONFIG": str(folder / "config.toml")}
        self.env.pop("SCONNECT_DEBUG", None)

    def sconnect(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "interfaces", *args], env=self.env, cwd=self.folder,
                              capture_output=True, text=True, timeout=120, check=False)

    def run_json(self) -> tuple[int, dict]:
        result = self.sconnect("run", "--json")
        assert not result.stderr.strip() or result.returncode != 0, result.stderr
        return result.returncode, json.loads(result.stdout)


@pytest.fixture
def snelstart_web():
    with B2BSimulator(demo_administration(), subscription_key=SUBSCRIPTION_KEY, client_key=CLIENT_KEY) as api:
        yield api


def b2b_folder(folder: Path, api: B2BSimulator, shop_url: str) -> Folder:
    return Folder(folder, "b2b", shop_url, base_url=api.base_url, token_url=api.token_url)


def booked(snapshot: Snapshot) -> dict:
    """What the runs wrote, without ids: sales orders, and relations and articles beyond the demo's."""
    dump = dump_snapshot(snapshot)
    before = dump_snapshot(demo_administration())
    strip = lambda rows: [{k: v for k, v in row.items() if k != "id"} for row in rows]  # noqa: E731
    known_relations = {r["relatiecode"] for r in before["relaties"]}
    known_articles = {a["artikelcode"] for a in before["artikelen"]}
    return {"verkooporders": strip(dump["verkooporders"]),
            "relaties": strip(r for r in dump["relaties"] if r["relatiecode"] not in known_relations),
            "artikelen": strip(a for a in dump["artikelen"] if a["artikelcode"] not in known_articles)}


def outcomes(report: dict) -> list[tuple]:
    return sorted((o["order"], o["status"], o.get("sales_order"), o.get("customer"), o.get("customer_created"),
                   o.get("reason"), tuple(o.get("warnings", ()))) for o in report["orders"])


@pytest.mark.slow
def test_b2b_books_what_the_in_memory_administration_books(tmp_path, shop, snelstart_web):
    memory = Folder(tmp_path / "memory", "memory", shop.base_url)
    FileAdministration.create(memory.folder / "administration.json", demo_administration())
    web = b2b_folder(tmp_path / "b2b", snelstart_web, shop.base_url)

    memory_code, memory_report = memory.run_json()
    web_code, web_report = web.run_json()

    assert web_code == memory_code == 0
    assert web_report["created"] == memory_report["created"] == 5
    assert outcomes(web_report) == outcomes(memory_report)
    expected = booked(FileAdministration(memory.folder / "administration.json").snapshot())
    assert booked(snelstart_web.snapshot()) == expected
    assert len(expected["verkooporders"]) == 6 and expected["relaties"]  # the demo books new customers too

    snelstart_web.reset_calls()
    state = (web.folder / "state.sqlite").read_bytes()
    assert web.sconnect("run", "--dry-run").returncode == 0
    assert (web.folder / "state.sqlite").read_bytes() == state  # the B2B memory too: read, not written
    again_code, again = web.run_json()
    assert (again_code, again["created"], again["orders"]) == (0, 0, [])
    assert len(snelstart_web.snapshot().sales_orders) == 6
    # The relations were kept from the first run: no run reads them whole again today.
    assert not [c for c in snelstart_web.calls if c.path == "/v2/relaties" and "$filter" not in c.query]


@pytest.mark.slow
def test_test_connection_and_secrets_on_a_b2b_profile(tmp_path, shop, snelstart_web):
    web = b2b_folder(tmp_path, snelstart_web, shop.base_url)

    result = web.sconnect("test-connection")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Simulated administration" in result.stdout
    web.run_json()
    outputs = [web.sconnect(*args) for args in (["log", "--detailed"], ["history", "--json"],
                                               ["test-connection"])]
    state = (web.folder / "state.sqlite").read_bytes()
    for secret in (SUBSCRIPTION_KEY, CLIENT_KEY):
        assert all(secret not in r.stdout + r.stderr for r in outputs)
        assert secret.encode() not in state


@pytest.mark.slow
def test_a_wrong_koppelsleutel_and_cost_types_are_configuration_errors(tmp_path, shop, snelstart_web):
    web = b2b_folder(tmp_path, snelstart_web, shop.base_url)
    web.env["SCONNECT_SHOP1_SNELSTART_CLIENT_KEY"] = "wrong-koppelsleutel"
    result = web.sconnect("test-connection")
    assert result.returncode != 0 and "snelstart.client_key" in result.stdout + result.stderr
    assert "wrong-koppelsleutel" not in result.stdout + result.stderr

    config = web.folder / "config.toml"
    config.write_text(config.read_text().replace('payment_costs = { line = "BETAAL" }',
                                                 'payment_costs = "cost_type_1"'))
    snelstart_web.reset_calls()
    result = web.sconnect("run", "--json")
    assert result.returncode == 78
    assert "profiles.shop1.sales.payment_costs: cost_type_1 is not available" in result.stderr
    assert snelstart_web.calls == []
