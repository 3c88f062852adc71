"""Adding and removing a profile (SPEC §1, §9, §11): the one place that decides, for both
`sconnect profile add/remove` and the console's Instellingen, so the two can never disagree.

A new profile is written whole — every setting at its default with the documentation's words
above it — after the checks: a valid id that is not there yet, a known SnelStart kind, what that
kind needs, and room in the licence. The file is checked by the configuration's own rules before
it is replaced, atomically; a profile is taken out with every table of it, never the last one.
"""
from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path
from typing import Any

from domain import licence as licence_rules
from domain.errors import ConfigurationError, SConnectError
from infrastructure.config import Config, SnelStartKind, load_config
from infrastructure.config.catalogue import SECTIONS
from infrastructure.config.editing import append_profile, remove_profile
from infrastructure.config.loader import PROFILE_ID
from infrastructure.config.profile_text import profile_text
from interfaces import licensing

KINDS = tuple(k.value for k in SnelStartKind)


class WrongRequest(SConnectError):
    """What was asked cannot be done as asked (a bad id, an unknown kind, a profile that is or
    is not there, a value missing): the CLI's usage error (exit 2); nothing changed. `reason`
    says which, for the console's own words next to the field."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _checker(environ) -> Any:
    def check(candidate: Path) -> None:
        load_config(candidate, environ, need_secrets=False)
    return check


def check_id(profile_id: str) -> None:
    if not PROFILE_ID.match(profile_id):
        raise WrongRequest(f"{profile_id!r} is not a profile id: letters, digits, '-' and '_' (it is typed on the "
                           f"command line and names environment variables)", "bad_id")


def check_kind(kind: str) -> str:
    chosen = kind.strip().lower()
    if chosen not in KINDS:
        raise WrongRequest(f"--kind: {kind!r} is not one of {', '.join(KINDS)}", "bad_kind")
    return chosen


def check_new(config: Config, profile_id: str, config_option: str | None) -> None:
    """The id is free and the licence has room for one more (ConfigurationError naming it)."""
    if profile_id in config.profiles:
        raise WrongRequest(f"profile {profile_id} exists already in {config.path}; nothing changed", "exists")
    container = licensing.licence_container(config_option)
    stored = container.licence_book().stored()
    allowed = licence_rules.profiles_allowed(stored.licence, licensing.today(container))
    if len(config.profiles) >= allowed:
        problem = licence_rules.refusal(profile_id, [*config.profiles, profile_id], stored.licence,
                                        licensing.today(container))
        raise ConfigurationError(f"profile {profile_id} not added: {problem}")


def room_for_another(config: Config, config_option: str | None) -> bool:
    """Whether the licence lets one more profile run (the console offers *toevoegen* then)."""
    container = licensing.licence_container(config_option)
    allowed = licence_rules.profiles_allowed(container.licence_book().stored().licence, licensing.today(container))
    return len(config.profiles) < allowed


def required_settings(kind: str) -> list[str]:
    """The snelstart settings the kind needs that have no default (server, database, …)."""
    return [s.key for s in SECTIONS["snelstart"] if s.required and kind in s.kinds and s.key != "kind"]


def missing(kind: str, answers: dict[str, str]) -> list[str]:
    """What a new profile of `kind` still needs: the shop id, the template, the kind's settings."""
    return [key for key in ("shop_id", "template", *required_settings(kind)) if not (answers.get(key) or "").strip()]


def default_database(profile_id: str, kind: str) -> str | None:
    """An embedded or memory profile's administration file: next to the configuration."""
    if kind in ("embedded", "memory"):
        return f"{profile_id}-administration.{'sqlite' if kind == 'embedded' else 'json'}"
    return None


def start_from(text: str | None) -> Any:
    """An order number, a date or a date/time as TOML types them; today when not given (orders
    from today on: a new profile never books a shop's whole past)."""
    if text is None or not text.strip():
        return date.today()
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text  # refused, naming the setting, when the new file is checked
    return moment.date() if len(text) == 10 else moment


def add(config: Config, profile_id: str, kind: str, answers: dict[str, str], description: str = "",
        start: str | None = None) -> None:
    """Append the profile (after `check_id`, `check_kind`, `check_new` and with every
    `required_settings` answer, the shop id and the template in `answers`)."""
    values = {"": {"description": description or ""},
              "snelstart": {key: answers[key] for key in required_settings(kind)},
              "myshop": {"shop_id": answers["shop_id"], "start_from": start_from(start)},
              "sales": {"template": answers["template"]}}
    append_profile(config.path, profile_text(profile_id, kind, values), _checker(os.environ))


def check_removable(config: Config, profile_id: str) -> None:
    if profile_id not in config.profiles:
        raise WrongRequest(f"no profile '{profile_id}' in {config.path}; the profiles are: "
                           f"{', '.join(config.profiles)}", "unknown")
    if len(config.profiles) == 1:
        raise ConfigurationError(f"profile {profile_id} is the only profile in {config.path}; a configuration needs "
                                 f"one, so nothing changed")


def remove(config: Config, profile_id: str) -> None:
    """Take the profile out of the file (its history stays in the state database)."""
    check_removable(config, profile_id)
    remove_profile(config.path, profile_id, _checker(os.environ))
