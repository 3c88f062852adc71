"""A profile pointed at another SnelStart administration under an existing history: the run
stops with exit 78 and one line naming both administrations and the two commands that resolve
it, which run as printed."""
from __future__ import annotations

import json
import shlex
import subprocess

from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.snapshot import parse_snapshot_json
from installation import demo_text

ORDERS = {"12", "13", "14", "15", "17"}


def _other_administration(installation, name: str) -> None:
    """Another administration with the same contents (a copy loaded from the snapshot file: a
    new administration as far as SnelStart is concerned), and the profile pointed at it."""
    EmbeddedAdministration.create(installation.folder / name, parse_snapshot_json(
        demo_text("interfaces.demo", "administration.json"))).close()
    installation.config.write_text(installation.config.read_text().replace(
        'database = "administration.sqlite"', f'database = "{name}"'))


def _commands(stderr: str) -> tuple[str, str]:
    line = stderr.strip()
    moved = line.split("moved or renamed: ", 1)[1].split("; another administration", 1)[0]
    new = line.split("from a date or order number: ", 1)[1].split(" (two configurations", 1)[0]
    return moved, new


def _run(command: str, installation) -> subprocess.CompletedProcess:
    return subprocess.run(shlex.split(command), env=installation.env, capture_output=True, text=True, timeout=120)


def test_another_administration_stops_the_run_and_a_new_history_books_into_it(installation):
    assert installation.run_json()[0] == 0
    _other_administration(installation, "real.sqlite")

    stopped = installation.sconnect("run")
    assert stopped.returncode == 78 and len(stopped.stderr.strip().splitlines()) == 1, stopped.stderr
    assert "its history belongs to SnelStart administration 'administration.sqlite' (embedded:" in stopped.stderr
    assert "but snelstart now reaches 'real.sqlite' (embedded:" in stopped.stderr
    with EmbeddedAdministration(installation.folder / "real.sqlite") as real:
        assert len(real.snapshot().sales_orders) == 1  # nothing was booked there

    _, new = _commands(stopped.stderr)
    assert new.endswith("history new --start-from YYYY-MM-DD")
    placeholder = _run(new, installation)
    assert placeholder.returncode == 2 and "--start-from" in placeholder.stderr  # a placeholder never runs
    started = _run(new.replace("YYYY-MM-DD", "2024-01-01"), installation)
    assert started.returncode == 0, started.stderr
    assert "5 orders of the old one archived" in started.stdout

    code, report = installation.run_json()
    assert code == 0 and {o["order"] for o in report["orders"] if o["status"] == "created"} == ORDERS
    with EmbeddedAdministration(installation.folder / "real.sqlite") as real:
        assert {o.payment_reference for o in real.snapshot().sales_orders} >= ORDERS


def test_the_same_administration_moved_keeps_its_history(installation):
    assert installation.run_json()[0] == 0
    installation.admin_file.rename(installation.folder / "moved.sqlite")  # the id travels with the file
    installation.config.write_text(installation.config.read_text().replace(
        'database = "administration.sqlite"', 'database = "moved.sqlite"'))
    code, report = installation.run_json()
    assert (code, report["created"], report["failed"]) == (0, 0, 0)


def test_a_restored_administration_is_declared_the_same_with_history_moved(installation, tmp_path):
    assert installation.run_json()[0] == 0
    dump = json.loads(installation.sconnect("embedded", "dump", check=True).stdout)
    del dump["administratie"]  # a backup made without its id: a new administration, for all we know
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(dump))
    installation.admin_file.unlink()
    installation.sconnect("embedded", "load", str(backup), check=True)

    stopped = installation.sconnect("run")
    assert stopped.returncode == 78
    moved, _ = _commands(stopped.stderr)
    kept = _run(moved, installation)
    assert kept.returncode == 0 and "now belongs to 'administration.sqlite'" in kept.stdout, kept.stderr
    code, report = installation.run_json()
    assert (code, report["created"], report["failed"]) == (0, 0, 0)
