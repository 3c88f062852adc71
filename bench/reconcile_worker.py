"""One measured process of the reconcile benchmark (bench/reconcile.py), so its memory high-water
mark is its own:

    reconcile_worker.py sconnect ARGS…      `sconnect ARGS…` exactly as `python -m interfaces` runs it
    reconcile_worker.py floor CONFIG        the floor: the same three sources read, nothing compared

Its wall time (from the start of this process) and peak RSS are written as JSON to the file
named by $BENCH_FIGURES when it exits.
"""
from __future__ import annotations

import atexit
import json
import os
import resource
import runpy
import sqlite3
import sys
import time

START = time.perf_counter()


def figures(**extra) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    if PROFILE is not None:
        import io
        import pstats
        PROFILE.disable()
        text = io.StringIO()
        pstats.Stats(PROFILE, stream=text).sort_stats("tottime").print_stats(20)
        extra["profile"] = text.getvalue()
    with open(os.environ["BENCH_FIGURES"], "w", encoding="utf-8") as handle:
        # CPU seconds too: on a shared machine the wall time says as much about the others.
        json.dump({"wall": time.perf_counter() - START, "cpu": usage.ru_utime + usage.ru_stime,
                   "rss_peak": _peak_mb(usage), **extra}, handle)


def _peak_mb(usage) -> float:
    """This process's own high-water mark (VmHWM): ru_maxrss of a process started by fork/vfork
    + exec carries the parent's (the benchmark's simulators and data), not its own."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return usage.ru_maxrss / 1024  # KB on Linux


PROFILE = None
if os.environ.get("BENCH_PROFILE"):
    import cProfile
    PROFILE = cProfile.Profile()
    PROFILE.enable()


def floor(config_path: str) -> None:
    """What any reconcile must do at least: the shop's answer fetched and read by the project's
    myShop client, the history's rows and SnelStart's sales orders of the period each read by
    one plain query — no objects, no comparing."""
    from pathlib import Path

    from infrastructure.clock import SystemClock
    from infrastructure.config import load_config
    from infrastructure.myshop.client import MyShopOrderSource

    config = load_config(Path(config_path), os.environ)
    profile = config.profile(None)
    shop = profile.myshop
    source = MyShopOrderSource(shop.base_url, shop.shop_id, shop.private_key.reveal(), shop.start_from,
                               SystemClock())
    started = time.perf_counter()
    listed = source.fetch_since(None)
    shop_seconds = time.perf_counter() - started
    started = time.perf_counter()
    db = sqlite3.connect(config.state_path)
    history = db.execute("SELECT * FROM processed_order WHERE profile = ?", (profile.id,)).fetchall()
    db.close()
    history_seconds = time.perf_counter() - started
    started = time.perf_counter()
    db = sqlite3.connect(profile.snelstart.database_file)
    orders = db.execute("SELECT nummer, betalingskenmerk, totaalInclusiefBtw, datum FROM tblVerkooporder "
                        "WHERE datum >= '2024-03-01'").fetchall()
    db.close()
    snelstart_seconds = time.perf_counter() - started
    figures(shop=shop_seconds, history=history_seconds, snelstart=snelstart_seconds,
            rows={"shop": len(listed.orders), "history": len(history), "snelstart": len(orders)})


if __name__ == "__main__":
    if sys.argv[1] == "sconnect":
        atexit.register(figures)
        sys.argv = ["sconnect", *sys.argv[2:]]
        runpy.run_module("interfaces", run_name="__main__", alter_sys=True)
    elif sys.argv[1] == "floor":
        floor(sys.argv[2])
    else:
        raise SystemExit(f"unknown worker {sys.argv[1]!r}")
