"""Every refusal of the configuration reader: one line, naming the setting."""
from __future__ import annotations

import string
from datetime import datetime, timedelta

import pytest
from config_files import toml_text
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import ConfigurationError
from domain.recipe import RecipeExpansion
from domain.settings import (AddressMode, ArticleProcessing, ChargeBooking, ChargeMode,
                             CustomerProcessing, Description, LineMode, Recognition)
from infrastructure.config import INTERVALS, SigningRecipe, SnelStartKind
from infrastructure.config.sections import (ARTICLES_KEYS, CUSTOMERS_KEYS, MYSHOP_KEYS,
                                            PLANNING_KEYS, SALES_KEYS, SNELSTART_KEYS)


def refusal(cfg, text: str, environ=None) -> str:
    with pytest.raises(ConfigurationError) as error:
        cfg.load(text, environ)
    message = str(error.value)
    assert "\n" not in message
    return message


# --- unknown keys ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    (toml_text(top="colour = 1"), "colour: unknown setting"),
    (toml_text(top='[state]\npaht = "x"'), "state.paht: unknown setting (did you mean 'path'?)"),
    (toml_text(profile={"descripton": '"x"'}),
     "profiles.shop1.descripton: unknown setting (did you mean 'description'?)"),
    (toml_text(snelstart={"servr": '"x"'}),
     "profiles.shop1.snelstart.servr: unknown setting (did you mean 'server'?)"),
    (toml_text(myshop={"shopid": '"1"'}),
     "profiles.shop1.myshop.shopid: unknown setting (did you mean 'shop_id'?)"),
    (toml_text(sales={"colour": '"red"'}), "profiles.shop1.sales.colour: unknown setting"),
    (toml_text(sales={"Lines": '"full"'}),
     "profiles.shop1.sales.Lines: unknown setting (did you mean 'lines'?)"),
    (toml_text(sales={"shipping_costs": '{ line = "V", lien = "W" }'}),
     "profiles.shop1.sales.shipping_costs.lien: unknown setting (did you mean 'line'?)"),
    (toml_text(articles={"revenue_groups": '"x"'}),
     "profiles.shop1.articles.revenue_groups: unknown setting (did you mean 'revenue_group'?)"),
    (toml_text(customers={"name_treshold": "80"}),
     "profiles.shop1.customers.name_treshold: unknown setting (did you mean 'name_threshold'?)"),
    (toml_text(planning={"intervall": '"5m"'}),
     "profiles.shop1.planning.intervall: unknown setting (did you mean 'interval'?)"),
    (toml_text(extra={"a": "1"}), "profiles.shop1.extra: unknown setting"),
])
def test_an_unknown_key_is_refused_at_every_level(cfg, text, message):
    assert refusal(cfg, text) == message


SECTION_KEYS = {"snelstart": SNELSTART_KEYS, "myshop": MYSHOP_KEYS, "sales": SALES_KEYS,
                "articles": ARTICLES_KEYS, "customers": CUSTOMERS_KEYS, "planning": PLANNING_KEYS}


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(section=st.sampled_from(sorted(SECTION_KEYS)),
       key=st.text(string.ascii_letters + string.digits + "_-", min_size=1, max_size=20))
def test_any_unknown_key_is_refused_and_named(cfg, section, key):
    if key in SECTION_KEYS[section]:
        return
    message = refusal(cfg, toml_text(**{section: {key: "1"}}))
    assert message.startswith(f"profiles.shop1.{section}.{key}: unknown setting")


def test_an_unknown_key_with_odd_characters_is_named_as_toml_would_quote_it(cfg):
    assert refusal(cfg, toml_text(sales={'"kleur saus"': '"rood"'})) == \
        'profiles.shop1.sales."kleur saus": unknown setting'


# --- enums ----------------------------------------------------------------------------------

