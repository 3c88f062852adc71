"""Test profiles: the configuration file of an installation, written in one place.

    config_text(profile("shop1", kind="embedded", database="administration.sqlite",
                        shop_url=shop.base_url, sales=E2E_SALES, articles=E2E_ARTICLES))

Every setting is a keyword argument in its section (`sales=`, `articles=`, …; the SnelStart
section's settings are the keyword arguments left over), so a test names only what it is about
and a new kind costs one line. The text is TOML as a user writes it (`key = "value"`,
`{ line = "VERZEND" }`), so a test may still edit it the way a user would, by replacing a line.
Secrets are never written here: tests give them through the environment, as the docs advise."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

SHOP = "1817700"
START_FROM = "2024-01-01T00:00:00"
NO_SHOP = "http://127.0.0.1:9/RPC/"  # a port nothing listens on, for commands that never ask the shop

# The administration file of the kinds that keep one next to the configuration.
ADMINISTRATION_FILES = {"embedded": "administration.sqlite", "memory": "administration.json"}

# The demo administration's words: what the e2e installation and the benchmarks book with.
E2E_SALES = {"template": "Webshop", "recipes": "when_always", "shipping_costs": {"line": "VERZEND"},
             "payment_costs": "cost_type_1", "discount": {"line": "KORTING"}, "default_article_code": "WEB"}
REVENUE_GROUPS = {"21": "Omzet hoog", "9": "Omzet laag", "0": "Omzet nul"}
E2E_ARTICLES = {"revenue_group": REVENUE_GROUPS}

_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def value(item: Any) -> str:
    """One TOML value the way a person types it."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, str):
        return _string(item)
    if isinstance(item, Mapping):
        return "{ " + ", ".join(f"{_key(k)} = {value(v)}" for k, v in item.items()) + " }"
    if isinstance(item, (list, tuple)):
        return "[" + ", ".join(value(v) for v in item) + "]"
    raise TypeError(f"no TOML for {item!r}")


def section(name: str, settings: Mapping[str, Any]) -> str:
    lines = [f"[{name}]", *(f"{_key(k)} = {value(v)}" for k, v in settings.items() if v is not None)]
    return "\n".join(lines) + "\n"


def snelstart_lines(kind: str = "embedded", **settings: Any) -> str:
    """The lines of a profile's snelstart section (without its header), so a test can replace
    them as a whole; embedded and memory default to their administration file."""
    if kind in ADMINISTRATION_FILES:
        settings.setdefault("database", ADMINISTRATION_FILES[kind])
    return section("x", {"kind": kind, **settings}).split("\n", 1)[1].rstrip("\n")


def profile(profile_id: str = "shop1", kind: str = "embedded", *, shop_url: str = NO_SHOP,
            shop_id: str = SHOP, start_from: str = START_FROM, description: str | None = None,
            max_attempts: int | None = None, sales: Mapping[str, Any] | None = None,
            articles: Mapping[str, Any] | None = None, customers: Mapping[str, Any] | None = None,
            planning: Mapping[str, Any] | None = None, myshop: Mapping[str, Any] | None = None,
            **snelstart: Any) -> str:
    """One `[profiles.<id>]` with its sections; `snelstart` holds the kind's own settings."""
    name = f"profiles.{profile_id}"
    parts = [section(name, {"description": description, "max_attempts": max_attempts}),
             f"[{name}.snelstart]\n{snelstart_lines(kind, **snelstart)}\n",
             section(f"{name}.myshop", {"shop_id": shop_id, "start_from": start_from, "base_url": shop_url,
                                        **(myshop or {})}),
             section(f"{name}.sales", {"template": "Webshop", **(sales or {})})]
    for title, settings in (("articles", articles), ("customers", customers), ("planning", planning)):
        if settings is not None:
            parts.append(section(f"{name}.{title}", settings))
    return "\n".join(parts)


def config_text(*profiles: str, state: str | None = "state.sqlite") -> str:
    """A whole configuration file: the state database next to it, then the profiles."""
    head = [section("state", {"path": state})] if state else []
    return "\n".join(head + list(profiles))


def e2e_profile(profile_id: str = "shop1", kind: str = "embedded", **settings: Any) -> str:
    """The e2e installation's profile: the demo administration's template, costs, recipes and
    revenue groups, recognised the smart way; any setting may be replaced."""
    settings.setdefault("sales", E2E_SALES)
    settings.setdefault("articles", E2E_ARTICLES)
    settings.setdefault("customers", {"recognition": "smart"})
    return profile(profile_id, kind, **settings)
