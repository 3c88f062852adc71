"""The state database's tables (SQLModel) and the two column types they need.

The tables live in their own registry, so `SQLModel.metadata` of any other part of the program
never creates them elsewhere, and `metadata.create_all` here never creates someone else's.
"""
# No `from __future__ import annotations`: SQLModel reads these annotations at class creation.
from infrastructure.clock import AMSTERDAM
from datetime import datetime, timezone
from decimal import Decimal
from typing import Optional

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer, Text, UniqueConstraint
from sqlalchemy.orm import registry
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from infrastructure.state.values import instant, money_text  # noqa: F401  (stored alike by the plain SQL)


class DecimalText(TypeDecorator):
    """Money as the Decimal's own text: SQLite has no decimal type, and its NUMERIC/REAL would
    turn 0.10 into a binary float. `str(Decimal)` round-trips exactly, exponent included."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return money_text(value)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value)


class LocalDateTime(TypeDecorator):
    """Naive local wall-clock time, as the rest of the program uses. An aware value (a shop
    timestamp with an offset) is converted to local time first rather than having its offset
    silently dropped, which would shift it by hours."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(AMSTERDAM).replace(tzinfo=None)
        return value


class UtcDateTime(TypeDecorator):
    """An instant, stored as naive UTC and read back as an aware UTC datetime. For what must
    compare across the switch to and from summer time (a lock's expiry): Dutch wall-clock time
    jumps an hour there, so a lock of 30 minutes could seem to expire after one real minute."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("an instant needs its time zone (a naive time is ambiguous here)")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class StateTable(SQLModel, registry=registry()):
    pass


metadata = StateTable.metadata


class SchemaVersionRow(StateTable, table=True):
    __tablename__ = "schema_version"

    version: int = Field(primary_key=True)


class ProcessedOrderRow(StateTable, table=True):
    __tablename__ = "processed_order"
    __table_args__ = (
        UniqueConstraint("profile", "order_number", name="uq_processed_order_profile_number"),
        Index("ix_processed_order_updated", "updated_at"),
    )

    id: Optional[int] = Field(default=None, primary_key=True)
    profile: str
    order_number: str
    order_id: str = ""
    state: str
    attempts: int = 0  # failures counted towards max_attempts
    # Set just before the sales order is sent to SnelStart: the highest SnelStart order number
    # that already had this betalingskenmerk (0: none). From then on the order may exist there,
    # and a later attempt may take over only an order with a higher number. None: no write.
    write_baseline: Optional[int] = None
    sales_order: Optional[int] = None
    customer_code: Optional[int] = None
    shop_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))
    booked_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))
    payload_hash: str = ""
    last_error: str = ""
    warnings: str = "[]"  # JSON list of strings
    change_time: Optional[datetime] = Field(default=None, sa_column=Column(LocalDateTime))
    created_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    # Schema 4 (reconcile, SPEC §8): what was booked of the shop's order, as JSON compared field by
    # field when the shop sends it again (domain.booked_summary); NULL: booked before schema 4.
    # The shop's latest differing version a run saw, and whether the user acknowledged it.
    booked_summary: Optional[str] = None
    shop_change: Optional[str] = None
    change_acknowledged: bool = False


class CursorRow(StateTable, table=True):
    __tablename__ = "cursor"

    profile: str = Field(primary_key=True)
    value: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))


class TaskRow(StateTable, table=True):
    __tablename__ = "task"

    profile: str = Field(primary_key=True)
    next_run: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    # Schema 3: the planning next_run was computed from (planning.interval in seconds and the
    # configured planning.next_run), so a changed configuration is seen by every process that
    # reads the plan — `schedule --once` from a timer, a restarted scheduler — not only by the
    # one that was running when the file changed. interval_seconds NULL: not known (written
    # before schema 3).
    interval_seconds: Optional[int] = None
    configured_first_run: Optional[datetime] = Field(default=None, sa_column=Column(LocalDateTime))


class RunRow(StateTable, table=True):
    __tablename__ = "run"

    id: Optional[int] = Field(default=None, primary_key=True)
    profile: str = Field(index=True)
    started_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    finished_at: Optional[datetime] = Field(default=None, sa_column=Column(LocalDateTime))
    summary: Optional[str] = None  # JSON object, once the run has finished


class LogEntryRow(StateTable, table=True):
    __tablename__ = "log_entry"
    __table_args__ = (Index("ix_log_entry_profile_at", "profile", "at"),)

    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False, index=True))
    profile: str
    run_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("run.id", ondelete="SET NULL"))
    )
    order_number: str = ""
    level: str  # 'basic' or 'detailed'
    message: str
    # Schema 2: what the order's record said when the entry was written (a booked order's
    # SnelStart numbers and totals), so the Excel export has numbers, not numbers inside text.
    sales_order: Optional[int] = None
    customer: Optional[int] = None
    shop_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))
    booked_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))


class LockRow(StateTable, table=True):
    __tablename__ = "lock"

    profile: str = Field(primary_key=True)
    holder: str
    # Schema 3: in UTC (see UtcDateTime); before, in Dutch wall-clock time.
    expires_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class AdministrationBindingRow(StateTable, table=True):
    """Schema 4: the SnelStart administration a profile's history belongs to. The history says
    which orders are done *in that administration*: pointed at another one, a profile must not
    take its orders for done (they would never be booked there)."""

    __tablename__ = "administration_binding"

    profile: str = Field(primary_key=True)
    administration: str  # AdministrationIdentity.key
    name: str = ""
    bound_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    # Set by `history new --start-from`: where the new history starts reading the shop (a
    # date/time in ISO form, or an order number), instead of myshop.start_from.
    start_from: Optional[str] = None


class ArchivedOrderRow(StateTable, table=True):
    """Schema 4: the history of a profile's previous administration, set aside by `history new`
    (kept for the bookkeeper, never read by a run)."""

    __tablename__ = "archived_order"

    id: Optional[int] = Field(default=None, primary_key=True)
    profile: str = Field(index=True)
    administration: str  # the key it belonged to ("" when it was never bound)
    order_number: str
    order_id: str = ""
    state: str
    attempts: int = 0
    sales_order: Optional[int] = None
    customer_code: Optional[int] = None
    shop_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))
    booked_total: Optional[Decimal] = Field(default=None, sa_column=Column(DecimalText))
    last_error: str = ""
    warnings: str = "[]"
    created_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))
    archived_at: datetime = Field(sa_column=Column(LocalDateTime, nullable=False))


class ApiCallRow(StateTable, table=True):
    """Schema 7: calls made to an administration's API per minute (the B2B adapter's pacing
    counts earlier runs against the hourly limit). `administration` is a one-way fingerprint of
    the address and the koppelsleutel (infrastructure/snelstart/b2b/pacing.py), never a key."""

    __tablename__ = "api_call"

    administration: str = Field(primary_key=True)
    minute: int = Field(primary_key=True)  # minutes since 1970-01-01 UTC
    calls: int = 0


class RelationCopyRow(StateTable, table=True):
    """Schema 7: the B2B adapter's copy of an administration's relations, kept between runs and
    brought up to date with `ModifiedOn gt …` (one call) instead of read whole every run."""

    __tablename__ = "relation_copy"

    administration: str = Field(primary_key=True)
    code: int = Field(primary_key=True)  # relatiecode
    relation: str  # JSON (infrastructure/snelstart/b2b/relation_copy.py)


class RelationCopyReadRow(StateTable, table=True):
    """Schema 7: when an administration's relations were last read whole (UTC), and the latest
    `modifiedOn` SnelStart showed since (its zone-less wall clock, as it gave it)."""

    __tablename__ = "relation_copy_read"

    administration: str = Field(primary_key=True)
    full_read_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    modified_until: str = ""
