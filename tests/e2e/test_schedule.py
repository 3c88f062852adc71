"""`sconnect schedule`, `status`, `run --wait`, `service install` and `version` as a user (or
systemd) runs them: real processes, real signals, the myShop simulator on 127.0.0.1."""
from __future__ import annotations

import json
import signal
import socket
from datetime import datetime

import pytest
from pytest_httpserver import HTTPServer

from schedule_support import (Lines, add_second_profile, background, booked_references, finish, go_on, plan,
                              status, touch, wait_for_lines)

pytestmark = pytest.mark.slow
ORDERS = ["12", "13", "14", "15", "17"]  # the demo shop's orders (16 is an abandoned checkout)


def each_booked_once(installation) -> bool:
    references = booked_references(installation)
    return all(references.count(n) == 1 for n in ORDERS)


def test_schedule_once_runs_every_due_profile_into_its_own_administration(installation):
    plan(installation, "15m")
    add_second_profile(installation, "1h")
    result = installation.sconnect("schedule", "--once", check=True)
    assert "shop1: booked 5, skipped 0, failed 0" in result.stdout
    assert "shop2: booked 5, skipped 0, failed 0" in result.stdout
    profiles = status(installation)
    now = datetime.now().isoformat()
    assert profiles["shop1"]["interval"] == "15m" and profiles["shop2"]["interval"] == "1h"
    assert all(p["next_run"] > now[:10] and p["state"] == "ready" and not p["due"] for p in profiles.values())
    nothing = installation.sconnect("schedule", "--once", check=True).stdout.strip()
    assert nothing.startswith("nothing due now; next: shop1 at ")  # nothing due yet, and it says so


def test_the_running_scheduler_picks_up_a_changed_configuration_and_keeps_it_when_broken(installation):
    scheduler = background(installation, "schedule", "--tick", "0.1")
    out = Lines(scheduler)
    out.wait_for("scheduler started: no profile has planned runs")
    plan(installation, "15m")
    planned = installation.config.read_text()
    touch(installation.config)
    out.wait_for("configuration reloaded; new planning for shop1")
    out.wait_for("shop1: booked 5, skipped 0, failed 0; next run")
    installation.config.write_text(planned.replace('template = "Webshop"', 'template = "Webshop"\ntempalte = "x"'))
    touch(installation.config)
    broken = out.wait_for("configuration not reloaded")
    assert "profiles.shop1.sales.tempalte" in broken and "the previous one stays" in broken
    scheduler.send_signal(signal.SIGTERM)
    code, err = scheduler.wait(timeout=60), scheduler.stderr.read()  # stdout is the reader's
    assert code == 0 and out.rest()[-1] == "scheduler stopped" and "Traceback" not in err
    installation.config.write_text(planned)
    assert status(installation)["shop1"]["last_run"]["created"] == 5  # planned by the reloaded file


def test_status_json_has_the_issues_shape(installation):
    plan(installation, "15m", next_run="2024-03-01T10:15:00")
    before = status(installation)["shop1"]
    assert before == {"profile": "shop1", "description": "e2e shop", "interval": "15m",
                      "next_run": "2024-03-01T10:15:00", "due": True, "state": "ready", "last_run": None,
                      "held": {"count": 0, "orders": []}, "licensed": True}
    installation.sconnect("run", check=True)
    last = status(installation)["shop1"]["last_run"]
    assert {k: last[k] for k in ("created", "skipped", "failed")} == {"created": 5, "skipped": 0, "failed": 0}
    assert datetime.fromisoformat(last["at"]) <= datetime.fromisoformat(last["finished_at"])
    line, licence = installation.sconnect("status", check=True).stdout.splitlines()
    assert line.startswith("shop1 (e2e shop): Gereed / Ready; every 15m, next run 2024-03-01 10:15; last run ")
    assert line.rstrip().endswith("booked 5, skipped 0, failed 0")
    assert licence == "licence: none; 1 profile runs without one"


def test_sigterm_lets_the_order_in_hand_finish_and_exits_0(installation, tmp_path):
    plan(installation, "15m")
    marker = tmp_path / "in-hand.txt"
    scheduler = background(installation, "schedule", "--tick", "0.2", marker=marker, delay=60)
    out = Lines(scheduler)
    [in_hand] = wait_for_lines(marker, 1, scheduler)
    scheduler.send_signal(signal.SIGTERM)  # while the order is being written
    # The order goes on once the scheduler has taken the signal: on a busy machine the thread
    # writing it could otherwise finish it, and start the next, before the main thread (the one
    # Python runs signal handlers in) was given the CPU to take it.
    out.wait_for("stopping: shop1 finish the order in hand")
    go_on(marker)
    code, err = scheduler.wait(timeout=60), scheduler.stderr.read()
    assert code == 0, err
    lines = out.rest()
    assert any("stopped on request" in line for line in lines) and lines[-1] == "scheduler stopped"
    assert "Traceback" not in err
    # The order in hand was finished, and nothing after it was started.
    assert booked_references(installation).count(in_hand) == 1
    assert marker.read_text().split() == [in_hand]
    shop1 = status(installation)["shop1"]
    assert shop1["state"] == "ready" and shop1["last_run"]["stopped"] is True and shop1["last_run"]["created"] == 1
    assert shop1["due"]  # a stopped run is not a whole run: the next start runs the rest at once
    result = installation.sconnect("schedule", "--once", check=True)
    assert "shop1: booked 4" in result.stdout and each_booked_once(installation)


