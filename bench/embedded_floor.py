"""The floor of the embedded benchmark: which rows the real run inserted, and how to reach the file.

The rows are found by comparing the administration after the run with a copy taken before it
(stdlib sqlite3, outside any timing): every row the run added, in every table, search keys
included — "the same rows". Rows the run changed rather than added (a counter, say) are left
out and counted apart: the floor only inserts.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from infrastructure.snelstart.odbc.sqlite import sqlite_connection_string


def connection_string(path: str | Path) -> str:
    """The adapter's own connection string (same driver, journal and sync settings), so the
    floor pays for what the adapter pays for: FKSupport, WAL, a synced commit."""
    return sqlite_connection_string(Path(path))


def copy_administration(source: Path, target: Path) -> None:
    """A consistent copy, also of a file in WAL mode (sqlite3's online backup)."""
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def added_rows(before: Path, after: Path) -> tuple[list[tuple[str, list[str], list[tuple]]], dict[str, int]]:
    """[(table, columns, rows)] the run added, parents before children; and {table: changed rows}."""
    db = sqlite3.connect(after)
    try:
        db.execute("ATTACH DATABASE ? AS before", (str(before),))
        tables = [name for (name,) in db.execute(
            "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        added, changed = [], {}
        for table in _parents_first(db, tables):
            columns = [row[1] for row in db.execute(f'PRAGMA main.table_info("{table}")')]
            keys = [row[1] for row in sorted(db.execute(f'PRAGMA main.table_info("{table}")'), key=lambda r: r[5])
                    if row[5]]
            names = ", ".join(f'"{c}"' for c in columns)
            new = f'SELECT {names} FROM main."{table}" EXCEPT SELECT {names} FROM before."{table}"'
            if keys:
                match = " AND ".join(f'b."{k}" IS n."{k}"' for k in keys)
                rows = db.execute(f'SELECT * FROM ({new}) AS n WHERE NOT EXISTS '
                                  f'(SELECT 1 FROM before."{table}" AS b WHERE {match})').fetchall()
                changed_count = db.execute(f'SELECT count(*) FROM ({new}) AS n WHERE EXISTS '
                                           f'(SELECT 1 FROM before."{table}" AS b WHERE {match})').fetchone()[0]
                if changed_count:
                    changed[table] = changed_count
            else:
                rows = db.execute(new).fetchall()
            if rows:
                added.append((table, columns, rows))
        return added, changed
    finally:
        db.close()


def _parents_first(db: sqlite3.Connection, tables: list[str]) -> list[str]:
    """Foreign keys are on (FKSupport=1): a referenced table's rows go in first."""
    parents = {t: {row[2] for row in db.execute(f'PRAGMA main.foreign_key_list("{t}")')} - {t} for t in tables}
    ordered: list[str] = []
    while len(ordered) < len(tables):
        ready = [t for t in tables if t not in ordered and parents[t] <= set(ordered)]
        if not ready:  # a cycle: keep the schema's own order for the rest
            ready = [t for t in tables if t not in ordered]
        ordered.extend(ready)
    return ordered
