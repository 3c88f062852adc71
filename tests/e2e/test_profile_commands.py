"""`sconnect profile list/add/remove` on a real configuration file: edited in place with the
user's comments and order kept, a new profile complete with every setting at its default and the
documentation's words above each, refused (file unchanged) when the id is taken or bad, beyond
the licence, read-only, or when the result would not read."""
from __future__ import annotations

import json
import os
import sys
from dataclasses import replace

import pexpect
import pytest

from infrastructure.config import load_config
from infrastructure.config.catalogue import PROFILE, SECTIONS

pytestmark = pytest.mark.slow

COMMENTED = "# Mijn instellingen — door Anna\n# (niet aan komen)\n"


@pytest.fixture
def installation(installation):
    """The e2e installation with the user's own comments at the top and beside a value."""
    text = installation.config.read_text()
    installation.config.write_text(COMMENTED + text.replace('template = "Webshop"',
                                                            'template = "Webshop"   # zo heet hij in SnelStart'))
    return installation


def test_add_appends_a_complete_profile_and_keeps_everything_that_was_there(installation):
    installation.grant_licence(2)
    before = installation.config.read_text()
    result = installation.sconnect("profile", "add", "winkel-2", "--kind", "embedded", "--shop-id", "3647800",
                                   "--template", "Webwinkel", "--description", "www.tweede-winkel.nl",
                                   "--start-from", "2025-06-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"profile winkel-2 added to {installation.config}, every setting at its default"
    after = installation.config.read_text()
    assert after.startswith(before.rstrip()) and "# zo heet hij in SnelStart" in after
    added = after[len(before.rstrip()):]
    for section, settings in SECTIONS.items():
        assert f"[profiles.winkel-2.{section}]" in added
        for setting in settings:
            if "embedded" in setting.kinds:
                assert " ".join(setting.comment.split()) in " ".join(line[2:] for line in added.splitlines()
                                                                     if line.startswith("# ")), setting.key
    for setting in PROFILE:
        assert setting.comment in added.replace("\n# ", " ")

    config = load_config(installation.config, {}, need_secrets=False)
    new, first = config.profile("winkel-2"), config.profile("shop1")
    assert list(config.profiles) == ["shop1", "winkel-2"]  # after the profiles that were there
    assert (new.myshop.shop_id, new.settings.sales.template, new.description) == ("3647800", "Webwinkel",
                                                                                  "www.tweede-winkel.nl")
    assert new.snelstart.database == str(installation.folder / "winkel-2-administration.sqlite")
    # Every setting at its default: what a profile that says nothing else reads as.
    bare = load_config(_bare(installation), {}, need_secrets=False).profile("bare")
    assert new.settings.articles == bare.settings.articles and new.settings.customers == bare.settings.customers
    assert new.settings.sales == replace(bare.settings.sales, template="Webwinkel")
    assert (new.planning, new.myshop.skip_statuses, new.myshop.base_url) == (
        bare.planning, bare.myshop.skip_statuses, bare.myshop.base_url)
    listed = json.loads(installation.sconnect("profile", "list", "--json", check=True).stdout)
    assert [(p["profile"], p["kind"], p["licensed"]) for p in listed] == [("shop1", "embedded", True),
                                                                           ("winkel-2", "embedded", True)]


def _bare(installation):
    path = installation.folder / "bare.toml"
    path.write_text('[profiles.bare.snelstart]\nkind = "embedded"\ndatabase = "x.sqlite"\n'
                    '[profiles.bare.myshop]\nshop_id = "1"\nstart_from = 1\n[profiles.bare.sales]\ntemplate = "T"\n')
    return path


def test_a_b2b_profile_says_where_its_keys_go(installation):
    installation.grant_licence(2)
    result = installation.sconnect("profile", "add", "web", "--kind", "b2b", "--shop-id", "12", "--template", "W")
    assert result.returncode == 0, result.stderr
    assert ("its snelstart.client_key: set SCONNECT_WEB_SNELSTART_CLIENT_KEY or run `sconnect secret set web "
            "snelstart.client_key`") in result.stdout
    text = installation.config.read_text()
    assert 'base_url = "https://b2bapi.snelstart.nl/v2/"' in text and "client_key =" not in text


@pytest.mark.parametrize("args, line, code", [
    (["shop1", "--kind", "embedded", "--shop-id", "1", "--template", "W"], "profile shop1 exists already in ", 2),
    (["mijn winkel", "--kind", "embedded"], "'mijn winkel' is not a profile id: letters, digits, '-' and '_'", 2),
    (["shop.2", "--kind", "embedded"], "'shop.2' is not a profile id", 2),
    (["shop2", "--kind", "odbc"], "--kind: 'odbc' is not one of sql, mdb, local, b2b, embedded, memory", 2),
    (["shop2", "--kind", "sql", "--shop-id", "1", "--template", "W"], "profile add shop2: also give --server, "
                                                                     "--database", 2),
    (["shop2", "--kind", "embedded", "--shop-id", "12a", "--template", "W"],
     "configuration error: profiles.shop2.myshop.shop_id: '12a' is not a winkelnummer (digits only)", 78),
    (["shop2", "--kind", "embedded", "--shop-id", "1", "--template", "W", "--start-from", "gisteren"],
     "configuration error: profiles.shop2.myshop.start_from: 'gisteren' is neither a date/time", 78),
])
def test_a_refused_add_is_one_line_and_changes_nothing(installation, args, line, code):
    installation.grant_licence(5)
    before = installation.config.read_bytes()
    result = installation.sconnect("profile", "add", *args)
    assert result.returncode == code and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line), result.stderr
    assert installation.config.read_bytes() == before
    assert sorted(p.name for p in installation.folder.iterdir() if p.name.startswith(".config")) == []


