"""`sconnect console --schedule`: the planned runs in the console's process, shown on the page;
a profile another scheduler plans is left to it (no second scheduler), and a profile another
process is running says busy — for the planned run as for *Nu uitvoeren*."""
from __future__ import annotations

from interfaces.console import ConsoleScheduler
from interfaces.planning_marker import planning_marker

PLANNED = {"planning": {"interval": "5m"}}
OTHER_MACHINE = "kantoor-pc:4242:"  # a holder elsewhere is trusted until its lock expires


def test_a_due_profile_runs_in_the_console_and_the_page_says_who_plans_it(console_at, shop):
    browser = console_at(shop.base_url, **PLANNED)
    scheduler = ConsoleScheduler(browser.console)
    assert scheduler.look() == ["shop1"]  # never run: due at once
    scheduler.tasks.wait(60)
    assert browser.console.state.last_run("shop1")["summary"]["created"] > 0
    page = browser.get("/").text
    assert "gepland door deze console" in page and "aangemaakt" in page
    assert scheduler.look() == []  # planned again, five minutes on


def test_a_profile_another_scheduler_plans_is_left_to_it(console_at, shop):
    browser = console_at(shop.base_url, **PLANNED)
    state, now = browser.console.state, browser.console.clock.now()
    assert state.acquire_lock(planning_marker("shop1"), OTHER_MACHINE, now, 3600)
    assert ConsoleScheduler(browser.console).look() == []
    assert state.last_run("shop1") is None
    assert "gepland door een ander programma" in browser.get("/").text


def test_a_planned_run_on_a_profile_running_elsewhere_says_busy(console_at, shop):
    browser = console_at(shop.base_url, **PLANNED)
    state, now = browser.console.state, browser.console.clock.now()
    assert state.acquire_lock("shop1", OTHER_MACHINE, now, 600)  # `sconnect run` on the other computer
    scheduler = ConsoleScheduler(browser.console)
    assert scheduler.look() == ["shop1"]
    scheduler.tasks.wait(60)
    assert "already running" in browser.console.runs.activity("shop1").error
    assert state.last_run("shop1") is None  # nothing ran a second time