def test_a_killed_scheduler_is_caught_up_by_one_run_when_it_starts_again(installation, tmp_path):
    plan(installation, "15m")
    marker = tmp_path / "in-hand.txt"
    scheduler = background(installation, "schedule", "--tick", "0.2", marker=marker, delay=60)
    wait_for_lines(marker, 1, scheduler)  # killed while the first order is being written
    scheduler.kill()
    finish(scheduler)
    shop1 = status(installation)["shop1"]
    assert shop1["state"] == "ready"  # the dead process's lock is no lock
    assert shop1["last_run"]["finished_at"] is None and shop1["last_run"]["interrupted"] is True

    restart = installation.sconnect("schedule", "--once", check=True)
    assert restart.stdout.count("shop1:") == 1  # one run, not one per missed quarter
    assert each_booked_once(installation)
    assert not status(installation)["shop1"]["due"]
    assert installation.sconnect("schedule", "--once", check=True).stdout.startswith("nothing due now")


def test_a_manual_run_says_busy_while_the_scheduler_runs_or_waits_with_wait(installation, tmp_path):
    plan(installation, "15m")
    marker = tmp_path / "in-hand.txt"
    scheduler = background(installation, "schedule", "--once", marker=marker, delay=60)
    wait_for_lines(marker, 1, scheduler)  # held there until go_on
    assert status(installation)["shop1"]["state"] == "busy"
    assert "Bezig / Busy: importing orders since" in installation.sconnect("status").stdout
    busy = installation.sconnect("run")
    assert busy.returncode == 75 and "already running" in busy.stderr
    gave_up = installation.sconnect("run", "--wait", "--timeout", "0.5")
    assert gave_up.returncode == 75 and "already running" in gave_up.stderr

    waiting = background(installation, "run", "--wait", "--timeout", "60", "--json")
    assert "busy: waiting for the other run to finish" in waiting.stderr.readline()
    go_on(marker)
    assert finish(scheduler)[0] == 0
    code, out, err = finish(waiting)
    assert code == 0, err
    assert json.loads(out)["created"] == 0  # the scheduler booked them; nothing twice
    assert each_booked_once(installation)


def test_service_install_dry_run_prints_the_units_and_writes_nothing(installation, tmp_path):
    installation.env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg")
    dry = installation.sconnect("service", "install", "--dry-run", check=True)
    assert f"--config {installation.config} schedule" in dry.stdout
    assert "[Install]" in dry.stdout and "systemctl --user enable --now sconnect.service" in dry.stdout
    assert not (tmp_path / "xdg").exists()
    installation.sconnect("service", "install", "--timer", check=True)
    units = tmp_path / "xdg" / "systemd" / "user"
    assert sorted(p.name for p in units.iterdir()) == ["sconnect.service", "sconnect.timer"]
    assert f"--config {installation.config} schedule --once" in (units / "sconnect.service").read_text()
    windows = installation.sconnect("service", "install", "--dry-run", "--platform", "win32", check=True)
    assert windows.stdout.startswith('<?xml version="1.0" encoding="UTF-16"?>') and "schtasks /Create" in windows.stdout
    assert not (installation.folder / "sconnect-task.xml").exists()


@pytest.fixture
def index():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_version_names_the_newest_release_and_the_upgrade_command(installation, index):
    index.expect_request("/simple/sconnect-myshop/").respond_with_json({"versions": ["99.0.0"], "files": []})
    installation.config.write_text(installation.config.read_text() + '\n[upgrade]\npackage = "sconnect-myshop"\n'
                                   f'index = "{index.url_for("/simple/")}"\n')
    text = installation.sconnect("version", check=True).stdout
    assert "newest on the package index: 99.0.0" in text
    assert "-m pip install --upgrade --index-url" in text and "sconnect-myshop" in text
    data = json.loads(installation.sconnect("version", "--json", check=True).stdout)
    assert data["newest"] == "99.0.0" and data["upgrade_available"] is True


def test_version_without_a_published_package_asks_no_index_and_says_git_pull_and_make(installation):
    result = installation.sconnect("version", check=True)
    assert "not published on a package index" in result.stdout and "git -C " in result.stdout
    assert "pip install" not in result.stdout and "Traceback" not in result.stderr


def test_a_planning_changed_between_two_timer_ticks_is_seen_by_the_next_one(installation):
    plan(installation, "1d", next_run="2024-01-01T06:00:00")  # daily at 06:00
    assert "shop1: booked 5" in installation.sconnect("schedule", "--once", check=True).stdout
    quiet = installation.sconnect("schedule", "--once", check=True).stdout.strip()
    assert quiet.startswith("nothing due now; next: shop1 at ") and quiet.endswith(" 06:00")  # tomorrow
    installation.config.write_text(installation.config.read_text().replace('interval = "1d"', 'interval = "5m"'))
    again = installation.sconnect("schedule", "--once", check=True).stdout  # not tomorrow: now
    assert "shop1: booked 0, skipped 0, failed 0; next run" in again
    shop1 = status(installation)["shop1"]
    assert shop1["interval"] == "5m" and not shop1["due"]
    assert installation.sconnect("schedule", "--once", check=True).stdout.startswith("nothing due now")


def test_a_profile_without_its_key_does_not_stop_the_others(installation):
    plan(installation, "15m")
    add_second_profile(installation, "15m")
    del installation.env["SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY"]
    missing = ("profiles.shop2.myshop.private_key: missing; set SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY "
               "or run `sconnect secret set shop2 myshop.private_key`, or write it in the file")
    result = installation.sconnect("schedule", "--once", check=True)
    assert "shop1: booked 5, skipped 0, failed 0" in result.stdout
    assert f"shop2: not run: {missing}; next run " in result.stdout
    refused = installation.sconnect("run", "--profile", "shop2")
    assert refused.returncode == 78 and refused.stderr.strip().splitlines() == [f"configuration error: {missing}"]
    assert installation.sconnect("run", "--profile", "shop1", check=True).returncode == 0
