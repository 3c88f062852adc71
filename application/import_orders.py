"""The task *import orders*: from the shop's orders to SnelStart sales orders, exactly once.

One run: take the profile's lock, fetch what the shop changed since the cursor, book each
order (application/book_order.py), fetch again by number what failed before and the list did
not bring, and move the cursor — never past an order that is not booked, skipped or held.
"""
from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta
from typing import Callable, Iterable

from domain.costs_left_out import left_out, shop_notice
from domain.errors import Busy, ConfigurationError, OrderLeftOut, OrderRejected, ServiceUnavailable, UnreadableAnswer
from domain.matching import MatchStrategy
from domain.order import RejectedOrder, WebshopOrder
from domain.settings import ProfileSettings

from application.administration_binding import check_administration
from application.book_order import UNREAD, BookOrder, Prepared, payload_hash, prepare, vat_settings_warnings
from application.chunk import ChunkBooking
from application.held import held_orders
from application.ports import (FINISHED, Administration, Clock, Gateway, OrderSource, OrderState, ProcessedOrder,
                               StateStore)
from application.run_reads import RunReads
from application.shop_stream import answer_since
from application.template_named import template_not_found
from application.run_report import CHANGED_IN_SHOP, OrderOutcome, Progress, RunReport

__all__ = ["ImportOrders", "Prepared", "held_orders", "payload_hash", "prepare"]

LOG_RETENTION = timedelta(weeks=4)  # SPEC §7: older log entries are removed automatically
# Orders booked per chunk: one exactly-once question to SnelStart, one read of the history, one
# durable commit of the claims, one commit of SnelStart's writes where it takes them together,
# one of the booked records — and no more orders held than these.
CHUNK = 100
LOCK_TTL_SECONDS = 30 * 60  # renewed per order; only a dead holder (or one on another machine) loses it


