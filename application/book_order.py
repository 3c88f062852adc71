"""One order, start to end (DESIGN): claim, betalingskenmerk, customer, articles, plan, write,
record. Exactly once rests on three facts: the claim is durable before SnelStart is written;
the order number is always the betalingskenmerk; and before the sales order is sent (with the
claim when SnelStart was asked for the chunk already, else just before), the
highest SnelStart order number already carrying that betalingskenmerk is recorded, so a later
attempt knows whether SnelStart may have it now — and which one is ours.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Callable

from domain import booking
from domain.booking_vat import group_rate_problem
from domain.booked_summary import BookedSummary, changes, summarise, total_only
from domain.errors import Busy, ConfigurationError, OrderRejected, ServiceUnavailable
from domain.matching import MatchStrategy, Recognition
from domain.money import cents
from domain.order import WebshopOrder
from domain.customer import Relation
from domain.personal_data import without_identifiers
from domain.sales_order import BookedOrderRef, BookingPlan, CreatedSalesOrder, totals_warning
from domain.vat import vat_text
from domain.settings import ProfileSettings

from application.lookups import gather
from application.ports import (FINISHED, Administration, BookedRecord, Gateway, OrderState, ProcessedOrder,
                               StateStore)
from application.run_report import CHANGED_IN_SHOP, OrderOutcome


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


def vat_settings_warnings(settings: ProfileSettings, administration: Administration) -> list[str]:
    """SPEC §4, before the first order: a template whose VAT entry differs from the shop's
    (myShop prices include VAT) — the prices are converted, and the bookkeeper should know
    it — and a revenue group that does not carry the rate articles.revenue_group names it for.
    (A run and a dry run both say them.)"""
    template = administration.template(settings.sales.template) if settings.sales.template else None
    warnings = []
    if template is not None and template.prices_excl_vat:
        warnings.append(f"sales.template '{template.description}' has prices excl. VAT while the shop's prices "
                        f"include VAT: prices are converted to four decimals (a cent may differ)")
    # SPEC §4: a group named for a rate must carry it, or new articles of that rate are booked
    # at another (each such order fails; this says why before the first one does).
    for rate, ref in sorted(settings.articles.revenue_group.items()):
        group = administration.revenue_group(ref)
        problem = None if group is None else group_rate_problem(rate, group)
        if problem:
            named = "" if rate == "*" else f' (named for "{rate}")'
            warnings.append(f"articles.revenue_group: '{ref}'{named} {problem}")
    return warnings


UNREAD = object()  # BookOrder: the caller did not read the order's history row


def claim_mark(existing: ProcessedOrder | None, found: list[BookedOrderRef]) -> int | None:
    """The write mark a claim records when SnelStart was asked for the chunk already: the
    highest sales order number with the order's betalingskenmerk — unless an earlier attempt
    left a mark, which the take-over needs (None: keep it)."""
    if existing is not None and existing.write_baseline is not None:
        return None
    return max((ref.number for ref in found), default=0)


class BookOrder:
    def __init__(self, settings: ProfileSettings, administration: Administration, gateway: Gateway,
                 state: StateStore, matcher: MatchStrategy, log: Callable[..., None],
                 keep_lock: Callable[[], None]):
        self.settings, self.administration, self.gateway = settings, administration, gateway
        self.state, self.matcher, self.log, self.keep_lock = state, matcher, log, keep_lock
        self.profile = settings.id
        self._booked: list[BookedRecord] | None = None

    def __call__(self, order: WebshopOrder, existing: ProcessedOrder | None | object = UNREAD,
                 found: list[BookedOrderRef] | None = None, claimed: bool = False,
                 booked: list[BookedRecord] | None = None) -> OrderOutcome | None:
        """Book one order; None when it was already finished in an earlier run. `existing`: its
        history row when the caller read it already; `found`: SnelStart's sales orders with its
        betalingskenmerk when the caller asked them for a chunk of orders just before (else it
        is asked here); `claimed`: the caller claimed it already, with claim_mark's mark
        (StateStore.claim_many); `booked`: where the record that it is booked goes, for the
        caller to store once SnelStart has committed the write (None: stored at once)."""
        self._booked = booked
        try:
            return self._book(order, existing, found, claimed)
        finally:
            self._booked = None

    def _book(self, order: WebshopOrder, existing: ProcessedOrder | None | object,
              found: list[BookedOrderRef] | None, claimed: bool) -> OrderOutcome | None:
        if existing is UNREAD:
            existing = self.state.get(self.profile, order.number)
        if existing is not None and existing.state is OrderState.BOOKED:
            return self.booked_before(order, existing)
        if existing is not None and existing.state in FINISHED:
            if existing.payload_hash and existing.payload_hash != payload_hash(order):
                self.log(order.number, "detailed",
                         f"changed in the shop after it was {existing.state.value}; not booked again")
            return None
        # SnelStart was asked for the chunk already: the claim records the write mark with it, in
        # one fsync — unless an earlier attempt left a mark, which the take-over below needs.
        marked = None if found is None else claim_mark(existing, found)
        if not claimed:
            self.state.claim(self.profile, order.number, order.order_id, payload_hash(order), order.change_time,
                             marked)
        try:
            return self._claimed(order, existing, found, marked)
        except OrderRejected as exc:
            return self.failed(order, str(exc), getattr(exc, "explanation", ""), personal=exc.personal)
        except ServiceUnavailable as exc:
            # SnelStart is gone: every next order would fail the same way, so the run stops.
            # Not counted as an attempt: an outage must not bring a good order nearer to held.
            self.failed(order, str(exc), count_attempt=False)
            raise
        except ConfigurationError as exc:
            # SnelStart refused our credentials or rights mid-run (a revoked koppelsleutel, a
            # missing scope): every next order would fail the same way, so the run stops (exit 78).
            self.failed(order, str(exc), count_attempt=False)
            raise
        except Busy:
            raise  # the lock was lost before writing: the claim stays for the next run
        except Exception as exc:  # one order's failure never stops the others (SPEC §10)
            return self.failed(order, f"unexpected error: {type(exc).__name__}: {exc}")

    def booked_before(self, order: WebshopOrder, existing: ProcessedOrder,
                      cancelled: bool = False) -> OrderOutcome | None:
        """The shop sent an order that was booked: never booked again (SPEC §8). When what the
        booking depends on changed — and the change is new — the order gets a warning in the
        run's output and the log, and the history keeps the change for `reconcile`; None when
        there is nothing new to say. `cancelled`: its status now leaves it out."""
        now = summarise(order, cancelled)
        booked = _as_booked(existing)
        what = [] if booked is None else changes(booked, now)
        if not what:
            if existing.shop_change is not None:
                self.state.record_shop_change(self.profile, order.number, None)
                self.log(order.number, "detailed", "back in the shop as it was booked")
            return None
        if existing.shop_change is not None and not changes(existing.shop_change, now):
            self.log(order.number, "detailed", "still changed in the shop since it was booked (reported before)")
            return None
        self.state.record_shop_change(self.profile, order.number, now)
        warning = (f"changed in the shop after it was booked as sales order {existing.sales_order}: "
                   f"{'; '.join(what)}; not booked again (see sconnect reconcile)")
        self.log(order.number, "basic", f"warning: {warning}")
        return OrderOutcome(order.number, CHANGED_IN_SHOP, existing.sales_order, existing.customer_code,
                            warnings=(warning,))

    def _claimed(self, order: WebshopOrder, existing: ProcessedOrder | None,
                 found: list[BookedOrderRef] | None, marked: int | None = None) -> OrderOutcome:
        if found is None:
            found = self.administration.sales_orders_with_payment_reference(order.number)
        if existing is not None and existing.write_baseline is not None:
            # Only an order newer than the ones that were there before our write can be ours.
            ours = [ref for ref in found if ref.number > existing.write_baseline]
            if ours:
                return self._take_over(order, max(ours, key=lambda ref: ref.number))
        if found and self.settings.sales.unique_payment_reference:
            reason = f"betalingskenmerk {order.number} already in SnelStart (order {found[0].number})"
            self.state.record_skipped(self.profile, order.number, reason)
            self.log(order.number, "basic", f"skipped: {reason}")
            return OrderOutcome(order.number, "skipped", reason=reason)

        if found:
            self.log(order.number, "detailed", f"betalingskenmerk {order.number} already on SnelStart order(s) "
                     f"{', '.join(str(ref.number) for ref in found)}: booked all the same "
                     f"(sales.unique_payment_reference is off)")
        else:
            self.log(order.number, "detailed", f"betalingskenmerk {order.number}: no verkooporder in SnelStart yet")
        recognition = self.matcher.recognise(order.customer, order.billing, order.delivery, self.administration)
        # Logged before planning, so an order that fails later still shows why this customer.
        self.log(order.number, "detailed", f"customer: {recognition.explanation}")
        lookups = gather(order, self.settings, recognition, self.administration)
        baseline = max((ref.number for ref in found), default=0)
        return self._write(order, booking.plan(order, self.settings, recognition, lookups), baseline,
                           recognition.step, marked=marked == baseline)

    def _take_over(self, order: WebshopOrder, ref: BookedOrderRef) -> OrderOutcome:
        """An earlier attempt sent the sales order and then lost the answer or died before
        recording it: SnelStart has it, so it is recorded instead of written a second time."""
        warning = totals_warning(order.total, ref.total_incl_vat)
        warnings = (*order.warnings, warning) if warning else tuple(order.warnings)
        self._record(BookedRecord(order.number, ref.number, ref.relation_code, order.total, ref.total_incl_vat,
                                  _kept(warnings, order), summarise(order)))
        numbers = dict(sales_order=ref.number,  # given: see _write customer=ref.relation_code, shop_total=order.total,
                       booked_total=ref.total_incl_vat)
        self.log(order.number, "basic", f"booked: verkooporder {ref.number} for klant {ref.relation_code} "
                 f"(found in SnelStart after an interrupted attempt)", **numbers)
        for w in warnings:
            self.log(order.number, "basic", f"warning: {w}", **numbers)
        return OrderOutcome(order.number, "created", ref.number, ref.relation_code, warnings=warnings)

    def _write(self, order: WebshopOrder, plan: BookingPlan, baseline: int,
               recognised_by: str = "", marked: bool = False) -> OrderOutcome:
        """`marked`: the claim recorded the write mark with `baseline` already."""
        relation_code = plan.sales_order.relation_code
        customer_created = False
        self.keep_lock()
        if plan.new_relation is not None:
            relation = self.gateway.create_relation(plan.new_relation)
            relation_code, customer_created = relation.code, True
            self.log(order.number, "detailed", f"new klant {relation.code}: {relation.name}")
            _check_vat_number(plan, relation)
        elif plan.relation_update is not None and relation_code is not None:
            relation = self.gateway.update_relation(relation_code, plan.relation_update)
            self.log(order.number, "detailed", f"customer {relation_code} updated from the order")
            _check_vat_number(plan, relation)
        for article in plan.new_articles:
            self.gateway.create_article(article)
        for article in plan.article_updates:
            self.gateway.update_article(article)
        if plan.new_articles or plan.article_updates:
            forget = getattr(self.administration, "forget_articles", None)  # application/run_reads.py
            if forget is not None:
                forget()
        written_otherwise = self.gateway.take_warnings()
        for note in plan.notes:
            self.log(order.number, "detailed", note)
        assert relation_code is not None, "booking.plan leaves no order without a customer"
        self.log(order.number, "detailed", _planned(plan))
        self.keep_lock()  # a run that lost its lock (another run took over) must not write now
        if not marked:
            self.state.mark_writing(self.profile, order.number, baseline)
        try:
            created = self.gateway.create_sales_order(replace(plan.sales_order, relation_code=relation_code))
        except OrderRejected:
            # A refusal is believed only after looking: an answer misread as a refusal (a
            # proxy's odd status after SnelStart did write) must not lead to a second order.
            ours = [ref for ref in self.administration.sales_orders_with_payment_reference(order.number)
                    if ref.number > baseline]
            if ours:
                return self._take_over(order, max(ours, key=lambda ref: ref.number))
            self.state.mark_writing(self.profile, order.number, None)  # refused: nothing was written
            raise
        warnings = list(plan.warnings) + list(written_otherwise)
        difference = totals_warning(order.total, created.comparable_total)
        if difference and difference not in warnings:
            warnings.append(difference)
        vat = _vat_checked(order, plan, created)
        if vat and vat not in warnings and not any(w.startswith("VAT differs") for w in warnings):
            warnings.append(vat)
        self._record(BookedRecord(order.number, created.number, created.relation_code, order.total,
                                  created.total_incl_vat, _kept(warnings, order), summarise(order)))
        # The entries after the record carry its numbers, given rather than taken from the
        # record: a chunk stores the record after these entries (application/chunk.py).
        numbers = dict(sales_order=created.number, customer=created.relation_code, shop_total=order.total,
                       booked_total=created.total_incl_vat)
        self.log(order.number, "detailed", _totals_checked(order.total, created), **numbers)
        vat = booking.planned_vat(plan.sales_order)
        if vat:
            self.log(order.number, "detailed", f"VAT as SnelStart declares it: {vat_text(vat)}"
                     + ("" if order.total_vat is None else f" (shop: {cents(order.total_vat)} in all)"), **numbers)
        self.log(order.number, "basic", f"booked: verkooporder {created.number} for klant "
                 f"{created.relation_code}{' (new)' if customer_created else ''}", **numbers)
        for warning in warnings:
            self.log(order.number, "basic", f"warning: {warning}", **numbers)
        return OrderOutcome(order.number, "created", created.number, created.relation_code,
                            customer_created, warnings=tuple(warnings), recognised_by=recognised_by)

    def _record(self, record: BookedRecord) -> None:
        if self._booked is None:
            self.state.record_booked(self.profile, record.order_number, record.sales_order, record.customer_code,
                                     record.shop_total, record.booked_total, record.warnings, record.summary)
        else:
            self._booked.append(record)

    def failed(self, order: WebshopOrder, reason: str, explanation: str = "",
               count_attempt: bool = True, personal: tuple[str, ...] = ()) -> OrderOutcome:
        # A relation may have been written (differently than asked) before the order failed:
        # say so now, and never let it travel with the next order.
        for warning in self.gateway.take_warnings():
            self.log(order.number, "basic", f"warning: {warning}")
        # The run and the log (four weeks) say it all; the history keeps it without the
        # customer's e-mail, name or address: the order number says who (docs/privacy.md).
        state = self.state.record_failed(self.profile, order.number, order.order_id,
                                         without_identifiers(reason, order, personal),
                                         self.settings.max_attempts, order.change_time, count_attempt)
        if explanation:
            self.log(order.number, "detailed", f"customer: {explanation}")
        held = state is OrderState.HELD
        self.log(order.number, "basic", f"failed: {reason}" + (" (held: too many attempts)" if held else ""))
        return OrderOutcome(order.number, "failed", reason=reason, held=held)


def _as_booked(row: ProcessedOrder) -> BookedSummary | None:
    """What was booked; for an order booked before S-Connect kept that, its shop total."""
    if row.booked_summary is not None:
        return row.booked_summary
    return None if row.shop_total is None else total_only(row.shop_total)


def _kept(warnings, order: WebshopOrder) -> tuple[str, ...]:
    """The warnings as the history keeps them: without the customer's identifiers."""
    return tuple(without_identifiers(w, order) for w in warnings)


