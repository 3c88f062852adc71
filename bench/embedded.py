"""Booking myShop orders into an embedded administration: wall time, orders/s, memory, the floor.

Run from the repository root:
    python bench/embedded.py [--orders N] [--relations N] [--quick] [--trace] [--profile] [--folder DIR]

Not a test: it prints figures. Budgets: 10,000 orders from the myShop simulator into an
embedded administration of 50,000 relations in ≤ 5× the floor — parsing the same XML with the
project's reader and inserting the same rows with one `executemany` per table, in the same run
(issue 19; issue 5 asked ≤ 60 s wall) — with memory flat in the number of orders: the peak RSS of
the full run no more than 30 MB above the run of a quarter of the orders, and ≤ 200 MB in all
(issue 19). Runs of a quarter and half of the orders show how wall time and memory grow
(tracemalloc figures with --trace).

Each measured run is a process of its own (bench/embedded_worker.py), as `sconnect run` is, so
its memory high-water mark is that run's alone; the simulator runs in this process. Every run
books into a fresh copy of the same administration with an empty state database.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, installed or not
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the test profiles: tests/profiles.py

from embedded_floor import added_rows, copy_administration  # noqa: E402
from embedded_shop import SHOP, START_FROM, administration, orders_document  # noqa: E402
from profiles import config_text, e2e_profile  # noqa: E402

from infrastructure.simulators.myshop.server import MyShopSimulator  # noqa: E402
from infrastructure.snelstart.embedded import EmbeddedAdministration  # noqa: E402

WALL_BUDGET_S = 60.0
FLOOR_BUDGET = 5.0
GROWTH_BUDGET_MB = 30.0  # peak RSS at the full size ≤ this above the peak at a quarter of it
PEAK_BUDGET_MB = 200.0
KEY = "bench-private-key-7C41"

def run_worker(*args: str) -> dict:
    env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY}
    env.pop("SCONNECT_DEBUG", None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / "embedded_worker.py"), *args], env=env,
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"worker {args[0]} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - start
    return result


def import_run(base: Path, folder: Path, shop: MyShopSimulator, xml: bytes, *flags: str) -> dict:
    """A fresh copy of the administration, an empty state, the shop serving `xml`: one run."""
    folder.mkdir()
    copy_administration(base, folder / "administration.sqlite")
    config = folder / "config.toml"
    config.write_text(config_text(e2e_profile(shop_id=SHOP, start_from=START_FROM, shop_url=shop.base_url,
                                              description="embedded benchmark",
                                              customers={"recognition": "smart", "default_payment_term": 14})),
                      encoding="utf-8")
    shop.set_orders(xml)
    return run_worker("import", str(config), *flags)


def booked_sales_orders(path: Path) -> tuple[int, int]:
    """(sales orders, distinct betalingskenmerken): exactly once means they are equal."""
    with EmbeddedAdministration(path) as administration:
        orders = administration.snapshot().sales_orders
    return len(orders), len({o.payment_reference for o in orders})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, help="orders to book (default 10,000; --quick 1,000)")
    parser.add_argument("--relations", type=int, help="relations in the administration (default 50,000; "
                                                       "--quick 5,000)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1,000 orders, 5,000 relations")
    parser.add_argument("--trace", action="store_true",
                        help="also tracemalloc runs at each size (each about 3× slower than untraced)")
    parser.add_argument("--profile", action="store_true",
                        help="also a cProfile run of a quarter of the orders: where the time goes")
    parser.add_argument("--folder", type=Path, help="where the files go (default: a temporary folder); "
                                                    "its disk's fsync time matters, see the 'disk' line")
    parser.add_argument("--seed", type=int, default=20240301)
    args = parser.parse_args()
    args.orders = args.orders or (1_000 if args.quick else 10_000)
    args.relations = args.relations or (5_000 if args.quick else 50_000)
    sizes = sorted({max(1, args.orders // 4), max(1, args.orders // 2), args.orders})

    print("S-Connect embedded benchmark: myShop simulator → import orders → embedded administration (ODBC)")
    print(f"command : python bench/embedded.py --orders {args.orders} --relations {args.relations} --seed {args.seed}"
          + "".join(f" --{flag}" for flag in ("trace", "profile") if getattr(args, flag)))
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine : {platform.platform()}; {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}); "
          f"Python {platform.python_version()}; load average {load}")
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sconnect-bench-", dir=args.folder) as tmp:
        folder = Path(tmp)
        print(f"disk    : {folder}: one fsync takes {fsync_ms(folder):.2f} ms (every durable commit pays it)")
        start = time.perf_counter()
        snapshot, relations, facts = administration(args.relations, args.seed)
        base = folder / "base.sqlite"
        EmbeddedAdministration.create(base, snapshot).close()
        print(f"admin   : {len(relations):,} relations, {len(snapshot.articles)} articles, "
              f"{len(snapshot.templates)} templates; generated and loaded in {time.perf_counter() - start:.1f} s "
              f"({base.stat().st_size / 1e6:.1f} MB)")
        print("          " + ", ".join(f"{k} {v:,}" for k, v in facts.items()))
        documents = {size: orders_document(relations, size, args.seed + 1) for size in sizes}
        shop_doc = documents[args.orders]
        print(f"orders  : {args.orders:,} ({len(shop_doc.xml) / 1e6:.1f} MB of XML, {shop_doc.lines:,} order lines) — "
              + ", ".join(f"{k} {v:,}" for k, v in shop_doc.mix.items()))
        del relations, snapshot
        print(flush=True)

        runs, traced = {}, {}
        with MyShopSimulator(shop_id=SHOP, key=KEY) as shop:
            for size in sizes:  # the largest last, and its XML is what the floor parses
                runs[size] = import_run(base, folder / f"run-{size}", shop, documents[size].xml)
            served = shop.book.changed_since(change_time(START_FROM))
            if args.trace:
                traced = {size: import_run(base, folder / f"traced-{size}", shop, documents[size].xml, "--trace")
                          for size in sizes}
            profiled = (import_run(base, folder / "profiled", shop, documents[sizes[0]].xml, "--profile")
                        if args.profile else None)

        booked = folder / f"run-{args.orders}" / "administration.sqlite"
        rows, changed = added_rows(base, booked)
        (folder / "rows.pickle").write_bytes(pickle.dumps(rows))
        (folder / "served.xml").write_bytes(served)
        copy_administration(base, folder / "floor.sqlite")
        floor = run_worker("floor", str(folder / "served.xml"), str(folder / "floor.sqlite"),
                           str(folder / "rows.pickle"))
        sales_orders, references = booked_sales_orders(booked)
        report(args, runs, floor, changed, sales_orders, references)
        memory(runs, traced)
        if profiled:
            print()
            print(f"cProfile of a {sizes[0]:,}-order run ({profiled['wall']:.1f} s under the profiler; "
                  f"{profiled['wall'] / sizes[0] * 1e3:.1f} ms per order), top 15 by own time, then by cumulative time:")
            print(profiled["profile"])


def change_time(moment: str) -> str:
    """The client's first change_time parameter for `start_from` (yyyymmddhhmmss)."""
    return "".join(c for c in moment if c.isdigit())


