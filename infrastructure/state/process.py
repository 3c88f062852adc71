"""Who holds a profile's lock, and whether that process still runs.

A holder is "<hostname>:<pid>:<start>", where <start> tells this process from a later one that
got the same pid (Linux: the start time in /proc; elsewhere empty). A holder on this machine is
alive or dead for certain; one on another machine is trusted until its lock expires.
"""
from __future__ import annotations

import os
import socket
import sys
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # process.py stays free of the tables at run time
    from infrastructure.state.tables import LockRow


def _start_token(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), "" where unknown, None if no
    such process is known to /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The command name (field 2) may hold spaces and parentheses: split after its ")".
            fields = stat.read().rsplit(b")", 1)[1].split()
        return fields[19].decode()  # field 22 of the whole line
    except FileNotFoundError:
        return None if os.path.isdir("/proc/self") else ""
    except (OSError, IndexError):
        return ""


def this_process() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_token(pid) or ''}"


def _windows_alive(pid: int) -> bool:
    import ctypes  # Windows only: os.kill(pid, 0) would send Ctrl+C there, not test the pid

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists, under another user
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def holder_alive(holder: str) -> bool | None:
    """True/False for a holder on this machine, None for one elsewhere (or unreadable)."""
    parts = holder.split(":")
    if len(parts) == 2:
        parts.append("")
    if len(parts) != 3:
        return None
    host, pid_text, start = parts
    if host != socket.gethostname() or not pid_text.isdigit():
        return None
    pid = int(pid_text)
    if sys.platform == "win32":
        return _windows_alive(pid)
    current = _start_token(pid)
    if current is None:
        return False  # /proc knows no such process
    if current and start and current != start:
        return False  # the pid now belongs to another, later process
    if current:
        return True
    try:
        os.kill(pid, 0)  # no /proc (macOS, BSD): signal 0 only tests the pid
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def lock_held(row: LockRow, now: datetime) -> bool:
    """`now`: an aware UTC instant, like the row's expiry."""
    alive = holder_alive(row.holder)
    # A live run on this machine keeps its lock however long one SnelStart call takes (a laptop
    # asleep mid-run): handing it over would let two runs book one order. A dead one loses it
    # at once; another machine's holder only by expiry.
    return bool(alive or (alive is None and row.expires_at > now))
