"""From command-line options to a checked configuration and a wired container."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the container imports every adapter: only a command that runs one needs it
    from infrastructure.config import Config, Profile
    from interfaces.container import Container


@dataclass
class Wired:
    config: Config
    profile: Profile
    container: Container

    def close(self) -> None:
        """Close what the run opened (a SnelStart connection) and write the log it kept: the
        scheduler runs many in one process. Nothing opened is closed twice."""
        try:
            self.container.shutdown_resources()
        finally:
            state = self.container.state
            if not state.overridden:  # an overriding store belongs to whoever passed it in
                state().close()


def redact_secrets() -> None:
    """Every secret the configuration reads is redacted from the state database, the log and the
    output — connected before the file is read (the container, which did this once, is loaded
    only by commands that run an adapter, after the configuration was read)."""
    from infrastructure.config.secrets import SECRET_SINKS
    from infrastructure.state.redact import register_secret

    if register_secret not in SECRET_SINKS:
        SECRET_SINKS.append(register_secret)


def load(config_option: str | None, need_secrets: bool = True, every_profile: bool = False) -> Config:
    """The configuration. Each profile's secrets are required when it is wired (`wire`), not
    here: one profile's missing key must not stop `run --profile other` or the scheduler's
    other profiles. `every_profile`: require every profile's secrets now (`config check`);
    `need_secrets=False`: no profile's (commands that read only S-Connect's own state)."""
    from infrastructure.config import find_config_path, load_config

    redact_secrets()
    return load_config(find_config_path(config_option, os.environ), os.environ, need_secrets=need_secrets,
                       per_profile=not every_profile)


def wire(config: Config, profile_id: str | None, *, secrets: bool = True) -> Wired:
    """The container of one profile. Raises the profile's one-line secret problem (exit 78)
    when the configuration needs secrets — unless `secrets=False`: the profile is wired only for
    what every profile shares (the state store, the clock)."""
    from interfaces.container import Container

    profile = config.profile(profile_id)
    if secrets and config.secrets_needed:
        profile.require_secrets()
    container = Container(profile=profile, state_path=Path(config.state_path))
    return Wired(config, profile, container)


def shared(config: Config) -> Wired:
    """A container for what every profile shares — the state store, the clock — wired without
    requiring any profile's secrets (`status`, the scheduler)."""
    return wire(config, next(iter(config.profiles)), secrets=False)