ENUMS = [
    ("sales", "description", Description),
    ("sales", "addresses", AddressMode),
    ("sales", "lines", LineMode),
    ("sales", "recipes", RecipeExpansion),
    ("articles", "processing", ArticleProcessing),
    ("customers", "recognition", Recognition),
    ("customers", "processing", CustomerProcessing),
    ("snelstart", "kind", SnelStartKind),
    ("myshop", "signing", SigningRecipe),
]


def test_the_spec_example_of_a_bad_value(cfg):
    assert refusal(cfg, toml_text(sales={"lines": '"fully"'})) == (
        "profiles.shop1.sales.lines: 'fully' is not one of full, code_and_quantity, "
        "description_from_snelstart")


@pytest.mark.parametrize("section, key, enum", ENUMS)
def test_every_value_of_every_choice_is_read(cfg, section, key, enum):
    for member in enum:
        extra = {"server": '"s"', "database": '"d"', "folder": '"f"', "administration": '"a"',
                 "subscription_key": '"k"', "client_key": '"c"'} if section == "snelstart" else {}
        profile = cfg.load(toml_text(**{section: {key: f'"{member.value}"', **extra}})).profile()
        holder = {"snelstart": profile.snelstart, "myshop": profile.myshop}.get(section) \
            or getattr(profile.settings, section)
        assert getattr(holder, key) is member


@pytest.mark.parametrize("section, key, enum", ENUMS)
@pytest.mark.parametrize("bad", ['"fully"', "3", "true", '""'])
def test_a_bad_choice_is_refused_with_the_allowed_values(cfg, section, key, enum, bad):
    shown = {'"fully"': "'fully'", "3": "3", "true": "true", '""': "''"}[bad]
    assert refusal(cfg, toml_text(**{section: {key: bad}})) == (
        f"profiles.shop1.{section}.{key}: {shown} is not one of "
        + ", ".join(m.value for m in enum))


def test_choices_ignore_case_and_surrounding_spaces(cfg):
    sales = cfg.load(toml_text(sales={"lines": '" Code_And_Quantity "'})).profile().settings.sales
    assert sales.lines is LineMode.CODE_AND_QUANTITY


# --- types and ranges -----------------------------------------------------------------------

@pytest.mark.parametrize("section, key, value, message", [
    ("sales", "take_last_template", '"yes"', "expected true or false, got 'yes'"),
    ("sales", "unique_payment_reference", "1", "expected true or false, got 1"),
    ("sales", "template", '""', "must not be empty (a template id, number or name)"),
    ("sales", "template", "[1]", "expected a template id, number or name in quotes, got a list"),
    ("sales", "default_article_code", "true", "expected an article code in quotes, got true"),
    ("customers", "name_threshold", "101", "101 is out of range: expected a whole number from 0 to 100"),
    ("customers", "name_threshold", "-1", "-1 is out of range: expected a whole number from 0 to 100"),
    ("customers", "name_threshold", '"90"', "expected a whole number, got '90'"),
    ("customers", "name_threshold", "90.5", "expected a whole number, got 90.5"),
    ("customers", "name_threshold", "true", "expected a whole number, got true"),
    ("customers", "default_payment_term", "1001",
     "1001 is out of range: expected a whole number from 0 to 1000"),
    ("customers", "default_payment_term", "-14",
     "-14 is out of range: expected a whole number from 0 to 1000"),
    ("customers", "default_customer_code", "0", "0 is out of range: expected a whole number of at least 1"),
    ("articles", "code_field", '""', "must not be empty (artikelcode or the name of an extra field)"),
    ("myshop", "shop_id", '"18177OO"', "'18177OO' is not a winkelnummer (digits only)"),
    ("myshop", "shop_id", '"-12"', "'-12' is not a winkelnummer (digits only)"),
    ("myshop", "base_url", '"ftp://x/"', "'ftp://x/' is not an http:// or https:// address"),
    ("snelstart", "user", '""', "must not be empty (text)"),
])
def test_a_wrong_type_or_range_is_named(cfg, section, key, value, message):
    assert refusal(cfg, toml_text(**{section: {key: value}})) == \
        f"profiles.shop1.{section}.{key}: {message}"


