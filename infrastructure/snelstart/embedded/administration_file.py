"""The embedded administration's file: whether a path holds an administration to open, and how
a new one is built beside its place and moved in only when it is whole.

`run`, `dump` and `test-connection` never create an administration: a missing or empty
(zero-byte) file would otherwise become an empty administration that fails every order. And a
`load` into a new file that fails must not leave such an empty administration behind either.
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterator

FILL_HINT = "fill it with: sconnect embedded load FILE.json"
_SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's files next to a database


def file_problem(path: Path) -> str | None:
    """Why `path` holds no administration to open (a phrase starting with the path); None
    when it is a file with contents."""
    try:
        info = path.stat()
    except FileNotFoundError:
        if not path.parent.is_dir():
            return f"the folder of {path} does not exist"
        return f"administration file {path} does not exist ({FILL_HINT})"
    except OSError as error:
        return f"{path} cannot be read ({error.strerror or error})"
    if stat.S_ISDIR(info.st_mode):
        return f"{path} is a folder, not an administration file"
    if not stat.S_ISREG(info.st_mode):
        return f"{path} is not a regular file"
    if info.st_size == 0:
        return f"administration file {path} is empty ({FILL_HINT})"
    return None


def is_new(path: Path) -> bool:
    """Nothing is there yet: no file, or an empty one (which holds no administration)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return True
    return stat.S_ISREG(info.st_mode) and info.st_size == 0


def _remove(database: Path) -> None:
    for file in (database, *(database.with_name(database.name + side) for side in _SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            file.unlink()


def _sync_folder(folder: Path) -> None:
    # The rename itself must survive a power cut, not only the file's contents (POSIX).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


@contextlib.contextmanager
def new_file(path: Path) -> Iterator[Path]:
    """A temporary file in `path`'s folder to build a new administration in. When the block
    ends without an error it becomes `path` in one rename (os.replace); otherwise it is removed.
    The block must close every connection to it first: SQLite's -wal file is not moved along."""
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    os.close(descriptor)
    building = Path(name)
    try:
        yield building
        wal = building.with_name(building.name + "-wal")
        if wal.exists() and wal.stat().st_size:  # committed pages not yet in the file itself
            raise RuntimeError(f"{building}: the new administration was not checkpointed before the move")
        os.replace(building, path)
    except BaseException:
        _remove(building)
        raise
    _remove(building)  # the emptied -wal and -shm of the temporary name
    _sync_folder(path.parent)
