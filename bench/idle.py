"""An idle run: `sconnect run` on an embedded administration of 50,000 relations when the shop
has nothing new (only the orders of its overlap window, booked before), against starting the
same program to print its help — the process start — in the same run.

Run from the repository root:
    python bench/idle.py [--relations N] [--runs N]

Not a test: it prints figures. Budget (issue 19): an idle run ≤ 0.5 s wall beyond process start.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from embedded_shop import SHOP, START_FROM, administration, orders_document  # noqa: E402
from profiles import config_text, e2e_profile  # noqa: E402

from infrastructure.simulators.myshop.server import MyShopSimulator  # noqa: E402
from infrastructure.snelstart.embedded import EmbeddedAdministration  # noqa: E402

BUDGET_S = 0.5
KEY = "bench-private-key-7C41"


def timed(*args: str) -> float:
    env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY}
    # A start as a user's second start is: with the bytecode caches its first start wrote.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "interfaces", *args], env=env, capture_output=True, text=True,
                          cwd=HERE.parent)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"sconnect {' '.join(args)} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=50_000)
    parser.add_argument("--orders", type=int, default=200, help="orders booked before the idle runs")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240301)
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="build the administration and configuration in DIR, leave them there and keep the shop "
                             "simulator serving after the figures until interrupted, to profile an idle run by hand")
    args = parser.parse_args()
    print("S-Connect idle-run benchmark: sconnect run with nothing new in the shop, embedded administration")
    print(f"command : python bench/idle.py --relations {args.relations} --orders {args.orders} --runs {args.runs}")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"machine : {platform.platform()}; {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"load average {load}")
    with tempfile.TemporaryDirectory(prefix="sconnect-idle-") as tmp, MyShopSimulator(shop_id=SHOP, key=KEY) as shop:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        snapshot, relations, _facts = administration(args.relations, args.seed)
        EmbeddedAdministration.create(folder / "administration.sqlite", snapshot).close()
        shop.set_orders(orders_document(relations, args.orders, args.seed + 1).xml)
        config = folder / "config.toml"
        config.write_text(config_text(e2e_profile(shop_id=SHOP, start_from=START_FROM, shop_url=shop.base_url,
                                                  customers={"recognition": "smart", "default_payment_term": 14})),
                          encoding="utf-8")
        common = ("--config", str(config))
        first = timed(*common, "run", "--profile", "shop1")
        print(f"admin   : {args.relations:,} relations; first run booked {args.orders} orders in {first:.2f} s")
        starts = [timed(*common, "--help") for _ in range(args.runs)]
        idles = [timed(*common, "run", "--profile", "shop1") for _ in range(args.runs)]
        if args.keep:
            report(min(starts), min(idles), args.runs, idles)
            print(f"\nkept    : {folder}; the shop simulator serves until interrupted (Ctrl-C). Profile with:\n"
                  f"  SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY={KEY} {sys.executable} -X importtime -m interfaces "
                  f"--config {config} run --profile shop1", flush=True)
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return
    report(min(starts), min(idles), args.runs, idles)


def report(start: float, idle: float, runs: int, idles: list[float]) -> None:
    print()
    print(f"process start  {start:6.2f} s   sconnect --help (best of {runs})")
    print(f"idle run       {idle:6.2f} s   sconnect run, nothing new (best of {runs}; "
          f"all: {', '.join(f'{w:.2f}' for w in idles)})")
    print(f"beyond start   {idle - start:6.2f} s   budget {BUDGET_S} s: {'OK' if idle - start <= BUDGET_S else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