def _planned(plan: BookingPlan) -> str:
    sales_order = plan.sales_order
    recipe_lines = sum(1 for line in sales_order.lines if line.from_recipe)
    lines = f"{len(sales_order.lines)} line(s)" + (f", {recipe_lines} from recipes" if recipe_lines else "")
    entry = {"inclusief": "incl.", "exclusief": "excl."}.get(sales_order.vat_entry.lower(), sales_order.vat_entry)
    return (f"verkooporder planned: {lines}, prices {entry} VAT, "
            f"description '{sales_order.description}'")


def _totals_checked(shop_total: Decimal, created: CreatedSalesOrder) -> str:
    """SPEC §4: compared to the cent, VAT included, without the lines recipes added."""
    recipe = "" if created.total_without_recipe_lines is None else " (recipe lines left out)"
    verdict = "equal" if cents(shop_total) == cents(created.comparable_total) else "different"
    return (f"totals checked: shop {cents(shop_total)} incl. VAT, SnelStart "
            f"{cents(created.comparable_total)}{recipe}: {verdict}")


def _check_vat_number(plan: BookingPlan, relation: Relation) -> None:
    """Abroad, SnelStart bills by whether the relation has a VAT number (a business: reverse
    charge; a consumer: the delivery country's rate). The plan counted on one; a relation
    written otherwise (SnelStart refused the VAT number) would be billed otherwise: the order
    stops before the sales order is sent, and says why."""
    if plan.needs_vat_number is None or bool(relation.vat_number.strip()) == plan.needs_vat_number:
        return
    if plan.needs_vat_number:
        raise OrderRejected(f"relation {relation.code} was written without the VAT number the order was planned "
                            "with, so SnelStart would bill it as a consumer abroad, not with reverse charge; "
                            "correct the VAT number in the shop or in SnelStart, then the order is booked")
    raise OrderRejected(f"relation {relation.code} has a VAT number ({relation.vat_number}), so SnelStart would bill "
                        "reverse charge where the shop charged a consumer's VAT; book this order by hand")


def _vat_checked(order: WebshopOrder, plan: BookingPlan, created: CreatedSalesOrder) -> str | None:
    """The VAT SnelStart reports for the order against the shop's (SPEC §4); orders with recipe
    lines are left out here (SnelStart reports only the whole order's VAT), the plan checked them."""
    if created.total_vat is None or order.total_vat is None \
            or any(line.from_recipe for line in plan.sales_order.lines):
        return None
    if cents(order.total_vat) == cents(created.total_vat):
        return None
    return (f"VAT differs: shop {cents(order.total_vat)}, SnelStart {cents(created.total_vat)} "
            f"(difference {cents(created.total_vat - order.total_vat)})")
