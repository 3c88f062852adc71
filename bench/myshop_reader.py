"""Reading myShop's order answer: peak memory and time of the streaming reader against the
whole-tree reader it replaced (issue #21; #19 measured 172 MB of tree for 14.8 MB of XML).

Run from the repository root:  python bench/myshop_reader.py [--orders N] [--relations N] [--seed N]

Not a test: it prints figures, baseline first, all from the same run and the same documents.
Each reading is a process of its own, so its peak is its own:
- before: the whole-tree reader as it was before #21 (bench/myshop_reader_baseline.py):
  defusedxml parses the whole answer into a tree, then every order is mapped into a list;
- after, list: the streaming reader collected into a list (`read_orders`, today's callers);
- after, stream: the streaming reader consumed order by order, the answer read from a file as
  the client now spools a large answer (`OrderDocument`, what #19's use case will iterate).
Figures: wall time and the growth of the process's peak RSS over what it had before reading (a
plain run), and the tracemalloc peak — Python's own allocations while reading — from a second,
traced run (tracing slows reading and adds to RSS, so it has a run of its own); for a quarter
and for all of the orders, so the growth shows too. Both layouts (named columns and the column
set) are read. On a machine shared with other work, wall times vary; memory does not.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, installed or not
sys.path.insert(0, str(HERE))

VARIANTS = ("before", "list", "stream")
LABELS = {"before": "before: whole tree + list", "list": "after: stream, as a list",
          "stream": "after: stream, one by one"}


def _rss_peak_mb() -> float:
    """This process's peak RSS: VmHWM on Linux (ru_maxrss there keeps the parent's peak across
    fork and exec, which would hide the reading's own), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def worker(variant: str, path: str, traced: bool) -> dict:
    from infrastructure.myshop.reader import OrderDocument, read_orders
    from myshop_reader_baseline import read_orders_whole_tree

    gc.collect()
    rss_before = _rss_peak_mb()
    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    if variant == "stream":
        with open(path, "rb") as answer, OrderDocument(answer) as document:
            orders = rejected = 0
            for item in document:
                orders += hasattr(item, "lines")
                rejected += not hasattr(item, "lines")
    else:
        xml = Path(path).read_bytes()  # the answer in memory, as the client held it before
        reader = read_orders_whole_tree if variant == "before" else read_orders
        found, bad = reader(xml)
        orders, rejected = len(found), len(bad)
    wall = time.perf_counter() - start
    peak = 0
    if traced:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {"orders": orders, "rejected": rejected, "wall": wall, "traced_mb": peak / 2**20,
            "rss_growth_mb": _rss_peak_mb() - rss_before}


def measure(variant: str, path: Path) -> dict:
    runs = []
    for traced in (False, True):
        done = subprocess.run([sys.executable, __file__, "--worker", variant, str(path), str(int(traced))],
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"worker {variant} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    plain, traced_run = runs
    return {**plain, "traced_mb": traced_run["traced_mb"]}


def documents(orders: int, relations: int, seed: int, folder: Path) -> dict[tuple[str, int], Path]:
    from embedded_shop import orders_document
    from recognition_administration import generate_administration

    from infrastructure.simulators.myshop.order_book import COLUMN_SET, OrderBook

    people, _ = generate_administration(relations, seed)
    files = {}
    for size in sorted({max(1, orders // 4), orders}):
        named = orders_document(people, size, seed).xml
        book = OrderBook("1817700", named, layout=COLUMN_SET)
        for layout, xml in (("named", named), ("column set", book.changed_since("20010101010101"))):
            path = folder / f"{layout.replace(' ', '-')}-{size}.xml"
            path.write_bytes(xml)
            files[(layout, size)] = path
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--relations", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=21)
    args = parser.parse_args()
    print(f"machine   : {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}")
    with tempfile.TemporaryDirectory(prefix="sconnect-bench-reader-") as folder:
        files = documents(args.orders, args.relations, args.seed, Path(folder))
        for (layout, size), path in files.items():
            print(f"\n{layout}, {size:,} orders ({path.stat().st_size / 2**20:.1f} MB of XML):", flush=True)
            print(f"  {'reader':<28} {'wall s':>8} {'traced MB':>10} {'RSS +MB':>9}  orders")
            figures = {}
            for variant in VARIANTS:
                result = figures[variant] = measure(variant, path)
                print(f"  {LABELS[variant]:<28} {result['wall']:>8.2f} {result['traced_mb']:>10.1f} "
                      f"{result['rss_growth_mb']:>9.1f}  {result['orders']:,} (+{result['rejected']} rejected)")
            before, stream = figures["before"], figures["stream"]
            print(f"  one by one against the whole tree: traced peak {stream['traced_mb'] / before['traced_mb']:.1%}, "
                  f"RSS growth {stream['rss_growth_mb']:.1f} MB against {before['rss_growth_mb']:.1f} MB, "
                  f"wall ×{stream['wall'] / before['wall']:.2f}"
                  + (" (the whole-tree reader saw no orders in this layout)" if not before["orders"] else ""))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        print(json.dumps(worker(sys.argv[2], sys.argv[3], sys.argv[4] == "1")))
    else:
        main()
