"""The licence as the user meets it (SPEC §9): `licence import`/`show`, run and schedule refusing
the profiles beyond it (exit 78 naming the licence), `status` showing it. The product's own
issuer key is used where the test says `installation.command` is the plain program; elsewhere
the test issuer's, through the container's override (tests/licences.py)."""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from datetime import date, timedelta

import pytest
from licences import OTHER_ISSUER, write_licence

from infrastructure.clock import SystemClock
from installation import KEY, TEST_ISSUER_DRIVER
from schedule_support import plan


def dutch_today() -> date:
    """A licence's days are Dutch days (S-Connect's clock is Amsterdam's): between 23:00 and
    midnight UTC the machine's date.today() is a day behind them."""
    return SystemClock().now().date()


pytestmark = pytest.mark.slow


def add_profile(installation, profile_id: str) -> None:
    """Another profile on the same shop, booking into its own copy of the administration."""
    text = installation.config.read_text()
    start = text.index("[profiles.shop1]")
    ends = [found for found in (re.search(r"^\[profiles\.(?!shop1[.\]])", text[start:], re.M),
                                re.search(r"^\[profiles\.shop1\.planning\]", text[start:], re.M)) if found]
    shop1 = text[start:start + min(found.start() for found in ends)] if ends else text[start:]
    admin = installation.admin_file
    copy = admin.with_name(f"{admin.stem}-{profile_id}{admin.suffix}")
    shutil.copyfile(admin, copy)
    installation.config.write_text(text + "\n" + shop1.replace("profiles.shop1", f"profiles.{profile_id}")
                                   .replace(f'"{admin.name}"', f'"{copy.name}"'))
    installation.env[f"SCONNECT_{profile_id.upper()}_MYSHOP_PRIVATE_KEY"] = KEY


def trusting_the_test_issuer(installation) -> None:
    installation.command = [sys.executable, str(TEST_ISSUER_DRIVER)]


def show(installation) -> dict:
    return json.loads(installation.sconnect("licence", "show", "--json", check=True).stdout)


def test_without_a_licence_only_the_first_profile_runs(installation):
    add_profile(installation, "shop2")
    refused = installation.sconnect("run", "--profile", "shop2")
    assert refused.returncode == 78 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "configuration error: profile shop2 is not covered by the licence: without a licence 1 profile runs "
        "(shop1); import a licence for more profiles with `sconnect licence import FILE`"]
    del installation.env["SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY"]  # the licence is said first, not the missing key
    assert installation.sconnect("run", "--profile", "shop2").stderr == refused.stderr
    assert installation.sconnect("run", "--profile", "shop1").returncode == 0
    assert installation.sconnect("licence", "show", check=True).stdout.splitlines() == [
        "licence: none; 1 profile runs without one; not run: shop2 (beyond the licence)"]


def test_the_product_refuses_a_licence_its_issuer_did_not_sign(installation, tmp_path):
    licence = write_licence(tmp_path / "test-issuer.toml", profiles=5)
    result = installation.sconnect("licence", "import", str(licence))  # the real program, the real key
    assert result.returncode == 78
    assert result.stderr.startswith(f"licence not imported: {licence}: signed by another key (")
    assert len(result.stderr.splitlines()) == 1
    assert show(installation)["licensee"] is None


