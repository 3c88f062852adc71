"""Configuration files for the config tests: a minimal valid profile that each test
bends one setting of."""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from infrastructure.config import Config, load_config

# Values are TOML literals, so a test can write exactly what a user would.
BASE: dict[str, dict[str, str]] = {
    "snelstart": {"kind": '"embedded"', "database": '"admin.sqlite"'},
    "myshop": {"shop_id": '"1817700"', "private_key": '"geheim-123"',
               "start_from": '"2024-03-01T00:00:00"'},
    "sales": {"template": '"Webshop"'},
}


def toml_text(profile_id: str = "shop1", top: str = "", profile: Mapping[str, str] | None = None,
              **sections: Mapping[str, str | None] | None) -> str:
    """The base profile with `sections` merged in: a key set to None is left out, a section
    set to None is left out entirely."""
    merged: dict[str, dict[str, str]] = {name: dict(keys) for name, keys in BASE.items()}
    for name, keys in sections.items():
        if keys is None:
            merged.pop(name, None)
            continue
        target = merged.setdefault(name, {})
        for key, value in keys.items():
            if value is None:
                target.pop(key, None)
            else:
                target[key] = value
    lines = [top, f"[profiles.{profile_id}]"]
    lines += [f"{key} = {value}" for key, value in (profile or {}).items()]
    for name, keys in merged.items():
        lines.append(f"[profiles.{profile_id}.{name}]")
        lines += [f"{key} = {value}" for key, value in keys.items()]
    return "\n".join(lines) + "\n"


class Writer:
    def __init__(self, folder: Path):
        self.folder = folder

    def write(self, text: str, mode: int = 0o600, name: str = "config.toml") -> Path:
        path = self.folder / name
        path.write_text(text, encoding="utf-8")
        os.chmod(path, mode)
        return path

    def load(self, text: str, environ: Mapping[str, str] | None = None, mode: int = 0o600) -> Config:
        return load_config(self.write(text, mode), dict(environ or {}))
