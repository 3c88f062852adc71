"""One measured process of the embedded benchmark; bench/embedded.py starts it and reads the
JSON line it prints. A process of its own, so its memory high-water mark is the run's alone.

    python bench/embedded_worker.py import CONFIG [--trace] [--profile]
        `import orders` as `sconnect run` does it: the real container, the real adapters.
    python bench/embedded_worker.py floor XML ADMINISTRATION ROWS
        the floor: parse the same XML with the project's reader, insert the same rows with one
        `executemany` per table through pyodbc, one transaction.
"""
from __future__ import annotations

import cProfile
import gc
import io
import json
import os
import pickle
import pstats
import sys
import time
import tracemalloc
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, installed or not


def rss_mb() -> float:
    """The resident set now (Linux); elsewhere the high-water mark, the best the platform has."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return peak_rss_mb()


def peak_rss_mb() -> float:
    """This process's own high-water mark. Not getrusage's ru_maxrss on Linux: a child started
    by fork/vfork + exec inherits the parent's high-water mark in it, so every worker reported
    the benchmark process's memory (the simulator's, the generated documents'), not the run's."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    # In KiB: as MB (10^6 bytes) like rss_mb, or a run whose memory did not
                    # grow shows a negative growth of 2.4 % of the process.
                    return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        pass
    try:
        import resource
    except ImportError:  # Windows: no getrusage
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak / 1e3  # bytes on macOS, KiB on Linux


def import_orders(config: str, trace: bool, profile: bool) -> dict:
    from interfaces.wiring import load, wire

    wired = wire(load(config), None)
    use_case = wired.container.import_orders()  # opens the administration and the state store
    gc.collect()
    rss_before = rss_mb()
    profiler = cProfile.Profile() if profile else None
    if trace:
        tracemalloc.start()
    if profiler:
        profiler.enable()
    start, cpu = time.perf_counter(), time.process_time()
    report = use_case.run()
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    if profiler:
        profiler.disable()
    traced_peak = tracemalloc.get_traced_memory()[1] / 1e6 if trace else None
    tracemalloc.stop()
    outcomes = Counter(o.status for o in report.outcomes)
    reasons = Counter(o.reason.split(":")[0][:80] for o in report.outcomes if o.status != "created")
    result = {"wall": wall, "cpu": cpu, "outcomes": dict(outcomes), "unchanged": report.unchanged, "error": report.error,
              "customers_created": sum(o.customer_created for o in report.outcomes),
              "warnings": sum(len(o.warnings) for o in report.outcomes),
              "reasons": reasons.most_common(5), "rss_before": rss_before, "rss_peak": peak_rss_mb(),
              "traced_peak": traced_peak}
    if profiler:
        result["profile"] = _top(profiler, max(1, len(report.outcomes)))
    return result


# Where own time is spent, by part of the product (first match wins), for the profile's summary.
AREAS = (("state store (SQLModel/SQLAlchemy over sqlite3)", ("/infrastructure/state/", "/sqlalchemy/", "/sqlmodel/",
                                                             "sqlite3.")),
         ("embedded administration (pyodbc)", ("/infrastructure/snelstart/", "pyodbc.")),
         ("myShop fetch and XML reading", ("/infrastructure/myshop/", "/httpx/", "/httpcore/", "/xml/", "/defusedxml/",
                                           "_socket.", "_ssl.")),
         ("domain (recognition, booking)", ("/domain/", "rapidfuzz")),
         ("application (import loop, book order)", ("/application/",)))


def _top(profiler: cProfile.Profile, orders: int, count: int = 15) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    areas: Counter = Counter()
    commits = Counter()
    for (file, _line, name), (_cc, calls, own, _cum, _callers) in stats.stats.items():
        where = f"{file}:{name}"
        area = next((label for label, marks in AREAS if any(m in where for m in marks)), "other (Python, libraries)")
        areas[area] += own
        if "commit' of 'sqlite3.Connection" in name:
            commits["state store commits (sqlite3)"] += calls
        elif "execute' of 'pyodbc.Cursor" in name:
            commits["pyodbc statements (BEGIN/COMMIT included)"] += calls
    total = sum(areas.values()) or 1.0
    out.write("own time by part:\n")
    for area, own in areas.most_common():
        out.write(f"  {own:8.2f} s {own / total:6.1%}  {area}\n")
    out.write("calls: " + ", ".join(f"{name} {n:,} ({n / orders:.1f} per order)" for name, n in commits.items())
              + "\n\n")
    stats.strip_dirs()
    stats.sort_stats("tottime").print_stats(count)
    stats.sort_stats("cumulative").print_stats(count)
    return out.getvalue()


def floor(xml_file: str, administration: str, rows_file: str) -> dict:
    import pyodbc

    from embedded_floor import connection_string
    from infrastructure.myshop.reader import read_orders

    xml = Path(xml_file).read_bytes()
    tables = pickle.loads(Path(rows_file).read_bytes())  # [(table, columns, rows)], parents first
    connection = pyodbc.connect(connection_string(administration), autocommit=False)
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    orders, rejected = read_orders(xml)
    parsed = time.perf_counter()
    cursor = connection.cursor()  # never fast_executemany: it crashes the SQLite3 ODBC driver
    for table, columns, rows in tables:
        marks = ", ".join("?" * len(columns))
        names = ", ".join(f'"{c}"' for c in columns)
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
    connection.commit()
    end = time.perf_counter()
    cpu = time.process_time() - cpu
    connection.close()
    return {"wall": end - start, "cpu": cpu, "parse": parsed - start, "insert": end - parsed, "orders": len(orders),
            "rejected": len(rejected), "rows": {table: len(rows) for table, _, rows in tables}}


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    if argv[0] == "import":
        result = import_orders(argv[1], "--trace" in argv, "--profile" in argv)
    elif argv[0] == "floor":
        result = floor(*argv[1:4])
    else:
        print(f"unknown mode {argv[0]!r}", file=sys.stderr)
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
