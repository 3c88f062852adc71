"""The state store's part for SPEC §8 *after import*: a booked order the shop changed, the
user's acknowledgement of it, and putting a booked order SnelStart lost back to be booked.
Mixed into SqliteStateStore (store.py), whose `_write` and `_clock` it uses."""
from __future__ import annotations

from application.ports import OrderState
from domain.booked_summary import BookedSummary
from infrastructure.state import order_rows
from infrastructure.state.redact import redact


class AfterImport:
    def record_shop_change(self, profile: str, order_number: str, change: BookedSummary | None) -> None:
        with self._write() as session:
            row = order_rows.find(session, profile, order_number)
            if row is None or row.state != OrderState.BOOKED.value:
                raise KeyError(f"order {order_number} of {profile} is not booked")
            row.shop_change = order_rows.summary_text(change)
            row.change_acknowledged = False
            row.updated_at = self._clock.now()

    def acknowledge_change(self, profile: str, order_number: str, change: BookedSummary) -> None:
        with self._write() as session:
            row = order_rows.find(session, profile, order_number)
            if row is None or row.state != OrderState.BOOKED.value:
                raise KeyError(f"order {order_number} of {profile} is not booked")
            row.shop_change = order_rows.summary_text(change)
            row.change_acknowledged = True
            row.updated_at = self._clock.now()

    def rebook(self, profile: str, order_number: str, reason: str) -> bool:
        with self._write() as session:
            row = order_rows.find(session, profile, order_number)
            if row is None or row.state != OrderState.BOOKED.value:
                return False
            # Failed, so the next run fetches it by number and books it; no write started, so
            # nothing in SnelStart is taken for an earlier attempt of this order.
            row.state = OrderState.FAILED.value
            row.attempts = 0
            row.write_baseline = None
            row.last_error = redact(reason)
            row.shop_change = None
            row.change_acknowledged = False
            row.updated_at = self._clock.now()
            return True