def fsync_ms(folder: Path, count: int = 50) -> float:
    probe = folder / "fsync.probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT)
    try:
        start = time.perf_counter()
        for _ in range(count):
            os.write(fd, b"x" * 512)
            os.fsync(fd)
        return (time.perf_counter() - start) / count * 1e3
    finally:
        os.close(fd)
        probe.unlink()


def report(args, runs: dict, floor: dict, changed: dict, sales_orders: int, references: int) -> None:
    run = runs[args.orders]
    outcomes = ", ".join(f"{k} {v:,}" for k, v in sorted(run["outcomes"].items()))
    print(f"run     : {outcomes}; {run['customers_created']:,} new customers; {run['warnings']:,} warnings"
          + (f"; error: {run['error']}" if run["error"] else ""))
    for reason, count in run["reasons"]:
        print(f"          {count:,} × {reason}")
    print(f"check   : {sales_orders:,} sales orders in the administration for {references:,} betalingskenmerken"
          f" ({'once each' if sales_orders == references else 'SOME TWICE'})")
    print()
    wall, ratio = run["wall"], run["wall"] / floor["wall"]
    print(f"wall          {wall:8.2f} s   import orders, {wall / args.orders * 1e3:.2f} ms per order "
          f"({run['process_wall']:.2f} s with process start and wiring)   budget {WALL_BUDGET_S:.0f} s: "
          f"{'OK' if wall <= WALL_BUDGET_S else 'OVER BUDGET'}")
    print(f"orders/s      {args.orders / wall:8.0f}")
    print(f"floor         {floor['wall']:8.2f} s   parse {floor['parse']:.2f} s ({floor['orders']:,} orders) + "
          f"executemany {floor['insert']:.2f} s: " + ", ".join(f"{t} {n:,}" for t, n in floor["rows"].items()))
    if changed:
        print("              rows changed, not added (not in the floor): "
              + ", ".join(f"{t} {n:,}" for t, n in changed.items()))
    print(f"cpu           {run['cpu']:8.2f} s   import orders; floor {floor['cpu']:.2f} s: {run['cpu'] / floor['cpu']:.1f} × (CPU time of each process, load-independent)")
    print(f"ratio         {ratio:8.1f} × the floor   budget {FLOOR_BUDGET:.0f}×: "
          f"{'OK' if ratio <= FLOOR_BUDGET else 'OVER BUDGET'}")
    print(f"peak memory   {run['rss_peak']:8.1f} MB RSS high-water of the run's process "
          f"({run['rss_peak'] - run['rss_before']:.1f} MB above the {run['rss_before']:.1f} MB before the run)")


