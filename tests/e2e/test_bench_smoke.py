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
    # issue 19's memory budget: the full run's peak against a quarter's
    assert re.search(rf"memory: peak RSS {NUMBER} MB at 40 orders, [+-]{NUMBER} MB on the {NUMBER} MB at 10 .*"
                     rf"budget ≤ \+30 MB and ≤ 200 MB: (OK|OVER BUDGET)$", out, re.M)
    assert re.search(rf"tracemalloc peak {NUMBER} MB, [+-]{NUMBER} MB on 10 orders", out)
    assert "cProfile of a 10-order run" in out and "import_orders.py" in out
    assert not list(tmp_path.iterdir())  # its temporary folder is cleaned up


READER_BENCH = BENCH.parent / "myshop_reader.py"


@pytest.mark.slow
def test_the_reader_benchmark_prints_both_readers_in_both_layouts():
    done = subprocess.run([sys.executable, str(READER_BENCH), "--orders", "40", "--relations", "300"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for layout, size in (("named", 10), ("named", 40), ("column set", 10), ("column set", 40)):
        assert re.search(rf"^{layout}, {size} orders \({NUMBER} MB of XML\):$", out, re.M), (layout, size)
    for label in ("before: whole tree + list", "after: stream, as a list", "after: stream, one by one"):
        assert len(re.findall(rf"^  {re.escape(label)}\s+{NUMBER}\s+{NUMBER}\s+-?{NUMBER}\s+[0-9,]+ ", out, re.M)) == 4
    assert len(re.findall(r"^  after: stream, one by one .* 40 \(\+0 rejected\)$", out, re.M)) == 2
    assert out.count("one by one against the whole tree: traced peak") == 4


@pytest.mark.slow
def test_the_startup_benchmark_prints_the_floor_and_each_command():
    done = subprocess.run([sys.executable, str(BENCH.parent / "startup.py"), "--runs", "1"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    for label in ("floor: python -c pass", "sconnect --help", "sconnect status"):
        assert re.search(rf"^\s+{re.escape(label)}\s+{NUMBER} s \({NUMBER}\)\s+{NUMBER}× the floor", done.stdout,
                         re.M), label
