"""`sconnect version`: what is installed, where it came from, and how to upgrade — truthfully
(the manual's "install the latest version" [2.8]).

S-Connect is not published on a package index: it is installed from a git checkout (`make`),
and upgraded with `git pull` and `make`. Only when the configuration names the package it is
published under (`[upgrade] package`, docs/running.md) does `version` ask that index for the
newest version and print a pip command: never a name nobody owns, which would install whoever
publishes it first.
"""
from __future__ import annotations

import json
import re
import shlex
import sys
from pathlib import Path
from typing import Optional

import typer

from interfaces.layout import command_line, console

DISTRIBUTION = "sconnect"
# Short: `version` must answer at once on a machine without internet (a shop's back office).
INDEX_TIMEOUT_SECONDS = 3.0
SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"  # PEP 691: the index's JSON, as pip reads it

out = console()


def installed_version() -> str:
    from importlib import metadata  # reads every installed distribution: only when asked

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed as a package)"


def checkout() -> Path | None:
    """The git checkout this S-Connect runs from (`make` installs it editable), or None."""
    source = Path(__file__).resolve().parents[1]
    return source if (source / ".git").exists() and (source / "Makefile").is_file() else None


def checkout_upgrade(folder: Path) -> str:
    where = shlex.quote(str(folder))
    return f"git -C {where} pull && make -C {where}"


def upgrade_command(package: str, index: str) -> str:
    # The interpreter S-Connect runs on: a bare `pip` may belong to another Python.
    return f"{shlex.quote(sys.executable)} -m pip install --upgrade --index-url {shlex.quote(index)} {package}"


def newest_version(index: str, package: str, timeout: float = INDEX_TIMEOUT_SECONDS) -> tuple[str | None, str]:
    """(the newest final version the index lists for `package`, "") or (None, why not)."""
    import httpx

    url = f"{index.rstrip('/')}/{_normalised(package)}/"
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True, headers={"Accept": SIMPLE_JSON})
    except httpx.HTTPError as error:
        return None, f"could not reach the package index {index} ({type(error).__name__})"
    except (httpx.InvalidURL, UnicodeError) as error:
        # Raised while the address is parsed, before any request (a typo in upgrade.index).
        return None, f"upgrade.index is not a valid address: {error}"
    if response.status_code == 404:
        return None, (f"the package index {index} does not know the package {package!r}: check upgrade.package "
                      f"and upgrade.index")
    if response.status_code != 200:
        return None, f"the package index {index} answered HTTP {response.status_code}"
    try:
        data = response.json()
        listed = data.get("versions") or [_file_version(f["filename"], package) for f in data["files"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        return None, f"the package index {index} sent an answer that is not its JSON (PEP 691)"
    finals = [v for v in listed if isinstance(v, str) and _release(v)[1]]
    if not finals:
        return None, f"the package index {index} lists no release of {package!r}"
    return max(finals, key=lambda v: _release(v)[0]), ""


def _normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()  # PEP 503


def _file_version(filename: str, package: str) -> str:
    stem = re.sub(r"(\.tar\.gz|\.zip|\.whl)$", "", filename)
    rest = stem[len(package) + 1:] if stem.lower().replace("_", "-").startswith(_normalised(package) + "-") else ""
    return rest.split("-", 1)[0]


def _release(version: str) -> tuple[tuple[int, ...], bool]:
    """(the numbers, is a final release): 1.2 = 1.2.0; 1.3rc1 comes before 1.3."""
    found = re.match(r"^v?(\d+(?:\.\d+)*)(.*)$", version.strip())
    if not found:
        return (), False
    numbers = tuple(int(n) for n in found[1].split("."))
    while numbers and numbers[-1] == 0:
        numbers = numbers[:-1]
    return numbers, not found[2] or found[2].startswith("+")


def is_newer(candidate: str, installed: str) -> bool:
    return _release(candidate) > _release(installed)


def version(ctx: typer.Context,
            index_url: Optional[str] = typer.Option(None, "--index-url", envvar="SCONNECT_INDEX_URL",
                                                    help="The package index to ask (default: upgrade.index)."),
            as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout.")) -> None:
    """The installed version, where it came from, and how to upgrade."""
    from infrastructure.config import find_config_path
    from infrastructure.config.upgrade import read_upgrade_settings
    import os

    settings = read_upgrade_settings(find_config_path((ctx.find_root().obj or {}).get("config"), os.environ))
    installed, folder = installed_version(), checkout()
    data: dict = {"installed": installed, "checkout": None if folder is None else str(folder),
                  "published": settings.package is not None, "package": settings.package, "index": None,
                  "newest": None, "problem": None, "upgrade_available": False, "upgrade_command": None}
    if settings.package is not None:
        index = index_url or settings.index
        newest, problem = newest_version(index, settings.package)
        data.update(index=index, newest=newest, problem=problem or None,
                    upgrade_available=newest is not None and is_newer(newest, installed),
                    upgrade_command=upgrade_command(settings.package, index))
    elif folder is not None:
        data["upgrade_command"] = checkout_upgrade(folder)
    if as_json:
        print(json.dumps(data, ensure_ascii=False))
        return
    _say(data, folder)


def _say(data: dict, folder: Path | None) -> None:
    where = f", installed from the git checkout {folder}" if folder else ""
    out.print(f"sconnect {data['installed']}{where}", markup=False, highlight=False)
    if not data["published"]:
        out.print("S-Connect is not published on a package index (the configuration names no [upgrade] "
                  "package), so there is nothing to look up.", markup=False, highlight=False)
        if data["upgrade_command"]:
            out.print("To upgrade, fetch the newest version and install it:", markup=False, highlight=False)
            command_line(out, data["upgrade_command"])
        else:
            out.print("Upgrade it the way it was installed.", markup=False, highlight=False)
        return
    if data["newest"] is None:
        out.print(f"{data['problem']}; to upgrade once it answers:", markup=False, highlight=False)
    elif data["upgrade_available"]:
        out.print(f"newest on the package index: {data['newest']}; upgrade with:", markup=False, highlight=False)
    else:
        out.print(f"newest on the package index: {data['newest']}; this is up to date", markup=False,
                  highlight=False)
        return
    command_line(out, data["upgrade_command"])
