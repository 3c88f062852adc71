"""The state store as `run --dry-run` opens it: read, never written (SPEC §8).

Three guarantees, so a dry run leaves the history, the cursor, the log and the lock as it found
them, byte for byte:
- the schema is only checked, never created or migrated: a file of another schema version is
  refused (a real run upgrades it), and no file is created where none is (an empty history in
  memory stands in);
- no write transaction is ever begun — not even the IMMEDIATE one that opening a store takes
  to check its schema, which would wait for a real run that is busy;
- every write method raises before it touches anything.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import Engine, create_engine, exc
from sqlalchemy.pool import StaticPool

from domain.errors import ConfigurationError
from infrastructure.state.engine import make_engine
from infrastructure.state.schema import SCHEMA_VERSION, prepare, stored_version
from infrastructure.state.store import SqliteStateStore


class WriteRefused(RuntimeError):
    """A read-only state store was asked to write: a bug in the caller, never a user error."""


class ReadOnlyStateStore(SqliteStateStore):
    def _open(self, busy_timeout: float) -> Engine:
        if not self.path.exists():
            # No history yet: an empty one in memory, and no file where there was none.
            engine = create_engine("sqlite://", poolclass=StaticPool)
            prepare(engine, ":memory:")
            return engine
        engine = make_engine(self.path, busy_timeout)
        try:
            with engine.connect() as connection, connection.begin():  # a deferred (read) transaction
                version = stored_version(connection)
        except exc.DatabaseError as error:
            engine.dispose()
            raise ConfigurationError(f"cannot read state database {self.path}: {error.orig or error}") from None
        if version != SCHEMA_VERSION:
            engine.dispose()
            raise ConfigurationError(
                f"state database {self.path} has schema {version}, this S-Connect reads schema {SCHEMA_VERSION}; "
                f"a dry run changes nothing, so run `sconnect run` once to upgrade it first")
        return engine

    def _refuse_writes(self) -> None:
        raise WriteRefused(f"the state database {Path(self.path)} is open read-only (dry run)")

    @contextmanager
    def _write(self, durable: bool = False) -> Iterator:
        raise WriteRefused(f"the state database {Path(self.path)} is open read-only (dry run)")
        yield  # pragma: no cover  (a generator, for @contextmanager)

    def log(self, *args, **kwargs) -> None:
        raise WriteRefused("a dry run writes nothing to the log")

    # The B2B adapter's memory is a cache: a dry run reads it and leaves it as it was.
    def record_api_calls(self, administration: str, minute: int, calls: int) -> None:
        pass

    def keep_relation_copy(self, *args, **kwargs) -> None:
        pass

    def drop_relation_copy(self, administration: str) -> None:
        pass
