"""`sconnect upgrade [--yes]`: install the newest version into the environment S-Connect runs
from, with pip of its own interpreter, then restart the scheduler service (or say how) — the
manual's *Installeren laatste versie* [2.8], done instead of only told.

Nothing is installed unless every step before it holds, each refusal one line:
1. a package to install from is named (`[upgrade] package` and `index` of the configuration, as
   `version` reads them, or `--package`, `--index-url`): S-Connect is not published
   under a name of its own yet, and installing a name nobody owns would install whoever
   publishes it first. From a git checkout the upgrade is `git pull` and `make`, printed (a
   checkout may hold the user's own changes, so it is not pulled behind their back);
2. the environment is writable (a folder someone made read-only is left alone, as `profile add`
   leaves a read-only configuration file alone);
3. the index answers, and lists a final release newer than the one installed;
4. the user agrees (`--yes`, or a question on a terminal).
pip then installs exactly the version that was looked up (`package==version`), so what is said
is what is installed. pip removes the old version only once the new one is in place and puts it
back when the install fails: the installed version keeps working, and is checked afterwards in a
fresh interpreter.
"""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Callable, Optional

import typer

from interfaces import service
from interfaces.version import checkout, checkout_upgrade, installed_version, is_newer, newest_version

EXIT_USAGE, EXIT_UNAVAILABLE, EXIT_NOPERM = 2, 75, 77
INDEX_TIMEOUT_SECONDS = 10.0
PIP_TIMEOUT_SECONDS = 900


class Refused(Exception):
    """One line saying why nothing was installed, and the exit code."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def environment_folders() -> list[Path]:
    """Where pip of this interpreter writes: its packages and its scripts."""
    paths = sysconfig.get_paths()
    return list(dict.fromkeys(Path(paths[k]) for k in ("purelib", "platlib", "scripts") if k in paths))


def not_writable(folders: list[Path]) -> Path | None:
    """The first folder S-Connect may not write to. Write bits count even for root: a folder
    made read-only on purpose is not changed behind its owner's back."""
    for folder in folders:
        if not folder.exists():
            continue
        if not os.access(folder, os.W_OK) or not folder.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            return folder
    return None


def newest_release(index: str, package: str, timeout: float = INDEX_TIMEOUT_SECONDS) -> str:
    """The newest final release the index lists for `package` (PEP 691 JSON), read as `version`
    reads it; Refused (75) when it cannot be read."""
    newest, problem = newest_version(index, package, timeout)
    if newest is None:
        raise Refused(f"not upgraded: {problem}; nothing changed", EXIT_UNAVAILABLE)
    return newest


def installed(package: str) -> str:
    """The installed version of `package` as a fresh interpreter sees it (this process's own
    metadata may be stale after pip ran); S-Connect's own version when it is not installed."""
    found = subprocess.run([sys.executable, "-c", "import importlib.metadata as m, sys; print(m.version(sys.argv[1]))",
                            package], capture_output=True, text=True, timeout=120)
    return found.stdout.strip() if found.returncode == 0 else installed_version()


def pip_install(index: str, package: str, version: str) -> subprocess.CompletedProcess:
    # The interpreter S-Connect runs on: a bare `pip` may belong to another Python.
    return subprocess.run([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                           "--index-url", index, f"{package}=={version}"],
                          capture_output=True, text=True, timeout=PIP_TIMEOUT_SECONDS)


def pip_problem(result: subprocess.CompletedProcess) -> str:
    """pip's own one-line reason (its last ERROR line)."""
    errors = [ln.strip()[len("ERROR:"):].strip() for ln in result.stderr.splitlines() if ln.startswith("ERROR:")]
    return (errors[-1] if errors else (result.stderr.strip().splitlines() or [f"exit {result.returncode}"])[-1])