def test_profile_level_values(cfg):
    assert refusal(cfg, toml_text(profile={"max_attempts": "0"})) == \
        "profiles.shop1.max_attempts: 0 is out of range: expected a whole number from 1 to 100"
    assert refusal(cfg, toml_text(profile={"description": "12"})) == \
        "profiles.shop1.description: expected text in quotes, got 12"
    profile = cfg.load(toml_text(profile={"max_attempts": "3", "description": '" shop.nl "'})).profile()
    assert (profile.settings.max_attempts, profile.description) == (3, "shop.nl")


def test_numbers_are_accepted_where_a_code_is_natural(cfg):
    profile = cfg.load(toml_text(myshop={"shop_id": "1817700"},
                                 sales={"template": "3", "default_article_code": "1001"})).profile()
    assert profile.myshop.shop_id == "1817700"
    assert (profile.settings.sales.template, profile.settings.sales.default_article_code) == ("3", "1001")


def test_a_table_where_a_value_belongs_and_the_reverse(cfg):
    assert refusal(cfg, "profiles = 3\n") == "profiles: expected a table, got 3"
    assert refusal(cfg, '[profiles]\nshop1 = "x"\n') == "profiles.shop1: expected a table, got 'x'"
    assert refusal(cfg, toml_text(top="state = 1")) == "state: expected a table, got 1"
    assert refusal(cfg, toml_text(sales=None, profile={"sales": '"full"'})) == \
        "profiles.shop1.sales: expected a table, got 'full'"


def test_myshop_base_url_gets_its_trailing_slash(cfg):
    myshop = cfg.load(toml_text(myshop={"base_url": '"http://127.0.0.1:8080/RPC"'})).profile().myshop
    assert myshop.base_url == "http://127.0.0.1:8080/RPC/"


# --- required settings ----------------------------------------------------------------------

@pytest.mark.parametrize("kind, required", [
    ("sql", ["server", "database"]),
    ("mdb", ["folder", "administration"]),
    ("local", ["folder", "administration"]),
    ("b2b", ["subscription_key", "client_key"]),
    ("embedded", ["database"]),
    ("memory", ["database"]),
])
def test_each_kind_names_the_setting_it_misses(cfg, kind, required):
    complete = {name: f'"{name}-value"' for name in required}
    cfg.load(toml_text(snelstart={"kind": f'"{kind}"', "database": None, **complete}))
    for name in required:
        message = refusal(cfg, toml_text(snelstart={"kind": f'"{kind}"', "database": None,
                                                    **complete, name: None}))
        assert message.startswith(f"profiles.shop1.snelstart.{name}: missing; kind {kind} needs it")


def test_a_b2b_key_may_come_from_the_environment_alone(cfg):
    env = {"SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY": "sub-1",
           "SCONNECT_SHOP1_SNELSTART_CLIENT_KEY": "client-1"}
    snelstart = cfg.load(toml_text(snelstart={"kind": '"b2b"', "database": None}), env).profile().snelstart
    assert (snelstart.subscription_key.reveal(), snelstart.client_key.reveal()) == ("sub-1", "client-1")
    assert snelstart.base_url == "https://b2bapi.snelstart.nl/v2/"
    assert snelstart.token_url == "https://auth.snelstart.nl/b2b/token"
    message = refusal(cfg, toml_text(snelstart={"kind": '"b2b"', "database": None}),
                      {"SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY": "sub-1"})
    assert message == ("profiles.shop1.snelstart.client_key: missing; kind b2b needs it "
                       "(set SCONNECT_SHOP1_SNELSTART_CLIENT_KEY or run `sconnect secret set shop1 snelstart.client_key`)")


