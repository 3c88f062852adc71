"""Commands S-Connect prints for the user to type next (`retry 18`, `history new …`), written so
they run as printed: the real path of this installation's `sconnect` (a bare `sconnect` only
when that is what the shell finds on PATH), the configuration file by its absolute path, and
`--profile` when the file has more than one profile."""
from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import sys
from pathlib import Path


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def program() -> str:
    """How to start this very S-Connect from a shell. After `make demo` the program lives in
    the checkout's .venv, which is not on PATH: printing a bare `sconnect` would give
    `command not found`."""
    here = Path(sys.executable).parent
    for name in ("sconnect", "sconnect.exe"):
        script = here / name
        if script.is_file():
            found = shutil.which("sconnect")
            if found is not None and _same_file(found, script):
                return "sconnect"
            return shlex.quote(str(script))
    # Not installed as a script (run from a source tree): the interpreter and the package.
    return f"{shlex.quote(sys.executable)} -m interfaces"


def command(*args: str, config: str | Path | None = None, profile: str | None = None) -> str:
    """`<program> --config FILE <args> [--profile ID]`, each part quoted for the shell."""
    parts = [program()]
    if config is not None:
        parts.append(f"--config {shlex.quote(str(Path(config).absolute()))}")
    parts.extend(shlex.quote(a) for a in args)
    if profile is not None:
        parts.append(f"--profile {shlex.quote(profile)}")
    return " ".join(parts)


def for_profile(config, profile_id: str):
    """A `command` maker for one profile of a configuration: `--profile` only when the file
    holds several (with one, S-Connect picks it)."""
    several = len(config.profiles) > 1

    def make(*args: str) -> str:
        return command(*args, config=config.path, profile=profile_id if several else None)
    return make


# Up to this many held orders are named in the command; more are released with --all.
NAMED_IN_RELEASE = 5


def release_command(config, profile_id: str, held: list[str]) -> str:
    """The command that releases every held order of the profile at once."""
    args = ["--all"] if len(held) > NAMED_IN_RELEASE else held
    return for_profile(config, profile_id)("retry", *args)


def held_sentence(held: list[str]) -> str:
    """How many orders are held and which (an order nobody books is a sale missing from the
    books), up to the command that releases them."""
    shown = ", ".join(held[:10]) + (f" and {len(held) - 10} more" if len(held) > 10 else "")
    many = len(held) != 1
    return (f"{len(held)} order{'s' if many else ''} held ({shown}): failed too often, not booked until "
            f"released; after fixing the cause, release {'them' if many else 'it'} with")


def held_line(held: list[str], release: str) -> str:
    """One line for status and the scheduler: the held orders and the command that releases them."""
    return f"{held_sentence(held)}: {release}"


@contextlib.contextmanager
def choices(wired):
    """An AdministrationChanged raised in the block leaves with the two commands that resolve
    it, made for this configuration (still one line, exit 78)."""
    from domain.errors import AdministrationChanged, ConfigurationError

    try:
        yield
    except AdministrationChanged as changed:
        make = for_profile(wired.config, wired.profile.id)
        raise ConfigurationError(
            f"{changed}. The same administration, moved or renamed: {make('history', 'moved')}; another "
            f"administration, booking the shop's orders from a date or order number: "
            f"{make('history', 'new', '--start-from', 'YYYY-MM-DD')} (two configurations sharing one state "
            f"file: give each its own [state] path)") from None
