"""From command-line options to a checked configuration and a wired container."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from infrastructure.config import Config, Profile, find_config_path, load_config
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


def load(config_option: str | None, need_secrets: bool = True) -> Config:
    return load_config(find_config_path(config_option, os.environ), os.environ, need_secrets=need_secrets)


def wire(config: Config, profile_id: str | None) -> Wired:
    profile = config.profile(profile_id)
    container = Container(profile=profile, state_path=Path(config.state_path))
    return Wired(config, profile, container)