@pytest.mark.parametrize("sections, message", [
    ({"snelstart": {"kind": None}}, "profiles.shop1.snelstart.kind: missing; one of "
                                    "sql, mdb, local, b2b, embedded, memory"),
    ({"snelstart": None}, "profiles.shop1.snelstart: missing; add a [profiles.shop1.snelstart] table"),
    ({"myshop": None}, "profiles.shop1.myshop: missing; add a [profiles.shop1.myshop] table"),
    ({"myshop": {"shop_id": None}}, 'profiles.shop1.myshop.shop_id: missing; the winkelnummer, e.g. "1817700"'),
    ({"myshop": {"private_key": None}}, "profiles.shop1.myshop.private_key: missing; set "
                                        "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY or run `sconnect secret set shop1 "
                                        "myshop.private_key`, or write it in the file"),
    ({"myshop": {"start_from": None}}, "profiles.shop1.myshop.start_from: missing; a date/time like "
                                       "2024-03-01T00:00:00 or an order number"),
    ({"sales": None}, "profiles.shop1.sales.template: missing; the SnelStart verkoopordersjabloon "
                      "of new orders (id, number or name)"),
])
def test_a_missing_required_setting_is_named(cfg, sections, message):
    assert refusal(cfg, toml_text(**sections)) == message


def test_an_empty_required_path_is_refused(cfg):
    assert refusal(cfg, toml_text(snelstart={"database": '""'})) == \
        "profiles.shop1.snelstart.database: must not be empty (a file or folder path)"


# --- charge bookings ------------------------------------------------------------------------

@pytest.mark.parametrize("value, booking", [
    ('{ line = "VERZEND" }', ChargeBooking(ChargeMode.LINE, "VERZEND")),
    ('{ line = " 8001 " }', ChargeBooking(ChargeMode.LINE, "8001")),
    ("{ line = 8001 }", ChargeBooking(ChargeMode.LINE, "8001")),
    ('"cost_type_1"', ChargeBooking(ChargeMode.COST_TYPE_1)),
    ('"cost_type_2"', ChargeBooking(ChargeMode.COST_TYPE_2)),
    ('{ line = { "21" = "VERZEND", "9" = "VERZEND-LAAG" } }',
     ChargeBooking(ChargeMode.LINE, per_rate={"21": "VERZEND", "9": "VERZEND-LAAG"})),
    ('{ line = { "21.0" = 8001, "09" = " 8002 " } }', ChargeBooking(ChargeMode.LINE, per_rate={"21": "8001", "9": "8002"})),
])
@pytest.mark.parametrize("key", ["shipping_costs", "payment_costs", "discount"])
def test_charge_booking_forms(cfg, key, value, booking):
    sales = cfg.load(toml_text(sales={key: value})).profile().settings.sales
    assert getattr(sales, key) == booking


VAT_HINT = 'is not a VAT rate; write the percentage, like "21", "9", "0" or "5.5"'
FORMS = '{line = "<article code>"}, {line = {"21" = "<article code>", "9" = "…"}}, cost_type_1, cost_type_2'


@pytest.mark.parametrize("value, message", [
    ('"line"', f"'line' is not one of {FORMS}"),
    ('"cost_type_3"', f"'cost_type_3' is not one of {FORMS}"),
    ("1", f"1 is not one of {FORMS}"),
    ("[]", f"a list is not one of {FORMS}"),
    ("{}", ".line: missing; the article code of the line"),
    ('{ line = "" }', ".line: must not be empty (an article code)"),
    ('{ line = "  " }', ".line: must not be empty (an article code)"),
    ("{ line = true }", ".line: expected an article code in quotes, got true"),
    ('{ line = "V", cost = "cost_type_1" }', ".cost: unknown setting"),
    ("{ line = {} }", ".line: empty table; name an article code per VAT rate or leave the setting out"),
    ('{ line = { "hoog" = "V" } }', f'.line.hoog: {VAT_HINT}'),
    ('{ line = { "21" = "" } }', '.line.21: must not be empty (an article code)'),
    ('{ line = { "21" = "A", "21.00" = "B" } }', '.line."21.00": the VAT rate 21 is given twice'),
])
@pytest.mark.parametrize("key", ["shipping_costs", "payment_costs", "discount"])
def test_a_bad_charge_booking_is_named(cfg, key, value, message):
    separator = "" if message.startswith(".") else ": "
    assert refusal(cfg, toml_text(sales={key: value})) == \
        f"profiles.shop1.sales.{key}{separator}{message}"


