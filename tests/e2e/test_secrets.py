"""Secrets stay secret (SPEC §10): after runs with a known myShop key and SnelStart password and
keys — one order even echoing the key back, one kept in the keyring with `secret set` — none of
them is in any output, the log, the Excel export, the state database or the licence file."""
from __future__ import annotations

import json
import subprocess
import zipfile
from datetime import datetime
from urllib.parse import quote, quote_plus

import pytest

from installation import KEY
from schedule_support import plan

pytestmark = pytest.mark.slow

SECRETS = {
    "SCONNECT_SHOP1_SNELSTART_PASSWORD": "snelstart-wachtwoord-Zx81Q",
    "SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY": "b2b-subscription-7f3e9a01c4",
    "SCONNECT_SHOP1_SNELSTART_CLIENT_KEY": "koppelsleutel+Q9/xY==",  # base64-like: URL-encodes
}


def forms(secret: str) -> set[str]:
    return {secret, quote(secret, safe=""), quote_plus(secret)}


IN_KEYRING = ("shop1", "snelstart.password", "snelstart-wachtwoord-in-de-sleutelbos-K2")


def test_no_secret_reaches_output_log_export_or_state(installation, shop, tmp_path):
    installation.env.update(SECRETS)
    del installation.env["SCONNECT_SHOP1_SNELSTART_PASSWORD"]  # this one comes from the keyring
    installation.use_test_keyring()
    installation.grant_licence(2)  # the licence file, in the data folder too
    secrets = {KEY, *SECRETS.values(), IN_KEYRING[2]}
    kept = subprocess.run([*installation.command, "secret", "set", *IN_KEYRING[:2]], input=IN_KEYRING[2],
                          env=installation.env, cwd=installation.folder, capture_output=True, text=True, timeout=60)
    assert kept.returncode == 0, kept.stderr
    # A shop that echoes the key back in an order (a customer's name): it must not reach the log.
    shop.add_order(20, change_time=datetime(2024, 3, 2, 10, 0), email="echo@example.nl",
                   billing_firstname=f"Echo {KEY}",
                   billing_company=f"BV {SECRETS['SCONNECT_SHOP1_SNELSTART_PASSWORD']}")
    plan(installation, "15m")
    export = tmp_path / "log.xlsx"
    outputs = [installation.sconnect(*args) for args in (
        ["run", "--json"], ["run"], ["schedule", "--once"], ["status"], ["status", "--json"],
        ["history", "--json"], ["log", "--detailed"], ["log", "--json", "--detailed"],
        ["log", "export", str(export)], ["config", "check", "--json"], ["test-connection", "--json"],
        ["explain", "20", "--json"], ["explain", "20"], ["log"], ["config", "check"],
        ["licence", "show"], ["licence", "show", "--json"], ["secret", "delete", *IN_KEYRING[:2]],
        ["profile", "add", "shop2", "--kind", "b2b", "--shop-id", "1817700", "--template", "Webshop"],
        ["profile", "list"], ["profile", "list", "--json"], ["profile", "remove", "shop2", "--yes"],
        # A first configuration of another file, its test-connection reaching the shop with the key:
        ["--config", str(tmp_path / "new.toml"), "config", "init", "--non-interactive", "--shop-id", "1817700",
         "--kind", "embedded", "--database", str(installation.admin_file), "--shop-url", shop.base_url,
         "--state", str(tmp_path / "new-state.sqlite")])]
    assert outputs[-1].returncode == 0, outputs[-1].stdout + outputs[-1].stderr
    assert " OK  myShop" in outputs[-1].stdout
    outputs.insert(0, kept)
    shop.stop()  # and an error path: an unreachable shop, reported in one line
    outputs.append(installation.sconnect("run"))

    assert outputs[1].returncode == 0, outputs[1].stderr
    assert "shop1: snelstart.password from the keyring" in outputs[15].stdout
    log = json.loads(outputs[8].stdout)
    # The new relation's name echoed a secret: the log names the new klant, with *** for it.
    assert any("***" in e["message"] and "new klant" in e["message"] for e in log if e["order"] == "20"), \
        " | ".join(e["message"] for e in log if e["order"] == "20")
    assert outputs[-1].returncode == 75

    places = {f"{' '.join(r.args[3:])} stdout/stderr": (r.stdout + r.stderr).encode() for r in outputs}
    places.update({f.name: f.read_bytes() for f in installation.folder.glob("state.sqlite*")})
    places.update({f.name: f.read_bytes() for f in tmp_path.glob("new*")})  # the new file and its state
    places["config.toml"] = installation.config.read_bytes()
    places.update({f.name: f.read_bytes() for f in installation.folder.glob("licence.toml")})
    assert "licence.toml" in places
    with zipfile.ZipFile(export) as workbook:
        places.update({f"log.xlsx:{name}": workbook.read(name) for name in workbook.namelist()})
    assert any(name.startswith("state.sqlite") for name in places) and "log.xlsx:xl/worksheets/sheet1.xml" in places
    for secret in secrets:
        for form in forms(secret):
            leaks = [where for where, content in places.items() if form.encode() in content]
            assert leaks == [], f"{form!r} found in {leaks}"
