"""The task *import orders*: from the shop's orders to SnelStart sales orders, exactly once.

Per order (DESIGN "One order, start to end"): claim in the state store before anything is
written; ask SnelStart for the betalingskenmerk; recognise the customer; gather look-ups;
plan; write relation, articles and sales order; record. A claim left in 'booking' by a crash
is resolved by asking SnelStart for the betalingskenmerk before writing again.
"""
from __future__ import annotations

import hashlib
import os
import socket
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from domain import booking
from domain.errors import Busy, OrderRejected, ServiceUnavailable
from domain.matching import MatchStrategy, Recognition
from domain.order import RejectedOrder, WebshopOrder
from domain.sales_order import BookingPlan, totals_warning
from domain.settings import ProfileSettings

from application.lookups import gather
from application.ports import (FINISHED, Administration, Clock, Gateway, OrderSource, OrderState,
                               StateStore)
from application.run_report import OrderOutcome, RunReport

LOG_RETENTION = timedelta(weeks=4)  # SPEC §7: older log entries are removed automatically
LOCK_TTL_SECONDS = 30 * 60  # refreshed per order, so only a dead holder's lock expires


def payload_hash(order: WebshopOrder) -> str:
    return hashlib.sha256(repr(order).encode()).hexdigest()


@dataclass(frozen=True)
class Prepared:
    """What would be written for one order, decided without writing (also used by `explain`)."""

    recognition: Recognition
    plan: BookingPlan


def prepare(order: WebshopOrder, settings: ProfileSettings, matcher: MatchStrategy,
            administration: Administration) -> Prepared:
    recognition = matcher.recognise(order.customer, order.billing, order.delivery, administration)
    lookups = gather(order, settings, recognition, administration)
    return Prepared(recognition, booking.plan(order, settings, recognition, lookups))


