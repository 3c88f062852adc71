"""A chunk's per-order writes in one transaction each: read, claim, give back, record booked.

Mixed into SqliteStateStore (store.py), whose `_sql` and `_clock` it uses. Why each commit is
or is not durable:
- claim_many: durable (fsync). The claims, with their write marks, must be on disk before the
  first SnelStart write of the chunk: after a crash they are what tells the next run to look in
  SnelStart (by betalingskenmerk) before writing. One fsync for the chunk, not one per order.
- record_booked_many: not durable (WAL, synchronous NORMAL). Written only after SnelStart has
  the chunk's sales orders; a record lost to a power cut leaves the claim and its mark, and the
  next run finds the sales order by its betalingskenmerk and takes it for its own. The next
  durable commit (the next chunk's claims) makes it durable too.
- unclaim: not durable. A claim that stays after all is what a crash leaves: harmless.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal

from application.ports import BookedRecord, Claim, OrderState, ProcessedOrder
from infrastructure.state import order_sql
from infrastructure.state.values import summary_text
from infrastructure.state.erasure import kept

_MOST_PARAMETERS = 500  # far below every SQLite's limit on a statement's parameters


class OrderChunks:
    def get_many(self, profile: str, order_numbers: Iterable[str]) -> dict[str, ProcessedOrder | None]:
        numbers = list(dict.fromkeys(order_numbers))
        found: dict[str, ProcessedOrder | None] = dict.fromkeys(numbers)
        with self._sql() as sql:
            for start in range(0, len(numbers), _MOST_PARAMETERS):
                for row in sql.find_many(profile, numbers[start:start + _MOST_PARAMETERS]):
                    found[row["order_number"]] = row.processed()
        return found

    def claim_many(self, profile: str, claims: Iterable[Claim]) -> dict[str, ProcessedOrder]:
        claimed: dict[str, ProcessedOrder] = {}
        with self._sql(write=True, durable=True) as sql:
            now = order_sql.moment(self._clock.now())
            for claim in claims:
                row = sql.find_or_new(profile, claim.order_number, self._clock.now())
                if row["state"] == OrderState.BOOKED.value:
                    continue  # exactly once: a booked order is final, whoever asks
                changes = {"order_id": claim.order_id, "payload_hash": claim.payload_hash,
                           "change_time": order_sql.moment(claim.change_time), "state": OrderState.BOOKING.value,
                           "updated_at": now}
                if claim.write_baseline is not None:
                    changes["write_baseline"] = claim.write_baseline
                claimed[claim.order_number] = sql.save(row, changes).processed()
        return claimed

    def unclaim(self, profile: str, previous: dict[str, ProcessedOrder | None]) -> None:
        if not previous:
            return
        with self._sql(write=True) as sql:
            for number, before in previous.items():
                row = sql.find(profile, number)
                if row is None or row["state"] != OrderState.BOOKING.value:
                    continue
                if before is None:
                    sql.cursor.execute("DELETE FROM processed_order WHERE id = ?", (row["id"],))
                else:
                    sql.save(row, {"state": before.state.value, "write_baseline": before.write_baseline,
                                   "order_id": before.order_id, "payload_hash": before.payload_hash,
                                   "change_time": order_sql.moment(before.change_time),
                                   "updated_at": order_sql.moment(before.updated_at)})

    def record_booked_many(self, profile: str, records: Iterable[BookedRecord]) -> None:
        records = list(records)
        with self._sql(write=True) as sql:
            for record in records:
                self._booked(sql, profile, record)

    def _booked(self, sql: order_sql.OrderSql, profile: str, record: BookedRecord) -> None:
        for amount in (record.shop_total, record.booked_total):
            if not isinstance(amount, Decimal):
                raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
        now = self._clock.now()
        row = sql.find_or_new(profile, record.order_number, now)
        sql.save(row, {"state": OrderState.BOOKED.value, "sales_order": record.sales_order,
                       "customer_code": record.customer_code, "shop_total": order_sql.money(record.shop_total),
                       "booked_total": order_sql.money(record.booked_total),
                       "warnings": json.dumps([kept(w) for w in record.warnings], ensure_ascii=False),
                       "last_error": "", "booked_summary": summary_text(record.summary),
                       "shop_change": None, "change_acknowledged": 0, "updated_at": order_sql.moment(now)})
