"""Which SnelStart administration each profile's history belongs to (schema 4), and a new
history when a profile moves to another administration: the old one is archived, not lost."""
from __future__ import annotations

from sqlalchemy import DateTime, delete, func, insert, literal
from sqlmodel import col, select

from application.ports import AdministrationIdentity, Binding
from infrastructure.state.tables import AdministrationBindingRow, ArchivedOrderRow, CursorRow, ProcessedOrderRow

# The columns a new history carries over into the archive.
_ARCHIVED = ("profile", "order_number", "order_id", "state", "attempts", "sales_order", "customer_code",
             "shop_total", "booked_total", "last_error", "warnings", "created_at", "updated_at")


class AdministrationBindings:
    """The SqliteStateStore's part about administrations (it provides `_read`, `_write`, `_clock`)."""

    def bound_administration(self, profile: str) -> Binding | None:
        with self._read() as session:
            row = session.get(AdministrationBindingRow, profile)
            if row is None:
                return None
            return Binding(AdministrationIdentity(row.administration, row.name), row.start_from)

    def bind_administration(self, profile: str, administration: AdministrationIdentity) -> None:
        with self._write() as session:
            row = session.get(AdministrationBindingRow, profile)
            if row is None:
                session.add(AdministrationBindingRow(profile=profile, administration=administration.key,
                                                     name=administration.name, bound_at=self._clock.now()))
            else:
                row.administration, row.name, row.bound_at = administration.key, administration.name, self._clock.now()

    def has_history(self, profile: str) -> bool:
        with self._read() as session:
            if session.get(CursorRow, profile) is not None:
                return True
            return session.exec(select(ProcessedOrderRow.id).where(ProcessedOrderRow.profile == profile)
                                .limit(1)).first() is not None

    def start_new_history(self, profile: str, administration: AdministrationIdentity, start_from: str) -> int:
        # One transaction: a profile is never left with half a history, nor with the old cursor.
        with self._write(durable=True) as session:
            now = self._clock.now()
            old = session.get(AdministrationBindingRow, profile)
            moved = session.exec(select(func.count()).select_from(ProcessedOrderRow)
                                 .where(ProcessedOrderRow.profile == profile)).one()
            columns = [getattr(ProcessedOrderRow, c) for c in _ARCHIVED]
            from_old = select(*columns, literal(old.administration if old else ""), literal(now, DateTime)) \
                .where(ProcessedOrderRow.profile == profile)
            session.exec(insert(ArchivedOrderRow).from_select([*_ARCHIVED, "administration", "archived_at"],
                                                              from_old))
            session.exec(delete(ProcessedOrderRow).where(col(ProcessedOrderRow.profile) == profile))
            session.exec(delete(CursorRow).where(col(CursorRow.profile) == profile))
            if old is not None:
                session.delete(old)
                session.flush()
            session.add(AdministrationBindingRow(profile=profile, administration=administration.key,
                                                 name=administration.name, bound_at=now, start_from=start_from))
            return moved