@pytest.mark.parametrize("value, code, per_rate", [
    ('"WEB"', "WEB", {}),
    ('{ "21" = "WEB", "9" = "WEB-LAAG", "0.0" = "WEB-GEEN" }', "", {"21": "WEB", "9": "WEB-LAAG", "0": "WEB-GEEN"}),
])
def test_default_article_code_forms(cfg, value, code, per_rate):
    sales = cfg.load(toml_text(sales={"default_article_code": value})).profile().settings.sales
    assert (sales.default_article_code, sales.default_article_per_rate) == (code, per_rate)
    assert sales.default_articles == (per_rate or {"*": code})


@pytest.mark.parametrize("value, message", [
    ("{}", ": empty table; name an article code per VAT rate or leave the setting out"),
    ('{ "laag" = "WEB" }', f".laag: {VAT_HINT}"),
    ('{ "9" = true }', ".9: expected an article code in quotes, got true"),
])
def test_a_bad_default_article_code_is_named(cfg, value, message):
    assert refusal(cfg, toml_text(sales={"default_article_code": value})) == \
        f"profiles.shop1.sales.default_article_code{message}"


# --- revenue groups -------------------------------------------------------------------------

@pytest.mark.parametrize("value, groups", [
    ('"Omzet"', {"*": "Omzet"}),
    ("1", {"*": "1"}),
    ('{ "21" = "Omzet hoog", "9" = "Omzet laag", "0" = "Omzet vrij" }',
     {"21": "Omzet hoog", "9": "Omzet laag", "0": "Omzet vrij"}),
    ('{ "5.5" = "Omzet FR", "21.0" = "Hoog", "09" = "Laag", "0.00" = "Nul" }',
     {"5.5": "Omzet FR", "21": "Hoog", "9": "Laag", "0": "Nul"}),
    ("{ 21 = 1010 }", {"21": "1010"}),
])
def test_revenue_group_forms(cfg, value, groups):
    articles = cfg.load(toml_text(articles={"revenue_group": value})).profile().settings.articles
    assert articles.revenue_group == groups


def test_a_per_rate_revenue_group_is_found_by_rate(cfg):
    articles = cfg.load(toml_text(articles={"revenue_group": '{ "21.0" = "Hoog", "5.5" = "FR" }'})
                        ).profile().settings.articles
    from decimal import Decimal
    assert articles.revenue_group_for(Decimal("21")) == "Hoog"
    assert articles.revenue_group_for(Decimal("5.50")) == "FR"
    assert articles.revenue_group_for(Decimal("9")) is None


