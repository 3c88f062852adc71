"""`sconnect reconcile`, its repair and `run --dry-run` on SnelStart Web (the B2B API simulator),
as a user runs them."""
from __future__ import annotations

import json

import httpx
import pytest
from test_b2b_import import CLIENT_KEY, SUBSCRIPTION_KEY, b2b_folder, snelstart_web  # noqa: F401 (a fixture)

pytestmark = pytest.mark.slow


def reconcile_json(folder) -> tuple[int, dict]:
    result = folder.sconnect("reconcile", "--json")
    assert result.returncode in (0, 3), result.stderr
    return result.returncode, json.loads(result.stdout)


def delete_by_hand(api, number: int) -> None:
    """A bookkeeper deletes the sales order in SnelStart Web (through the API)."""
    with httpx.Client() as http:
        token = http.post(api.token_url, data={"grant_type": "clientkey", "clientkey": CLIENT_KEY}).json()
        headers = {"Authorization": f"Bearer {token['access_token']}", "Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY}
        [row] = http.get(api.base_url + "verkooporders", headers=headers, params={"$filter": f"Nummer eq {number}"}).json()
        assert http.delete(api.base_url + f"verkooporders/{row['id']}", headers=headers).is_success


def test_reconcile_and_rebook_on_snelstart_web(tmp_path, shop, snelstart_web):
    web = b2b_folder(tmp_path, snelstart_web, shop.base_url)
    code, run = web.run_json()
    assert code == 0 and run["created"] == 5
    snelstart_web.reset_calls()  # reconcile's reads only (the run asks for betalingskenmerken with its own $select)
    code, report = reconcile_json(web)
    assert (code, report["findings"]) == (0, [])
    reads = [c for c in snelstart_web.calls if c.method == "GET" and c.path == "/v2/verkooporders"
             and "$select" in c.query]
    assert reads and all(c.query["$select"] == "Id,Nummer,Betalingskenmerk,TotaalInclusiefBtw,Datum" for c in reads)

    delete_by_hand(snelstart_web, 2)  # order 12's
    code, report = reconcile_json(web)
    assert code == 3 and [(f["kind"], f["order"]) for f in report["findings"]] == [("missing_in_snelstart", "12")]
    assert web.sconnect("reconcile", "--rebook", "12", "--yes").returncode == 0
    code, run = web.run_json()
    assert [(o["order"], o["status"]) for o in run["orders"]] == [("12", "created")]
    code, report = reconcile_json(web)
    assert (code, report["findings"], report["checked"]["snelstart"]) == (0, [], 6)


def test_snelstart_web_unreachable_gives_exit_75_and_no_report(tmp_path, shop, snelstart_web):
    web = b2b_folder(tmp_path, snelstart_web, shop.base_url)
    web.run_json()
    snelstart_web.fail_next(503, times=50)
    result = web.sconnect("reconcile", "--json")
    assert result.returncode == 75 and result.stdout == "" and "SnelStart" in result.stderr


def test_a_dry_run_on_snelstart_web_only_reads(tmp_path, shop, snelstart_web):
    web = b2b_folder(tmp_path, snelstart_web, shop.base_url)
    before = snelstart_web.snapshot()
    result = web.sconnect("run", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["would_create"] == 5
    assert {c.method for c in snelstart_web.calls if c.path.startswith("/v2/")} == {"GET"}
    assert snelstart_web.snapshot() == before and not (tmp_path / "state.sqlite").exists()
