"""The SQLite state store: processed orders, cursor, planning, runs, log and locks.

The store is imported lazily: `redact` (wanted by every command that prints) must not bring
SQLAlchemy and SQLModel with it (`sconnect --help` starts in a fraction of a second)."""
from __future__ import annotations

from infrastructure.state.redact import redact, register_secret

__all__ = ["SqliteStateStore", "redact", "register_secret"]


def __getattr__(name: str):
    if name == "SqliteStateStore":
        from infrastructure.state.store import SqliteStateStore
        return SqliteStateStore
    raise AttributeError(name)
