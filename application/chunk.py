"""A chunk of the shop's orders booked together (import_orders.py): what costs per order when
done one by one — a read of the history, a durable commit of the claim, SnelStart's commit of
each write, the booked record — is done once for the chunk.

Exactly once, step by step (each step is a crash point of tests/e2e/test_crash_recovery.py):
1. the chunk's history rows, read at once (state.get_many);
2. SnelStart asked once which orders carry their betalingskenmerk already;
3. the orders still to book claimed in ONE durable commit (state.claim_many), each with its write
   mark: the highest SnelStart order number with its betalingskenmerk before our write;
4. SnelStart written order by order — where the administration takes writes together (the
   embedded one), in one transaction committed once for the chunk (gateway.commit_writes);
5. the chunk's booked records in one commit (state.record_booked_many).
Killed before 3: nothing claimed, nothing written. Between 3 and the end of 4: claims with marks;
of the sales orders, none (a transaction not committed is not there) or those written so far (an
administration that commits each write) — the next run asks SnelStart by betalingskenmerk, takes
an order newer than the mark for its own and writes the others. Between 4 and 5: SnelStart has
them all; the next run takes them over. So a booked record is never stored before SnelStart has
committed its sales order, and no sales order is written before its claim is on disk.
"""
from __future__ import annotations

import contextlib

from domain.errors import ServiceUnavailable
from domain.order import WebshopOrder

from application.book_order import claim_mark, payload_hash
from application.ports import FINISHED, BookedRecord, Claim, ProcessedOrder
from application.run_report import OrderOutcome


class ChunkBooking:
    """One chunk of one run; `run` is the ImportOrders whose state, administration, book, stop
    and lock it uses."""

    def __init__(self, run, report, unfinished):
        self.run, self.report, self.unfinished = run, report, unfinished
        self.state, self.profile, self.gateway = run.state, run.profile, run.book.gateway

    def book(self, chunk: list[WebshopOrder]) -> bool:
        """False when a stop was asked for before one of the orders: that one and the rest are
        left for the next run (and given back their claims)."""
        existing = self.state.get_many(self.profile, [order.number for order in chunk])
        to_book = [order for order in chunk
                   if existing[order.number] is None or existing[order.number].state not in FINISHED]
        found = self._found(to_book)
        claimed: dict[str, ProcessedOrder] = {}
        asked = [order for order in to_book if order.number in found]
        if asked and not self.run._stop():
            self.run._keep_lock()
            claimed = self.state.claim_many(self.profile, [
                Claim(order.number, order.order_id, payload_hash(order), order.change_time,
                      claim_mark(existing[order.number], found[order.number])) for order in asked])
        untried = {number: existing[number] for number in claimed}  # claimed, not come to yet
        booked: list[BookedRecord] = []
        first = len(self.report.outcomes)
        together = self._begin(bool(to_book), untried)
        try:
            stopped = self._each(chunk, existing, found, claimed, untried, booked)
        except Exception:
            # The order in hand stopped the run (SnelStart or the state database gone, the lock
            # lost, credentials refused): what the orders before it wrote is kept and recorded.
            self._finish(together, booked, first, untried)
            raise
        except BaseException:
            if together:
                self.gateway.abandon_writes()  # as a kill would: the claims say what to look for
            raise
        self._finish(together, booked, first, untried)
        return not stopped

    def _found(self, to_book: list[WebshopOrder]) -> dict[str, list]:
        """SnelStart's sales orders by betalingskenmerk for the chunk, in one question; {} when
        it cannot be asked now: each order then asks (and claims) on its own, and fails or stops
        the run as it would alone."""
        if not to_book:
            return {}
        try:
            return self.run.administration.sales_orders_with_payment_references([o.number for o in to_book])
        except Exception:  # noqa: BLE001 — see the docstring
            return {}

    def _begin(self, writes: bool, untried: dict) -> bool:
        begin = getattr(self.gateway, "begin_writes", None)  # optional: application/ports.py, Gateway
        if begin is None or not writes:
            return False
        try:
            begin()
        except BaseException:
            self._give_back(untried)
            raise
        return True

    def _each(self, chunk, existing, found, claimed, untried, booked) -> bool:
        for index, order in enumerate(chunk):
            if self.run._stop():
                # Orders are taken oldest change first: the cursor must not pass this one.
                self.report.stopped = True
                for left in chunk[index:]:
                    self.unfinished.add(left.change_time)
                return True
            number = order.number
            untried.pop(number, None)
            self.run._book_into(order, self.report, self.unfinished, existing[number], found.get(number),
                                claimed=number in claimed, booked=booked)
        return False

    def _finish(self, together: bool, booked: list[BookedRecord], first: int, untried: dict) -> None:
        if together:
            try:
                self.gateway.commit_writes()
            except Exception as error:
                self.gateway.abandon_writes()
                self._give_back(untried)
                self._not_written(booked, first, error)
                raise ServiceUnavailable(f"SnelStart did not keep the last {len(booked)} sales order(s): {error}; "
                                         f"they are booked at the next run") from None
        # Only now that SnelStart has committed them (see the module docstring).
        if booked:
            self.state.record_booked_many(self.profile, booked)
        self._give_back(untried)

    def _give_back(self, untried: dict) -> None:
        """The claims of orders the run did not come to: as if never claimed (a claim left
        behind is harmless too — what a crash leaves — so a failure here is not one)."""
        if untried:
            with contextlib.suppress(ServiceUnavailable):
                self.state.unclaim(self.profile, untried)
            untried.clear()

    def _not_written(self, booked: list[BookedRecord], first: int, error: Exception) -> None:
        """SnelStart's commit of the chunk failed: its sales orders are not there, whatever the
        run said of them; each is failed (not counted as an attempt) and booked next run."""
        lost = {record.order_number for record in booked}
        reason = f"not kept by SnelStart: {error}"
        outcomes = self.report.outcomes
        for index in range(first, len(outcomes)):
            outcome = outcomes[index]
            if outcome.status == "created" and outcome.order in lost:
                outcomes[index] = OrderOutcome(outcome.order, "failed", reason=reason)
        for number in lost:
            with contextlib.suppress(ServiceUnavailable):
                self.state.record_failed(self.profile, number, "", reason, self.run.settings.max_attempts,
                                         count_attempt=False)
            self.run._log(number, "basic", f"failed: {reason} (the sales order above was not kept)")
        booked.clear()
