"""What the B2B adapter keeps between runs in the state database (schema 7), per administration:
its API calls per minute (pacing against the hourly limit, snelstart/b2b/pacing.py) and its copy
of the relations (snelstart/b2b/relations.py). Mixed into SqliteStateStore (store.py), whose
`_read` and `_write` it uses. Both are caches of what SnelStart has: losing them costs calls,
never correctness. Only the B2B adapter uses them: the ORM is imported by each method, so a run of
another kind never loads it (docs/embedded.md, "What an idle run loads")."""
from __future__ import annotations

from datetime import datetime, timezone


KEEP_MINUTES = 120  # an hour's limit needs the last 60; older minutes are dropped when writing


class RelationCopy:
    def __init__(self, full_read_at: datetime, modified_until: str, relations: list[str]):
        self.full_read_at, self.modified_until, self.relations = full_read_at, modified_until, relations


class B2BMemory:
    # Pacing --------------------------------------------------------------------------------------
    def api_calls_since(self, administration: str, since_minute: int) -> list[tuple[int, int]]:
        from sqlmodel import col, select

        from infrastructure.state.tables import ApiCallRow

        with self._read() as session:
            rows = session.exec(select(ApiCallRow.minute, ApiCallRow.calls).where(
                col(ApiCallRow.administration) == administration, col(ApiCallRow.minute) >= since_minute))
            return sorted((int(minute), int(calls)) for minute, calls in rows)

    def record_api_calls(self, administration: str, minute: int, calls: int) -> None:
        from sqlalchemy import delete
        from sqlmodel import col

        from infrastructure.state.tables import ApiCallRow

        with self._write() as session:
            session.exec(delete(ApiCallRow).where(col(ApiCallRow.minute) < minute - KEEP_MINUTES))
            row = session.get(ApiCallRow, (administration, minute))
            if row is None:
                session.add(ApiCallRow(administration=administration, minute=minute, calls=calls))
            else:
                row.calls += calls

    # The relations' copy -------------------------------------------------------------------------
    def relation_copy(self, administration: str) -> RelationCopy | None:
        from sqlmodel import col, select

        from infrastructure.state.tables import RelationCopyReadRow, RelationCopyRow

        with self._read() as session:
            read = session.get(RelationCopyReadRow, administration)
            if read is None:
                return None
            rows = session.exec(select(RelationCopyRow.relation).where(
                col(RelationCopyRow.administration) == administration))
            return RelationCopy(read.full_read_at, read.modified_until, list(rows))

    def keep_relation_copy(self, administration: str, relations: dict[int, str], modified_until: str, *,
                           full_read_at: datetime | None = None) -> None:
        """`relations` (code → JSON) replace the copy when `full_read_at` is given (a whole
        read), else are written over the relations of the same code (what changed)."""
        from sqlalchemy import delete, insert
        from sqlmodel import col

        from infrastructure.state.tables import RelationCopyReadRow, RelationCopyRow

        with self._write() as session:
            read = session.get(RelationCopyReadRow, administration)
            if full_read_at is not None:
                session.exec(delete(RelationCopyRow).where(col(RelationCopyRow.administration) == administration))
            elif read is None:
                return  # no whole read to bring up to date (the copy was dropped meanwhile)
            elif relations:
                session.exec(delete(RelationCopyRow).where(col(RelationCopyRow.administration) == administration,
                                                           col(RelationCopyRow.code).in_(list(relations))))
            if relations:
                session.execute(insert(RelationCopyRow), [
                    {"administration": administration, "code": code, "relation": text}
                    for code, text in relations.items()])
            if read is None:
                session.add(RelationCopyReadRow(administration=administration, full_read_at=full_read_at,
                                                modified_until=modified_until))
            else:
                if full_read_at is not None:
                    read.full_read_at = full_read_at
                read.modified_until = modified_until

    def drop_relation_copy(self, administration: str) -> None:
        from sqlalchemy import delete
        from sqlmodel import col

        from infrastructure.state.tables import RelationCopyReadRow, RelationCopyRow

        with self._write() as session:
            session.exec(delete(RelationCopyRow).where(col(RelationCopyRow.administration) == administration))
            session.exec(delete(RelationCopyReadRow).where(col(RelationCopyReadRow.administration) == administration))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)
