"""Files with customers' personal data are the user's alone: folders S-Connect makes are 0700,
the files 0600, whatever the umask (Debian's default 022 would make them readable by every user
of the machine). A stricter mode the user chose is kept; a file found open to others is closed
to them, and the caller says so in the log.

    said = private_database(path)      # folder 0700 when new, file 0600, lines for the log
    mode = replacement_mode(path)      # for a file written anew and renamed over `path`
    create_file(path)                  # an empty 0600 file, unless one is there already

On Windows these are no-ops: the user's profile folder is private there by its ACL.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_OTHERS = stat.S_IRWXG | stat.S_IRWXO
_POSIX = os.name == "posix"


def make_folder(folder: Path) -> None:
    """`folder` and its missing parents, each 0700 (`mkdir -p` would make the parents with the
    umask's mode). A folder that exists is left as it is: it may be one the user shares on purpose."""
    missing = []
    for candidate in (folder, *folder.parents):
        if candidate.exists():
            break
        missing.append(candidate)
    for candidate in reversed(missing):
        try:
            candidate.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made by another process meanwhile
            continue
        if _POSIX:
            os.chmod(candidate, FOLDER_MODE)  # the umask may have taken bits away, never added


def create_file(path: Path) -> bool:
    """An empty file `path`, 0600, unless something is there already; True when made here.
    O_EXCL: a link planted at `path` is never followed."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def make_private(path: Path) -> int | None:
    """Take group and others' rights away from the file at `path`; its old mode when it had
    any (the caller logs it), None when it was private already or is not there."""
    if not _POSIX:
        return None
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return None
    mode = stat.S_IMODE(found.st_mode)
    if stat.S_ISLNK(found.st_mode) or not mode & _OTHERS:
        return None  # a link's own mode means nothing; its target is not ours to change
    os.chmod(path, mode & ~_OTHERS)
    return mode


def replacement_mode(path: Path) -> int:
    """The mode for a new file that replaces `path`: 0600, or stricter when the user made the
    old one so (0400 stays 0400); never more open than 0600."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return FILE_MODE
    return mode & FILE_MODE


def private_database(database: Path) -> list[str]:
    """A SQLite database made or opened as the user's alone: its folder made 0700 when missing,
    the file 0600 (SQLite gives its -wal and -shm files the database file's mode), and any of
    them found open to others closed; a line for the log per file closed."""
    make_folder(database.parent)
    create_file(database)
    return close_to_others([database, *(database.with_name(database.name + side)
                                        for side in ("-wal", "-shm", "-journal"))])


def close_to_others(paths: list[Path]) -> list[str]:
    """`make_private` for each of `paths`; a line for the log per file that was open to others."""
    said = []
    for path in paths:
        old = make_private(path)
        if old is not None:
            said.append(f"{path} could be read by other users of this computer ({old:04o}); made "
                        f"{old & ~_OTHERS:04o}: it holds customers' personal data")
    return said
