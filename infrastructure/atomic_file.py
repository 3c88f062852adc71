"""Replacing a file all at once: the new content goes to a temporary file in the same folder,
is flushed to disk, and takes the old name in one rename — a crash or a full disk leaves the old
file as it was, never half a file. The temporary file is made by mkstemp (mode 0600, a name
nobody can guess) and removed when anything fails."""
from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: Path, data: bytes, mode: int | None = None,
                     check: Callable[[Path], None] | None = None) -> None:
    """`path` holds `data`. `mode`: the file's permission bits; None keeps those of the file it
    replaces (a configuration file made private with chmod 600 stays private), or 0600 for a
    new file. `check(temporary)`: called on the finished temporary file before it takes the
    name; what it raises leaves the old file as it was."""
    path = Path(path)
    if mode is None:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            mode = 0o600
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        if check is not None:
            check(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is flushed (POSIX)."""
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
