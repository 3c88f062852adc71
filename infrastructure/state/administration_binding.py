"""Which SnelStart administration each profile's history belongs to (schema 4), and a new
history when a profile moves to another administration: the old one is archived, not lost."""
from __future__ import annotations

from application.ports import AdministrationIdentity, Binding
from infrastructure.state.values import moment

# The columns a new history carries over into the archive.
_ARCHIVED = ("profile", "order_number", "order_id", "state", "attempts", "sales_order", "customer_code",
             "shop_total", "booked_total", "last_error", "warnings", "created_at", "updated_at")


class AdministrationBindings:
    """The SqliteStateStore's part about administrations (it provides `_sql`, `_write`, `_clock`).
    What every run asks (which administration, binding it) is plain SQL on the kept connection;
    `history new` goes through the ORM."""

    def bound_administration(self, profile: str) -> Binding | None:
        with self._sql() as sql:
            row = sql.cursor.execute("SELECT administration, name, start_from FROM administration_binding "
                                     "WHERE profile = ?", (profile,)).fetchone()
            if row is None:
                return None
            return Binding(AdministrationIdentity(row[0], row[1]), row[2])

    def bind_administration(self, profile: str, administration: AdministrationIdentity) -> None:
        with self._sql(write=True) as sql:
            # A binding made before keeps its start_from (`history new --start-from`).
            sql.cursor.execute("INSERT INTO administration_binding (profile, administration, name, bound_at) "
                               "VALUES (?, ?, ?, ?) ON CONFLICT (profile) DO UPDATE SET "
                               "administration = excluded.administration, name = excluded.name, "
                               "bound_at = excluded.bound_at",
                               (profile, administration.key, administration.name, moment(self._clock.now())))

    def has_history(self, profile: str) -> bool:
        with self._sql() as sql:
            return (sql.cursor.execute("SELECT 1 FROM cursor WHERE profile = ?", (profile,)).fetchone() is not None
                    or sql.cursor.execute("SELECT 1 FROM processed_order WHERE profile = ? LIMIT 1",
                                          (profile,)).fetchone() is not None)

    def start_new_history(self, profile: str, administration: AdministrationIdentity, start_from: str) -> int:
        from sqlalchemy import DateTime, delete, func, insert, literal
        from sqlmodel import col, select

        from infrastructure.state.tables import (AdministrationBindingRow, ArchivedOrderRow, CursorRow,
                                                 ProcessedOrderRow)

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