def test_a_licence_for_two_lets_the_first_two_run_and_refuses_the_third(installation, tmp_path):
    trusting_the_test_issuer(installation)
    add_profile(installation, "shop2")
    add_profile(installation, "shop3")
    result = installation.sconnect("licence", "import", str(write_licence(tmp_path / "l.toml", profiles=2)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("licence imported: licence of Koffiebranderij De Boon B.V. for 2 profile(s), "
                                     "valid until 2099-12-31")
    assert (tmp_path / "state.sqlite").parent == installation.folder
    assert (installation.folder / "licence.toml").exists()  # next to the state database
    data = show(installation)
    assert (data["licensee"], data["profiles"], data["running"], data["not_licensed"]) == (
        "Koffiebranderij De Boon B.V.", 2, ["shop1", "shop2"], ["shop3"])
    assert installation.sconnect("run", "--profile", "shop2").returncode == 0
    refused = installation.sconnect("run", "--profile", "shop3", "--json")
    assert refused.returncode == 78 and refused.stdout == ""
    assert refused.stderr.startswith("configuration error: profile shop3 is not covered by the licence: the licence "
                                     "of Koffiebranderij De Boon B.V. for 2 profile(s), valid until 2099-12-31 "
                                     "covers the first 2 of the configuration file (shop1, shop2)")


def test_schedule_runs_the_licensed_profiles_and_says_exit_78_for_the_others(installation, tmp_path):
    trusting_the_test_issuer(installation)
    plan(installation, "15m")
    add_profile(installation, "shop2")
    plan(installation, "15m", profile="shop2")
    installation.sconnect("licence", "import", str(write_licence(tmp_path / "l.toml", profiles=1)), check=True)
    result = installation.sconnect("schedule", "--once")
    assert result.returncode == 78
    assert "shop1: booked 5, skipped 0, failed 0" in result.stdout
    assert "shop2: not run: profile shop2 is not covered by the licence: the licence of Koffiebranderij De Boon " \
           "B.V. for 1 profile(s)" in result.stdout


@pytest.mark.parametrize("make, why", [
    (lambda p: p.write_bytes(os.urandom(2048)), "not a licence file ("),
    (lambda p: p.write_bytes(b"x" * (50 * 1024 * 1024)), "not a licence file (50.0 MB; a licence is a few hundred bytes)"),
    (lambda p: p.write_bytes(write_licence(p).read_bytes().replace(b"De Boon", "Caf\xe9".encode("latin-1"))),
     "not a licence file (line 4 is not UTF-8 text)"),
    (lambda p: p.write_text(write_licence(p).read_text().replace('signature = "', 'signature = "AAAA')),
     "the signature is damaged (67 bytes; an Ed25519 signature has 64)"),
    (lambda p: p.write_text(write_licence(p).read_text().replace("profiles = 3", "profiles = 30")), "tampered with"),
    (lambda p: write_licence(p, issuer=OTHER_ISSUER), "signed by another key"),
    (lambda p: write_licence(p, expires=dutch_today() - timedelta(days=1)), "expired on"),
    (lambda p: p.write_text("\n".join(l for l in write_licence(p).read_text().splitlines()
                                      if not l.startswith("signature"))), "unsigned"),
])
def test_each_refusal_is_one_line_and_the_licence_in_force_stays(installation, tmp_path, make, why):
    trusting_the_test_issuer(installation)
    installation.sconnect("licence", "import", str(write_licence(tmp_path / "good.toml", profiles=4)), check=True)
    bad = tmp_path / "bad.toml"
    make(bad)
    result = installation.sconnect("licence", "import", str(bad))
    assert result.returncode == 78 and result.stdout == ""
    assert result.stderr.startswith(f"licence not imported: {bad}: {why}")
    assert result.stderr.endswith("; the licence in force stays\n") and len(result.stderr.splitlines()) == 1
    assert show(installation)["profiles"] == 4


def test_a_missing_licence_file_is_a_usage_error(installation, tmp_path):
    result = installation.sconnect("licence", "import", str(tmp_path / "nothing.toml"))
    assert result.returncode == 2 and result.stderr.strip().endswith("nothing.toml: no such file")


def test_status_shows_the_licence_and_warns_before_it_ends(installation, tmp_path):
    trusting_the_test_issuer(installation)
    ends = dutch_today() + timedelta(days=10)
    installation.sconnect("licence", "import", str(write_licence(tmp_path / "l.toml", profiles=2, expires=ends)),
                          check=True)
    text = installation.sconnect("status", check=True).stdout
    assert f"licence: Koffiebranderij De Boon B.V., 2 profile(s), valid until {ends:%Y-%m-%d}" in text
    assert "warning: the licence of Koffiebranderij De Boon B.V. for 2 profile(s)" in text and "ends in 10 day(s)" in text
    data = json.loads(installation.sconnect("status", "--json", check=True).stdout)
    assert data["licence"]["expires"] == f"{ends:%Y-%m-%d}" and data["profiles"][0]["licensed"] is True


def test_an_expired_licence_counts_as_none_and_every_run_says_so(installation, tmp_path):
    trusting_the_test_issuer(installation)
    add_profile(installation, "shop2")
    # A licence imported long ago that has ended since (import refuses an expired one).
    write_licence(installation.folder / "licence.toml", profiles=2, expires=date(2024, 12, 31))
    text = installation.sconnect("status", check=True).stdout
    assert ("licence: Koffiebranderij De Boon B.V., 2 profile(s), expired on 2024-12-31; not run: shop2 "
            "(beyond the licence)") in text
    assert "warning: the licence of Koffiebranderij De Boon B.V. for 2 profile(s) expired on 2024-12-31: it counts " \
           "as none, so only 1 profile runs" in text
    run = installation.sconnect("run", "--profile", "shop1", "--json")
    assert run.returncode == 0 and json.loads(run.stdout)["created"] == 5
    assert run.stderr.startswith("warning: the licence of Koffiebranderij De Boon B.V. for 2 profile(s) expired on "
                                 "2024-12-31: it counts as none")
    refused = installation.sconnect("run", "--profile", "shop2")
    assert refused.returncode == 78 and "expired on 2024-12-31, so it counts as none" in refused.stderr