class ImportOrders:
    def __init__(self, settings: ProfileSettings, source: OrderSource, administration: Administration,
                 gateway: Gateway, state: StateStore, clock: Clock, matcher: MatchStrategy,
                 holder: str | None = None):
        self.settings, self.source, self.state, self.clock = settings, source, state, clock
        self.administration, self.matcher = administration, matcher
        self._administration = administration
        self.profile = settings.id
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}"
        self._run_id: int | None = None
        self._warned = False
        self._left_out: dict = {}  # ChargeKind → the orders booked without that cost (no setting books it)
        self.book = BookOrder(settings, administration, gateway, state, matcher, self._log, self._keep_lock)

    def run(self, progress: Progress | None = None, stop: Callable[[], bool] | None = None) -> RunReport:
        """The run's report; a service that went away mid-run ends it early with `report.error`.

        `stop` is asked before each order: when it says yes (the scheduler got SIGTERM), the order
        in hand has been finished, the rest waits for the next run and the cursor stays before it."""
        self._progress = progress or _NoProgress()
        self._stop = stop or (lambda: False)
        self._warned = False
        # Templates, revenue groups, articles and the VAT setting are read once per run.
        self.administration = self.book.administration = RunReads(self._administration)
        now = self.clock.now()
        if not self.state.acquire_lock(self.profile, self.holder, now, LOCK_TTL_SECONDS):
            raise Busy(f"profile {self.profile}: import orders is already running; try again later")
        report = RunReport(self.profile)
        # The lock is given back whatever fails after it was taken, the state database included
        # (start_run or finish_run meeting a busy file): a lock left behind by a live scheduler
        # would make every later run of the profile say Busy.
        try:
            try:
                check_administration(self.state, self.profile, self.administration)
                first_call = None
            except ServiceUnavailable as exc:
                # The run's first call to SnelStart (which administration) already met its limit
                # or no answer: a run that stops like any other, so `status` and `log` show it to
                # whoever left runs to the scheduler.
                first_call = exc
            self._run_id = self.state.start_run(self.profile, now)
            try:
                if first_call is not None:
                    raise first_call
                self._import_into(report, now)
            except (ServiceUnavailable, Busy) as exc:
                # Unreachable, or the lock was lost: what was done is reported, the rest waits
                # for the next run (the cursor has not moved).
                report.error = str(exc)
                report.unreadable = isinstance(exc, UnreadableAnswer)
                self._log("", "basic", f"run stopped: {exc}")
            except ConfigurationError as exc:
                # Every order would fail the same way (a template SnelStart lacks, credentials
                # refused): the run stops (exit 78), and status shows why.
                report.error = str(exc)
                self._log("", "basic", f"run stopped: {exc}")
                raise
            finally:
                report.held = held_orders(self.state, self.profile)
                self.state.finish_run(self._run_id, self.clock.now(), report.to_json())
        finally:
            self.state.release_lock(self.profile, self.holder)
        return report

    def _import_into(self, report: RunReport, now: datetime) -> None:
        try:
            self._import_orders(report, now)
        finally:
            self._say_costs_left_out(report)

    def _say_costs_left_out(self, report: RunReport) -> None:
        """Costs the shop charged that no setting books: said for the run as a whole, not only
        on each order — the books miss that money (SPEC §4: absent = unused)."""
        for kind, orders in self._left_out.items():
            warning = shop_notice(kind, orders)
            report.warnings.append(warning)
            self._log("", "basic", f"warning: {warning}")
        self._left_out = {}

    def _import_orders(self, report: RunReport, now: datetime) -> None:
        """The shop's answer is booked as it comes, a chunk at a time (one exactly-once question
        to SnelStart per chunk); what is kept for the whole run is small: the numbers seen (to
        know what to fetch again by number) and the oldest change not finished (the cursor)."""
        self.state.purge_log(now - LOG_RETENTION)
        unfinished = _Oldest()
        seen: set[str] = set()
        with answer_since(self.source, self.state.cursor(self.profile)) as answer:
            self._progress.start(answer.expected)
            items = answer.in_booking_order()
            chunk: list[WebshopOrder] = []
            in_chunk: set[str] = set()
            for item in items:
                if isinstance(item, RejectedOrder):
                    seen.add(_key(item))
                    self._reject(item, report, unfinished)
                    continue
                if item.number in in_chunk:
                    # The same order twice in one answer: the second waits for the next chunk,
                    # whose history read sees what the first became.
                    in_chunk.clear()
                    if not self._book_chunk(chunk, report, unfinished):
                        unfinished.add(item.change_time)
                        break
                seen.add(item.number)
                in_chunk.add(item.number)
                chunk.append(item)
                if len(chunk) >= CHUNK:
                    in_chunk.clear()
                    if not self._book_chunk(chunk, report, unfinished):
                        break
            else:
                if chunk:
                    self._book_chunk(chunk, report, unfinished)
            if report.stopped:
                self._left_for_next_run(items, report, unfinished)
            else:
                self._cancelled_after_booking(answer.left_out(), report)
            checkpoint = answer.checkpoint
        self._move_cursor(checkpoint, unfinished)
        if report.stopped:
            self._log("", "basic", "run stopped on request; the remaining orders wait for the next run")
        else:
            self._retry_unfinished(seen, report)

    def _book_chunk(self, chunk: list[WebshopOrder], report: RunReport, unfinished: _Oldest) -> bool:
        """Book a chunk of orders (emptied); False when a stop was asked for before one of them:
        that one and the rest of the chunk are left for the next run (application/chunk.py)."""
        if not self._warned:
            self._warned = True
            self._warn_about_vat_settings(report)
        try:
            return ChunkBooking(self, report, unfinished).book(chunk)
        finally:
            chunk.clear()

    def _left_for_next_run(self, items, report: RunReport, unfinished: _Oldest) -> None:
        """After a stop, the rest of the answer is read (not booked) so the cursor stays before
        every order in it, and what cannot be read is recorded as a run that reads it all does."""
        for item in items:
            if isinstance(item, RejectedOrder):
                self._reject(item, report, unfinished)
            else:
                unfinished.add(item.change_time)

    def _warn_about_vat_settings(self, report: RunReport) -> None:
        """SPEC §4, before the first order: a template whose VAT entry differs from the shop's
        (myShop prices include VAT) — the prices are converted, and the bookkeeper should know
        it — and a revenue group that does not carry the rate articles.revenue_group names it for
        (book_order.vat_settings_warnings, which the dry run says too)."""
        reference = self.settings.sales.template
        template = self.administration.template(reference) if reference else None
        if template is None and reference:
            # Every order would fail on it until held: the run stops before the first one.
            raise ConfigurationError(f"profiles.{self.profile}.{template_not_found(reference, self.administration)}")
        for warning in vat_settings_warnings(self.settings, self.administration):
            report.warnings.append(warning)
            self._log("", "basic", f"warning: {warning}")

    def _keep_lock(self) -> None:
        if not self.state.acquire_lock(self.profile, self.holder, self.clock.now(), LOCK_TTL_SECONDS):
            raise Busy(f"profile {self.profile}: another run took over the lock; this run stops")

    def _book_into(self, order: WebshopOrder, report: RunReport, unfinished: _Oldest,
                   existing: ProcessedOrder | None | object = UNREAD, found: list | None = None,
                   claimed: bool = False, booked: list | None = None) -> None:
        self._keep_lock()
        outcome = self.book(order, existing, found, claimed, booked)
        self._progress.advance(order.number, "unchanged" if outcome is None else outcome.status)
        if outcome is None or outcome.status == CHANGED_IN_SHOP:
            report.unchanged += 1
            if outcome is not None:
                report.changed.append(outcome)
            return
        report.outcomes.append(outcome)
        if outcome.status == "created":
            for kind in left_out(order, self.settings.sales):
                # Only the number and that charge are kept: a run holds no parsed orders.
                self._left_out.setdefault(kind, []).append(_Charged(order.number, kind, order.charge(kind)))
        if outcome.status == "failed" and not outcome.held:
            unfinished.add(order.change_time)

    def _cancelled_after_booking(self, left_out: Iterable[WebshopOrder], report: RunReport) -> None:
        """Orders the shop now leaves out by their status (cancelled) are never booked; one that
        was booked before is a change the bookkeeper must see (SPEC §8)."""
        for order in left_out:
            existing = self.state.get(self.profile, order.number)
            if existing is None or existing.state is not OrderState.BOOKED:
                continue
            outcome = self.book.booked_before(order, existing, cancelled=True)
            if outcome is not None:
                report.unchanged += 1
                report.changed.append(outcome)

    def _retry_unfinished(self, seen: set[str], report: RunReport) -> None:
        """Failed orders, released held ones and claims left by a crash are fetched again by
        number when the shop's change_time list did not bring them: nothing is silently left
        behind because the cursor already passed it (or the shop's change_time was off)."""
        for row in self.state.history(self.profile, states=(OrderState.FAILED, OrderState.BOOKING)):
            if row.order_number in seen or not row.order_number.isdigit():
                continue  # an order without a readable number comes back only with the list
            if self._stop():
                report.stopped = True
                return
            try:
                order = self.source.fetch_one(row.order_number)
            except OrderLeftOut as exc:  # its status or start_from leaves it out now: not an error
                self.state.record_skipped(self.profile, row.order_number, str(exc))
                self._log(row.order_number, "basic", f"skipped: {exc}")
                report.outcomes.append(OrderOutcome(row.order_number, "skipped", reason=str(exc)))
                continue
            except (OrderRejected, ServiceUnavailable) as exc:
                # The shop answered for the list but not for this one order (gone, unreadable,
                # too large to look up): counted, so a stale row ends up held instead of
                # stopping every run.
                state = self.state.record_failed(self.profile, row.order_number, row.order_id, str(exc),
                                                 self.settings.max_attempts, row.change_time)
                self._log(row.order_number, "basic", f"failed: {exc}")
                report.outcomes.append(OrderOutcome(row.order_number, "failed", reason=str(exc),
                                                    held=state is OrderState.HELD))
                continue
            self._book_into(order, report, _Oldest())

    def _move_cursor(self, checkpoint: datetime | None, unfinished: _Oldest) -> None:
        """Never past an order that is not booked, skipped or held: it must come back next run."""
        if checkpoint is None:
            return
        self.state.set_cursor(self.profile, checkpoint if unfinished.value is None else min(checkpoint, unfinished.value))

    def _reject(self, rejected: RejectedOrder, report: RunReport, unfinished: _Oldest) -> None:
        key = _key(rejected)
        existing = self.state.get(self.profile, key)
        if existing is not None and existing.state in FINISHED:
            report.unchanged += 1
            return
        state = self.state.record_failed(self.profile, key, rejected.order_id, rejected.reason,
                                         self.settings.max_attempts, rejected.change_time)
        self._log(key, "basic", f"failed: {rejected.reason}")
        report.outcomes.append(OrderOutcome(key, "failed", reason=rejected.reason, held=state is OrderState.HELD))
        self._progress.advance(key, "failed")
        if state is not OrderState.HELD and rejected.change_time is not None:
            unfinished.add(rejected.change_time)

    def _log(self, order_number: str, level: str, message: str, **numbers) -> None:
        """`numbers`: sales_order, customer, shop_total, booked_total of a booked order."""
        self.state.log(self.profile, self._run_id, order_number, level, message, self.clock.now(), **numbers)


class _NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, order: str, status: str) -> None:
        pass


def _key(rejected: RejectedOrder) -> str:
    """The history key of an order that could not be read: its number, else its id."""
    return rejected.number or rejected.order_id or "(no order id)"


class _Oldest:
    """The oldest change of the orders a run did not finish: all the cursor rule needs of them."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value: datetime | None = None

    def add(self, moment: datetime | None) -> None:
        if moment is not None and (self.value is None or moment < self.value):
            self.value = moment


class _Charged:
    """What a run keeps of an order booked without one of its costs: enough for shop_notice."""

    __slots__ = ("number", "_kind", "_charge")

    def __init__(self, number: str, kind, charge):
        self.number, self._kind, self._charge = number, kind, charge

    def charge(self, kind):
        return self._charge if kind == self._kind else None
