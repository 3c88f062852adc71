"""Customer recognition on a large administration: index build, latency per order, memory.

Run from the repository root:  python bench/recognition.py  [--relations N] [--orders N] ...

Not a test: it prints figures. Budget (docs/recognition.md): building the index for 200,000
relations ≤ 1 s (issue 19; it was 2 s, then 1.17 s), recognition p99 ≤ 2 ms per order, for every
strategy. Baselines of the same run: the same index filled relation by relation with `add()` (a
call per key, as the build filed them before it took all relations at once), and a naive
`ScanLookup` (every question scans all relations), which shows what the index buys.
For a figure the machine's load cannot touch, bench/recognition_callgrind.py counts the
build's instructions under valgrind.
"""
from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not

from domain.customer import (Relation, normalise_coc, normalise_country, normalise_postcode,  # noqa: E402
                             normalise_vat)
from domain.errors import SConnectError  # noqa: E402
from domain.matching import strategy_for  # noqa: E402
from domain.recognition import EmailPass  # noqa: E402
from domain.relation_index import RelationIndex, email_keys  # noqa: E402
from domain.settings import CustomerSettings, Recognition  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from recognition_administration import generate_administration, generate_orders  # noqa: E402

BUILD_BUDGET_S = 1.0
P99_BUDGET_US = 2000.0


class ScanLookup:
    """The naive RelationLookup: every question walks all relations. Fields are normalised once
    up front (normalising 200,000 relations per question would make it slower still)."""

    def __init__(self, relations: list[Relation]):
        self._rows = []
        for r in relations:
            country = normalise_country(r.establishment.country)
            self._rows.append((r, *email_keys(r), normalise_vat(r.vat_number, country),
                               normalise_coc(r.coc_number, country), country,
                               normalise_postcode(r.establishment.postcode)))

    def relation_by_code(self, code: str) -> Relation | None:
        return next((row[0] for row in self._rows if str(row[0].code) == code), None)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        column = int(email_pass)
        return [row[0] for row in self._rows if email in row[column]]

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return [row[0] for row in self._rows if row[4] == vat_number]

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return [row[0] for row in self._rows if row[5] == coc_number]

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return [row[0] for row in self._rows if row[7] == postcode and row[6] == country]


def one_by_one(relations: list[Relation]) -> RelationIndex:
    """The baseline: the same index, a relation at a time (a call per key, no bulk filing)."""
    index = RelationIndex()
    collecting = gc.isenabled()
    gc.disable()  # as the build does: the comparison is about filing, not the collector
    try:
        for relation in relations:
            index.add(relation)
    finally:
        if collecting:
            gc.enable()
    return index


def timed_build(kind, relations, runs: int) -> tuple[list[float], object]:
    times, built = [], None
    for _ in range(runs):
        built = None
        gc.collect()
        start = time.perf_counter()
        built = kind(relations)
        times.append(time.perf_counter() - start)
    return times, built


def traced_peak(kind, relations) -> float:
    """Peak of memory allocated while building, in MB (tracemalloc; slower, so timed apart)."""
    gc.collect()
    tracemalloc.start()
    built = kind(relations)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del built
    return peak / 1e6


