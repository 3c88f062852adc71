"""Stopping (SIGTERM finishes the order in hand), configuration reload, and `run --wait`."""
from __future__ import annotations

import os
import threading
from datetime import timedelta

import pytest

from application.run_report import RunReport
from domain.errors import Busy
from fakes import GatewayWith
from interfaces.scheduler import ConfigWatch, planning_of, run_when_free
from profiles import config_text, profile
from scheduler_world import every


def test_a_stop_request_finishes_the_order_in_hand_and_the_restart_books_the_rest_once(world):
    shop = world.shop("shop1", [12, 13, 14])
    stop = threading.Event()

    def create_sales_order(plan):
        stop.set()  # SIGTERM arrives while order 12 is being written
        return shop.administration.create_sales_order(plan)

    shop.gateway = GatewayWith(shop.administration, create_sales_order=create_sales_order)
    start = world.clock.now()
    [result] = world.scheduler([every("shop1", 15, start)], world.run_import(stop=stop.is_set)).tick()

    assert result.report.stopped and [o.order for o in result.report.outcomes] == ["12"]
    assert shop.booked() == ["12"]
    assert world.state.next_run("shop1") is None  # not a whole run: the plan stays
    assert world.state.lock_holder("shop1", world.clock.now()) is None  # the lock was given back

    shop.gateway = shop.administration
    world.clock.advance(minutes=1)  # the scheduler starts again
    [again] = world.scheduler([every("shop1", 15, start)]).tick()
    assert [o.order for o in again.report.outcomes] == ["13", "14"]
    assert shop.booked() == ["12", "13", "14"]
    assert again.next_run == start + timedelta(minutes=15)


def config_with(interval: str, state: str = "state.sqlite") -> str:
    return config_text(profile(kind="memory", shop_url=None, planning={"interval": interval}), state=state)


@pytest.fixture
def config_file(tmp_path, monkeypatch):
    monkeypatch.setenv("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY", "reload-test-key-123")
    file = tmp_path / "config.toml"
    file.write_text(config_with("1h"), encoding="utf-8")
    return file


def touch_later(file, text):
    file.write_text(text, encoding="utf-8")
    stat = file.stat()  # a second later, whatever the file system's timestamp resolution
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_a_changed_configuration_is_read_again_and_a_new_interval_takes_effect_at_once(world, config_file):
    watch = ConfigWatch(str(config_file))
    world.shop("shop1")
    now = world.clock.now()
    tasks = world.scheduler(planning_of(watch.config), RunReport)
    tasks.tick()
    assert world.state.next_run("shop1") == now + timedelta(hours=1)
    assert watch.reload() == (None, "")  # unchanged: not read again

    touch_later(config_file, config_with("5m"))
    config, problem = watch.reload()
    assert problem == "" and config.profiles["shop1"].planning.interval == timedelta(minutes=5)
    assert tasks.replan(planning_of(config)) == ["shop1"]
    assert [r.profile for r in tasks.tick()] == ["shop1"]  # now, not after the hour planned before
    assert world.state.next_run("shop1") == now + timedelta(minutes=5)


def test_a_broken_new_configuration_is_reported_in_one_line_and_the_old_one_stays(config_file):
    watch = ConfigWatch(str(config_file))
    old = watch.config
    touch_later(config_file, config_with("3m"))
    config, problem = watch.reload()
    assert config is None and watch.config is old
    assert problem.startswith("configuration not reloaded, the previous one stays: ")
    assert "profiles.shop1.planning.interval: '3m' is not one of" in problem and "\n" not in problem
    assert watch.reload() == (None, "")  # reported once, not at every tick
    touch_later(config_file, config_with("15m"))
    assert watch.reload()[0].profiles["shop1"].planning.interval == timedelta(minutes=15)


def test_a_new_state_path_needs_a_restart(config_file):
    watch = ConfigWatch(str(config_file))
    touch_later(config_file, config_with("1h", state="other.sqlite"))
    config, problem = watch.reload()
    assert config is None and "restart the scheduler" in problem


class FakeTime:
    def __init__(self):
        self.now, self.slept = 0.0, []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def monotonic(self):
        return self.now


def busy_until(free_after: int):
    calls = []

    def run():
        calls.append(1)
        if len(calls) <= free_after:
            raise Busy("profile shop1: import orders is already running; try again later")
        return "report"
    return run, calls


def test_run_without_wait_says_busy_at_once():
    run, calls = busy_until(1)
    with pytest.raises(Busy):
        run_when_free(run, wait=False, timeout=None)
    assert len(calls) == 1


def test_run_with_wait_runs_once_the_other_run_is_done_and_says_it_waits_once():
    run, calls = busy_until(3)
    clock, told = FakeTime(), []
    assert run_when_free(run, True, None, on_wait=lambda: told.append(1), sleep=clock.sleep,
                         monotonic=clock.monotonic) == "report"
    assert len(calls) == 4 and len(clock.slept) == 3 and told == [1]


def test_run_with_wait_gives_up_after_the_timeout():
    run, calls = busy_until(1000)
    clock = FakeTime()
    with pytest.raises(Busy):
        run_when_free(run, True, 2.0, sleep=clock.sleep, monotonic=clock.monotonic)
    assert clock.now == pytest.approx(2.0) and len(calls) > 1
