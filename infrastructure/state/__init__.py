"""The SQLite state store: processed orders, cursor, planning, runs, log and locks."""
from infrastructure.state.redact import redact, register_secret
from infrastructure.state.store import SqliteStateStore

__all__ = ["SqliteStateStore", "redact", "register_secret"]
