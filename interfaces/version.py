"""`sconnect version`: the installed version, the newest on the package index, and how to
upgrade (the manual's "install the latest version" [2.8])."""
from __future__ import annotations

import json
import re
import sys
from importlib import metadata
from typing import Optional

import httpx
import typer
from rich.console import Console

DISTRIBUTION = "sconnect"
INDEX_URL = f"https://pypi.org/pypi/{DISTRIBUTION}/json"
# Short: `version` must answer at once on a machine without internet (a shop's back office).
INDEX_TIMEOUT_SECONDS = 3.0

out = Console()


def installed_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "unknown (not installed as a package)"


def upgrade_command() -> str:
    # The interpreter S-Connect runs on: a bare `pip` may belong to another Python.
    return f"{sys.executable} -m pip install --upgrade {DISTRIBUTION}"


def newest_version(url: str, timeout: float = INDEX_TIMEOUT_SECONDS) -> tuple[str | None, str]:
    """(the newest version on the index, "") or (None, why it could not be read)."""
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPStatusError as error:
        if error.response.status_code == 404:
            return None, f"the package index does not know {DISTRIBUTION} (HTTP 404)"
        return None, f"the package index answered HTTP {error.response.status_code}"
    except httpx.HTTPError as error:
        return None, type(error).__name__
    except (httpx.InvalidURL, UnicodeError) as error:
        # Raised while the address is parsed, before any request (a typo in --index-url): not
        # an httpx.HTTPError. UnicodeError: a host name IDNA cannot encode.
        return None, f"not a valid address: {error}"
    try:
        newest = response.json()["info"]["version"]
    except (ValueError, KeyError, TypeError):
        return None, "the package index sent an answer that is not its JSON"
    if not isinstance(newest, str) or not newest.strip():
        return None, "the package index sent no version"
    return newest.strip(), ""


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


def version(index_url: Optional[str] = typer.Option(None, "--index-url", envvar="SCONNECT_INDEX_URL",
                                                    help="The package index's JSON address (default: PyPI)."),
            as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout.")) -> None:
    """The installed version, the newest on the package index, and the command to upgrade."""
    installed = installed_version()
    url = index_url or INDEX_URL
    newest, problem = newest_version(url)
    newer = newest is not None and is_newer(newest, installed)
    if as_json:
        print(json.dumps({"installed": installed, "newest": newest, "index": url, "reachable": newest is not None,
                          "problem": problem or None, "upgrade_available": newer,
                          "upgrade_command": upgrade_command()}, ensure_ascii=False))
        return
    out.print(f"sconnect {installed} installed", markup=False, highlight=False, soft_wrap=True)
    if newest is None:
        out.print(f"could not reach the package index ({problem}); to upgrade when it is reachable: "
                  f"{upgrade_command()}", markup=False, highlight=False, soft_wrap=True)
    elif newer:
        out.print(f"newest on the package index: {newest}; upgrade with: {upgrade_command()}",
                  markup=False, highlight=False, soft_wrap=True)
    else:
        out.print(f"newest on the package index: {newest}; this is up to date",
                  markup=False, highlight=False, soft_wrap=True)