def rss_mb() -> float:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:  # not Linux: the high-water mark is the best the platform offers
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def run_orders(strategy, orders, lookup) -> tuple[list[float], Counter]:
    latencies, outcomes = [], Counter()
    clock = time.perf_counter_ns
    for customer, billing, delivery in orders:
        start = clock()
        try:
            result = strategy.recognise(customer, billing, delivery, lookup)
            outcome = "new" if result.is_new else "matched"
        except SConnectError as error:
            outcome = type(error).__name__
        latencies.append((clock() - start) / 1000)
        outcomes[outcome] += 1
    return sorted(latencies), outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relations", type=int, default=200_000)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--scan-orders", type=int, default=200, help="orders for the naive scan (it is slow)")
    parser.add_argument("--builds", type=int, default=3, help="index builds to time")
    parser.add_argument("--seed", type=int, default=20240301)
    args = parser.parse_args()

    print("S-Connect customer recognition benchmark")
    print(f"command : python bench/recognition.py --relations {args.relations} --orders {args.orders} "
          f"--scan-orders {args.scan_orders} --builds {args.builds} --seed {args.seed}")
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    print(f"machine : {platform.platform()}; {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}); "
          f"Python {platform.python_version()} ({platform.python_implementation()}); load average {load}")

    start = time.perf_counter()
    relations, facts = generate_administration(args.relations, args.seed)
    orders, mix = generate_orders(relations, args.orders, args.seed + 1)
    print(f"data    : {len(relations):,} relations generated in {time.perf_counter() - start:.1f} s — "
          + ", ".join(f"{k} {v:,}" for k, v in facts.items()))
    print(f"orders  : {len(orders):,} — " + ", ".join(f"{k} {v:,}" for k, v in mix.items()))
    print()

    rss_before = rss_mb()
    build_times, index = timed_build(RelationIndex, relations, args.builds)
    rss_index = rss_mb() - rss_before
    index_peak = traced_peak(RelationIndex, relations)
    one_by_one_times, _ = timed_build(one_by_one, relations, 1)
    scan_times, scan = timed_build(ScanLookup, relations, 1)
    scan_peak = traced_peak(ScanLookup, relations)
    verdict = "OK" if statistics.median(build_times) <= BUILD_BUDGET_S else "OVER BUDGET"
    print(f"{'lookup':<12}{'build median':>14}{'build best':>12}{'tracemalloc peak':>18}{'RSS delta':>11}")
    print(f"{'index':<12}{statistics.median(build_times):>12.2f} s{min(build_times):>10.2f} s"
          f"{index_peak:>15.1f} MB{rss_index:>8.1f} MB   budget {BUILD_BUDGET_S:g} s: {verdict}")
    print(f"{'one by one':<12}{one_by_one_times[0]:>12.2f} s{one_by_one_times[0]:>10.2f} s{'':>29}"
          f"   baseline: add() per relation ({one_by_one_times[0] / statistics.median(build_times):.1f}× the build)")
    print(f"{'scan':<12}{scan_times[0]:>12.2f} s{scan_times[0]:>10.2f} s{scan_peak:>15.1f} MB{'':>11}"
          "   (normalising the rows once)")
    print()

    header = (f"{'strategy':<38}{'lookup':<7}{'orders':>7}{'p50 µs':>9}{'p99 µs':>9}{'max µs':>9}"
              f"{'mean µs':>9}  outcomes")
    print(header)
    print("-" * len(header))
    ratios = []
    for recognition in Recognition:
        strategy = strategy_for(CustomerSettings(recognition=recognition))
        rows = {}
        for name, lookup, count in (("index", index, len(orders)), ("scan", scan, min(args.scan_orders, len(orders)))):
            latencies, outcomes = run_orders(strategy, orders[:count], lookup)
            rows[name] = latencies
            budget = ("  p99 OK" if percentile(latencies, .99) <= P99_BUDGET_US else "  p99 OVER BUDGET") \
                if name == "index" else ""
            print(f"{recognition.value:<38}{name:<7}{count:>7}{percentile(latencies, .5):>9.0f}"
                  f"{percentile(latencies, .99):>9.0f}{latencies[-1]:>9.0f}{statistics.fmean(latencies):>9.0f}  "
                  + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())) + budget)
        ratios.append((recognition.value, statistics.fmean(rows["scan"]) / statistics.fmean(rows["index"][:len(rows["scan"])])))
    print()
    print("scan / index, mean latency on the same first orders: "
          + ", ".join(f"{name} ×{ratio:,.0f}" for name, ratio in ratios))
    print(f"The scan ran the first {min(args.scan_orders, len(orders))} orders only; the index all {len(orders):,}.")


if __name__ == "__main__":
    main()
