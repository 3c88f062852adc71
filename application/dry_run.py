"""`sconnect run --dry-run` (SPEC §8): everything a run does up to the first write, for every
order the run would take — the orders changed since the cursor, and those failed or interrupted
before that the run fetches again by number — and nothing written: not to SnelStart, not to
the history, the cursor, the log, nor the lock (a dry run takes none, so it may look while a
real run is busy, and says so). The state store it is given is read-only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from domain.booking import planned_total
from domain.booked_summary import changes, summarise
from domain.errors import OrderLeftOut, OrderRejected, ServiceUnavailable
from domain.matching import MatchStrategy
from domain.order import RejectedOrder, WebshopOrder
from domain.sales_order import totals_warning
from domain.settings import ProfileSettings

from application.book_order import prepare, vat_settings_warnings
from application.findings import booked_summary
from application.planned_writes import PlannedWrites
from application.shop_stream import answer_since
from application.ports import FINISHED, Administration, Clock, OrderSource, OrderState, ProcessedOrder, StateStore

WOULD_CREATE, WOULD_SKIP, WOULD_FAIL = "would_create", "would_skip", "would_fail"


@dataclass(frozen=True)
class PlannedOrder:
    order: str
    status: str  # would_create | would_skip | would_fail
    reason: str = ""
    recognised_by: str = ""
    customer: int | None = None  # the relatiecode (a new customer's: the one it would get)
    customer_created: bool = False
    new_articles: tuple[str, ...] = ()
    total: Decimal | None = None  # SnelStart's total incl. VAT, recipe lines left out (SPEC §4)
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        data: dict = {"order": self.order, "status": self.status}
        if self.status == WOULD_CREATE:
            data.update(customer=self.customer, customer_created=self.customer_created,
                        recognised_by=self.recognised_by, new_articles=list(self.new_articles),
                        total=None if self.total is None else str(self.total))
        else:
            data["reason"] = self.reason
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


@dataclass
class DryRunReport:
    profile: str
    busy: str | None = None  # the holder of the lock of a real run going on now
    orders: list[PlannedOrder] = field(default_factory=list)
    unchanged: int = 0  # orders the shop sent again that were handled in an earlier run
    warnings: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.orders if o.status == status)

    def to_json(self) -> dict:
        data = {"profile": self.profile, "dry_run": True, "fetched": len(self.orders),
                "would_create": self.count(WOULD_CREATE), "would_skip": self.count(WOULD_SKIP),
                "would_fail": self.count(WOULD_FAIL), "unchanged": self.unchanged, "busy": self.busy is not None,
                "orders": [o.to_json() for o in self.orders]}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


class DryRun:
    def __init__(self, settings: ProfileSettings, source: OrderSource, administration: Administration,
                 state: StateStore, clock: Clock, matcher: MatchStrategy):
        self.settings, self.source, self.state, self.clock, self.matcher = settings, source, state, clock, matcher
        self.profile = settings.id
        self.planned = PlannedWrites(administration)

    def run(self) -> DryRunReport:
        holder = self.state.lock_holder(self.profile, self.clock.now())
        report = DryRunReport(self.profile, busy=holder)
        if holder is not None:
            report.warnings.append(f"a run of profile {self.profile} is busy right now ({holder}): this dry run "
                                   f"takes no lock and shows what a run would do from the history as it is now")
        seen: set[str] = set()
        warned = False
        # The shop's answer as it comes (application/shop_stream.py), as a run reads it.
        with answer_since(self.source, self.state.cursor(self.profile)) as answer:
            for item in answer.in_booking_order():
                if isinstance(item, RejectedOrder):
                    key = item.number or item.order_id or "(no order id)"
                    seen.add(key)
                    existing = self.state.get(self.profile, key)
                    if existing is not None and existing.state in FINISHED:
                        report.unchanged += 1
                    else:
                        report.orders.append(PlannedOrder(key, WOULD_FAIL, reason=item.reason))
                    continue
                if not warned:
                    warned = True
                    report.warnings += vat_settings_warnings(self.settings, self.planned)
                seen.add(item.number)
                self._plan(item, report)
            for order in answer.left_out():
                existing = self.state.get(self.profile, order.number)
                if existing is not None and existing.state is OrderState.BOOKED:
                    self._booked_before(order, existing, report, cancelled=True)
        self._again_by_number(seen, report)
        return report

    def _again_by_number(self, seen: set[str], report: DryRunReport) -> None:
        """What the run fetches again by number: failed orders and claims a crash left."""
        for row in self.state.history(self.profile, states=(OrderState.FAILED, OrderState.BOOKING)):
            if row.order_number in seen or not row.order_number.isdigit():
                continue
            try:
                order = self.source.fetch_one(row.order_number)
            except OrderLeftOut as exc:
                report.orders.append(PlannedOrder(row.order_number, WOULD_SKIP, reason=str(exc)))
                continue
            except (OrderRejected, ServiceUnavailable) as exc:
                report.orders.append(PlannedOrder(row.order_number, WOULD_FAIL, reason=str(exc)))
                continue
            self._plan(order, report)

    def _plan(self, order: WebshopOrder, report: DryRunReport) -> None:
        existing = self.state.get(self.profile, order.number)
        if existing is not None and existing.state is OrderState.BOOKED:
            self._booked_before(order, existing, report)
            return
        if existing is not None and existing.state in FINISHED:
            report.unchanged += 1
            return
        found = self.planned.sales_orders_with_payment_reference(order.number)
        if existing is not None and existing.write_baseline is not None:
            ours = [ref for ref in found if ref.number > existing.write_baseline]
            if ours:
                number = max(ref.number for ref in ours)
                report.orders.append(PlannedOrder(order.number, WOULD_SKIP, reason=(
                    f"SnelStart has it as sales order {number} after an interrupted attempt: the run records it "
                    f"as created and writes nothing")))
                return
        if found and self.settings.sales.unique_payment_reference:
            report.orders.append(PlannedOrder(order.number, WOULD_SKIP, reason=(
                f"betalingskenmerk {order.number} already in SnelStart (order {found[0].number})")))
            return
        try:
            prepared = prepare(order, self.settings, self.matcher, self.planned)
        except OrderRejected as exc:
            report.orders.append(PlannedOrder(order.number, WOULD_FAIL, reason=str(exc)))
            return
        plan = prepared.plan
        new_code = self.planned.remember(plan)
        total = planned_total(plan.sales_order)
        warnings = list(plan.warnings)
        difference = None if total is None else totals_warning(order.total, total)
        if difference and difference not in warnings:
            warnings.append(difference)
        customer = new_code if plan.new_relation is not None else plan.sales_order.relation_code
        report.orders.append(PlannedOrder(
            order.number, WOULD_CREATE, recognised_by=prepared.recognition.step, customer=customer,
            customer_created=plan.new_relation is not None,
            new_articles=tuple(a.code for a in plan.new_articles), total=total, warnings=tuple(warnings)))

    def _booked_before(self, order: WebshopOrder, existing: ProcessedOrder, report: DryRunReport,
                       cancelled: bool = False) -> None:
        """Never booked again; a change the run would warn about is shown as the run would."""
        now, booked = summarise(order, cancelled), booked_summary(existing)
        what = [] if booked is None else changes(booked, now)
        if not what or (existing.shop_change is not None and not changes(existing.shop_change, now)):
            report.unchanged += 1
            return
        report.orders.append(PlannedOrder(
            order.number, WOULD_SKIP, reason=f"already booked as sales order {existing.sales_order}",
            warnings=(f"changed in the shop after it was booked as sales order {existing.sales_order}: "
                      f"{'; '.join(what)}; not booked again (see sconnect reconcile)",)))
