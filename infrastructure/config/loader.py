"""Finding and reading the configuration file (TOML) into a checked `Config`.

Defaults, where the file is silent (docs/configuration.md has the full list):
  state.path                      <user data folder>/state.sqlite
  snelstart.user / .password      "Beheerder" / "" (SnelStart's own defaults)
  snelstart.base_url / token_url  the SnelStart B2B API v2 (kind b2b only)
  myshop.base_url                 https://www.mijnwinkel.nl/RPC/
  sales.take_last_template        false
  sales.unique_payment_reference  true
  sales.description               webshop_order ("Webshop-order <number>")
  sales.addresses                 from_order
  sales.lines                     full
  sales.recipes                   never
  sales.shipping_costs, payment_costs, discount, default_article_code: unused
  articles.code_field             artikelcode
  articles.processing             add_only
  customers.recognition           smart
  customers.processing            add_only
  customers.name_threshold        90
  customers.default_customer_code / default_payment_term: none
  planning.interval / next_run    off / none
  max_attempts                    5
Required: snelstart.kind and what the kind needs, myshop.shop_id, myshop.private_key,
myshop.start_from, sales.template.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from domain.errors import ConfigurationError
from domain.settings import ProfileSettings
from infrastructure.config import sections
from infrastructure.config.model import Config, Profile
from infrastructure.config.secrets import SecretReader, env_prefix
from infrastructure.config.values import (check_keys, fail, key_path, path_value, table, text,
                                          whole_number)

APP_NAME = "sconnect"
TOP_KEYS = ("state", "profiles")
STATE_KEYS = ("path",)
PROFILE_KEYS = ("description", "max_attempts", "snelstart", "myshop", "sales", "articles",
                "customers", "planning")
PROFILE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def find_config_path(cli_value: str | Path | None, environ: Mapping[str, str]) -> Path:
    """--config, else SCONNECT_CONFIG, else the user's configuration folder."""
    if cli_value:
        chosen = Path(cli_value)
    elif environ.get("SCONNECT_CONFIG"):
        chosen = Path(environ["SCONNECT_CONFIG"])
    else:
        chosen = Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"
    return chosen.expanduser().absolute()


def default_state_path() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "state.sqlite"


def read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigurationError(f"{path}: configuration file not found "
                                 "(give one with --config FILE or SCONNECT_CONFIG)") from None
    except IsADirectoryError:
        raise ConfigurationError(f"{path}: is a folder, not a configuration file") from None
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        # Windows Notepad may save a byte-order mark; TOML itself does not allow one.
        return tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigurationError(f"{path}: line {line}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(_syntax_error(path, str(error), raw)) from None


def _syntax_error(path: Path, message: str, raw: bytes) -> str:
    found = re.search(r"\s*\(at line (\d+), column (\d+)\)$", message)
    if found:
        return f"{path}: line {found[1]}, column {found[2]}: {message[:found.start()]}"
    end = re.search(r"\s*\(at end of document\)$", message)
    if end:
        last = raw.rstrip(b"\r\n").count(b"\n") + 1
        return f"{path}: line {last} (end of file): {message[:end.start()]}"
    return f"{path}: {message}"


def load_config(path: Path, environ: Mapping[str, str], *, need_secrets: bool = True,
                per_profile: bool = False) -> Config:
    """The checked configuration. A missing or refused secret (a key, a password) stops the
    reading at once — unless `per_profile`: then each profile keeps its own secret problems and
    says them when it is wired to run (Profile.require_secrets), so one profile's missing key
    does not stop the others. `need_secrets=False` requires no secrets at all, for commands that
    never reach the shop or SnelStart (history, status, log)."""
    path = Path(path).expanduser().absolute()
    data = read_toml(path)
    base = path.parent
    check_keys(data, "", TOP_KEYS)

    state = table(data["state"], "state") if "state" in data else {}
    check_keys(state, "state", STATE_KEYS)
    state_path = (path_value(state["path"], "state.path", base) if "path" in state
                  else default_state_path())

    profiles_data = table(data["profiles"], "profiles") if "profiles" in data else {}
    if not profiles_data:
        raise ConfigurationError(f"{path}: no profiles; add a [profiles.<id>] table "
                                 "(see docs/configuration.md)")
    secrets = SecretReader(path, environ, required=need_secrets and not per_profile)
    profiles: dict[str, Profile] = {}
    prefixes: dict[str, str] = {}
    for profile_id, profile_data in profiles_data.items():
        where = key_path("profiles", profile_id)
        if not PROFILE_ID.match(profile_id):
            raise fail(where, "a profile id is letters, digits, '-' and '_' (it is typed on the "
                              "command line and names environment variables)")
        prefix = env_prefix(profile_id)
        if prefix in prefixes:
            raise fail(where, f"clashes with profile '{prefixes[prefix]}': both read secrets "
                              f"from {prefix}*")
        prefixes[prefix] = profile_id
        profiles[profile_id] = load_profile(profile_id, table(profile_data, where), where, base,
                                            secrets)
    return Config(path=path, state_path=state_path, profiles=profiles, secrets_needed=need_secrets)


def load_profile(profile_id: str, data: Mapping[str, Any], path: str, base: Path,
                 secrets: SecretReader) -> Profile:
    check_keys(data, path, PROFILE_KEYS)
    for required in ("snelstart", "myshop"):
        if required not in data:
            raise fail(key_path(path, required), f"missing; add a [{key_path(path, required)}] table")
    description = (text(data["description"], key_path(path, "description"))
                   if "description" in data else "")
    max_attempts = (whole_number(data["max_attempts"], key_path(path, "max_attempts"), 1, 100)
                    if "max_attempts" in data else None)

    def part(name: str) -> tuple[Mapping[str, Any], str]:
        return sections.section(data, name, path), key_path(path, name)

    snelstart = sections.snelstart(*part("snelstart"), profile_id, base, secrets)
    myshop = sections.myshop(*part("myshop"), profile_id, secrets, base)
    sales = sections.sales(*part("sales"))
    sections.check_charges_for_kind(sales, snelstart.kind, key_path(path, "sales"))
    settings = ProfileSettings(
        id=profile_id,
        description=description,
        sales=sales,
        articles=sections.articles(*part("articles")),
        customers=sections.customers(*part("customers")),
        **({"max_attempts": max_attempts} if max_attempts is not None else {}),
    )
    return Profile(id=profile_id, settings=settings, snelstart=snelstart, myshop=myshop,
                   planning=sections.planning(*part("planning")),
                   secret_problems=tuple(secrets.problems.get(profile_id, ())))
