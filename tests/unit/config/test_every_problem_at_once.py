"""Every problem of the file at once (SPEC §11): the user fixes them all in one go, not one line
per try. One error, one line per problem, sorted by the setting's key."""
from __future__ import annotations

import pytest
from config_files import toml_text

from domain.errors import ConfigurationError


def problems(cfg, text: str, environ=None) -> tuple[str, ...]:
    with pytest.raises(ConfigurationError) as error:
        cfg.load(text, environ)
    assert all("\n" not in line for line in error.value.problems)
    assert str(error.value) == "\n".join(error.value.problems)
    return error.value.problems


def test_a_file_with_problems_in_every_section_names_them_all_sorted_by_key(cfg):
    text = toml_text(myshop={"start_from": None, "shop_id": '"12a"'},
                     sales={"lines": '"fully"', "recipes": '"sometimes"', "kleur": '"rood"'},
                     customers={"name_threshold": "101"},
                     planning={"interval": '"20m"', "next_run": '"morgen"'},
                     top='[state]\npaht = "x"')
    assert problems(cfg, text) == (
        "profiles.shop1.customers.name_threshold: 101 is out of range: expected a whole number from 0 to 100",
        "profiles.shop1.myshop.shop_id: '12a' is not a winkelnummer (digits only)",
        "profiles.shop1.myshop.start_from: missing; a date/time like 2024-03-01T00:00:00 or an order number",
        "profiles.shop1.planning.interval: '20m' is not one of off, 5m, 10m, 15m, 30m, 1h, 2h, 4h, 8h, 12h, 1d",
        "profiles.shop1.planning.next_run: 'morgen' is not a date/time (write it like 2024-03-01T10:00:00)",
        "profiles.shop1.sales.kleur: unknown setting",
        "profiles.shop1.sales.lines: 'fully' is not one of full, code_and_quantity, description_from_snelstart",
        "profiles.shop1.sales.recipes: 'sometimes' is not one of never, when_always, when_choice_or_always",
        "state.paht: unknown setting (did you mean 'path'?)",
    )


def test_the_problems_of_every_profile_and_the_missing_secrets_come_together(cfg):
    text = (toml_text("shop1", myshop={"private_key": None}, sales={"template": None})
            + toml_text("shop2", snelstart={"kind": '"b2b"', "database": None}, customers={"processing": '"auto"'}))
    assert problems(cfg, text) == (
        "profiles.shop1.myshop.private_key: missing; set SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY or run "
        "`sconnect secret set shop1 myshop.private_key`, or write it in the file",
        "profiles.shop1.sales.template: missing; the SnelStart verkoopordersjabloon of new orders (id, number or name)",
        "profiles.shop2.customers.processing: 'auto' is not one of add_only, add_and_update, manual",
        "profiles.shop2.snelstart.client_key: missing; kind b2b needs it (set SCONNECT_SHOP2_SNELSTART_CLIENT_KEY or "
        "run `sconnect secret set shop2 snelstart.client_key`)",
        "profiles.shop2.snelstart.subscription_key: missing; kind b2b needs it "
        "(set SCONNECT_SHOP2_SNELSTART_SUBSCRIPTION_KEY or run `sconnect secret set shop2 snelstart.subscription_key`)",
    )


def test_every_unknown_key_of_a_table_is_named(cfg):
    assert problems(cfg, toml_text(sales={"lnes": '"full"', "recipies": '"never"'})) == (
        "profiles.shop1.sales.lnes: unknown setting (did you mean 'lines'?)",
        "profiles.shop1.sales.recipies: unknown setting (did you mean 'recipes'?)",
    )


def test_a_bad_profile_id_does_not_hide_the_problems_of_the_next_profile(cfg):
    text = toml_text('"mijn winkel"') + toml_text("shop2", sales={"lines": "3"})
    found = problems(cfg, text)
    assert len(found) == 2
    assert found[0].startswith('profiles."mijn winkel": a profile id is letters')
    assert found[1] == "profiles.shop2.sales.lines: 3 is not one of full, code_and_quantity, description_from_snelstart"


def test_a_missing_kind_setting_and_a_bad_value_beside_it(cfg):
    text = toml_text(snelstart={"kind": '"sql"', "database": None, "base_url": '"ftp://x"'})
    assert problems(cfg, text) == (
        "profiles.shop1.snelstart.base_url: 'ftp://x' is not an http:// or https:// address",
        "profiles.shop1.snelstart.database: missing; kind sql needs it",
        "profiles.shop1.snelstart.server: missing; kind sql needs it",
    )
