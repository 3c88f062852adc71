"""`sconnect reconcile` (SPEC §8): does SnelStart hold exactly the shop's orders, once each, at
the amounts that were booked? The history, SnelStart and the shop are read in full first — any
of them unreachable ends it with nothing reported, never a partial report that reads as
complete — then compared (application/findings.py). Nothing is written unless asked: the one
repair (`rebook`) and the acknowledgement of a change in the shop (`acknowledge`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from domain.booked_summary import BookedSummary, changes, summarise
from domain.errors import OrderLeftOut, OrderRejected, SConnectError
from domain.settings import ProfileSettings

from application.findings import Finding, ShopOrders, booked_summary, find, in_scope, local
from application.shop_stream import answer_since
from application.ports import Administration, Clock, OrderSource, OrderState, ProcessedOrder, StateStore


class NotApplicable(SConnectError):
    """Asked of an order it does not apply to (rebook an order that is not missing, acknowledge
    an order that did not change): nothing was changed; the line says why (exit 2)."""


@dataclass
class ReconcileReport:
    profile: str
    since: datetime | None
    history: int  # the history's orders of the period
    snelstart: int  # SnelStart's sales orders of the period
    shop: int | None  # the shop's orders of the period; None: the shop was left out (--no-shop)
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"profile": self.profile, "since": None if self.since is None else self.since.isoformat(),
                "checked": {"history": self.history, "snelstart": self.snelstart, "shop": self.shop},
                "findings": [f.to_json() for f in self.findings]}


@dataclass(frozen=True)
class Rebook:
    """What `--rebook` would do, for the user to confirm."""

    order: str
    sales_order: int

    @property
    def question(self) -> str:
        return (f"order {self.order} was booked as sales order {self.sales_order}, which SnelStart no longer has; "
                f"book it again at the next run?")


class Reconcile:
    def __init__(self, settings: ProfileSettings, administration: Administration, state: StateStore,
                 clock: Clock, source: OrderSource | None = None, start_from: datetime | None = None):
        self.profile, self.administration, self.state = settings.id, administration, state
        self.clock, self.source, self.start_from = clock, source, start_from

    def period_start(self, since: datetime | None) -> datetime | None:
        """`--since`, else the profile's myshop.start_from when it is a date (None: everything)."""
        return local(since) if since is not None else local(self.start_from)

    def report(self, since: datetime | None = None, shop: bool = True) -> ReconcileReport:
        since = self.period_start(since)
        listing = None
        if shop:  # first: the largest read, let go of before the others are made
            if self.source is None:
                raise NotApplicable("no shop to compare with; use --no-shop")
            # Orders changed since the start of the period include every order placed in it;
            # read without moving the cursor (only a run moves it).
            with answer_since(self.source, since) as answer:
                listing = ShopOrders.read(answer, answer.left_out())
        snelstart = self.administration.sales_orders_in_period(since)
        history = self.state.history(self.profile)
        findings = find(history, snelstart, listing, since)
        return ReconcileReport(self.profile, since, len(in_scope(history, since)), len(snelstart),
                               None if listing is None else listing.count, findings)

    # -- the one repair ---------------------------------------------------------------------------
    def rebook_check(self, order: str) -> Rebook:
        """Raises NotApplicable, with the reason, unless `order` is missing in SnelStart."""
        row = self._booked(order, "reconcile --rebook is only for an order found missing_in_snelstart")
        holder = self.state.lock_holder(self.profile, self.clock.now())
        if holder is not None:
            raise NotApplicable(f"a run of profile {self.profile} is busy ({holder}); try again when it is done")
        found = self.administration.sales_orders_with_payment_reference(order)
        if any(ref.number == row.sales_order for ref in found):
            raise NotApplicable(f"SnelStart still has sales order {row.sales_order} with betalingskenmerk {order}: "
                                f"order {order} is not missing; nothing to book again")
        if found:
            others = ", ".join(str(ref.number) for ref in found)
            raise NotApplicable(f"SnelStart has sales order {others} with betalingskenmerk {order} (not "
                                f"{row.sales_order}): booking it again could book it twice; if {others} is not this "
                                f"order, change its betalingskenmerk in SnelStart first")
        return Rebook(order, row.sales_order)

    def rebook(self, plan: Rebook) -> str:
        reason = (f"sales order {plan.sales_order} is no longer in SnelStart: put back to be booked again "
                  f"(reconcile --rebook)")
        if not self.state.rebook(self.profile, plan.order, reason):
            raise NotApplicable(f"order {plan.order} is no longer booked in the history; nothing changed")
        self.state.log(self.profile, None, plan.order, "basic", reason, self.clock.now())
        return f"order {plan.order} will be booked again by the next run"

    # -- a change in the shop, seen ---------------------------------------------------------------
    def acknowledge(self, order: str, shop: bool = True) -> str:
        row = self._booked(order, "only a booked order the shop changed can be acknowledged")
        booked = booked_summary(row)
        current = self._shop_version(order, row) if shop else row.shop_change
        if booked is None or current is None or not changes(booked, current):
            raise NotApplicable(f"order {order} is in the shop as it was booked: nothing to acknowledge")
        what = "; ".join(changes(booked, current))
        if row.change_acknowledged and row.shop_change is not None and not changes(row.shop_change, current):
            return f"order {order}: this change was acknowledged before ({what})"
        self.state.acknowledge_change(self.profile, order, current)
        self.state.log(self.profile, None, order, "basic",
                       f"change in the shop acknowledged (reconcile --ack): {what}", self.clock.now())
        return f"order {order}: change in the shop acknowledged ({what}); reconcile no longer lists it"

    def _shop_version(self, order: str, row: ProcessedOrder) -> BookedSummary | None:
        if self.source is None:
            return row.shop_change
        try:
            return summarise(self.source.fetch_one(order))
        except OrderLeftOut as left_out:
            return summarise(left_out.order, cancelled=True) if left_out.order is not None else row.shop_change
        except OrderRejected:
            return row.shop_change  # gone from the shop: what the last run saw is all there is

    def _booked(self, order: str, rule: str) -> ProcessedOrder:
        row = self.state.get(self.profile, order)
        if row is None:
            raise NotApplicable(f"order {order} is not in the history of profile {self.profile}; {rule}")
        if row.state is not OrderState.BOOKED:
            raise NotApplicable(f"order {order} is {row.state.value}, not booked; {rule}")
        return row
