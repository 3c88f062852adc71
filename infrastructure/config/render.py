"""The effective configuration as plain JSON-ready data, for `sconnect config check --json`:
every default filled in, every secret shown as "***" with where it came from."""
from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from domain.settings import ANY_RATE, ChargeBooking, ChargeMode
from infrastructure.config.model import Config, Profile, Secret
from infrastructure.state.redact import without_userinfo

HIDDEN = "***"


def render_config(config: Config) -> dict[str, Any]:
    return {
        "config": str(config.path),
        "state": {"path": str(config.state_path)},
        "profiles": {profile_id: render_profile(profile)
                     for profile_id, profile in config.profiles.items()},
    }


def render_profile(profile: Profile) -> dict[str, Any]:
    settings = profile.settings
    sources: dict[str, str] = {}
    snelstart = _plain(profile.snelstart, "snelstart", sources)
    for name in ("base_url", "token_url"):
        if not snelstart[name]:
            del snelstart[name]  # only kind b2b has them
        else:
            snelstart[name] = without_userinfo(snelstart[name])  # a password in it is a secret
    myshop = _plain(profile.myshop, "myshop", sources)
    myshop["base_url"] = without_userinfo(myshop["base_url"])
    articles = _plain(settings.articles, "articles", sources)
    groups = settings.articles.revenue_group
    articles["revenue_group"] = groups["*"] if set(groups) == {"*"} else dict(groups)
    sales = _plain(settings.sales, "sales", sources)
    del sales["default_article_per_rate"]  # the one key default_article_code: a code or a table
    sales["default_article_code"] = _per_rate(settings.sales.default_articles)
    return {
        "description": settings.description,
        "max_attempts": settings.max_attempts,
        "snelstart": snelstart,
        "myshop": myshop,
        "sales": sales,
        "articles": articles,
        "customers": _plain(settings.customers, "customers", sources),
        "planning": {"interval": profile.planning.interval_name,
                     "next_run": _value(profile.planning.next_run, "", sources)},
        "secret_sources": sources,
    }


def _per_rate(table: dict[str, str]) -> str | dict[str, str]:
    """As the file writes it: one code for every rate, or a table per rate."""
    return table.get(ANY_RATE, "") if set(table) <= {ANY_RATE} else dict(table)


def _plain(obj: Any, section: str, sources: dict[str, str]) -> dict[str, Any]:
    return {f.name: _value(getattr(obj, f.name), f"{section}.{f.name}", sources)
            for f in fields(obj)}


def _value(value: Any, name: str, sources: dict[str, str]) -> Any:
    if isinstance(value, Secret):
        sources[name] = value.source
        return HIDDEN if value else ""  # an empty password is no secret, and worth seeing
    if isinstance(value, ChargeBooking):
        return {"line": _per_rate(value.articles)} if value.mode is ChargeMode.LINE else value.mode.value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    return value


def secret_origins(profile: Profile) -> list[tuple[str, str]]:
    """(SECTION.NAME, where it came from in words) of every secret the profile has a value for;
    never the value."""
    found = []
    for section, holder in (("myshop", profile.myshop), ("snelstart", profile.snelstart)):
        for f in fields(holder):
            value = getattr(holder, f.name)
            if isinstance(value, Secret) and value:
                found.append((f"{section}.{f.name}", origin_words(value.source)))
    return found


def origin_words(source: str) -> str:
    if source.startswith("env "):
        return f"from the environment ({source[4:]})"
    return {"keyring": "from the keyring", "file": "from the configuration file"}.get(source, source)


def plain_text_secrets(config: Config) -> list[str]:
    """A warning per secret that sits in the configuration file in plain text."""
    warnings = []
    for profile in config.profiles.values():
        for setting, words in secret_origins(profile):
            if words == "from the configuration file":
                warnings.append(f"profiles.{profile.id}.{setting} is in the configuration file in plain text; "
                                f"keep it in the keyring with `sconnect secret set {profile.id} {setting}` "
                                f"and remove it from the file")
    return warnings
