"""One reader per table of a profile: [snelstart], [myshop], [sales], [articles], [customers],
[planning]. Each refuses unknown keys and bad values with the setting's full name, and goes on
reading the other settings: every refusal is noted in `problems` (infrastructure.config.problems),
and a table with a problem reads as None."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from domain.errors import ConfigurationError
from domain.recipe import RecipeExpansion
from domain.settings import (AddressMode, ArticleProcessing, ArticleSettings, ChargeBooking,
                             ChargeMode, CustomerProcessing, CustomerSettings, Description,
                             LineMode, Recognition, SalesSettings)
from infrastructure.config.model import (B2B_BASE_URL, B2B_TOKEN_URL, GATEWAY_USER, INTERVALS,
                                         MYSHOP_BASE_URL, MyShopConnection, Planning, SigningRecipe,
                                         SnelStartConnection, SnelStartKind)
from infrastructure.config.problems import Problems
from infrastructure.config.secrets import REFUSED, SecretReader, ways_to_give
from infrastructure.config.values import (boolean, check_keys, choice, date_time, fail, key_path,
                                          path_value, show, table, text, text_list, url, whole_number)

SNELSTART_KEYS = ("kind", "database", "server", "username", "password", "folder", "administration",
                  "subscription_key", "client_key", "base_url", "token_url", "user", "odbc_driver",
                  "schema_map", "encrypt", "trust_server_certificate", "gateway_progid", "rate_limit")
# snelstart.rate_limit: the B2B key's product and its limits (reference §5c; pacing.py).
RATE_LIMITS = {"production": "Productie/Maatwerk: 500 calls a minute, 5.000 an hour",
               "test": "Ontwikkeling & Test: 100 calls a minute, 1.000 an hour"}
# What each kind cannot do without; secrets may come from the environment instead.
REQUIRED_BY_KIND = {
    SnelStartKind.SQL: ("server", "database"),
    SnelStartKind.MDB: ("folder", "administration"),
    SnelStartKind.LOCAL: ("folder", "administration"),
    SnelStartKind.B2B: ("subscription_key", "client_key"),
    SnelStartKind.EMBEDDED: ("database",),
    SnelStartKind.MEMORY: ("database",),
}
# The SnelStart secrets each kind uses: the SQL login / Gateway password of the desktop kinds,
# the B2B API's two keys.
SECRETS_BY_KIND = {
    SnelStartKind.SQL: ("password",), SnelStartKind.MDB: ("password",), SnelStartKind.LOCAL: ("password",),
    SnelStartKind.B2B: ("subscription_key", "client_key"),
}
MYSHOP_KEYS = ("shop_id", "private_key", "start_from", "base_url", "signing", "import_statuses",
               "skip_statuses", "columns")
SALES_KEYS = ("template", "take_last_template", "unique_payment_reference", "description",
              "addresses", "lines", "recipes", "shipping_costs", "payment_costs", "discount",
              "default_article_code")
ARTICLES_KEYS = ("code_field", "revenue_group", "processing")
CUSTOMERS_KEYS = ("recognition", "processing", "default_customer_code", "default_payment_term",
                  "name_threshold")
PLANNING_KEYS = ("interval", "next_run")


def snelstart(data: Mapping[str, Any], path: str, profile_id: str, base: Path,
              secrets: SecretReader, problems: Problems) -> SnelStartConnection | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, SNELSTART_KEYS))
    kind = None
    if "kind" not in data:
        problems.add(fail(key_path(path, "kind"), "missing; one of " + ", ".join(k.value for k in SnelStartKind)))
    else:
        kind = problems.read(lambda: choice(data["kind"], key_path(path, "kind"), SnelStartKind))[1]

    values: dict[str, Any] = {}
    for name in ("password", "subscription_key", "client_key"):
        # A run asks the keyring only for the secrets of the profile's kind: an embedded profile
        # needs none, and asking costs its run a noticeable moment (issue 19, the idle run).
        used = kind is None or name in SECRETS_BY_KIND.get(kind, ())
        problems.into(values, name, lambda: secrets.read(data, profile_id, "snelstart", name, path, used=used))
    for name in REQUIRED_BY_KIND.get(kind, ()):
        if name in ("password", "subscription_key", "client_key"):
            # A secret: required only of a profile about to run (SecretReader).
            if name in values and not values[name] and values[name].source != REFUSED:
                secrets.missing(profile_id, key_path(path, name), f"missing; kind {kind.value} needs it "
                                f"({ways_to_give(profile_id, 'snelstart', name)})")
        elif name not in data:
            problems.add(fail(key_path(path, name), f"missing; kind {kind.value} needs it"))
    for name in ("server", "username", "administration", "user", "odbc_driver", "gateway_progid"):
        if name in data:
            problems.into(values, name, lambda: text(data[name], key_path(path, name), required=name != "username"))
    for name in ("encrypt", "trust_server_certificate"):
        if name in data:
            problems.into(values, name, lambda: boolean(data[name], key_path(path, name)))
    if "schema_map" in data:
        where = key_path(path, "schema_map")
        if problems.into(values, "schema_map", lambda: path_value(data["schema_map"], where, base)) \
                and kind is not None and kind.is_classic:
            # Read now: a broken map is a configuration error, not a failed run.
            from infrastructure.snelstart.classic.schema_map import load_schema_map  # classic only

            problems.read(lambda: load_schema_map(values["schema_map"], where))
    if "database" in data:
        where = key_path(path, "database")
        # For sql it is a database name on the server; for the file kinds, a file.
        problems.into(values, "database", lambda: (
            str(path_value(data["database"], where, base)) if kind is not None and kind.uses_file
            else text(data["database"], where, required=True)))
    if "folder" in data:
        problems.into(values, "folder", lambda: path_value(data["folder"], key_path(path, "folder"), base))
    if kind is SnelStartKind.B2B:
        values["base_url"], values["token_url"] = B2B_BASE_URL, B2B_TOKEN_URL
    for name in ("base_url", "token_url"):
        if name in data:
            problems.into(values, name, lambda: secrets.address(url(data[name], key_path(path, name),
                                                                        slash=name == "base_url")))
    if "rate_limit" in data:
        problems.into(values, "rate_limit", lambda: rate_limit(data["rate_limit"], key_path(path, "rate_limit")))
    values.setdefault("user", GATEWAY_USER)
    if kind is None or len(problems.lines) > before:
        return None
    return SnelStartConnection(kind=kind, **values)


def rate_limit(value: Any, path: str) -> str:
    name = text(value, path, required=True)
    if name not in RATE_LIMITS:
        raise fail(path, f"{show(name)} is not one of production ({RATE_LIMITS['production']}), "
                         f"test ({RATE_LIMITS['test']})")
    return name


def shop_number(value: Any, path: str) -> str:
    shop_id = text(value, path, allow_number=True, required=True, what="the winkelnummer")
    if not shop_id.isascii() or not shop_id.isdigit():
        raise fail(path, f"{show(shop_id)} is not a winkelnummer (digits only)")
    return shop_id


def myshop(data: Mapping[str, Any], path: str, profile_id: str,
           secrets: SecretReader, base: Path, problems: Problems) -> MyShopConnection | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, MYSHOP_KEYS))
    values: dict[str, Any] = {"base_url": MYSHOP_BASE_URL, "signing": SigningRecipe.DEFAULT}
    if "shop_id" not in data:
        problems.add(fail(key_path(path, "shop_id"), "missing; the winkelnummer, e.g. \"1817700\""))
    else:
        problems.into(values, "shop_id", lambda: shop_number(data["shop_id"], key_path(path, "shop_id")))
    if problems.into(values, "private_key", lambda: secrets.read(data, profile_id, "myshop", "private_key", path)):
        private_key = values["private_key"]
        if not private_key and private_key.source != REFUSED:
            secrets.missing(profile_id, key_path(path, "private_key"),
                            f"missing; {ways_to_give(profile_id, 'myshop', 'private_key')}, or write it in the file")
    if "start_from" not in data:
        # Required: without it the first run would book every order the shop ever had.
        problems.add(fail(key_path(path, "start_from"),
                          "missing; a date/time like 2024-03-01T00:00:00 or an order number"))
    else:
        problems.into(values, "start_from", lambda: start_point(data["start_from"], key_path(path, "start_from")))
    if "base_url" in data:
        problems.into(values, "base_url",
                      lambda: secrets.address(url(data["base_url"], key_path(path, "base_url"), slash=True)))
    if "signing" in data:
        problems.into(values, "signing", lambda: choice(data["signing"], key_path(path, "signing"), SigningRecipe))
    for name in ("import_statuses", "skip_statuses"):
        if name in data:
            problems.into(values, name, lambda: text_list(data[name], key_path(path, name)))
    if "columns" in data:
        # The column table of myShop's order answer (docs/myshop.md): checked now, so a table
        # edited to match a real export is reported by `config check`, not at the first run.
        from infrastructure.myshop.columns import load_table

        def columns() -> Path:
            found = path_value(data["columns"], key_path(path, "columns"), base)
            load_table(found, key_path(path, "columns"))
            return found

        problems.into(values, "columns", columns)
    return None if len(problems.lines) > before else MyShopConnection(**values)


def start_point(value: Any, path: str):
    """A date/time, or a myShop order number (an integer or a string of digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise fail(path, f"{value} is not an order number")
        return str(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return str(int(value.strip()))  # myShop pads numbers with zeros: "00012" is order 12
    try:
        return date_time(value, path)
    except ConfigurationError:
        raise fail(path, f"{show(value)} is neither a date/time (like 2024-03-01T00:00:00) "
                         "nor an order number") from None


def charge(value: Any, path: str) -> ChargeBooking:
    """`{line = "CODE"}`, `{line = {"21" = "CODE", "9" = "CODE-LAAG"}}`, `cost_type_1` or `cost_type_2`."""
    if isinstance(value, Mapping):
        check_keys(value, path, ("line",))
        where = key_path(path, "line")
        if "line" not in value:
            raise fail(where, "missing; the article code of the line")
        if isinstance(value["line"], Mapping):
            return ChargeBooking(ChargeMode.LINE, per_rate=per_rate(value["line"], where, "an article code"))
        code = text(value["line"], where, allow_number=True, required=True, what="an article code")
        return ChargeBooking(ChargeMode.LINE, code)
    forms = '{line = "<article code>"}, {line = {"21" = "<article code>", "9" = "…"}}, cost_type_1, cost_type_2'
    if isinstance(value, str) and value.strip().lower() in ("cost_type_1", "cost_type_2"):
        return ChargeBooking(ChargeMode(value.strip().lower()))
    raise fail(path, f"{show(value)} is not one of {forms}")


def sales(data: Mapping[str, Any], path: str, problems: Problems) -> SalesSettings | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, SALES_KEYS))
    at = lambda name: key_path(path, name)  # noqa: E731
    values: dict[str, Any] = {}
    if "template" not in data:
        problems.add(fail(at("template"),
                          "missing; the SnelStart verkoopordersjabloon of new orders (id, number or name)"))
    else:
        problems.into(values, "template", lambda: text(data["template"], at("template"), allow_number=True,
                                                       required=True, what="a template id, number or name"))
    for name in ("take_last_template", "unique_payment_reference"):
        if name in data:
            problems.into(values, name, lambda: boolean(data[name], at(name)))
    for name, enum in (("description", Description), ("addresses", AddressMode),
                       ("lines", LineMode), ("recipes", RecipeExpansion)):
        if name in data:
            problems.into(values, name, lambda: choice(data[name], at(name), enum))
    for name in ("shipping_costs", "payment_costs", "discount"):
        if name in data:
            problems.into(values, name, lambda: charge(data[name], at(name)))
    if "default_article_code" in data:
        raw, where = data["default_article_code"], at("default_article_code")
        if isinstance(raw, Mapping):
            problems.into(values, "default_article_per_rate", lambda: per_rate(raw, where, "an article code"))
        else:
            problems.into(values, "default_article_code",
                          lambda: text(raw, where, allow_number=True, what="an article code"))
    return None if len(problems.lines) > before else SalesSettings(**values)


