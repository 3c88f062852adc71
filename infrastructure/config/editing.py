"""Editing the configuration file in place (`sconnect profile add/remove`): the user's comments,
order and layout stay as they were (tomlkit). The new file is checked as a whole before it takes
the old one's place, atomically — a refused or failed write leaves the old file untouched."""
from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from domain.errors import ConfigurationError
from infrastructure.atomic_file import write_atomically
from infrastructure.config.loader import read_toml


def _writable(path: Path) -> None:
    """A file the user made read-only is left alone, even where the folder would allow replacing
    it (a rename needs only the folder's permission)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise ConfigurationError(f"{path}: configuration file not found (make one with `sconnect config init`)") \
            from None
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigurationError(f"{path}: the file is read-only; nothing changed (make it writable first)")


def _text(path: Path) -> str:
    read_toml(path)  # a file that does not read is refused with its own line, before any edit
    return path.read_bytes().decode("utf-8-sig")


def replace_file(path: Path, text: str, check: Callable[[Path], None]) -> None:
    """`path` holds `text`, if `check` passes on it; otherwise nothing changes."""
    try:
        write_atomically(path, text.encode("utf-8"), check=check)
    except OSError as error:
        raise ConfigurationError(f"{path}: cannot be written ({error.strerror}); nothing changed") from None


def append_profile(path: Path, section_text: str, check: Callable[[Path], None]) -> None:
    """The new profile's text after everything that is there."""
    _writable(path)
    text = _text(path).rstrip()
    replace_file(path, (text + "\n\n" if text else "") + section_text, check)


def remove_profile(path: Path, profile_id: str, check: Callable[[Path], None]) -> None:
    """Every table of the profile goes; the rest of the file stays as written."""
    import tomlkit  # here: only this command needs it
    from tomlkit.exceptions import TOMLKitError

    _writable(path)
    try:
        document = tomlkit.parse(_text(path))
        profiles = document["profiles"]
        del profiles[profile_id]
    except (TOMLKitError, KeyError) as error:
        raise ConfigurationError(f"{path}: profile {profile_id} could not be taken out ({error})") from None
    replace_file(path, tomlkit.dumps(document), check)
