"""`sconnect myshop simulate` as a user runs it: a real process serving real HTTP on loopback."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import datetime
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from infrastructure.clock import FixedClock
from infrastructure.myshop.client import MyShopOrderSource
from interfaces.myshop_cli import app

ROOT = Path(__file__).resolve().parents[3]
DEMO = resources.files("interfaces.demo").joinpath("orders.xml")
SECRET = "cli-simulator-secret"


@pytest.mark.slow
def _as_on_a_terminal() -> None:
    # Ctrl-C as a person at a terminal sends it: a suite started in the background (`make test &`,
    # land.sh) hands its children SIGINT ignored, and then no Ctrl-C would reach the simulator.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_simulate_serves_the_demo_shop_until_interrupted():
    env = dict(os.environ, SCONNECT_MYSHOP_SIMULATOR_KEY=SECRET, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(
        [sys.executable, "-c", "from interfaces.myshop_cli import app; app()", "simulate",
         "--orders", str(DEMO), "--port", "0", "--faults", "http500=first:1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT, preexec_fn=_as_on_a_terminal)
    try:
        first = process.stdout.readline()
        base_url = first.split(" on ", 1)[1].split(" ", 1)[0]
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/RPC/")
        source = MyShopOrderSource(base_url, "1817700", SECRET, None, FixedClock(datetime(2024, 3, 4)),
                                   backoff=0.001)
        assert sorted(int(o.number) for o in source.fetch_since(None).orders) == [12, 13, 14, 15, 17]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    assert process.returncode == 0, err
    assert SECRET not in first + out + err
    assert "Traceback" not in err


def test_simulate_without_a_key_says_which_variable_to_set(monkeypatch):
    monkeypatch.delenv("SCONNECT_MYSHOP_SIMULATOR_KEY", raising=False)
    result = CliRunner().invoke(app, ["simulate", "--orders", str(DEMO)])
    assert result.exit_code == 78
    assert "SCONNECT_MYSHOP_SIMULATOR_KEY" in result.output


def test_simulate_with_an_unreadable_fault_spec_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("SCONNECT_MYSHOP_SIMULATOR_KEY", SECRET)
    result = CliRunner().invoke(app, ["simulate", "--orders", str(DEMO), "--faults", "slow=0.5"])
    assert result.exit_code == 2
    assert "unknown fault 'slow'" in result.output
    assert "Traceback" not in result.output
