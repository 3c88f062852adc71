"""Profiles from the TOML configuration file; secrets from the environment first (SPEC §11)."""
from infrastructure.config.loader import default_state_path, find_config_path, load_config, state_path_of
from infrastructure.config.model import (INTERVALS, Config, MyShopConnection, Planning, Profile,
                                         Secret, SigningRecipe, SnelStartConnection, SnelStartKind)
from infrastructure.config.render import render_config
from infrastructure.config.secrets import SECRET_SINKS, env_name, profile_secrets

__all__ = [
    "INTERVALS", "SECRET_SINKS", "Config", "MyShopConnection", "Planning", "Profile", "Secret", "SigningRecipe",
    "SnelStartConnection", "SnelStartKind", "default_state_path", "env_name", "find_config_path",
    "load_config", "profile_secrets", "render_config", "state_path_of",
]
