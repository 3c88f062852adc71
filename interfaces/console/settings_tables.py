"""Instellingen's settings with a value per VAT rate, as a bookkeeper fills them in: a row per
rate instead of TOML text (docs/configuration.md, "VAT per rate").

- `articles.revenue_group` and `sales.default_article_code`: one value for every rate, or one per
  rate (`{ "21" = "Omzet hoog", "9" = "Omzet laag" }`).
- `sales.shipping_costs`, `payment_costs`, `discount`: not used, a cost type (kostensoort 1/2),
  or an order line on one article for every rate or on an article per rate
  (`{ line = { "21" = "VERZEND", "9" = "VERZEND-LAAG" } }`).

The form sends `NAME` (the one value, or the charge's way of booking) and `NAME[RATE]` per rate.
Nothing is checked here beyond the form's own shape: the file's rules check the result.
"""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import tomlkit
from tomlkit.items import KeyType, SingleKey

from application.first_configuration import RATES as DUTCH_RATES

RATES = tuple(rate for rate, _kind in DUTCH_RATES)  # the rows every form shows: 21, 9 and 0 %
ALL = "*"  # one value for every rate
CHARGE_MODES = ("", "line", "cost_type_1", "cost_type_2")
BOTH = ("vul één waarde voor alle tarieven in, of één per tarief, niet allebei / give one value for every rate, "
        "or one per rate, not both")
UNUSED_WITH_CODES = ("niet gebruikt, maar met artikelcodes: kies 'als orderregel', of maak de codes leeg / not used, "
                     "but with article codes: choose 'as an order line', or clear the codes")
NO_ARTICLE = ("vul een artikelcode in, voor alle tarieven of per tarief / fill in an article code, for every rate "
              "or per rate")


def _rate_order(rate: str) -> tuple:
    try:
        return (0, -Decimal(rate))
    except InvalidOperation:
        return (1, rate)


def rows(shown: Mapping[str, str]) -> list[str]:
    """The rates the form shows: 21, 9, 0 and any other rate the file has."""
    return sorted(set(RATES) | {rate for rate in shown if rate not in (ALL, "mode")}, key=_rate_order)


def per_rate_shown(item) -> dict[str, str]:
    """{"*": value} for one value, {rate: value} for a table; {} when not set."""
    if item is None:
        return {}
    if isinstance(item, Mapping):
        return {str(rate): str(value) for rate, value in item.items()}
    return {ALL: str(item)}


def charge_shown(item) -> dict[str, str]:
    """{"mode": "", "line", "cost_type_1" or "cost_type_2"} and the line's article(s)."""
    if item is None:
        return {"mode": ""}
    if isinstance(item, Mapping):
        return {"mode": "line", **per_rate_shown(item.get("line"))}
    return {"mode": str(item).strip().lower()}


def _given(form: Mapping[str, str], name: str) -> tuple[str, dict[str, str]]:
    """The one value and the per-rate values the form sent for `name`."""
    table = {}
    for key, value in form.items():
        if key.startswith(name + "[") and key.endswith("]") and value.strip():
            table[key[len(name) + 1:-1]] = value.strip()
    return form.get(name, "").strip(), dict(sorted(table.items(), key=lambda kv: _rate_order(kv[0])))


def per_rate_wanted(form: Mapping[str, str], name: str):
    """(value for the file, problem): a string, a table per rate, or None (not set)."""
    one, table = _given(form, name)
    if one and table:
        return None, BOTH
    return (one or table or None), ""


def charge_wanted(form: Mapping[str, str], name: str):
    """(value for the file, problem). "Not used" with article codes still filled in is asked
    about, never guessed: the codes are cleared, or a line chosen."""
    mode = form.get(name, "").strip()
    one, table = _given(form, name + ".line")
    if mode.startswith("cost_type_"):
        return mode, ""
    if mode not in ("", "line"):
        return None, f"'{mode}' is geen keuze / is not a choice"
    if mode == "" and (one or table):
        return None, UNUSED_WITH_CODES
    if one and table:
        return None, BOTH
    if one or table:
        return {"line": one or table}, ""
    return None, NO_ARTICLE if mode == "line" else ""


def unchanged(item, wanted) -> bool:
    """Whether the file's value is the wanted one already (then the file keeps its own way of
    writing it)."""
    current = item.unwrap() if hasattr(item, "unwrap") else item
    return _plain(current) == _plain(wanted)


def _plain(value):
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    return None if value is None else str(value).strip()


def toml_value(value):
    """A table as an inline table with its rates quoted ("21" = …, as the docs write them; TOML
    would read 5.5 unquoted as a dotted key)."""
    if not isinstance(value, Mapping):
        return value
    table = tomlkit.inline_table()
    for key, item in value.items():
        key = str(key)
        table.append(key if key == "line" else SingleKey(key, t=KeyType.Basic), toml_value(item))
    return table
