"""The state store's part for SPEC §8 *after import*: a booked order the shop changed, the
user's acknowledgement of it, and putting a booked order SnelStart lost back to be booked.
Mixed into SqliteStateStore (store.py), whose `_sql` and `_clock` it uses: plain SQL on the kept
connection (order_sql.py), like the run's other writes of an order's row."""
from __future__ import annotations

from application.ports import OrderState
from domain.booked_summary import BookedSummary
from infrastructure.state.redact import redact
from infrastructure.state.values import moment, summary_text


class AfterImport:
    def record_shop_change(self, profile: str, order_number: str, change: BookedSummary | None) -> None:
        self._booked_row_changes(profile, order_number, shop_change=summary_text(change), change_acknowledged=0)

    def acknowledge_change(self, profile: str, order_number: str, change: BookedSummary) -> None:
        self._booked_row_changes(profile, order_number, shop_change=summary_text(change), change_acknowledged=1)

    def _booked_row_changes(self, profile: str, order_number: str, **changes) -> None:
        with self._sql(write=True) as sql:
            row = sql.find(profile, order_number)
            if row is None or row["state"] != OrderState.BOOKED.value:
                raise KeyError(f"order {order_number} of {profile} is not booked")
            sql.save(row, {**changes, "updated_at": moment(self._clock.now())})

    def rebook(self, profile: str, order_number: str, reason: str) -> bool:
        with self._sql(write=True) as sql:
            row = sql.find(profile, order_number)
            if row is None or row["state"] != OrderState.BOOKED.value:
                return False
            # Failed, so the next run fetches it by number and books it; no write started, so
            # nothing in SnelStart is taken for an earlier attempt of this order.
            sql.save(row, {"state": OrderState.FAILED.value, "attempts": 0, "write_baseline": None,
                           "last_error": redact(reason), "shop_change": None, "change_acknowledged": 0,
                           "updated_at": moment(self._clock.now())})
            return True
