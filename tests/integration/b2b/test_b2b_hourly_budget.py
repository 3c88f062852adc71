"""A run that would pass SnelStart's hourly limit books what fits and stops before the next call;
the next run, once the hour has room again, books the rest — each order once, the cursor never
past an order that was not handled (reference §5c; pacing.py)."""
from __future__ import annotations

import time
from datetime import timedelta

from b2b_world import CLIENT_KEY, SUBSCRIPTION_KEY, api_calls
from fakes import T0, make_order
from test_b2b_import_after_write import Runs, orders_with

from application.import_orders import ImportOrders
from domain.matching import strategy_for
from infrastructure.snelstart.b2b.pacing import RateLimit, fingerprint
from infrastructure.state import SqliteStateStore
from interfaces.cli import app
from profiles import config_text, profile
from typer.testing import CliRunner

TINY = RateLimit("test", 100, 30)  # 27 calls an hour at 90 %: about half of what 30 orders need


def test_what_does_not_fit_the_hour_waits_for_the_next_run(tmp_path, api, adapter_for):
    orders = [make_order(40 + n, change_time=T0 + timedelta(minutes=n)) for n in range(30)]
    runs = Runs(tmp_path, adapter_for, orders)
    moment = [1_700_000_000.0]

    def run():
        adapter = adapter_for(rate_limit=TINY, memory=runs.state, now=lambda: moment[0])
        try:
            return ImportOrders(runs.settings, runs.shop, adapter, adapter, runs.state, runs.clock,
                                strategy_for(runs.settings.customers)).run()
        finally:
            adapter.close()

    first = run()

    booked = [o.order for o in first.outcomes if o.status == "created"]
    assert 0 < len(booked) < 30 and "calls an hour" in first.error and "next run books" in first.error
    assert len(api_calls(api)) <= 27 and not [c for c in api_calls(api) if c.status == 429]
    assert runs.state.cursor("shop1") is None or runs.state.cursor("shop1") <= orders[len(booked)].change_time

    moment[0] += 1800  # half an hour later: the hour is still spent, before the first call (which administration)
    waiting = run()
    assert waiting.outcomes == [] and "calls an hour" in waiting.error
    for _ in range(10):  # an hour later each time: the next orders fit
        moment[0] += 3600
        if not run().error:
            break

    assert all(orders_with(api, str(n)) and len(orders_with(api, str(n))) == 1 for n in range(40, 70))
    assert not [c for c in api_calls(api) if c.status == 429]


def test_a_run_stopped_by_the_hour_at_its_first_call_is_a_run_status_and_log_show(tmp_path, api, monkeypatch):
    """The first call (which administration) already does not fit the hour: the run stops with
    the limit's one line and is recorded like any run that stops there — whoever leaves the runs
    to the scheduler reads it in `status` and `log`."""
    (tmp_path / "config.toml").write_text(config_text(profile(
        "shop1", "b2b", base_url=api.base_url, token_url=api.token_url, rate_limit="test")), encoding="utf-8")
    for name, secret in (("MYSHOP_PRIVATE_KEY", "hour-test-key-5521"), ("SNELSTART_SUBSCRIPTION_KEY", SUBSCRIPTION_KEY),
                         ("SNELSTART_CLIENT_KEY", CLIENT_KEY)):
        monkeypatch.setenv(f"SCONNECT_SHOP1_{name}", secret)
    monkeypatch.setenv("SCONNECT_CONFIG", str(tmp_path / "config.toml"))
    with SqliteStateStore(tmp_path / "state.sqlite") as state:  # earlier runs spent this hour's calls
        state.record_api_calls(fingerprint(api.base_url, CLIENT_KEY), int(time.time() // 60), 900)

    result = CliRunner().invoke(app, ["run"])
    assert result.exit_code == 75, result.output
    said = "SnelStart's limit of 1.000 calls an hour for this administration is nearly reached"
    assert f"run stopped: {said}" in " ".join(result.stderr.split()) and api_calls(api) == []

    status = " ".join(CliRunner().invoke(app, ["status"]).output.split())
    assert f"(stopped: {said}" in status, status
    log = " ".join(CliRunner().invoke(app, ["log"]).output.split())
    assert f"run stopped: {said}" in log, log
