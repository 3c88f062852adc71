"""Lock holders: this process is alive, a finished one is dead, a reused pid is another process,
and a holder on another machine is unknown (trusted until its lock expires)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from infrastructure.state.process import holder_alive, this_process


def test_this_process_is_alive():
    assert holder_alive(this_process()) is True
    assert holder_alive(f"{socket.gethostname()}:{os.getpid()}") is True  # the short form too


def test_a_finished_process_is_dead():
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert holder_alive(f"{socket.gethostname()}:{done.stdout.strip()}:") is False


def test_a_pid_now_used_by_a_later_process_is_not_the_holder():
    host, pid, start = this_process().split(":")
    if not start:
        pytest.skip("no /proc on this system: a process's start time cannot be told")
    assert holder_alive(f"{host}:{pid}:{int(start) - 1}") is False


def test_a_holder_elsewhere_or_unreadable_is_unknown():
    assert holder_alive("other-machine:123:456") is None
    assert holder_alive("garbage") is None
