"""Held orders (failed too often) are named wherever a run is reported — the scheduler's line,
`status` — with the command that releases them, runnable as printed."""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

from application.run_due_tasks import TickResult
from application.run_report import OrderOutcome, RunReport
from infrastructure.config import load_config
from interfaces import commands
from interfaces.render_status import status_line
from interfaces.scheduler import result_line
from profiles import config_text, profile


def _config(tmp_path: Path, *ids: str):
    file = tmp_path / "config.toml"
    file.write_text(config_text(*(profile(i) for i in ids)), encoding="utf-8")
    return load_config(file, {}, need_secrets=False)


def test_the_scheduler_line_names_the_held_orders_and_the_release_command(tmp_path):
    config = _config(tmp_path, "shop1", "shop2")
    report = RunReport("shop1", [OrderOutcome("21", "failed", reason="article X not found", held=True)],
                       held=["18", "21"])
    line = result_line(TickResult("shop1", report),
                       lambda p, held: commands.release_command(config, p, held))
    assert "2 orders held (18, 21)" in line
    release = line.rsplit("release them with: ", 1)[1]
    assert shlex.split(release)[-5:] == ["retry", "18", "21", "--profile", "shop1"]
    assert shlex.split(release)[1:3] == ["--config", str(config.path)]


def test_without_held_orders_the_line_says_nothing_about_them(tmp_path):
    line = result_line(TickResult("shop1", RunReport("shop1")))
    assert "held" not in line


def test_many_held_orders_are_released_with_all(tmp_path):
    config = _config(tmp_path, "shop1")
    held = [str(n) for n in range(100, 112)]
    release = commands.release_command(config, "shop1", held)
    assert release.endswith("retry --all") and "--profile" not in release  # one profile: never needed
    assert "12 orders held (100, 101, 102, 103, 104, 105, 106, 107, 108, 109 and 2 more)" in \
        commands.held_line(held, release)


def test_the_status_line_says_what_is_held(tmp_path):
    line = status_line({"profile": "shop1", "description": "", "interval": "off", "next_run": None,
                        "state": "ready", "last_run": None,
                        "held": {"count": 1, "orders": ["18"], "release": "sconnect retry 18"}})
    assert line.endswith("1 order held (18): failed too often, not booked until released; after fixing "
                         "the cause, release it with: sconnect retry 18")


def test_the_program_printed_is_this_installations(tmp_path):
    program = commands.program()
    # The e2e suites run this interpreter's venv: its sconnect script, by its real path (a bare
    # `sconnect` only when PATH finds that very file).
    assert program == "sconnect" or Path(shlex.split(program)[0]).parent == Path(sys.executable).parent