def check_charges_for_kind(settings: SalesSettings, kind: SnelStartKind, path: str) -> None:
    """The B2B API has no footer cost types (kostensoort 1/2), and the SnelStart Gateway no
    documented method to fill them: refused now, not at the first order that has shipping or
    payment costs."""
    if kind is not SnelStartKind.B2B and not kind.is_classic:
        return
    why = ("the B2B API has no footer cost types" if kind is SnelStartKind.B2B
           else "the SnelStart Gateway has no method to fill a sales order's cost types")
    for name in ("shipping_costs", "payment_costs", "discount"):
        booking = getattr(settings, name)
        if booking is not None and booking.mode is not ChargeMode.LINE:
            raise fail(key_path(path, name), f"{booking.mode.value} is not available with snelstart.kind "
                       f'"{kind.value}" ({why}); book it as a line: ' '{ line = "<article code>" }')


# What the SnelStart Gateway cannot do, and what a SnelStart desktop profile therefore books
# instead when the setting is left out (docs/classic.md): SnelStart fills the order's addresses
# from the customer card, and an unknown article goes on sales.default_article_code.
CLASSIC_DEFAULTS = {"addresses": AddressMode.FROM_CUSTOMER_CARD, "processing": ArticleProcessing.MANUAL}


def fit_classic(kind: SnelStartKind, sales_settings: SalesSettings, article_settings: ArticleSettings,
                sales_data: Mapping[str, Any], articles_data: Mapping[str, Any],
                path: str) -> tuple[SalesSettings, ArticleSettings]:
    """A SnelStart desktop kind: a setting asking what the Gateway cannot do is refused, with
    its key; left out, it takes the classic default."""
    if not kind.is_classic:
        return sales_settings, article_settings
    if "addresses" not in sales_data:
        sales_settings = replace(sales_settings, addresses=CLASSIC_DEFAULTS["addresses"])
    elif sales_settings.addresses is not AddressMode.FROM_CUSTOMER_CARD:
        raise fail(key_path(key_path(path, "sales"), "addresses"), f'"{sales_settings.addresses.value}" is not available with '
                   f'snelstart.kind "{kind.value}": the SnelStart Gateway cannot set a sales order\'s addresses; '
                   'use "from_customer_card" (SnelStart takes them from the customer card)')
    if "processing" not in articles_data:
        article_settings = replace(article_settings, processing=CLASSIC_DEFAULTS["processing"])
    elif article_settings.processing is not ArticleProcessing.MANUAL:
        raise fail(key_path(key_path(path, "articles"), "processing"), f'"{article_settings.processing.value}" is not available '
                   f'with snelstart.kind "{kind.value}": the SnelStart Gateway has no method to create or change '
                   'articles; use "manual" (an unknown article is booked on sales.default_article_code)')
    return sales_settings, article_settings


