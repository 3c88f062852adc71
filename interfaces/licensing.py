"""The licence where the commands meet it: which profiles may run (`run`, `schedule`), what
`status` and every run say about it, and the licence commands' container."""
from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from domain import licence as rules
from domain.errors import ConfigurationError

if TYPE_CHECKING:  # the configuration and the licence file's reader: only when a command reads them
    from infrastructure.config import Config
    from infrastructure.licence import StoredLicence
    from interfaces.container import Container, Licensing


def licence_container(config_option: str | None) -> Licensing:
    """The licence book and the clock for the licence commands and `status`: they need no
    profile, only where the state (and the licence beside it) lives — and they work before a
    configuration file exists. The container's light factory: no dependency-injector, no adapter."""
    from infrastructure.config import find_config_path, state_path_of
    from interfaces.container import Licensing

    return Licensing(state_path_of(find_config_path(config_option, os.environ)))


def today(container: Container | Licensing) -> date:
    return container.clock().now().date()


def require_licensed(config: Config, profile_id: str, container: Container | Licensing) -> None:
    """Refuse (exit 78, naming the licence) a profile beyond the licence's first N."""
    stored = container.licence_book().stored()
    problem = rules.refusal(profile_id, list(config.profiles), stored.licence, today(container))
    if problem:
        raise ConfigurationError(problem + (f" ({stored.problem})" if stored.problem else ""))


def warnings(container: Container | Licensing, stored: StoredLicence | None = None) -> list[str]:
    """What the user should know about the licence: expired or ending soon, or an imported
    licence that does not count."""
    stored = stored or container.licence_book().stored()
    found = [stored.problem] if stored.problem else []
    warning = rules.warning(stored.licence, today(container))
    return found + ([warning] if warning else [])


def run_warnings(container: Container | Licensing) -> list[str]:
    """Said on every run: only what takes profiles away (an expired or refused licence), not a
    licence ending next month — that is `status`'s to say."""
    stored = container.licence_book().stored()
    if stored.licence is not None and not stored.licence.expired(today(container)):
        return [stored.problem] if stored.problem else []
    return warnings(container, stored)


def licence_json(stored: StoredLicence, config: Config | None, day: date) -> dict:
    licence = stored.licence
    data = {"licensee": None, "profiles": rules.profiles_allowed(licence, day), "expires": None, "issued": None,
            "expired": False, "in_force": rules.in_force(licence, day) is not None,
            "warning": rules.warning(licence, day), "problem": stored.problem or None}
    if licence is not None:
        data.update(licensee=licence.licensee, expires=licence.expires.isoformat(),
                    issued=licence.issued.isoformat() if licence.issued else None,
                    expired=licence.expired(day), licensed_profiles=licence.profiles)
    if config is not None:
        data["running"] = list(rules.licensed_profiles(list(config.profiles), licence, day))
        data["not_licensed"] = [p for p in config.profiles if p not in data["running"]]
    return data


def licence_line(data: dict) -> str:
    """`status` and `licence show`: the licence in one line."""
    if data["licensee"] is None:
        line = f"licence: none; {data['profiles']} profile runs without one"
    else:
        state = "expired on" if data["expired"] else "valid until"
        line = f"licence: {data['licensee']}, {data['licensed_profiles']} profile(s), {state} {data['expires']}"
    if data.get("not_licensed"):
        line += f"; not run: {', '.join(data['not_licensed'])} (beyond the licence)"
    return line