@pytest.mark.parametrize("value, message", [
    ('""', ": must not be empty (a revenue group, or a table of them per VAT rate)"),
    ("true", ": expected a revenue group, or a table of them per VAT rate in quotes, got true"),
    ("{}", ": empty table; name a revenue group per VAT rate or leave the setting out"),
    ('{ "21%" = "Hoog" }', f'."21%": {VAT_HINT}'),
    ('{ "-9" = "Laag" }', f'.-9: {VAT_HINT}'),
    ('{ "101" = "Laag" }', f".101: {VAT_HINT}"),
    ('{ "NaN" = "Laag" }', f".NaN: {VAT_HINT}"),
    ('{ "*" = "Alles" }', f'."*": {VAT_HINT}'),
    ('{ hoog = "Hoog" }', f".hoog: {VAT_HINT}"),
    ('{ "21" = "" }', ".21: must not be empty (a revenue group)"),
    ('{ "21" = "A", "21.0" = "B" }', '."21.0": the VAT rate 21 is given twice'),
    ('{ 5.5 = "FR" }', ".5: expected a revenue group; write a rate with a decimal point in quotes, "
                       'like "5.5" = "…"'),
])
def test_a_bad_revenue_group_is_named(cfg, value, message):
    assert refusal(cfg, toml_text(articles={"revenue_group": value})) == \
        f"profiles.shop1.articles.revenue_group{message}"


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(rate=st.decimals(min_value=0, max_value=100, places=2))
def test_any_vat_rate_from_0_to_100_finds_its_group(cfg, rate):
    articles = cfg.load(toml_text(articles={"revenue_group": f'{{ "{rate}" = "Groep" }}'})
                        ).profile().settings.articles
    assert articles.revenue_group_for(rate) == "Groep"


# --- planning -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", list(INTERVALS))
def test_every_interval_is_read(cfg, name):
    planning = cfg.load(toml_text(planning={"interval": f'"{name}"'})).profile().planning
    assert planning.interval == INTERVALS[name]
    assert planning.interval_name == name


def test_the_intervals_are_the_manuals(cfg):
    assert INTERVALS["off"] is None
    assert [INTERVALS[n] for n in ("5m", "1h", "1d")] == [timedelta(minutes=5), timedelta(hours=1),
                                                         timedelta(days=1)]


@pytest.mark.parametrize("value", ['"20m"', '"15"', "15", '"1w"', '""', "false"])
def test_a_bad_interval_is_refused(cfg, value):
    shown = {"15": "15", "false": "false"}.get(value, "'" + value.strip('"') + "'")
    assert refusal(cfg, toml_text(planning={"interval": value})) == (
        f"profiles.shop1.planning.interval: {shown} is not one of "
        "off, 5m, 10m, 15m, 30m, 1h, 2h, 4h, 8h, 12h, 1d")


@pytest.mark.parametrize("value, expected", [
    ("2024-03-01T10:00:00", datetime(2024, 3, 1, 10)),
    ("2024-03-01 10:00:00", datetime(2024, 3, 1, 10)),
    ('"2024-03-01T10:00"', datetime(2024, 3, 1, 10)),
    ("2024-03-01", datetime(2024, 3, 1)),
    ('"2024-03-01"', datetime(2024, 3, 1)),
])
def test_next_run_forms(cfg, value, expected):
    assert cfg.load(toml_text(planning={"next_run": value})).profile().planning.next_run == expected


@pytest.mark.parametrize("value", ['"morgen"', "10:00:00", "12", '"2024-13-01T00:00:00"'])
def test_a_bad_next_run_is_refused(cfg, value):
    message = refusal(cfg, toml_text(planning={"next_run": value}))
    assert message.startswith("profiles.shop1.planning.next_run: ")
    assert message.endswith("is not a date/time (write it like 2024-03-01T10:00:00)")


# --- start_from -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("2024-03-01T00:00:00", datetime(2024, 3, 1)),
    ('"2024-03-01T08:30:00"', datetime(2024, 3, 1, 8, 30)),
    ("2024-03-01", datetime(2024, 3, 1)),
    ("12", "12"),
    ("0", "0"),
    ('"12"', "12"),
    ('"00012"', "12"),
])
def test_start_from_forms(cfg, value, expected):
    myshop = cfg.load(toml_text(myshop={"start_from": value})).profile().myshop
    assert myshop.start_from == expected
    if isinstance(expected, str):
        assert (myshop.start_order_number, myshop.start_time) == (int(expected), None)
    else:
        assert (myshop.start_order_number, myshop.start_time) == (None, expected)


