"""The SQLAlchemy engine for the state database: pragmas on every connection, and transactions
that begin the way SQLite needs them to for several processes at once."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL

from infrastructure.state.connection import BUSY_TIMEOUT_SECONDS, set_pragmas as _set_pragmas  # noqa: F401

# Execution option naming how a transaction begins: "DEFERRED" (reads) or "IMMEDIATE" (writes).
BEGIN_OPTION = "sqlite_begin"
# Execution option: how the transaction's commit reaches the disk, "FULL" (fsync) or "NORMAL".
SYNC_OPTION = "sqlite_synchronous"


def make_engine(path: str | Path, busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Engine:
    """`busy_timeout`: seconds a transaction waits for another process's write to finish."""
    engine = create_engine(
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": busy_timeout},
    )

    def on_connect(dbapi_connection, _record) -> None:
        _set_pragmas(dbapi_connection, busy_timeout)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def writer(engine: Engine, durable: bool = True) -> Engine:
    """The same engine (same pool), whose transactions begin IMMEDIATE; `durable`: each commit
    is fsync'd (FULL), else not (NORMAL: in WAL mode the next fsync'd commit covers it)."""
    return engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE", SYNC_OPTION: "FULL" if durable else "NORMAL"})


def _on_begin(connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    if mode not in ("DEFERRED", "IMMEDIATE"):
        raise ValueError(f"unknown transaction mode {mode!r}")
    synchronous = connection.get_execution_options().get(SYNC_OPTION)
    if synchronous is not None:
        if synchronous not in ("FULL", "NORMAL"):
            raise ValueError(f"unknown synchronous mode {synchronous!r}")
        # Before BEGIN: SQLite ignores this pragma inside a transaction.
        connection.exec_driver_sql(f"PRAGMA synchronous = {synchronous}")
    connection.exec_driver_sql(f"BEGIN {mode}")
