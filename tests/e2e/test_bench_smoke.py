"""The embedded benchmark runs and prints its figures (a smoke run: no timing is asserted)."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "embedded.py"
NUMBER = r"[0-9][0-9,]*(?:\.[0-9]+)?"


@pytest.mark.slow
def test_the_embedded_benchmark_prints_its_figures(tmp_path):
    # --quick, with fewer orders still: every path (floor, sizes, tracemalloc, profile) in seconds.
    done = subprocess.run([sys.executable, str(BENCH), "--quick", "--orders", "40", "--relations", "2000",
                           "--trace", "--profile", "--folder", str(tmp_path)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "Traceback" not in out + done.stderr
    assert re.search(r"admin\s+: 2,000 relations", out)
    assert re.search(r"run\s+: created 40;", out), out  # every order booked …
    assert re.search(r"check\s+: 40 sales orders in the administration for 40 betalingskenmerken \(once each\)", out)
    for label in ("wall", "orders/s", "floor", "ratio", "peak memory"):
        assert re.search(rf"^{re.escape(label)}\s+{NUMBER}", out, re.M), label
    floor = re.search(rf"^floor\s+{NUMBER} s\s+parse {NUMBER} s \(40 orders\) \+ executemany {NUMBER} s: (.*)$",
                      out, re.M)
    assert floor and "tblVerkooporder 40" in floor.group(1) and "tblVerkooporderRegel" in floor.group(1)
    for size in (10, 20, 40):  # memory per size: wall, RSS and tracemalloc figures
        assert re.search(rf"^\s+{size}(?:\s+{NUMBER}){{5}}\s*$", out, re.M), size
    assert re.search(rf"RSS growth ×{NUMBER} from 10 to 40 orders", out)
    assert re.search(rf"tracemalloc peak ×{NUMBER}", out)
    assert "cProfile of a 10-order run" in out and "import_orders.py" in out
    assert not list(tmp_path.iterdir())  # its temporary folder is cleaned up