class ImportOrders:
    def __init__(self, settings: ProfileSettings, source: OrderSource, administration: Administration,
                 gateway: Gateway, state: StateStore, clock: Clock, matcher: MatchStrategy,
                 holder: str | None = None):
        self.settings, self.source, self.administration, self.gateway = settings, source, administration, gateway
        self.state, self.clock, self.matcher = state, clock, matcher
        self.profile = settings.id
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._run_id: int | None = None

    # The run ---------------------------------------------------------------------------------
    def run(self) -> RunReport:
        now = self.clock.now()
        if not self.state.acquire_lock(self.profile, self.holder, now, LOCK_TTL_SECONDS):
            raise Busy(f"profile {self.profile}: import orders is already running; try again later")
        report = RunReport(self.profile)
        self._run_id = self.state.start_run(self.profile, now)
        error = ""
        try:
            self.state.purge_log(now - LOG_RETENTION)
            result = self.source.fetch_since(self.state.cursor(self.profile))
            unfinished: list[datetime] = []
            for rejected in result.rejected:
                self._reject(rejected, report, unfinished)
            for order in sorted(result.orders, key=lambda o: (o.change_time, _number_key(o.number))):
                self._book_into(order, report, unfinished)
            seen = {o.number for o in result.orders} | {r.number for r in result.rejected}
            self._retry_unfinished(seen, report)
            self._move_cursor(result.checkpoint, unfinished)
            return report
        except Exception as exc:
            error = str(exc)
            raise
        finally:
            summary = report.to_json()
            if error:
                summary["error"] = error
            self.state.finish_run(self._run_id, self.clock.now(), summary)
            self.state.release_lock(self.profile, self.holder)

    def _book_into(self, order: WebshopOrder, report: RunReport, unfinished: list[datetime]) -> None:
        self.state.acquire_lock(self.profile, self.holder, self.clock.now(), LOCK_TTL_SECONDS)
        outcome = self.book(order)
        if outcome is None:
            report.unchanged += 1
            return
        report.outcomes.append(outcome)
        if outcome.status == "failed" and not outcome.held:
            unfinished.append(order.change_time)

    def _retry_unfinished(self, seen: set[str], report: RunReport) -> None:
        """Failed orders, released held ones and claims left by a crash are fetched again by
        number when the shop's change_time list did not bring them: nothing is silently left
        behind because the cursor already passed it (or the shop's change_time was off)."""
        for row in self.state.history(self.profile, states=(OrderState.FAILED, OrderState.BOOKING)):
            if row.order_number in seen:
                continue
            try:
                order = self.source.fetch_one(row.order_number)
            except OrderRejected as exc:
                state = self.state.record_failed(self.profile, row.order_number, row.order_id, str(exc),
                                                 self.settings.max_attempts, row.change_time)
                self._log(row.order_number, "basic", f"failed: {exc}")
                report.outcomes.append(OrderOutcome(row.order_number, "failed", reason=str(exc),
                                                    held=state is OrderState.HELD))
                continue
            self._book_into(order, report, [])

    def _move_cursor(self, checkpoint: datetime | None, unfinished: list[datetime]) -> None:
        """Never past an order that is not booked, skipped or held: it must come back next run."""
        if checkpoint is None:
            return
        self.state.set_cursor(self.profile, min([checkpoint, *unfinished]))

    def _reject(self, rejected: RejectedOrder, report: RunReport, unfinished: list[datetime]) -> None:
        number = rejected.number or rejected.order_id or "?"
        existing = self.state.get(self.profile, number)
        if existing is not None and existing.state in FINISHED:
            report.unchanged += 1
            return
        state = self.state.record_failed(self.profile, number, rejected.order_id, rejected.reason,
                                         self.settings.max_attempts, rejected.change_time)
        self._log(number, "basic", f"failed: {rejected.reason}")
        report.outcomes.append(OrderOutcome(number, "failed", reason=rejected.reason,
                                            held=state is OrderState.HELD))
        if state is not OrderState.HELD and rejected.change_time is not None:
            unfinished.append(rejected.change_time)

    # One order -------------------------------------------------------------------------------
    def book(self, order: WebshopOrder) -> OrderOutcome | None:
        """Book one order; None when it was already finished in an earlier run."""
        existing = self.state.get(self.profile, order.number)
        if existing is not None and existing.state in FINISHED:
            if existing.payload_hash and existing.payload_hash != payload_hash(order):
                self._log(order.number, "detailed",
                          f"changed in the shop after it was {existing.state.value}; not booked again")
            return None
        self.state.claim(self.profile, order.number, order.order_id, payload_hash(order), order.change_time)
        try:
            return self._book_claimed(order, earlier_attempt=existing is not None)
        except OrderRejected as exc:
            return self._failed(order, str(exc), getattr(exc, "explanation", ""))
        except ServiceUnavailable as exc:
            # SnelStart is gone: every next order would fail the same way, so stop the run.
            # The write may or may not have happened; the next run asks before writing again.
            self._failed(order, str(exc))
            raise
        except Exception as exc:  # one order's failure never stops the others (SPEC §10)
            return self._failed(order, f"unexpected error: {type(exc).__name__}: {exc}")

    def _book_claimed(self, order: WebshopOrder, earlier_attempt: bool) -> OrderOutcome:
        found = self.administration.sales_orders_with_payment_reference(order.number)
        if found and earlier_attempt:
            # An earlier attempt was interrupted after SnelStart wrote the order (a crash, a lost
            # answer): it is there, so record it instead of writing it a second time.
            ref = found[0]
            self.state.record_booked(self.profile, order.number, ref.number, ref.relation_code,
                                     order.total, ref.total_incl_vat, ())
            self._log(order.number, "basic", f"created: sales order {ref.number} for customer "
                      f"{ref.relation_code} (found in SnelStart after an interrupted run)")
            return OrderOutcome(order.number, "created", ref.number, ref.relation_code)
        if found and self.settings.sales.unique_payment_reference:
            reason = f"betalingskenmerk {order.number} already in SnelStart (order {found[0].number})"
            self.state.record_skipped(self.profile, order.number, reason)
            self._log(order.number, "basic", f"skipped: {reason}")
            return OrderOutcome(order.number, "skipped", reason=reason)

        recognition = self.matcher.recognise(order.customer, order.billing, order.delivery, self.administration)
        # Logged before planning, so an order that fails later still shows why this customer.
        self._log(order.number, "detailed", f"customer: {recognition.explanation}")
        lookups = gather(order, self.settings, recognition, self.administration)
        return self._write(order, booking.plan(order, self.settings, recognition, lookups))

    def _write(self, order: WebshopOrder, plan: BookingPlan) -> OrderOutcome:
        relation_code = plan.sales_order.relation_code
        customer_created = False
        if plan.new_relation is not None:
            relation = self.gateway.create_relation(plan.new_relation)
            relation_code, customer_created = relation.code, True
            self._log(order.number, "detailed", f"customer {relation.code} created: {relation.name}")
        elif plan.relation_update is not None and relation_code is not None:
            self.gateway.update_relation(relation_code, plan.relation_update)
            self._log(order.number, "detailed", f"customer {relation_code} updated from the order")
        for article in plan.new_articles:
            self.gateway.create_article(article)
        for article in plan.article_updates:
            self.gateway.update_article(article)
        for note in plan.notes:
            self._log(order.number, "detailed", note)
        assert relation_code is not None, "booking.plan leaves no order without a customer"
        created = self.gateway.create_sales_order(replace(plan.sales_order, relation_code=relation_code))
        warnings = list(plan.warnings)
        difference = totals_warning(order.total, created.comparable_total)
        if difference and difference not in warnings:
            warnings.append(difference)
        self.state.record_booked(self.profile, order.number, created.number, created.relation_code,
                                 order.total, created.total_incl_vat, tuple(warnings))
        self._log(order.number, "basic", f"created: sales order {created.number} for customer "
                  f"{created.relation_code}{' (new)' if customer_created else ''}")
        for warning in warnings:
            self._log(order.number, "basic", f"warning: {warning}")
        return OrderOutcome(order.number, "created", created.number, created.relation_code,
                            customer_created, warnings=tuple(warnings))

    def _failed(self, order: WebshopOrder, reason: str, explanation: str = "") -> OrderOutcome:
        state = self.state.record_failed(self.profile, order.number, order.order_id, reason,
                                         self.settings.max_attempts, order.change_time)
        if explanation:
            self._log(order.number, "detailed", f"customer: {explanation}")
        held = state is OrderState.HELD
        self._log(order.number, "basic", f"failed: {reason}" + (" (held: too many attempts)" if held else ""))
        return OrderOutcome(order.number, "failed", reason=reason, held=held)

    def _log(self, order_number: str, level: str, message: str) -> None:
        self.state.log(self.profile, self._run_id, order_number, level, message, self.clock.now())


def _number_key(number: str) -> tuple[int, str]:
    return (int(number), number) if number.isdigit() else (1 << 62, number)
