"""One source for each setting's words: the catalogue names exactly the settings the reader
knows, docs/configuration.md's tables are written from it, and the profile `profile add` writes
from it reads back — for every kind — as the defaults."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from config_docs import DOCUMENT, rewrite

from infrastructure.config import load_config
from infrastructure.config.catalogue import ALL_KINDS, PROFILE, SECTIONS, STATE
from infrastructure.config.loader import PROFILE_KEYS, STATE_KEYS
from infrastructure.config.profile_text import profile_text
from infrastructure.config.sections import (ARTICLES_KEYS, CUSTOMERS_KEYS, MYSHOP_KEYS, PLANNING_KEYS, SALES_KEYS,
                                            SNELSTART_KEYS)

READER_KEYS = {"snelstart": SNELSTART_KEYS, "myshop": MYSHOP_KEYS, "sales": SALES_KEYS, "articles": ARTICLES_KEYS,
               "customers": CUSTOMERS_KEYS, "planning": PLANNING_KEYS}
REQUIRED = {"sql": {"server": "KANTOOR\\SNELSTART", "database": "Voorbeeld BV"},
            "mdb": {"folder": "C:\\SnelStart\\Administraties", "administration": "Voorbeeld"},
            "local": {"folder": "C:\\SnelStart", "administration": "Voorbeeld"},
            "b2b": {}, "embedded": {"database": "admin.sqlite"}, "memory": {"database": "admin.json"}}


def test_the_catalogue_names_exactly_the_settings_the_reader_knows():
    for section, keys in READER_KEYS.items():
        assert sorted({s.key for s in SECTIONS[section]}) == sorted(keys), section
    assert sorted(s.key for s in PROFILE) == sorted(set(PROFILE_KEYS) - set(SECTIONS))
    assert [s.key for s in STATE] == list(STATE_KEYS)


def test_the_configuration_reference_is_written_from_the_catalogue():
    text = DOCUMENT.read_text(encoding="utf-8")
    assert rewrite(text) == text, "docs/configuration.md is not current: run python tools/config_docs.py"


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_a_written_profile_reads_back_as_the_defaults_for_every_kind(tmp_path: Path, kind):
    values = {"snelstart": REQUIRED[kind], "myshop": {"shop_id": "1817700", "start_from": date(2025, 6, 1)},
              "sales": {"template": "Webshop"}}
    written = tmp_path / "written.toml"
    written.write_text(profile_text("shop1", kind, values), encoding="utf-8")
    bare = tmp_path / "bare.toml"
    lines = [f'[profiles.shop1.snelstart]\nkind = "{kind}"',
             *(f"{key} = '{value}'" for key, value in REQUIRED[kind].items()),
             '[profiles.shop1.myshop]\nshop_id = "1817700"\nstart_from = 2025-06-01',
             '[profiles.shop1.sales]\ntemplate = "Webshop"']
    bare.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert load_config(written, {}, need_secrets=False).profile() == load_config(bare, {}, need_secrets=False).profile()


def test_a_required_setting_must_be_given():
    with pytest.raises(ValueError, match="snelstart: server, database not given"):
        profile_text("shop1", "sql", {"myshop": {"shop_id": "1", "start_from": 1}, "sales": {"template": "W"}})


def test_every_secret_is_a_comment_and_never_a_value(tmp_path):
    text = profile_text("shop1", "b2b", {"myshop": {"shop_id": "1", "start_from": 1}, "sales": {"template": "W"}})
    for key in ("private_key", "subscription_key", "client_key"):
        assert f"\n{key} =" not in text and f"# {key}: set SCONNECT_SHOP1_" in text
