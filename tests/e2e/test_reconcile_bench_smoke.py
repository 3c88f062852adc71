"""The reconcile benchmark runs, finds exactly what it planted and prints its figures (a smoke
run: no timing is asserted)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

RECONCILE = Path(__file__).resolve().parents[2] / "bench" / "reconcile.py"
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"


@pytest.mark.slow
def test_the_reconcile_benchmark_finds_exactly_what_it_planted(tmp_path):
    done = subprocess.run([sys.executable, str(RECONCILE), "--orders", "200", "--relations", "500",
                           "--latency", "5", "--folder", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert re.search(r"^findings\s+12 = the 12 planted, exactly", out, re.M), out
    for label in ("wall", "peak memory", "floor", "ratio"):
        assert re.search(rf"^{re.escape(label)}\s+{NUMBER}", out, re.M), label
    for label in ("baseline", "measured"):  # b2b: calls counted against the budget, findings exact
        assert re.search(rf"^{label}\s+latency\s+{NUMBER} ms: {NUMBER} SnelStart HTTP calls .* — OK; .*"
                         rf"findings 12 = the 12 planted, exactly", out, re.M), label
    assert not list(tmp_path.iterdir())
