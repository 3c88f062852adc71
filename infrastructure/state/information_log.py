"""The information log's rows (SPEC §7): per run and per order, basic and detailed entries.

An entry about an order carries, as columns, what the order's record said when the entry was
written: once the order is booked, its SnelStart sales order and customer numbers and both
totals. The Excel export shows those as numbers the bookkeeper can add up; the message stays
the human sentence.
"""
from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, col, select

from application.ports import LogEntry, OrderState, RunRecord
from infrastructure.state.tables import LogEntryRow, ProcessedOrderRow, RunRow

LEVELS = ("basic", "detailed")


def order_fields(session: Session, profile: str, order_number: str) -> dict:
    """The booked order's numbers and totals, for an entry about it; nothing otherwise (a failed
    or skipped order has no SnelStart numbers, and a retry's old numbers would mislead)."""
    if not order_number:
        return {}
    row = session.exec(select(ProcessedOrderRow).where(
        ProcessedOrderRow.profile == profile, ProcessedOrderRow.order_number == order_number)).first()
    if row is None or row.state != OrderState.BOOKED.value:
        return {}
    return {"sales_order": row.sales_order, "customer": row.customer_code,
            "shop_total": row.shop_total, "booked_total": row.booked_total}


def query(profile: str | None, since: datetime | None, detailed: bool):
    """Oldest first. The basic view has the 'basic' entries; the detailed view has all."""
    statement = select(LogEntryRow)
    if profile is not None:
        statement = statement.where(LogEntryRow.profile == profile)
    if since is not None:
        statement = statement.where(col(LogEntryRow.at) >= since)
    if not detailed:
        statement = statement.where(LogEntryRow.level == "basic")
    return statement.order_by(col(LogEntryRow.at), col(LogEntryRow.id))


def record(row: LogEntryRow) -> LogEntry:
    return LogEntry(at=row.at, profile=row.profile, run_id=row.run_id, order_number=row.order_number,
                     level=row.level, message=row.message, sales_order=row.sales_order,
                     customer=row.customer, shop_total=row.shop_total, booked_total=row.booked_total)


def runs_query(profile: str | None, since: datetime | None):
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
