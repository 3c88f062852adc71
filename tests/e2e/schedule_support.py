"""Helpers for the scheduler, log and secrets end-to-end tests: planning in the configuration, a
second profile, a `sconnect` started in the background, and a local package index."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from installation import KEY, Installation

DRIVER = Path(__file__).with_name("slow_schedule_driver.py")
PAST = "2024-01-01T00:00:00"


def plan(installation: Installation, interval: str, next_run: str = PAST, profile: str = "shop1") -> None:
    section = f'\n[profiles.{profile}.planning]\ninterval = "{interval}"\nnext_run = "{next_run}"\n'
    installation.config.write_text(installation.config.read_text() + section)


def add_second_profile(installation: Installation, interval: str | None = None) -> Path:
    """shop2: the same shop (and key) booked into its own copy of the administration."""
    text = installation.config.read_text()
    shop1 = text[text.index("[profiles.shop1]"):].split("[profiles.shop1.planning]")[0]  # its own planning
    admin = installation.admin_file
    second = admin.with_name(f"{admin.stem}2{admin.suffix}")
    shutil.copyfile(admin, second)
    shop2 = shop1.replace("profiles.shop1", "profiles.shop2").replace(f'"{admin.name}"', f'"{second.name}"')
    installation.config.write_text(text + "\n" + shop2)
    installation.env["SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY"] = KEY
    installation.grant_licence(2)  # without a licence only the first profile runs (SPEC §9)
    if interval:
        plan(installation, interval, profile="shop2")
    return second


def status(installation: Installation) -> dict:
    """The profiles of `status --json`, by id."""
    data = json.loads(installation.sconnect("status", "--json", check=True).stdout)
    return {p["profile"]: p for p in data["profiles"]}


def background(installation: Installation, *args: str, marker: Path | None = None, delay: float = 0.0
               ) -> subprocess.Popen:
    """`sconnect ARGS` in the background; with `marker`, through the slow-gateway driver, which
    writes each order's number to `marker` when it starts writing it and then holds it `delay` s,
    or until `go_on(marker)`."""
    command = ([sys.executable, str(DRIVER), str(marker), str(delay), *args] if marker is not None
               else [*installation.command, *args])
    return subprocess.Popen(command, env=installation.env, cwd=installation.folder, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def touch(file: Path) -> None:
    """A modification time a second later: the scheduler sees the change whatever the file
    system's timestamp resolution."""
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def go_on(marker: Path) -> None:
    """Let the driver's held orders go to SnelStart."""
    marker.with_name(marker.name + ".go").touch()


def wait_for_lines(marker: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> list[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lines = marker.read_text().split() if marker.exists() else []
        if len(lines) >= count:
            return lines
        if process.poll() is not None:
            raise AssertionError(f"sconnect ended early ({process.returncode}): {process.communicate()}")
        time.sleep(0.05)
    process.kill()
    raise AssertionError(f"no {count} order(s) in hand within {timeout} s: {process.communicate()}")


def finish(process: subprocess.Popen, timeout: float = 60) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        raise AssertionError(f"sconnect did not stop within {timeout} s: {out} {err}")
    return process.returncode, out, err


def booked_references(installation: Installation) -> list[str]:
    """The betalingskenmerken of the sales orders in the administration (the demo's own included)."""
    return [o.payment_reference for o in installation.sales_orders()]



class Lines:
    """The lines a background process writes on stdout, as they come."""

    def __init__(self, process: subprocess.Popen):
        self.lines: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(process.stdout,), daemon=True)
        self._thread.start()

    def _read(self, stream) -> None:
        for line in stream:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [line for line in self.lines if text in line]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no line with {text!r} within {timeout} s: {self.lines}")

    def rest(self) -> list[str]:
        self._thread.join(timeout=60)
        return self.lines