def memory(runs: dict, traced: dict) -> None:
    print()
    print(f"{'orders':>8}{'wall s':>9}{'ms/order':>10}{'RSS high-water MB':>19}{'RSS growth MB':>15}"
          f"{'tracemalloc peak MB':>21}")
    for size, run in runs.items():
        peak = f"{traced[size]['traced_peak']:>21.1f}" if size in traced else f"{'(--trace)':>21}"
        print(f"{size:>8,}{run['wall']:>9.2f}{run['wall'] / size * 1e3:>10.2f}{run['rss_peak']:>19.1f}"
              f"{run['rss_peak'] - run['rss_before']:>15.1f}{peak}")
    sizes = sorted(runs)
    small, full = runs[sizes[0]]["rss_peak"], runs[sizes[-1]]["rss_peak"]
    growth = {size: runs[size]["rss_peak"] - runs[size]["rss_before"] for size in sizes}
    within = full - small <= GROWTH_BUDGET_MB and full <= PEAK_BUDGET_MB
    print(f"memory: peak RSS {full:.1f} MB at {sizes[-1]:,} orders, {full - small:+.1f} MB on the {small:.1f} MB at "
          f"{sizes[0]:,} ({slope(growth, sizes):.1f} KB per extra order); budget ≤ +{GROWTH_BUDGET_MB:.0f} MB and "
          f"≤ {PEAK_BUDGET_MB:.0f} MB: {'OK' if within else 'OVER BUDGET'}")
    if traced:
        peaks = {size: traced[size]["traced_peak"] for size in sizes}
        print(f"        tracemalloc peak {peaks[sizes[-1]]:.1f} MB, {peaks[sizes[-1]] - peaks[sizes[0]]:+.1f} MB on "
              f"{sizes[0]:,} orders ({slope(peaks, sizes):.1f} KB per extra order)"
              "   (traced runs are slower; their wall is not a figure)")


def slope(values: dict[int, float], sizes: list[int]) -> float:
    return (values[sizes[-1]] - values[sizes[0]]) * 1e3 / max(1, sizes[-1] - sizes[0])


if __name__ == "__main__":
    main()