def test_a_configuration_that_is_not_utf8_is_named_and_left_alone(installation):
    installation.grant_licence(2)
    installation.config.write_bytes(installation.config.read_bytes().replace(b"e2e shop", "caf\xe9".encode("latin-1")))
    before = installation.config.read_bytes()
    result = installation.sconnect("profile", "add", "shop2", "--kind", "embedded", "--shop-id", "1", "--template", "W")
    assert result.returncode == 78 and installation.config.read_bytes() == before
    assert len(result.stderr.splitlines()) == 1 and result.stderr.endswith(": not UTF-8 text\n")


def test_add_beyond_the_licence_is_refused_naming_it(installation):
    before = installation.config.read_bytes()
    result = installation.sconnect("profile", "add", "shop2", "--kind", "embedded", "--shop-id", "1", "--template", "W")
    assert result.returncode == 78 and installation.config.read_bytes() == before
    assert result.stderr.splitlines() == [
        "configuration error: profile shop2 not added: profile shop2 is not covered by the licence: without a licence "
        "1 profile runs (shop1); import a licence for more profiles with `sconnect licence import FILE`"]


def test_a_read_only_configuration_is_left_alone(installation):
    installation.grant_licence(3)
    installation.sconnect("profile", "add", "shop2", "--kind", "embedded", "--shop-id", "1", "--template", "W",
                          check=True)
    installation.config.chmod(0o444)
    before = installation.config.read_bytes()
    for args in (["add", "shop3", "--kind", "embedded", "--shop-id", "1", "--template", "W"], ["remove", "shop2", "--yes"]):
        result = installation.sconnect("profile", *args)
        assert result.returncode == 78 and installation.config.read_bytes() == before
        assert result.stderr.splitlines() == [f"configuration error: {installation.config}: the file is read-only; "
                                              f"nothing changed (make it writable first)"]


def test_remove_takes_out_every_table_of_the_profile_and_nothing_else(installation):
    installation.grant_licence(3)
    # A note after shop1's last table is shop1's (tomlkit's rule: a comment belongs to the table it is in).
    installation.config.write_text(installation.config.read_text() + "\n# Anna's note at the end\n")
    original = installation.config.read_text()
    for profile_id in ("shop2", "shop3"):
        installation.sconnect("profile", "add", profile_id, "--kind", "embedded", "--shop-id", "1", "--template", "W",
                              check=True)
    asked = installation.sconnect("profile", "remove", "shop2")
    assert asked.returncode == 2 and asked.stderr.strip() == "profile remove shop2: add --yes to remove it without a question"
    result = installation.sconnect("profile", "remove", "shop2", "--yes")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"profile shop2 removed from {installation.config}; its history stays in the "
                                     f"state database")
    text = installation.config.read_text()
    assert "shop2" not in text and "[profiles.shop3.planning]" in text and "# Anna's note at the end" in text
    assert text.startswith(original.rstrip())
    assert list(load_config(installation.config, {}, need_secrets=False).profiles) == ["shop1", "shop3"]
    installation.sconnect("profile", "remove", "shop3", "--yes", check=True)
    assert installation.config.read_text().rstrip() == original.rstrip()


def test_the_last_profile_and_an_unknown_one_are_not_removed(installation):
    before = installation.config.read_bytes()
    only = installation.sconnect("profile", "remove", "shop1", "--yes")
    assert only.returncode == 78 and "is the only profile" in only.stderr
    unknown = installation.sconnect("profile", "remove", "shop9", "--yes")
    assert unknown.returncode == 2 and unknown.stderr.startswith("no profile 'shop9' in ")
    assert installation.config.read_bytes() == before


def test_on_a_terminal_add_asks_for_what_it_needs(installation):
    installation.grant_licence(2)
    child = pexpect.spawn(installation.command[0], [*installation.command[1:], "profile", "add", "shop2", "--kind",
                                                    "embedded"],
                          env=installation.env, cwd=str(installation.folder), encoding="utf-8", timeout=60)
    child.expect_exact("myShop winkelnummer: ")
    child.sendline("3647800")
    child.expect_exact("SnelStart verkoopordersjabloon (name or number): ")
    child.sendline("Webshop")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    profile = load_config(installation.config, {}, need_secrets=False).profile("shop2")
    assert (profile.myshop.shop_id, profile.settings.sales.template) == ("3647800", "Webshop")


def test_remove_asks_on_a_terminal(installation):
    installation.grant_licence(2)
    installation.sconnect("profile", "add", "shop2", "--kind", "embedded", "--shop-id", "1", "--template", "W",
                          check=True)
    child = pexpect.spawn(installation.command[0], [*installation.command[1:], "profile", "remove", "shop2"],
                          env=installation.env, cwd=str(installation.folder), encoding="utf-8", timeout=60)
    child.expect_exact("Remove profile shop2 and all its settings from ")
    child.sendline("n")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1 and "[profiles.shop2]" in installation.config.read_text()
