"""The licence in the console as the commands give it (interfaces/licensing.py, SPEC §9): the
Versie page says what `sconnect licence show` says, a profile beyond the licence is not run by
*Nu uitvoeren* (as `sconnect run` refuses it), and the task row says why."""
from __future__ import annotations

import pytest

from licences import trust_test_issuer, trust_the_real_issuer, write_licence
from profiles import e2e_profile


@pytest.fixture
def test_issuer():
    trust_test_issuer()
    yield
    trust_the_real_issuer()


def two_profiles(browser) -> None:
    config = browser.console.config().path
    config.write_text(config.read_text(encoding="utf-8") + "\n" + e2e_profile("shop2"), encoding="utf-8")


def test_without_a_licence_one_profile_runs_and_the_other_is_not_started(console_at, test_issuer):
    browser = console_at()
    two_profiles(browser)
    over = browser.get("/over").text
    assert "Geen licentie: zonder licentie werkt 1 profiel." in over
    assert "Niet uitgevoerd (buiten de licentie): shop2." in over
    english = browser.get("/over", headers={"accept-language": "en"}).text
    assert "Licence: none; 1 profile runs without one; not run: shop2 (beyond the licence)" in english
    start = browser.get("/").text
    row = start[start.index('data-profile="shop2"'):]
    assert row.index("buiten de licentie") < row.index("</tr>") and "disabled" in row[:row.index("</tr>")]
    refused = browser.post("/run/shop2").text
    assert "Profiel shop2 niet gestart: het valt buiten de licentie." in refused
    assert not browser.console.runs.running("shop2") and browser.console.state.history("shop2") == []


def test_an_imported_licence_as_licence_show_gives_it(console_at, test_issuer, tmp_path):
    from interfaces import licensing

    browser = console_at()
    two_profiles(browser)
    book = licensing.licence_container(str(browser.console.config().path)).licence_book()
    book.import_file(write_licence(tmp_path / "licence-file.toml", profiles=2, licensee="Bakkerij De Vries B.V."))
    over = browser.get("/over").text
    assert "Bakkerij De Vries B.V., 2 profiel(en), geldig tot 2099-12-31." in over
    assert "Profielen binnen de licentie: shop1, shop2." in over and "buiten de licentie" not in over
    assert "buiten de licentie" not in browser.get("/").text
