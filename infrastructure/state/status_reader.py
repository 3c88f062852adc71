"""What `sconnect status` reads from the state database — the last run, the lock, the plan and
the held orders — with the standard library's sqlite3 alone.

`status` is the command a user (or a monitoring check) types most; loading SQLAlchemy and
SQLModel for four reads took most of its time (bench/startup.py). The reads are the same as
SqliteStateStore's, on the same tables; a file that is missing, or older than schema 3 (whose
plan and lock columns these reads need), goes through the full store, which creates or
migrates it.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

from infrastructure.state.process import lock_held

OLDEST = 3  # the first schema with every column read here (task.interval_seconds, UTC lock expiry)


@dataclass(frozen=True)
class Plan:
    """A profile's stored plan, shaped like application.ports.StoredPlan."""

    next_run: datetime
    interval: timedelta | None
    first_run: datetime | None

    def made_for(self, interval: timedelta | None, first_run: datetime | None) -> bool:
        return (self.interval, self.first_run) == (interval, first_run)


def open_for_status(path: Path):
    """A StatusReader on the file, or the full SqliteStateStore when the file needs creating or
    migrating. (A file of a newer S-Connect is read too: these columns stay; writing it is what
    the store refuses.)"""
    reader = StatusReader.open(path)
    if reader is not None:
        return reader
    from infrastructure.state.store import SqliteStateStore

    return SqliteStateStore(path)


class StatusReader:
    def __init__(self, connection: sqlite3.Connection):
        self._db = connection

    @classmethod
    def open(cls, path: Path) -> StatusReader | None:
        if not Path(path).is_file():
            return None
        try:
            db = sqlite3.connect(f"{Path(path).absolute().as_uri()}?mode=ro", uri=True, timeout=10)
            found = db.execute("SELECT version FROM schema_version").fetchone()
        except sqlite3.Error:
            return None  # not (yet) a state database: the store says what is wrong
        if found is None or found[0] < OLDEST:
            db.close()
            return None
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def last_run(self, profile: str) -> dict | None:
        row = self._db.execute("SELECT id, profile, started_at, finished_at, summary FROM run WHERE profile = ? "
                               "ORDER BY started_at DESC, id DESC LIMIT 1", (profile,)).fetchone()
        if row is None:
            return None
        return {"id": row[0], "profile": row[1], "started_at": _time(row[2]), "finished_at": _time(row[3]),
                "summary": None if row[4] is None else json.loads(row[4])}

    def lock_holder(self, profile: str, at: datetime) -> str | None:
        row = self._db.execute("SELECT holder, expires_at FROM lock WHERE profile = ?", (profile,)).fetchone()
        if row is None:
            return None
        lock = SimpleNamespace(holder=row[0], expires_at=_time(row[1]).replace(tzinfo=timezone.utc))
        return lock.holder if lock_held(lock, _instant(at)) else None

    def planned_task(self, profile: str) -> Plan | None:
        row = self._db.execute("SELECT next_run, interval_seconds, configured_first_run FROM task WHERE profile = ?",
                               (profile,)).fetchone()
        if row is None:
            return None
        interval = None if row[1] is None else timedelta(seconds=row[1])
        return Plan(_time(row[0]), interval, _time(row[2]))

    def history(self, profile: str, limit: int | None = None, states=None) -> list[SimpleNamespace]:
        """The orders of the profile in `states` (what status counts: the held ones)."""
        wanted = [getattr(s, "value", s) for s in states or ()]
        query = "SELECT order_number FROM processed_order WHERE profile = ?"
        if wanted:
            query += f" AND state IN ({', '.join('?' for _ in wanted)})"
        return [SimpleNamespace(order_number=row[0]) for row in self._db.execute(query, (profile, *wanted))]


def _time(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value)


def _instant(at: datetime) -> datetime:
    """A naive Dutch wall-clock time as an aware UTC instant (tables.instant, without SQLAlchemy)."""
    from infrastructure.clock import AMSTERDAM

    if at.tzinfo is None:
        at = at.replace(tzinfo=AMSTERDAM, fold=0)
    return at.astimezone(timezone.utc)
