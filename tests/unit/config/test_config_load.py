"""Reading the configuration file: the SPEC §11 example, defaults, paths, profiles, files."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path

import platformdirs
import pytest

from domain.errors import ConfigurationError
from domain.recipe import RecipeExpansion
from domain.settings import (AddressMode, ArticleProcessing, ArticleSettings, ChargeBooking,
                             ChargeMode, CustomerProcessing, CustomerSettings, Description,
                             LineMode, ProfileSettings, Recognition, SalesSettings)
from infrastructure.config import (Config, MyShopConnection, Planning, Profile, Secret,
                                   SnelStartConnection, SnelStartKind, find_config_path,
                                   load_config, render_config)

from config_files import toml_text

SPEC_EXAMPLE = '''\
[state]
path = "state.sqlite"            # optional; default: the user data folder

[profiles.shop1]
description = "www.voorbeeld.nl"

[profiles.shop1.snelstart]
kind = "embedded"                # sql | mdb | local | b2b | embedded
database = "admin.sqlite"        # embedded: the administration file
# sql: server, database, username, password · mdb/local: folder, administration
# b2b: subscription_key, client_key, base_url, token_url
user = "Beheerder"
password = ""

[profiles.shop1.myshop]
shop_id = "1817700"
private_key = "…"                # better: env SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY
start_from = "2024-03-01T00:00:00"   # or an order number, e.g. 12
base_url = "http://127.0.0.1:8080/RPC/"

[profiles.shop1.sales]
template = "Webshop"
take_last_template = false
unique_payment_reference = true
description = "webshop_order"    # auto | empty | profile_name | webshop_order
addresses = "from_order"         # from_order | from_customer_card
lines = "full"                   # full | code_and_quantity | description_from_snelstart
recipes = "never"                # never | when_always | when_choice_or_always
shipping_costs = { line = "VERZEND" }
payment_costs = "cost_type_1"    # { line = "CODE" } | cost_type_1 | cost_type_2
discount = { line = "KORTING" }
default_article_code = "WEB"

[profiles.shop1.articles]
code_field = "artikelcode"
revenue_group = { "21" = "Omzet hoog", "9" = "Omzet laag" }
processing = "add_only"          # add_only | add_and_update | manual

[profiles.shop1.customers]
recognition = "smart"            # customer_code | email | customer_code_or_email | email_and_postcode | customer_code_or_email_and_postcode | smart
processing = "add_only"          # add_only | add_and_update | manual
default_customer_code = 9999
default_payment_term = 14
name_threshold = 90

[profiles.shop1.planning]
interval = "15m"                 # off | 5m | 10m | 15m | 30m | 1h | 2h | 4h | 8h | 12h | 1d
next_run = "2024-03-01T10:00:00"
'''


def test_the_spec_example_reads_into_the_expected_profile(cfg, tmp_path):
    config = cfg.load(SPEC_EXAMPLE)
    expected = Profile(
        id="shop1",
        settings=ProfileSettings(
            id="shop1",
            description="www.voorbeeld.nl",
            sales=SalesSettings(
                template="Webshop", take_last_template=False, unique_payment_reference=True,
                description=Description.WEBSHOP_ORDER, addresses=AddressMode.FROM_ORDER,
                lines=LineMode.FULL, recipes=RecipeExpansion.NEVER,
                shipping_costs=ChargeBooking(ChargeMode.LINE, "VERZEND"),
                payment_costs=ChargeBooking(ChargeMode.COST_TYPE_1),
                discount=ChargeBooking(ChargeMode.LINE, "KORTING"),
                default_article_code="WEB"),
            articles=ArticleSettings(code_field="artikelcode",
                                     revenue_group={"21": "Omzet hoog", "9": "Omzet laag"},
                                     processing=ArticleProcessing.ADD_ONLY),
            customers=CustomerSettings(recognition=Recognition.SMART,
                                       processing=CustomerProcessing.ADD_ONLY,
                                       default_customer_code=9999, default_payment_term=14,
                                       name_threshold=90)),
        snelstart=SnelStartConnection(kind=SnelStartKind.EMBEDDED,
                                      database=str(tmp_path / "admin.sqlite"),
                                      user="Beheerder", password=Secret("")),
        myshop=MyShopConnection(shop_id="1817700", private_key=Secret("…"),
                                start_from=datetime(2024, 3, 1),
                                base_url="http://127.0.0.1:8080/RPC/"),
        planning=Planning(interval=timedelta(minutes=15), next_run=datetime(2024, 3, 1, 10)),
    )
    assert config == Config(path=tmp_path / "config.toml", state_path=tmp_path / "state.sqlite",
                            profiles={"shop1": expected})
    assert config.profile().snelstart.database_file == tmp_path / "admin.sqlite"


def test_defaults_are_what_the_manual_documents(cfg):
    profile = cfg.load(toml_text()).profile("shop1")
    sales, articles, customers = (profile.settings.sales, profile.settings.articles,
                                  profile.settings.customers)
    assert (sales.take_last_template, sales.unique_payment_reference) == (False, True)
    assert (sales.description, sales.addresses, sales.lines, sales.recipes) == (
        Description.WEBSHOP_ORDER, AddressMode.FROM_ORDER, LineMode.FULL, RecipeExpansion.NEVER)
    assert (sales.shipping_costs, sales.payment_costs, sales.discount) == (None, None, None)
    assert sales.default_article_code == ""
    assert articles == ArticleSettings("artikelcode", {}, ArticleProcessing.ADD_ONLY)
    assert customers == CustomerSettings(Recognition.SMART, CustomerProcessing.ADD_ONLY, None, None, 90)
    assert profile.settings.max_attempts == 5
    assert profile.settings.description == ""
    assert (profile.snelstart.user, profile.snelstart.password.reveal()) == ("Beheerder", "")
    assert profile.myshop.base_url == "https://www.mijnwinkel.nl/RPC/"
    assert profile.planning == Planning(interval=None, next_run=None)


def test_without_a_state_path_the_state_lives_in_the_user_data_folder(cfg):
    config = cfg.load(toml_text())
    assert config.state_path == Path(platformdirs.user_data_dir("sconnect")) / "state.sqlite"


def test_relative_paths_are_relative_to_the_configuration_file(tmp_path):
    folder = tmp_path / "etc" / "sconnect"
    folder.mkdir(parents=True)
    path = folder / "config.toml"
    path.write_text(toml_text(top='[state]\npath = "data/state.sqlite"',
                              snelstart={"database": '"../admin.sqlite"'}) + toml_text(
        "shop2", snelstart={"kind": '"local"', "database": None, "folder": '"Administraties"',
                            "administration": '"Voorbeeld"'}))
    path.chmod(0o600)
    config = load_config(path, {})
    assert config.state_path == folder / "data" / "state.sqlite"
    assert Path(config.profile("shop1").snelstart.database) == folder / ".." / "admin.sqlite"
    assert config.profile("shop2").snelstart.folder == folder / "Administraties"
    assert config.profile("shop2").snelstart.administration == "Voorbeeld"


def test_absolute_and_home_paths_are_kept(cfg, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config = cfg.load(toml_text(top=f'[state]\npath = "{tmp_path}/elsewhere/state.sqlite"',
                                snelstart={"database": '"~/admin.sqlite"'}))
    assert config.state_path == tmp_path / "elsewhere" / "state.sqlite"
    assert config.profile().snelstart.database_file == tmp_path / "home" / "admin.sqlite"


def test_an_sql_database_is_a_name_not_a_path(cfg):
    snelstart = cfg.load(toml_text(snelstart={"kind": '"sql"', "server": r"'KANTOOR\SNELSTART'",
                                              "database": '"Voorbeeld BV"'})).profile().snelstart
    assert (snelstart.server, snelstart.database) == (r"KANTOOR\SNELSTART", "Voorbeeld BV")
    with pytest.raises(ConfigurationError):
        _ = snelstart.database_file


def test_one_profile_needs_no_name(cfg):
    config = cfg.load(toml_text())
    assert config.profile().id == "shop1"
    assert config.profile(None) is config.profile("shop1")


def test_several_profiles_must_be_named(cfg):
    config = cfg.load(toml_text("shop1") + toml_text("winkel-2", myshop={"shop_id": '"42"'}))
    assert config.profile("winkel-2").myshop.shop_id == "42"
    with pytest.raises(ConfigurationError, match=r"2 profiles \(shop1, winkel-2\).*--profile"):
        config.profile()
    with pytest.raises(ConfigurationError, match=r"no profile 'shop3'.*shop1, winkel-2"):
        config.profile("shop3")


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(ConfigurationError) as error:
        load_config(tmp_path / "nope.toml", {})
    assert str(error.value) == (f"{tmp_path / 'nope.toml'}: configuration file not found "
                                "(give one with --config FILE or SCONNECT_CONFIG)")


def test_a_folder_is_not_a_configuration_file(tmp_path):
    with pytest.raises(ConfigurationError, match="is a folder"):
        load_config(tmp_path, {})


@pytest.mark.parametrize("text, line", [
    ('[profiles.shop1]\ndescription = "x"\nkind = \n', 3),
    ('[profiles.shop1]\n[profiles.shop1]\n', 2),
    ('# fine\n\n[profiles.shop1\n', 3),
    ('[profiles.shop1]\ndescription = "unterminated\n', 2),
    ('a = 1\n\nb = ', 3),
])
def test_a_toml_syntax_error_is_one_line_with_file_and_line(cfg, text, line):
    path = cfg.write(text)
    with pytest.raises(ConfigurationError) as error:
        load_config(path, {})
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: line {line}")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(cfg):
    path = cfg.folder / "config.toml"
    path.write_bytes(b'[profiles.shop1]\ndescription = "caf\xe9"\n')
    with pytest.raises(ConfigurationError, match=r": line 2: not UTF-8 text"):
        load_config(path, {})


@pytest.mark.parametrize("text", ["", "[state]\n", "[profiles]\n"])
def test_no_profiles_is_one_line(cfg, text):
    path = cfg.write(text)
    with pytest.raises(ConfigurationError) as error:
        load_config(path, {})
    assert str(error.value) == (f"{path}: no profiles; add a [profiles.<id>] table "
                                "(see docs/configuration.md)")


def test_find_config_path_prefers_the_option_then_the_environment(tmp_path):
    env = {"SCONNECT_CONFIG": str(tmp_path / "env.toml")}
    assert find_config_path(tmp_path / "cli.toml", env) == tmp_path / "cli.toml"
    assert find_config_path(None, env) == tmp_path / "env.toml"
    assert find_config_path(None, {}) == Path(platformdirs.user_config_dir("sconnect")) / "config.toml"
    assert find_config_path("relative.toml", {}) == Path.cwd() / "relative.toml"


def test_render_shows_the_effective_settings_with_secrets_hidden(cfg):
    config = cfg.load(SPEC_EXAMPLE, environ={"SCONNECT_SHOP1_SNELSTART_PASSWORD": "gw-pass-77"})
    rendered = render_config(config)
    text = json.dumps(rendered)
    assert "gw-pass-77" not in text and "…" not in json.dumps(rendered, ensure_ascii=False)
    shop = rendered["profiles"]["shop1"]
    assert shop["myshop"]["private_key"] == "***"
    assert shop["snelstart"]["password"] == "***"
    assert shop["secret_sources"]["myshop.private_key"] == "file"
    assert shop["secret_sources"]["snelstart.password"] == "env SCONNECT_SHOP1_SNELSTART_PASSWORD"
    assert shop["sales"]["shipping_costs"] == {"line": "VERZEND"}
    assert shop["sales"]["payment_costs"] == "cost_type_1"
    assert shop["articles"]["revenue_group"] == {"21": "Omzet hoog", "9": "Omzet laag"}
    assert shop["planning"] == {"interval": "15m", "next_run": "2024-03-01T10:00:00"}
    assert shop["customers"]["recognition"] == "smart"
    assert rendered["state"]["path"] == str(cfg.folder / "state.sqlite")


def test_render_of_a_single_revenue_group_and_defaults(cfg):
    rendered = render_config(cfg.load(toml_text(articles={"revenue_group": '"Omzet"'})))
    shop = rendered["profiles"]["shop1"]
    assert shop["articles"]["revenue_group"] == "Omzet"
    assert shop["planning"] == {"interval": "off", "next_run": None}
    assert shop["sales"]["discount"] is None
    assert "base_url" not in shop["snelstart"]


def _doc_examples() -> list[str]:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "configuration.md").read_text(encoding="utf-8")
    return re.findall(r"```toml\n(.*?)```", doc, flags=re.S)


def test_the_examples_in_the_configuration_reference_are_valid(cfg):
    per_rate, complete, demo = _doc_examples()
    # The food and non-food shop's [sales] and [articles], in the base profile.
    sections: dict[str, dict[str, str]] = {}
    for line in per_rate.splitlines():
        if line.startswith("[profiles.shop1."):
            section = sections.setdefault(line.strip("[]").split(".")[-1], {})
        elif " = " in line:
            key, value = line.split(" = ", 1)
            section[key.strip()] = value.split("#", 1)[0].strip()
    food = cfg.load(toml_text(**sections)).profile().settings
    assert food.sales.discount.per_rate == {"21": "KORTING", "9": "KORTING-LAAG"}
    assert food.sales.default_articles == {"21": "WEB", "9": "WEB-LAAG", "0": "WEB-GEEN"}
    env = {"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk", "SCONNECT_SHOP1_SNELSTART_PASSWORD": "pw",
           "SCONNECT_WINKEL_2_MYSHOP_PRIVATE_KEY": "pk2",
           "SCONNECT_WINKEL_2_SNELSTART_SUBSCRIPTION_KEY": "sub",
           "SCONNECT_WINKEL_2_SNELSTART_CLIENT_KEY": "client"}
    config = cfg.load(complete, env)
    assert list(config.profiles) == ["shop1", "winkel-2"]
    assert config.profile("shop1").snelstart.server == "KANTOOR\\SNELSTART"
    assert config.profile("winkel-2").myshop.start_from == datetime(2024, 6, 1)
    assert cfg.load(demo).profile().myshop.start_from == "1"


def test_a_file_saved_with_a_byte_order_mark_and_windows_line_ends_is_read(cfg):
    path = cfg.folder / "config.toml"
    path.write_bytes(b"\xef\xbb\xbf" + toml_text().replace("\n", "\r\n").encode())
    path.chmod(0o600)
    assert load_config(path, {}).profile().myshop.shop_id == "1817700"
