"""Finding and reading the configuration file (TOML) into a checked `Config`.

Defaults, where the file is silent (docs/configuration.md has the full list):
  state.path                      <user data folder>/state.sqlite
  snelstart.user / .password      "Beheerder" / "" (SnelStart's own defaults)
  snelstart.base_url / token_url  the SnelStart B2B API v2 (kind b2b only)
  myshop.base_url                 https://www.mijnwinkel.nl/RPC/
  sales.take_last_template        false
  sales.unique_payment_reference  true
  sales.description               webshop_order ("Webshop-order <number>")
  sales.addresses                 from_order (sql/mdb/local: from_customer_card)
  sales.lines                     full
  sales.recipes                   never
  sales.shipping_costs, payment_costs, discount, default_article_code: unused
  articles.code_field             artikelcode
  articles.processing             add_only (sql/mdb/local: manual)
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
from infrastructure.config.keyring_store import SystemKeyring
from infrastructure.config.model import Config, Profile
from infrastructure.config.problems import Problems
from infrastructure.config.secrets import SecretReader, env_prefix
from infrastructure.config.upgrade import UpgradeSettings, upgrade_settings
from infrastructure.config.values import (check_keys, fail, key_path, path_value, table, text,
                                          whole_number)

APP_NAME = "sconnect"
TOP_KEYS = ("state", "profiles", "upgrade")
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


def state_path_of(path: Path) -> Path:
    """Where the state database of this configuration lives, read without checking the rest of
    the file (the licence sits next to it and is imported before a profile may be complete);
    the default when there is no configuration file yet."""
    if not Path(path).exists():
        return default_state_path()
    state = read_toml(path).get("state")
    if isinstance(state, Mapping) and "path" in state:
        return path_value(state["path"], "state.path", Path(path).absolute().parent)
    return default_state_path()


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
                per_profile: bool = False, keyring: SystemKeyring | None = None) -> Config:
    """The checked configuration, or one ConfigurationError naming every problem of the file
    (one line each, sorted by key). A missing or refused secret (a key, a password) is one of
    them — unless `per_profile`: then each profile keeps its own secret problems and says them
    when it is wired to run (Profile.require_secrets), so one profile's missing key does not
    stop the others. `need_secrets=False` requires no secrets at all, for commands that never
    reach the shop or SnelStart (history, status, log) and asks no keyring. `keyring`: where
    secrets are looked up after the environment (default: this machine's)."""
    path = Path(path).expanduser().absolute()
    data = read_toml(path)
    base = path.parent
    problems = Problems()
    problems.read(lambda: check_keys(data, "", TOP_KEYS))
    upgrade = problems.read(lambda: upgrade_settings(data))[1] or UpgradeSettings()

    state_path = default_state_path()
    ok, state = problems.read(lambda: table(data["state"], "state") if "state" in data else {})
    if ok:
        problems.read(lambda: check_keys(state, "state", STATE_KEYS))
        if "path" in state:
            state_path = problems.read(lambda: path_value(state["path"], "state.path", base))[1] or state_path

    ok, profiles_data = problems.read(lambda: table(data["profiles"], "profiles") if "profiles" in data else {})
    if ok and not profiles_data:
        problems.add(ConfigurationError(f"{path}: no profiles; add a [profiles.<id>] table "
                                        "(see docs/configuration.md)"))
    secrets = SecretReader(path, environ, required=need_secrets and not per_profile, file_problems=problems,
                           keyring=(keyring or SystemKeyring()) if need_secrets else None, every_secret=not per_profile)
    profiles: dict[str, Profile] = {}
    prefixes: dict[str, str] = {}
    for profile_id, profile_data in (profiles_data or {}).items():
        where = key_path("profiles", profile_id)
        if not PROFILE_ID.match(profile_id):
            problems.add(fail(where, "a profile id is letters, digits, '-' and '_' (it is typed on the "
                                     "command line and names environment variables)"))
            continue
        prefix = env_prefix(profile_id)
        if prefix in prefixes:
            problems.add(fail(where, f"clashes with profile '{prefixes[prefix]}': both read secrets "
                                     f"from {prefix}*"))
            continue
        prefixes[prefix] = profile_id
        ok, profile_table = problems.read(lambda: table(profile_data, where))
        if ok:
            profile = load_profile(profile_id, profile_table, where, base, secrets, problems)
            if profile is not None:
                profiles[profile_id] = profile
    problems.raise_any()
    return Config(path=path, state_path=state_path, profiles=profiles, secrets_needed=need_secrets,
                  upgrade=upgrade)


def load_profile(profile_id: str, data: Mapping[str, Any], path: str, base: Path,
                 secrets: SecretReader, problems: Problems) -> Profile | None:
    """The profile, or None when it has a problem (each noted in `problems`)."""
    before = len(problems.lines)
    problems.read(lambda: check_keys(data, path, PROFILE_KEYS))
    for required in ("snelstart", "myshop"):
        if required not in data:
            problems.add(fail(key_path(path, required), f"missing; add a [{key_path(path, required)}] table"))
    values: dict[str, Any] = {"description": ""}
    if "description" in data:
        problems.into(values, "description", lambda: text(data["description"], key_path(path, "description")))
    if "max_attempts" in data:
        problems.into(values, "max_attempts",
                      lambda: whole_number(data["max_attempts"], key_path(path, "max_attempts"), 1, 100))

    def part(name: str) -> tuple[Mapping[str, Any], str] | None:
        ok, found = problems.read(lambda: sections.section(data, name, path))
        return (found, key_path(path, name)) if ok else None

    def read(name: str, reader, *extra):
        where = part(name)
        return None if where is None else reader(*where, *extra, problems)

    snelstart = read("snelstart", sections.snelstart, profile_id, base, secrets) if "snelstart" in data else None
    myshop = read("myshop", sections.myshop, profile_id, secrets, base) if "myshop" in data else None
    sales = read("sales", sections.sales)
    if sales is not None and snelstart is not None:
        problems.read(lambda: sections.check_charges_for_kind(sales, snelstart.kind, key_path(path, "sales")))
    articles, customers = read("articles", sections.articles), read("customers", sections.customers)
    if sales is not None and articles is not None and snelstart is not None:
        sales_where, articles_where = part("sales"), part("articles")
        ok, fitted = problems.read(lambda: sections.fit_classic(snelstart.kind, sales, articles, sales_where[0],
                                                                articles_where[0], path))
        if ok:
            sales, articles = fitted
    planning = read("planning", sections.planning)
    if len(problems.lines) > before:
        return None
    settings = ProfileSettings(id=profile_id, sales=sales, articles=articles, customers=customers, **values)
    return Profile(id=profile_id, settings=settings, snelstart=snelstart, myshop=myshop, planning=planning,
                   secret_problems=tuple(secrets.problems.get(profile_id, ())))
