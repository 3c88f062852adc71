"""`[upgrade]`: where S-Connect is published, if it is — the package name and the index pip
installs it from. Until a name is set, nothing is looked up and nothing is advised to install:
S-Connect is not published, and a name nobody owns would install whoever publishes it first.

    [upgrade]
    package = "sconnect-myshop"          # the name it is published under
    index = "https://pypi.org/simple/"   # the package index (its simple API), default PyPI
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infrastructure.config.values import check_keys, fail, key_path, show, table, text, url

DEFAULT_INDEX = "https://pypi.org/simple/"
KEYS = ("package", "index")
# PEP 508 distribution names: letters, digits, and . _ - inside.
_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$")


@dataclass(frozen=True)
class UpgradeSettings:
    package: str | None = None  # None: not published
    index: str = DEFAULT_INDEX


def upgrade_settings(data: Mapping[str, Any]) -> UpgradeSettings:
    """The `[upgrade]` table of a parsed configuration file (defaults when it has none)."""
    if "upgrade" not in data:
        return UpgradeSettings()
    section = table(data["upgrade"], "upgrade")
    check_keys(section, "upgrade", KEYS)
    package = None
    if "package" in section:
        package = text(section["package"], key_path("upgrade", "package"), required=True, what="a package name")
        if not _NAME.match(package):
            raise fail(key_path("upgrade", "package"), f"{show(package)} is not a package name")
    index = url(section["index"], key_path("upgrade", "index"), slash=True) if "index" in section else DEFAULT_INDEX
    return UpgradeSettings(package, index)


def read_upgrade_settings(path: Path) -> UpgradeSettings:
    """From the configuration file at `path`; the defaults when there is none (`version` needs
    no configuration)."""
    from infrastructure.config.loader import read_toml

    if not path.is_file():
        return UpgradeSettings()
    return upgrade_settings(read_toml(path))
