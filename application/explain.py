"""`sconnect explain ORDER`: what S-Connect would do with one order, and why — recognition
(step, fields, candidates) and the rest of the plan. Nothing is written."""
from __future__ import annotations

from dataclasses import asdict, dataclass

from domain.booking import planned_total
from domain.errors import OrderRejected
from domain.matching import MatchStrategy
from domain.order import WebshopOrder
from domain.settings import ProfileSettings

from application.book_order import prepare
from application.ports import Administration, OrderSource, ProcessedOrder, StateStore


@dataclass(frozen=True)
class Explanation:
    order: WebshopOrder
    history: ProcessedOrder | None
    customer: str  # the recognition explanation, or why recognition stopped
    relation_code: int | None
    new_customer: bool
    refused: str = ""  # the one-line reason the order would fail, if it would
    plan: dict | None = None

    def to_json(self) -> dict:
        h = self.history
        return {"order": self.order.number, "order_id": self.order.order_id,
                "history": None if h is None else {"state": h.state.value, "attempts": h.attempts,
                                                   "sales_order": h.sales_order, "last_error": h.last_error or None},
                "customer": {"explanation": self.customer, "relation": self.relation_code,
                             "new": self.new_customer},
                "refused": self.refused or None, "plan": self.plan}


def _plan_json(order: WebshopOrder, prepared, administration: Administration) -> dict:
    so = prepared.plan.sales_order
    total = planned_total(so)
    # The template by the name the bookkeeper knows it by in SnelStart, not its internal id.
    template = administration.template(so.template_id) if so.template_id else None
    return {
        "template": template.description if template is not None else so.template_id,
        "template_id": so.template_id, "vat_entry": so.vat_entry, "description": so.description,
        "payment_reference": so.payment_reference,
        "invoice_address": None if so.invoice_address is None else asdict(so.invoice_address),
        "delivery_address": None if so.delivery_address is None else asdict(so.delivery_address),
        "lines": [{"article": l.article_code, "description": l.description, "quantity": str(l.quantity),
                   "unit_price": None if l.unit_price is None else str(l.unit_price),
                   "vat_rate": None if l.vat_rate is None else str(l.vat_rate), "recipe": l.from_recipe}
                  for l in so.lines],
        "cost_type_1": str(so.cost_type_1), "cost_type_2": str(so.cost_type_2),
        "new_relation": None if prepared.plan.new_relation is None else prepared.plan.new_relation.name,
        "new_articles": [a.code for a in prepared.plan.new_articles],
        "updated_articles": [a.code for a in prepared.plan.article_updates],
        "notes": list(prepared.plan.notes), "warnings": list(prepared.plan.warnings),
        "shop_total": str(order.total), "planned_total": None if total is None else str(total),
    }


def explain(number: str, settings: ProfileSettings, source: OrderSource, administration: Administration,
            matcher: MatchStrategy, state: StateStore) -> Explanation:
    order = source.fetch_one(number)
    history = state.get(settings.id, order.number)
    # Recognition first, on its own: when a later step refuses the order (an unknown article),
    # the customer line still says who the customer is, and the refusal is said as a refusal.
    try:
        recognition = matcher.recognise(order.customer, order.billing, order.delivery, administration)
    except OrderRejected as exc:
        why = getattr(exc, "explanation", "") or str(exc)
        return Explanation(order, history, why, None, False, refused=str(exc))
    try:
        prepared = prepare(order, settings, matcher, administration)
    except OrderRejected as exc:
        code = recognition.relation.code if recognition.relation is not None else None
        return Explanation(order, history, recognition.explanation, code, recognition.relation is None,
                           refused=str(exc))
    r = prepared.recognition
    code = r.relation.code if r.relation is not None else prepared.plan.sales_order.relation_code
    return Explanation(order, history, r.explanation, code, prepared.plan.new_relation is not None,
                       plan=_plan_json(order, prepared, administration))
