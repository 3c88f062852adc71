"""Instellingen's profiles (manual §2.1): added and removed from the browser by the same
decisions as `sconnect profile add/remove` (interfaces/profile_changes.py), within the licence."""
from __future__ import annotations

import pytest

from licences import trust_test_issuer, trust_the_real_issuer, write_licence


@pytest.fixture
def licensed_for_two(console_at, tmp_path):
    from interfaces import licensing

    trust_test_issuer()
    browser = console_at()
    book = licensing.licence_container(str(browser.console.config().path)).licence_book()
    book.import_file(write_licence(tmp_path / "licence-file.toml", profiles=2))
    yield browser
    trust_the_real_issuer()


NEW = {"profile_id": "winkel-2", "kind": "embedded", "shop_id": "3647800", "template": "Webwinkel",
       "description": "Tweede winkel"}


def test_a_profile_is_added_within_the_licence_and_removed(licensed_for_two):
    browser = licensed_for_two
    config = browser.console.config().path
    before = config.read_text(encoding="utf-8")
    page = browser.get("/instellingen/shop1").text
    assert 'id="profile-add"' in page and 'id="profile-remove"' not in page  # the only profile stays
    assert "Naam van het profiel" in browser.get("/profielen/nieuw").text
    added = browser.post("/profielen/nieuw", NEW)
    assert added.url.path == "/instellingen/winkel-2" and "Profiel winkel-2 toegevoegd" in added.text
    text = config.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip()) and "[profiles.winkel-2.sales]" in text  # appended, the rest kept
    assert browser.console.config().profiles["winkel-2"].settings.sales.template == "Webwinkel"
    assert 'database = "winkel-2-administration.sqlite"' in text  # `profile add`'s default
    full = browser.get("/instellingen/winkel-2").text
    assert 'id="profile-add"' not in full and "geen ruimte voor meer profielen" in full  # 2 of 2
    refused = browser.post("/profielen/nieuw", {**NEW, "profile_id": "winkel-3"})
    assert refused.status_code == 422 and "geen ruimte voor nog een profiel" in refused.text
    assert "winkel-3" not in config.read_text(encoding="utf-8")
    assert "De historie van de orders blijft bewaard" in browser.get("/profielen/winkel-2/verwijderen").text
    removed = browser.post("/profielen/winkel-2/verwijderen")
    assert "Profiel winkel-2 verwijderd" in removed.text
    assert config.read_text(encoding="utf-8").rstrip() == before.rstrip()


def test_a_new_profile_is_checked_as_profile_add_checks_it(licensed_for_two):
    browser = licensed_for_two
    config = browser.console.config().path
    before = config.read_text(encoding="utf-8")
    for form, field, words in (({**NEW, "profile_id": "winkel 2"}, "profile_id", "geen spaties"),
                               ({**NEW, "profile_id": "shop1"}, "profile_id", "al een profiel shop1"),
                               ({**NEW, "template": " "}, "template", "Nodig voor een nieuw profiel"),
                               ({**NEW, "kind": "sql"}, "server", "Nodig voor een nieuw profiel"),
                               ({**NEW, "start_from": "gisteren"}, "start_from", "gisteren")):
        answer = browser.post("/profielen/nieuw", form)
        assert answer.status_code == 422, form
        problem = answer.text.split(f'id="problem-{field}">', 1)
        assert len(problem) == 2 and words in problem[1].split("</div>", 1)[0], (form, answer.text[-3000:])
    assert config.read_text(encoding="utf-8") == before


def test_without_a_licence_for_more_there_is_no_list_and_nothing_is_added(console_at):
    browser = console_at()
    page = browser.get("/instellingen/shop1").text
    assert 'class="profiles"' not in page  # manual §2.1: one profile, no list
    refused = browser.post("/profielen/nieuw", NEW)
    assert refused.status_code == 422 and "geen ruimte voor nog een profiel" in refused.text
    assert "only profile" not in browser.get("/profielen/shop1/verwijderen").text
