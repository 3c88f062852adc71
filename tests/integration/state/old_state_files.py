"""State files as older S-Connects wrote them, made from today's by undoing each migration."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from infrastructure.state import SqliteStateStore


def old_state_file(path: Path, version: int) -> sqlite3.Connection:
    """A state file of schema `version` (1 to 6) at `path`, and an open connection to fill it."""
    SqliteStateStore(path).close()
    con = sqlite3.connect(path, isolation_level=None)
    if version < 7:  # no B2B memory between runs
        for table in ("api_call", "relation_copy", "relation_copy_read"):
            con.execute(f"DROP TABLE {table}")
    if version < 6:  # no administration a history belongs to, no archive
        for table in ("administration_binding", "archived_order"):
            con.execute(f"DROP TABLE {table}")
    if version < 4:  # booked orders without what was booked of the shop's order
        for column in ("booked_summary", "shop_change", "change_acknowledged"):
            con.execute(f"ALTER TABLE processed_order DROP COLUMN {column}")
    if version < 3:  # no planning with the plan; lock expiry in Dutch wall-clock time (no rows yet)
        for column in ("interval_seconds", "configured_first_run"):
            con.execute(f"ALTER TABLE task DROP COLUMN {column}")
    if version < 2:  # log entries without the order's numbers and totals
        for column in ("sales_order", "customer", "shop_total", "booked_total"):
            con.execute(f"ALTER TABLE log_entry DROP COLUMN {column}")
    con.execute("UPDATE schema_version SET version = ?", (version,))
    return con


def columns(path: Path, table: str) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [row[1] for row in con.execute(f"PRAGMA table_info({table})")]
    finally:
        con.close()