def restart_scheduler(platform: str = sys.platform, environ=os.environ,
                      run: Callable[..., subprocess.CompletedProcess] = subprocess.run) -> str:
    """Restart the scheduler service `service install` made, so it runs the new version; or say
    how. The old version keeps running until its process starts again."""
    if platform == "win32":
        return (f'restart the scheduler so it runs the new version: schtasks /End /TN "{service.TASK_NAME}" '
                f'then schtasks /Run /TN "{service.TASK_NAME}"')
    folder = service.systemd_user_folder(environ)
    unit = f"{service.UNIT}.service"
    if (folder / f"{service.UNIT}.timer").exists():
        return "the scheduler's timer starts the new version at its next minute"
    if not (folder / unit).exists():
        return ("no scheduler service is installed; a `sconnect schedule` you started yourself runs the old "
                "version until you stop it and start it again")
    command = ["systemctl", "--user", "try-restart", unit]
    if shutil.which("systemctl", path=environ.get("PATH")) is not None:
        try:
            # try-restart: a service that is stopped stays stopped. SIGTERM lets the order in
            # hand finish first (service.py), so this may take a while.
            done = run(command, capture_output=True, text=True, timeout=330, env=dict(environ))
            if done.returncode == 0:
                return f"the scheduler service is restarted and runs the new version ({' '.join(command)})"
        except (OSError, subprocess.TimeoutExpired):
            pass
    return f"restart the scheduler service so it runs the new version: systemctl --user restart {unit}"


def upgrade(ctx: typer.Context,
            yes: bool = typer.Option(False, "--yes", "-y", help="Install without asking."),
            package: Optional[str] = typer.Option(None, "--package", help="The name S-Connect is published under "
                                                  "on the package index (default: upgrade.package; none yet: see "
                                                  "docs/upgrade.md)."),
            index_url: Optional[str] = typer.Option(None, "--index-url", help="The package index pip installs "
                                                    "from, its simple API address (default: upgrade.index).")) -> None:
    """Install the newest version with pip, then restart the scheduler service."""
    from infrastructure.config import find_config_path
    from infrastructure.config.upgrade import read_upgrade_settings

    # The same [upgrade] settings `version` asks about: what it advises is what this installs.
    settings = read_upgrade_settings(find_config_path((ctx.find_root().obj or {}).get("config"), os.environ))
    try:
        _upgrade(package or settings.package, index_url or settings.index, yes)
    except Refused as refused:
        print(refused, file=sys.stderr)
        raise typer.Exit(refused.code)


def _upgrade(package: str | None, index: str, yes: bool) -> None:
    if package is None:
        folder = checkout()
        how = (f"upgrade this checkout with: {checkout_upgrade(folder)}" if folder
               else "upgrade it the way it was installed")
        raise Refused(f"not upgraded: S-Connect is not published on a package index, so there is nothing to "
                      f"install from (set upgrade.package in the configuration, or name it with --package); {how}",
                      EXIT_USAGE)
    blocked = not_writable(environment_folders())
    if blocked is not None:
        raise Refused(f"not upgraded: {blocked} is not writable, so pip cannot install into the environment "
                      f"S-Connect runs from ({sys.prefix}); run the upgrade as the user who installed it; "
                      f"nothing changed", EXIT_NOPERM)
    newest = newest_release(index, package)
    before = installed(package)
    if not is_newer(newest, before):
        print(f"{package} {before} is up to date (newest on {index}: {newest}); nothing to install")
        return
    if not yes:
        if not sys.stdin.isatty():
            raise Refused(f"not upgraded: {package} {newest} is available (installed: {before}); "
                          f"add --yes to install it without being asked", EXIT_USAGE)
        if not typer.confirm(f"Install {package} {newest} (installed: {before}) into {sys.prefix}?", default=False):
            print("nothing installed")
            return
    result = pip_install(index, package, newest)
    after = installed(package)
    if result.returncode != 0 or after != newest:
        reason = pip_problem(result) if result.returncode != 0 else f"pip left version {after}"
        raise Refused(f"not upgraded: pip could not install {package} {newest}: {reason}; "
                      f"{package} {after} stays installed", 1)
    print(f"upgraded {package} {before} to {newest} in {sys.prefix} ({Path(sys.executable).name} -m pip)")
    print(restart_scheduler())
