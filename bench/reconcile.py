"""Reconcile (issue 12): the history of 10,000 booked orders against an embedded administration
of 50,000 relations and the myShop simulator's answer, with 1 % of each finding kind planted.

Run from the repository root:
    python bench/reconcile.py [--orders N] [--relations N] [--latency MS] [--quick] [--folder DIR]

Not a test: it prints figures. Budget: `sconnect reconcile` finds exactly the planted findings in
≤ 10 s wall and ≤ 300 MB peak RSS (the whole process, start-up included); the floor — the same
three sources read and nothing compared (bench/reconcile_worker.py) — is measured in the same run.
Against the B2B API simulator with 50 ms latency on every call: SnelStart HTTP calls ≤ orders/100
+ 10, with a run without latency as the baseline.

Each measured run is a process of its own, as `sconnect reconcile` is; the simulators run in
this process.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout, installed or not
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the test profiles: tests/profiles.py

from embedded_shop import SHOP, administration, orders_document  # noqa: E402
from profiles import config_text, e2e_profile  # noqa: E402
from reconcile_data import KINDS, plant  # noqa: E402

from infrastructure.simulators.myshop.server import MyShopSimulator  # noqa: E402
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator  # noqa: E402
from infrastructure.snelstart.embedded import EmbeddedAdministration  # noqa: E402

WALL_BUDGET_S = 10.0
RSS_BUDGET_MB = 300.0
KEY = "bench-private-key-9D12"
SINCE = "2024-03-01"


def worker(folder: Path, *args: str, env: dict | None = None) -> tuple[dict, subprocess.CompletedProcess]:
    out = folder / "figures.json"
    environment = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY, "BENCH_FIGURES": str(out),
                   "SCONNECT_SHOP1_SNELSTART_SUBSCRIPTION_KEY": "sub-key",
                   "SCONNECT_SHOP1_SNELSTART_CLIENT_KEY": "client-key", **(env or {})}
    environment.pop("SCONNECT_DEBUG", None)
    # As in an installation, whose modules are compiled once: with this set, every process start
    # would compile every module again (seconds, that no user waits for).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(HERE / "reconcile_worker.py"), *args], env=environment,
                          capture_output=True, text=True)
    figures = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    figures["process_wall"] = time.perf_counter() - started
    return figures, done


def reconcile(folder: Path) -> tuple[dict, dict]:
    figures, done = worker(folder, "sconnect", "--config", str(folder / "config.toml"), "reconcile", "--json",
                           "--since", SINCE)
    if done.returncode not in (0, 3):
        raise SystemExit(f"reconcile failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return figures, json.loads(done.stdout)


def found(report: dict) -> set[tuple[str, str]]:
    return {(f["kind"], f["order"]) for f in report["findings"]}


def verdict(report: dict, planted: set) -> str:
    got = found(report)
    if got == planted:
        return f"{len(got):,} = the {len(planted):,} planted, exactly"
    return (f"{len(got):,} found, {len(planted):,} planted: {len(got - planted):,} too many "
            f"({sorted(got - planted)[:3]}…), {len(planted - got):,} missed ({sorted(planted - got)[:3]}…)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, help="booked orders (default 10,000; --quick 1,000)")
    parser.add_argument("--relations", type=int, help="relations (default 50,000; --quick 5,000)")
    parser.add_argument("--latency", type=float, default=50.0, help="B2B milliseconds per API call (default 50)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 1,000 orders, 5,000 relations")
    parser.add_argument("--folder", type=Path, help="where the files go (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=20240312)
    args = parser.parse_args()
    args.orders = args.orders or (1_000 if args.quick else 10_000)
    args.relations = args.relations or (5_000 if args.quick else 50_000)
    per_kind = max(1, args.orders // 100)

    print("S-Connect reconcile benchmark: history ↔ embedded administration (ODBC) ↔ myShop simulator")
    print(f"command : python bench/reconcile.py --orders {args.orders} --relations {args.relations} "
          f"--latency {args.latency:g} --seed {args.seed}")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine : {platform.platform()}; {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}); "
          f"Python {platform.python_version()}; load average {load}")
    if args.folder:
        args.folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sconnect-bench-", dir=args.folder) as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        snapshot, relations, _ = administration(args.relations, args.seed)
        shop = orders_document(relations, args.orders + 2 * per_kind, args.seed + 1)
        embedded = folder / "embedded"
        embedded.mkdir()
        snapshot, planted = plant(shop.xml, args.orders, snapshot, relations, args.seed + 2, embedded / "state.sqlite")
        EmbeddedAdministration.create(embedded / "administration.sqlite", snapshot).close()
        print(f"data    : {len(relations):,} relations; {planted.booked:,} booked orders in the history; "
              f"{planted.sales_orders:,} sales orders in SnelStart; {args.orders + 2 * per_kind:,} orders in the shop "
              f"({len(shop.xml) / 1e6:.1f} MB of XML); planted {per_kind:,} of each of {len(KINDS)} kinds; "
              f"built in {time.perf_counter() - start:.0f} s")
        print(flush=True)
        with MyShopSimulator(shop.xml, shop_id=SHOP, key=KEY) as myshop:
            (embedded / "config.toml").write_text(config_text(e2e_profile(
                shop_id=SHOP, shop_url=myshop.base_url, description="reconcile benchmark")), encoding="utf-8")
            reconcile(embedded)  # warm-up: modules compiled and cached, files in the page cache
            floor, _ = worker(embedded, "floor", str(embedded / "config.toml"))
            measured, report = reconcile(embedded)
            print_embedded(measured, floor, report, planted.findings)
            print()
            b2b(folder, snapshot, myshop, embedded / "state.sqlite", planted.findings, args)


def print_embedded(run: dict, floor: dict, report: dict, planted: set) -> None:
    wall, rss = run["wall"], run["rss_peak"]
    print(f"findings      {verdict(report, planted)}; checked {report['checked']}")
    print(f"wall          {wall:8.2f} s   `sconnect reconcile --json` in its own process, start-up included "
          f"({run['cpu']:.2f} s CPU)   budget {WALL_BUDGET_S:.0f} s: {'OK' if wall <= WALL_BUDGET_S else 'OVER BUDGET'}")
    print(f"peak memory   {rss:8.1f} MB RSS high-water of that process   budget {RSS_BUDGET_MB:.0f} MB: "
          f"{'OK' if rss <= RSS_BUDGET_MB else 'OVER BUDGET'}")
    print(f"floor         {floor['wall']:8.2f} s   the same sources read, nothing compared: shop answer fetched and "
          f"read {floor['shop']:.2f} s ({floor['rows']['shop']:,} orders), history query {floor['history']:.2f} s, "
          f"SnelStart query {floor['snelstart']:.2f} s; {floor['cpu']:.2f} s CPU, {floor['rss_peak']:.1f} MB RSS")
    print(f"ratio         {wall / floor['wall']:8.2f} × the floor")


def b2b(folder: Path, snapshot, myshop: MyShopSimulator, state: Path, planted: set, args) -> None:
    budget = args.orders // 100 + 10
    print(f"SnelStart Web (B2B API simulator): the same administration and history; budget ≤ {budget} HTTP calls "
          f"(orders/100 + 10)")
    for latency in (0.0, args.latency / 1000):
        place = folder / f"b2b-{int(latency * 1000)}ms"
        place.mkdir()
        shutil.copyfile(state, place / "state.sqlite")
        with B2BSimulator(snapshot, latency=latency) as api:
            (place / "config.toml").write_text(config_text(e2e_profile(
                kind="b2b", shop_id=SHOP, shop_url=myshop.base_url, base_url=api.base_url, token_url=api.token_url,
                sales={**{"template": "Webshop"}, "shipping_costs": {"line": "VERZEND"}})), encoding="utf-8")
            figures, report = reconcile(place)
            calls = [c for c in api.calls if c.path.startswith("/v2/")]
        label = "baseline" if latency == 0 else "measured"
        print(f"{label:9} latency {latency * 1000:3.0f} ms: {len(calls)} SnelStart HTTP calls "
              f"({', '.join(sorted({c.method + ' ' + c.path for c in calls}))}) — "
              f"{'OK' if len(calls) <= budget else 'OVER BUDGET'}; wall {figures['wall']:.2f} s; "
              f"findings {verdict(report, planted)}")


if __name__ == "__main__":
    main()
