"""The information log's rows (SPEC §7): per run and per order, basic and detailed entries.

An entry about an order carries, as columns, what the order's record said when the entry was
written: once the order is booked, its SnelStart sales order and customer numbers and both
totals. The Excel export shows those as numbers the bookkeeper can add up; the message stays
the human sentence.
"""
from __future__ import annotations

import contextlib
import json
from datetime import datetime
from decimal import Decimal
from enum import Enum

from typing import TYPE_CHECKING

from application.ports import LogEntry, OrderState, RunRecord

if TYPE_CHECKING:
    from sqlmodel import Session

    from infrastructure.state.tables import LogEntryRow, RunRow

# A run writes its entries as plain SQL (order_sql.insert_log); the queries here (`log`, the
# console, the export) and the ORM's writes import SQLAlchemy where they are made.

LEVELS = ("basic", "detailed")


def order_fields(session: Session, profile: str, order_number: str) -> dict:
    """The booked order's numbers and totals, for an entry about it; nothing otherwise (a failed
    or skipped order has no SnelStart numbers, and a retry's old numbers would mislead)."""
    from sqlmodel import select

    from infrastructure.state.tables import ProcessedOrderRow

    if not order_number:
        return {}
    row = session.exec(select(ProcessedOrderRow).where(
        ProcessedOrderRow.profile == profile, ProcessedOrderRow.order_number == order_number)).first()
    if row is None or row.state != OrderState.BOOKED.value:
        return {}
    return {"sales_order": row.sales_order, "customer": row.customer_code,
            "shop_total": row.shop_total, "booked_total": row.booked_total}


def query(profile: str | None, since: datetime | None, detailed: bool, newest_first: bool = False,
          beyond: LogEntry | None = None):
    """Oldest first (or newest). The basic view has the 'basic' entries; the detailed view has all.
    `beyond`: the entries after that one in this order, read from the index on `at` from there
    (a page far back costs what the first page costs; an offset would read every row before it)."""
    from sqlalchemy import and_, or_
    from sqlmodel import col, select

    from infrastructure.state.tables import LogEntryRow

    statement = select(LogEntryRow)
    if profile is not None:
        statement = statement.where(LogEntryRow.profile == profile)
    if since is not None:
        statement = statement.where(col(LogEntryRow.at) >= since)
    if not detailed:
        statement = statement.where(LogEntryRow.level == "basic")
    if beyond is not None and beyond.id is not None:
        at, key = col(LogEntryRow.at), col(LogEntryRow.id)
        statement = statement.where(
            and_(at <= beyond.at, or_(at < beyond.at, key < beyond.id)) if newest_first
            else and_(at >= beyond.at, or_(at > beyond.at, key > beyond.id)))
    if newest_first:
        return statement.order_by(col(LogEntryRow.at).desc(), col(LogEntryRow.id).desc())
    return statement.order_by(col(LogEntryRow.at), col(LogEntryRow.id))


def record(row: LogEntryRow) -> LogEntry:
    return LogEntry(at=row.at, profile=row.profile, run_id=row.run_id, order_number=row.order_number,
                     level=row.level, message=row.message, sales_order=row.sales_order,
                     customer=row.customer, shop_total=row.shop_total, booked_total=row.booked_total,
                     id=row.id)


def runs_query(profile: str | None, since: datetime | None):
    from sqlmodel import col, select

    from infrastructure.state.tables import RunRow

    statement = select(RunRow)
    if profile is not None:
        statement = statement.where(RunRow.profile == profile)
    if since is not None:
        # A run that started before `since` but finished after it still wrote entries since.
        statement = statement.where((col(RunRow.started_at) >= since) | (col(RunRow.finished_at) >= since)
                                    | col(RunRow.finished_at).is_(None))
    return statement.order_by(col(RunRow.started_at), col(RunRow.id))


def run_record(row: RunRow) -> RunRecord:
    assert row.id is not None
    return RunRecord(row.id, row.profile, row.started_at, row.finished_at,
                     None if row.summary is None else json.loads(row.summary))


def storable(text: str) -> str:
    """Text SQLite can store: a lone surrogate (a name cut in the middle of an emoji by the
    sending system) becomes U+FFFD instead of failing the write."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def insert_entries(session: Session, entries: list[dict]) -> None:
    """One INSERT for all. An entry about an order takes the order's SnelStart numbers and
    totals from its record when it is booked at this moment (given values win)."""
    from sqlalchemy import exc, insert

    from infrastructure.state.tables import LogEntryRow

    known: dict[tuple[str, str], dict] = {}
    rows = []
    for entry in entries:
        key = (entry["profile"], entry["order_number"])
        if key not in known:
            known[key] = order_fields(session, *key)
        given = {name: value for name, value in entry.items() if value is not None}
        rows.append({"sales_order": None, "customer": None, "shop_total": None, "booked_total": None,
                     **known[key], **given, "run_id": entry["run_id"]})
    try:
        # In a savepoint: an entry SQLite cannot store must never fail the state write it
        # travels with (`log` already refuses what it can see is wrong).
        with session.begin_nested():
            session.execute(insert(LogEntryRow), rows)
    except exc.StatementError:
        with session.begin_nested():
            for row in rows:  # one by one, so only what cannot be stored is left out
                with contextlib.suppress(exc.StatementError), session.begin_nested():
                    session.execute(insert(LogEntryRow), [row])


def summary_value(value: object) -> object:
    # Money stays exact as text; a float would be the very thing the house rules forbid.
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} cannot be stored in a run summary")