def test_a_start_time_with_an_offset_becomes_dutch_wall_clock_time(cfg):
    # myShop's times are Amsterdam wall-clock time, whatever zone this machine is in:
    # 10:00 UTC on 1 March is 11:00 in Amsterdam (CET), and on 1 July 12:00 (CEST).
    start = cfg.load(toml_text(myshop={"start_from": "2024-03-01T10:00:00Z"})).profile().myshop.start_from
    assert start == datetime(2024, 3, 1, 11, 0)
    summer = cfg.load(toml_text(myshop={"start_from": "2024-07-01T10:00:00+00:00"})).profile().myshop.start_from
    assert summer == datetime(2024, 7, 1, 12, 0)


@pytest.mark.parametrize("value, shown", [
    ('"vorige week"', "'vorige week'"), ("-3", "-3"), ("true", "true"), ("1.5", "1.5"),
    ('"12a"', "'12a'"), ("10:00:00", "10:00:00"),
])
def test_a_bad_start_from_is_refused(cfg, value, shown):
    message = refusal(cfg, toml_text(myshop={"start_from": value}))
    if value == "-3":
        assert message == "profiles.shop1.myshop.start_from: -3 is not an order number"
    else:
        assert message == (f"profiles.shop1.myshop.start_from: {shown} is neither a date/time "
                           "(like 2024-03-01T00:00:00) nor an order number")


# --- profile ids ----------------------------------------------------------------------------

def test_a_profile_id_must_be_usable_on_the_command_line(cfg):
    assert refusal(cfg, toml_text('"mijn winkel"')).startswith(
        "profiles.\"mijn winkel\": a profile id is letters, digits, '-' and '_'")


def test_two_profiles_may_not_share_an_environment_prefix(cfg):
    message = refusal(cfg, toml_text("shop-1") + toml_text("shop_1"))
    assert message == ("profiles.shop_1: clashes with profile 'shop-1': both read secrets from "
                       "SCONNECT_SHOP_1_*")


@pytest.mark.parametrize("address", ["http://127.0.0.1:8080/RPC/", "http://localhost:9000/RPC/", "http://[::1]:8/RPC/",
                                     "https://www.mijnwinkel.nl/RPC/"])
def test_https_anywhere_and_plain_http_only_on_this_machine(cfg, address):
    assert cfg.load(toml_text(myshop={"base_url": f'"{address}"'})).profile().myshop.base_url == address


@pytest.mark.parametrize("address", ["http://www.mijnwinkel.nl/RPC/", "http://10.0.0.5/RPC/"])
def test_plain_http_to_another_machine_is_refused(cfg, address):
    assert refusal(cfg, toml_text(myshop={"base_url": f'"{address}"'})) == (
        f"profiles.shop1.myshop.base_url: '{address}': use https:// (plain http:// only for 127.0.0.1 or localhost)")


def test_order_statuses_to_import_and_to_skip(cfg):
    shop = cfg.load(toml_text()).profile().myshop
    assert (shop.import_statuses, shop.skip_statuses) == (None, ("aborted", "cancelled"))
    shop = cfg.load(toml_text(myshop={"import_statuses": '["paid", "Shipped"]',
                                      "skip_statuses": '["aborted", "geannuleerd"]'})).profile().myshop
    assert (shop.import_statuses, shop.skip_statuses) == (("paid", "Shipped"), ("aborted", "geannuleerd"))


@pytest.mark.parametrize("value, message", [
    ('"aborted"', "'aborted' is not a list"),
    ('["aborted", ""]', "profiles.shop1.myshop.skip_statuses[1]: '' is not a non-empty text"),
    ('[3]', "profiles.shop1.myshop.skip_statuses[0]: 3 is not a non-empty text"),
])
def test_a_bad_status_list_is_refused(cfg, value, message):
    assert message in refusal(cfg, toml_text(myshop={"skip_statuses": value}))
