"""The SnelStart desktop kinds (sql, local, mdb) in the configuration: their own settings, and what
the SnelStart Gateway cannot do refused at load with the setting's name (exit 78) — or, where
the setting is left out, booked the documented way (docs/classic.md)."""
from __future__ import annotations

from pathlib import Path

import pytest
from config_files import toml_text

from domain.errors import ConfigurationError
from domain.settings import AddressMode, ArticleProcessing
from infrastructure.config.model import GATEWAY_PROGID

LOCAL = {"kind": '"local"', "database": None, "folder": '"admins"', "administration": '"Voorbeeld"'}


def refusal(cfg, text: str) -> str:
    with pytest.raises(ConfigurationError) as error:
        cfg.load(text)
    assert "\n" not in str(error.value)
    return str(error.value)


def test_a_classic_profile_books_addresses_from_the_card_and_unknown_articles_on_the_default(cfg):
    profile = cfg.load(toml_text(snelstart=LOCAL)).profile()
    assert profile.settings.sales.addresses is AddressMode.FROM_CUSTOMER_CARD
    assert profile.settings.articles.processing is ArticleProcessing.MANUAL
    connection = profile.snelstart
    assert (connection.odbc_driver, connection.schema_map, connection.encrypt, connection.trust_server_certificate,
            connection.gateway_progid) == ("", None, None, False, GATEWAY_PROGID)


def test_the_other_kinds_keep_their_defaults(cfg):
    profile = cfg.load(toml_text()).profile()
    assert profile.settings.sales.addresses is AddressMode.FROM_ORDER
    assert profile.settings.articles.processing is ArticleProcessing.ADD_ONLY


@pytest.mark.parametrize("section, key, value", [
    ("sales", "addresses", '"from_order"'),
    ("articles", "processing", '"add_only"'),
    ("articles", "processing", '"add_and_update"'),
    ("sales", "payment_costs", '"cost_type_1"'),
    ("sales", "shipping_costs", '"cost_type_2"'),
])
def test_what_the_gateway_cannot_do_is_refused_naming_the_setting(cfg, section, key, value):
    message = refusal(cfg, toml_text(snelstart=LOCAL, **{section: {key: value}}))
    assert message.startswith(f"profiles.shop1.{section}.{key}: ") and "Gateway" in message


def test_the_classic_settings_are_read_and_checked(cfg, tmp_path: Path):
    (tmp_path / "kaart.toml").write_text((Path(__file__).resolve().parents[3] / "infrastructure" / "snelstart"
                                          / "classic" / "schema_map.toml").read_text(encoding="utf-8"))
    connection = cfg.load(toml_text(snelstart={**LOCAL, "odbc_driver": '"ODBC Driver 17 for SQL Server"',
                                               "schema_map": '"kaart.toml"', "encrypt": "true",
                                               "trust_server_certificate": "true",
                                               "gateway_progid": '"SnelStartGateway.clsGWaySnelStart"'},
                                     sales={"addresses": '"from_customer_card"'},
                                     articles={"processing": '"manual"'})).profile().snelstart
    assert (connection.odbc_driver, connection.schema_map, connection.encrypt, connection.trust_server_certificate,
            connection.gateway_progid) == ("ODBC Driver 17 for SQL Server", tmp_path / "kaart.toml", True, True,
                                           "SnelStartGateway.clsGWaySnelStart")


def test_a_broken_schema_map_is_refused_at_load_naming_the_setting(cfg, tmp_path: Path):
    (tmp_path / "kaart.toml").write_text('format = 1\n[relations]\ntable = "tblRelatie"\n', encoding="utf-8")
    message = refusal(cfg, toml_text(snelstart={**LOCAL, "schema_map": '"kaart.toml"'}))
    assert message.startswith(f"profiles.shop1.snelstart.schema_map ({tmp_path / 'kaart.toml'}): relations.columns")
    assert "does not exist" in refusal(cfg, toml_text(snelstart={**LOCAL, "schema_map": '"geen.toml"'}))
    assert refusal(cfg, toml_text(snelstart={**LOCAL, "encrypt": '"ja"'})) == \
        "profiles.shop1.snelstart.encrypt: expected true or false, got 'ja'"
