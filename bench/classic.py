"""Reading SnelStart desktop over ODBC through the schema map: what the first look-up of a run
costs (the look-up tables are read whole, once per run — docs/classic.md), and one look-up after.

Run from the repository root:
    python bench/classic.py [--relations N]

Not a test: it prints figures. The floor, measured in the same run: the same relation rows read
with Python's sqlite3 straight into tuples (no ODBC, no conversion, no index). The classic reader
reads them through the SQLite3 ODBC driver, converts every value through the map and files every
relation in the recognition index.
"""
from __future__ import annotations

import argparse
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from embedded_shop import administration  # noqa: E402

from domain.recognition import EmailPass  # noqa: E402
from infrastructure.config.model import SnelStartKind  # noqa: E402
from infrastructure.simulators.snelstart_gateway import ClassicDatabase, fake_library_for, sqlite_source  # noqa: E402
from infrastructure.snelstart.classic.administration import ClassicAdministration  # noqa: E402
from infrastructure.snelstart.classic.gateway import GatewayTarget  # noqa: E402
from infrastructure.snelstart.classic.schema_map import load_schema_map  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--relations", type=int, default=20_000)
    args = parser.parse_args()
    snapshot, relations, _ = administration(args.relations, seed=7)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "Bench.sqlite"
        started = time.perf_counter()
        ClassicDatabase.create(path, snapshot).close()
        built = time.perf_counter() - started

        started = time.perf_counter()
        with sqlite3.connect(path) as db:
            floor_rows = db.execute("SELECT * FROM tblRelatie").fetchall()
        floor = time.perf_counter() - started

        library = fake_library_for(path)
        started = time.perf_counter()
        adapter = ClassicAdministration(sqlite_source(path), load_schema_map(), library,
                                        GatewayTarget(SnelStartKind.LOCAL, administration="Bench"))
        opened = time.perf_counter() - started
        started = time.perf_counter()
        adapter.relation_by_code(str(relations[0].code))
        first = time.perf_counter() - started
        probe = next(r for r in relations if r.email)
        started = time.perf_counter()
        for _ in range(1000):
            adapter.relations_by_email(probe.email.strip().lower(), EmailPass.RELATION)
        each = (time.perf_counter() - started) / 1000
        started = time.perf_counter()
        adapter.sales_orders_with_payment_reference("12")
        kenmerk = time.perf_counter() - started
        adapter.close()
        library.database.close()

    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"classic-shaped administration: {args.relations} relations, {len(snapshot.articles)} articles "
          f"(built in {built:.1f} s)")
    print(f"floor (sqlite3, {len(floor_rows)} relation rows as tuples): {floor * 1000:.0f} ms")
    print(f"open (ODBC connect + map checked against the catalogue): {opened * 1000:.0f} ms")
    print(f"first look-up (every look-up table read through ODBC and the map, index built): {first * 1000:.0f} ms "
          f"= {first / floor:.1f}x the floor")
    print(f"a look-up after that (e-mail): {each * 1e6:.1f} µs")
    print(f"betalingskenmerk check (read fresh, every order): {kenmerk * 1000:.1f} ms")


if __name__ == "__main__":
    main()
