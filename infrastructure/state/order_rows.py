"""The processed-order rows of the state store: found, made, and read as the port's ProcessedOrder."""
from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session, col, select

from application.ports import OrderState, ProcessedOrder
from infrastructure.state.tables import ProcessedOrderRow
from infrastructure.state.values import summary, summary_text  # noqa: F401  (as order_sql.py stores them)


def find(session: Session, profile: str, order_number: str) -> ProcessedOrderRow | None:
    query = select(ProcessedOrderRow).where(ProcessedOrderRow.profile == profile,
                                            ProcessedOrderRow.order_number == order_number)
    return session.exec(query).first()


def history_query(profile: str | None, states: tuple[OrderState, ...] | None,
                  since: datetime | None, until: datetime | None):
    """Newest first (last changed); only the given states, changed in [since, until)."""
    query = select(ProcessedOrderRow)
    if profile is not None:
        query = query.where(ProcessedOrderRow.profile == profile)
    if states is not None:
        query = query.where(col(ProcessedOrderRow.state).in_([s.value for s in states]))
    if since is not None:
        query = query.where(col(ProcessedOrderRow.updated_at) >= since)
    if until is not None:
        query = query.where(col(ProcessedOrderRow.updated_at) < until)
    return query.order_by(col(ProcessedOrderRow.updated_at).desc(), col(ProcessedOrderRow.id).desc())


def new(session: Session, profile: str, order_number: str,
               now: datetime) -> ProcessedOrderRow:
    # Starts as FAILED, i.e. not claimed: record_failed counts the attempt itself.
    row = ProcessedOrderRow(profile=profile, order_number=order_number,
                            state=OrderState.FAILED.value, created_at=now, updated_at=now)
    session.add(row)
    return row


def processed_order(row: ProcessedOrderRow) -> ProcessedOrder:
    return ProcessedOrder(
        profile=row.profile, order_number=row.order_number, order_id=row.order_id,
        state=OrderState(row.state), attempts=row.attempts, write_baseline=row.write_baseline,
        sales_order=row.sales_order,
        customer_code=row.customer_code, shop_total=row.shop_total,
        booked_total=row.booked_total, payload_hash=row.payload_hash,
        last_error=row.last_error, warnings=tuple(json.loads(row.warnings)),
        change_time=row.change_time, created_at=row.created_at, updated_at=row.updated_at,
        booked_summary=summary(row.booked_summary), shop_change=summary(row.shop_change),
        change_acknowledged=bool(row.change_acknowledged),
    )