def vat_rate(key: str, path: str) -> str:
    """A VAT rate as a percentage ("21", "9", "0", "5.5"), written canonically."""
    try:
        rate = Decimal(key.strip())
    except InvalidOperation:
        rate = None
    if rate is None or not rate.is_finite() or not Decimal(0) <= rate <= Decimal(100):
        raise fail(path, 'is not a VAT rate; write the percentage, like "21", "9", "0" or "5.5"')
    return f"{rate.normalize():f}"


def revenue_group(value: Any, path: str) -> dict[str, str]:
    """One artikelomzetgroep for every rate ({"*": ref}), or one per VAT rate."""
    if not isinstance(value, Mapping):
        ref = text(value, path, allow_number=True, required=True,
                   what="a revenue group, or a table of them per VAT rate")
        return {"*": ref}
    return per_rate(value, path, "a revenue group")


def per_rate(value: Mapping[str, Any], path: str, what: str) -> dict[str, str]:
    """A table with one value per VAT rate ({ "21" = "…", "9" = "…" }), keys written canonically."""
    if not value:
        raise fail(path, f"empty table; name {what} per VAT rate or leave the setting out")
    table: dict[str, str] = {}
    for key, item in value.items():
        where = key_path(path, key)
        if isinstance(item, Mapping):
            # `{ 5.5 = "x" }` is a dotted key in TOML: the rate must be quoted.
            raise fail(where, f'expected {what}; write a rate with a decimal point in quotes, like "5.5" = "…"')
        rate = vat_rate(key, where)
        if rate in table:
            raise fail(where, f"the VAT rate {rate} is given twice")
        table[rate] = text(item, where, allow_number=True, required=True, what=what)
    return table


def articles(data: Mapping[str, Any], path: str, problems: Problems) -> ArticleSettings | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, ARTICLES_KEYS))
    values: dict[str, Any] = {}
    if "code_field" in data:
        problems.into(values, "code_field", lambda: text(data["code_field"], key_path(path, "code_field"),
                                                         required=True, what="artikelcode or the name of an extra field"))
    if "revenue_group" in data:
        problems.into(values, "revenue_group",
                      lambda: revenue_group(data["revenue_group"], key_path(path, "revenue_group")))
    if "processing" in data:
        problems.into(values, "processing",
                      lambda: choice(data["processing"], key_path(path, "processing"), ArticleProcessing))
    return None if len(problems.lines) > before else ArticleSettings(**values)


def customers(data: Mapping[str, Any], path: str, problems: Problems) -> CustomerSettings | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, CUSTOMERS_KEYS))
    at = lambda name: key_path(path, name)  # noqa: E731
    # Smart recognition is the default: it is the only strategy that never creates a
    # duplicate of a relation it half-recognised (SPEC §6.1).
    values: dict[str, Any] = {"recognition": Recognition.SMART}
    # SnelStart accepts −365…1000 days as a payment term; a negative one makes no sense for a
    # new customer.
    reads = {"recognition": lambda v: choice(v, at("recognition"), Recognition),
             "processing": lambda v: choice(v, at("processing"), CustomerProcessing),
             "default_customer_code": lambda v: whole_number(v, at("default_customer_code"), 1),
             "default_payment_term": lambda v: whole_number(v, at("default_payment_term"), 0, 1000),
             "name_threshold": lambda v: whole_number(v, at("name_threshold"), 0, 100)}
    for name, read in reads.items():
        if name in data:
            problems.into(values, name, lambda: read(data[name]))
    return None if len(problems.lines) > before else CustomerSettings(**values)


def interval(raw: Any, path: str):
    wanted = raw.strip().lower() if isinstance(raw, str) else None
    if wanted not in INTERVALS:
        raise fail(path, f"{show(raw)} is not one of {', '.join(INTERVALS)}")
    return INTERVALS[wanted]


def planning(data: Mapping[str, Any], path: str, problems: Problems) -> Planning | None:
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, PLANNING_KEYS))
    values: dict[str, Any] = {}
    if "interval" in data:
        problems.into(values, "interval", lambda: interval(data["interval"], key_path(path, "interval")))
    if "next_run" in data:
        problems.into(values, "next_run", lambda: date_time(data["next_run"], key_path(path, "next_run")))
    return None if len(problems.lines) > before else Planning(**values)


def section(profile: Mapping[str, Any], name: str, path: str) -> Mapping[str, Any]:
    """A profile's sub-table, or an empty one when it is left out."""
    return table(profile[name], key_path(path, name)) if name in profile else {}
