"""The administration behind the simulated B2B API.

The contents live in a MemoryAdministration, which already refuses what SnelStart refuses
(relatiecode or artikelcode taken, money with more than four decimals, an inactive article on a
line, a supplier as an order's relatie) and totals orders the way SnelStart does. This module adds
only what the API has and the domain does not: GUIDs, `modifiedOn`, the `landen` list, and the
fields a write model carries beyond the Gateway port (e-mail settings, nonactief, extra fields,
text lines). Those are applied by rebuilding the administration from its own snapshot
(`snapshot()` → change → `from_snapshot()`), the only other public door it has.

PUT replaces the whole object: every field the body leaves out becomes empty or its default
(false, null, 0), as on the live API — except the relatiecode (the key; kept when left out),
a relation's extraVeldenKlant (read-only on the relatie model: written through
`PUT relaties/{id}/customFields`) and an article's recipe (isHoofdartikel/subartikelen are
read-only: the API cannot write recipes).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.errors import SnelStartRefused
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.vat_abroad import VatAbroad
from infrastructure.simulators.snelstart_b2b.models import (Body, BodyError, Countries, OrderContext, article_guid,
                                                     article_json, group_guid, group_json, guid_for, order_guid,
                                                     order_json, relation_guid, relation_json, template_guid,
                                                     template_json)
from infrastructure.simulators.snelstart_b2b.rules import (Refused, article_from_body, check_url_id, order_from_body,
                                                    relation_from_body)
from infrastructure.snelstart.memory import MemoryAdministration
from infrastructure.snelstart.rules.limits import check_article_code
from infrastructure.snelstart.rules.writes import VAT_RATES
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder

# modifiedOn of everything the simulator starts with: fixed, so runs are repeatable.
STARTED = datetime(2024, 1, 1)
RESOURCES = ("relaties", "artikelen", "artikelomzetgroepen", "verkoopordersjablonen", "verkooporders")


@dataclass
class _View:
    """The administration's contents by GUID, rebuilt after each write."""

    snapshot: Snapshot
    relations: dict[str, Relation] = field(default_factory=dict)
    articles: dict[str, Article] = field(default_factory=dict)
    groups: dict[str, RevenueGroup] = field(default_factory=dict)
    templates: dict[str, SalesTemplate] = field(default_factory=dict)
    orders: dict[str, StoredSalesOrder] = field(default_factory=dict)
    relation_guid_by_code: dict[int, str] = field(default_factory=dict)
    article_guid_by_code: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=dict)
    order_context: OrderContext | None = None

    @classmethod
    def of(cls, snapshot: Snapshot) -> _View:
        view = cls(snapshot)
        view.relations = {relation_guid(r): r for r in snapshot.relations}
        view.articles = {article_guid(a): a for a in snapshot.articles}
        view.groups = {group_guid(g): g for g in snapshot.revenue_groups}
        view.templates = {template_guid(t): t for t in snapshot.templates}
        view.orders = {order_guid(o): o for o in snapshot.sales_orders}
        view.relation_guid_by_code = {r.code: guid for guid, r in view.relations.items()}
        view.article_guid_by_code = {a.code: guid for guid, a in view.articles.items()}
        return view


def _countries_of(snapshot: Snapshot) -> set[str]:
    found = set()
    for r in snapshot.relations:
        found.add(r.establishment.country)
        if r.correspondence is not None:
            found.add(r.correspondence.country)
    for o in snapshot.sales_orders:
        found.update((o.invoice_address.country, o.delivery_address.country))
    return {code.upper() for code in found if code}


def _refused(error: SnelStartRefused) -> Refused:
    message = str(error)
    prefix = f"{error.code}: "
    return Refused([(error.code, message.removeprefix(prefix))])


class SimStore:
    """Not thread-safe: the simulator calls it under its lock."""

    def __init__(self, snapshot: Snapshot | None, now: Callable[[], datetime], vat_abroad: VatAbroad | None = None,
                 article_codes: ArticleCodeLimit = STAND_IN_ARTICLE_CODES):
        snapshot = snapshot or Snapshot()
        self._vat_abroad = vat_abroad  # SnelStart computes the VAT of orders abroad with it
        self._article_codes = article_codes
        self._admin = MemoryAdministration.from_snapshot(snapshot, vat_abroad, article_codes)
        self.countries = Countries(_countries_of(snapshot))
        self._now = now
        self._modified: dict[str, datetime] = {}
        self._order_extras: dict[str, dict] = {}
        self._view: _View | None = None
        # (resource, guid) → (object, modifiedOn, JSON): most objects do not change between writes.
        self._json: dict[tuple[str, str], tuple[object, datetime, dict]] = {}
        # Price agreements (prijsafspraken): (relatiecode, artikelcode) → [(from aantal, price)].
        self._agreements: dict[tuple[int, str], list[tuple[int, Decimal]]] = {}

    def snapshot(self) -> Snapshot:
        return self._admin.snapshot()

    # -- reading ------------------------------------------------------------------------------
    def _v(self) -> _View:
        if self._view is None:
            self._view = _View.of(self._admin.snapshot())
        return self._view

    def rows(self, resource: str) -> list[dict]:
        """Every object of a resource as the API shows it, in a stable order."""
        view = self._v()
        if resource not in view.rows:
            objects = {"relaties": view.relations, "artikelen": view.articles, "artikelomzetgroepen": view.groups,
                       "verkoopordersjablonen": view.templates, "verkooporders": view.orders}[resource]
            view.rows[resource] = [self._row(resource, guid, obj) for guid, obj in objects.items()]
        return view.rows[resource]

    def row(self, resource: str, guid: str) -> dict | None:
        view = self._v()
        objects = {"relaties": view.relations, "artikelen": view.articles, "artikelomzetgroepen": view.groups,
                   "verkoopordersjablonen": view.templates, "verkooporders": view.orders}[resource]
        obj = objects.get(guid.lower())
        return None if obj is None else self._row(resource, guid.lower(), obj)

    # -- price agreements (reference §5c) ------------------------------------------------------
    def agree_price(self, relation_code: int, article_code: str, price: Decimal, from_quantity: int = 1) -> None:
        """A customer's agreed price for an article from a quantity on (a staffel when given more)."""
        self._agreements.setdefault((relation_code, article_code), []).append((from_quantity, price))

    def priced_for(self, row: dict, relation_guid: str, aantal: int) -> dict | None:
        """An artikel as `GET /artikelen/{id}?relatieId=…&aantal=…` answers it: `verkoopprijs` is the
        customer's price for that quantity ([I] the reference says the agreement is "added /
        determined" for the article; where the answer carries it is inferred). None: no such
        relation."""
        relation = self._v().relations.get(relation_guid.lower())
        if relation is None:
            return None
        steps = self._agreements.get((relation.code, str(row.get("artikelcode") or "")), [])
        reached = [(start, price) for start, price in steps if start <= aantal]
        if not reached:
            return row
        return {**row, "verkoopprijs": max(reached, key=lambda step: step[0])[1]}

    def _row(self, resource: str, guid: str, obj: object) -> dict:
        modified = self._modified.get(guid, STARTED)
        cached = self._json.get((resource, guid))
        if cached is not None and cached[1] == modified and (cached[0] is obj or cached[0] == obj):
            return cached[2]
        row = self._to_json(resource, obj, modified, guid)
        self._json[(resource, guid)] = (obj, modified, row)
        return row

    def _to_json(self, resource: str, obj, modified: datetime, guid: str) -> dict:
        view = self._v()
        if resource == "relaties":
            return relation_json(obj, self.countries, modified)
        if resource == "artikelen":
            group = next((g for g in view.groups.values() if g.id == obj.revenue_group_id), None)
            return article_json(obj, group, self._article_guid_of_code, modified)
        if resource == "artikelomzetgroepen":
            return group_json(obj)
        if resource == "verkoopordersjablonen":
            return template_json(obj)
        return order_json(obj, self._order_context(), modified, self._order_extras.get(guid))

    def _article_guid_of_code(self, code: str) -> str:
        return self._v().article_guid_by_code.get(code) or guid_for("artikel#code", code)

    def _order_context(self) -> OrderContext:
        view = self._v()
        if view.order_context is None:
            view.order_context = self._new_order_context(view)
        return view.order_context

    def _new_order_context(self, view: _View) -> OrderContext:
        templates = {t.id: guid for guid, t in view.templates.items()}
        groups = {g.id: g for g in view.groups.values()}
        by_code = {a.code: a for a in view.articles.values()}

        def vat_rate(code: str) -> Decimal | None:
            article = by_code.get(code)
            group = None if article is None else groups.get(article.revenue_group_id)
            return None if group is None else VAT_RATES.get(group.vat_kind)
        return OrderContext(view.relation_guid_by_code.get, view.article_guid_by_code.get,
                            lambda template_id: templates.get(template_id) if template_id else None,
                            vat_rate, self.countries)

    # -- writing ------------------------------------------------------------------------------
    def _changed(self, guid: str) -> None:
        self._modified[guid] = self._now()
        self._view = None

    def _rebuild(self, **lists) -> None:
        self._admin = MemoryAdministration.from_snapshot(replace(self._admin.snapshot(), **lists), self._vat_abroad,
                                                         self._article_codes)
        self._view = None

    def create_relation(self, raw: object) -> dict:
        relation, code = relation_from_body(raw, self.countries)
        try:
            created = self._admin.create_relation(NewRelation(
                relation.name, relation.establishment, relation.correspondence, relation.email, relation.phone,
                relation.vat_number, relation.coc_number, relation.payment_term, code))
        except SnelStartRefused as error:
            raise _refused(error) from None
        wanted = replace(relation, code=created.code, id=created.id)
        if wanted != created:  # e-mail settings, nonactief, relatiesoort: beyond the Gateway port
            self._rebuild(relations=tuple(wanted if r.code == created.code else r for r in self._admin.snapshot().relations))
        guid = relation_guid(created)
        self._changed(guid)
        return self.row("relaties", guid) or {}

    def update_relation(self, guid: str, raw: object) -> dict | None:
        current = self._v().relations.get(guid.lower())
        if current is None:
            return None
        check_url_id(self._body(raw), guid)
        relation, _ = relation_from_body(raw, self.countries, current)
        if relation.code != current.code:
            if relation.code <= 0 or relation.code in self._v().relation_guid_by_code:
                raise Refused([("REL-0008", f"relatiecode {relation.code} is al in gebruik")])
            self._json.clear()  # orders show the relation by GUID, found through the code
        snapshot = self._admin.snapshot()
        orders = tuple(replace(o, relation_code=relation.code) if o.relation_code == current.code else o
                       for o in snapshot.sales_orders)
        self._rebuild(relations=tuple(relation if r.code == current.code else r for r in snapshot.relations),
                      sales_orders=orders)
        self._changed(guid.lower())
        return self.row("relaties", guid)

    def set_relation_custom_fields(self, guid: str, raw: object) -> dict | None:
        """`PUT relaties/{id}/customFields` {klantCustomFields: [{name, value}], …}: the fields named."""
        current = self._v().relations.get(guid.lower())
        if current is None:
            return None
        fields = self._custom_fields(self._body(raw).items("klantCustomFields") if isinstance(raw, dict) else [],
                                     current.extra_fields)
        self._rebuild(relations=tuple(replace(r, extra_fields=fields) if r.code == current.code else r
                                      for r in self._admin.snapshot().relations))
        self._changed(guid.lower())
        return self.row("relaties", guid)

    def create_article(self, raw: object) -> dict:
        article = article_from_body(raw, self._v().groups)
        try:
            created = self._admin.create_article(NewArticle(article.code, article.description, article.sales_price,
                                                            article.revenue_group_id))
        except SnelStartRefused as error:
            raise _refused(error) from None
        wanted = replace(article, id=created.id)
        if wanted != created:  # extra fields, isNonActief
            self._rebuild(articles=tuple(wanted if a.code == created.code else a
                                         for a in self._admin.snapshot().articles))
        guid = article_guid(created)
        self._changed(guid)
        return self.row("artikelen", guid) or {}

    def update_article(self, guid: str, raw: object) -> dict | None:
        current = self._v().articles.get(guid.lower())
        if current is None:
            return None
        check_url_id(self._body(raw), guid)
        article = article_from_body(raw, self._v().groups, current)
        if article.code != current.code and article.code in self._v().article_guid_by_code:
            raise Refused([("ART-0005", f"artikelcode {article.code!r} is al in gebruik")])
        try:  # the administration checks omschrijving, omzetgroep and the price's decimals
            if article.code != current.code:
                check_article_code(article.code, self._article_codes)
            self._admin.update_article(replace(article, code=current.code))
        except SnelStartRefused as error:
            raise _refused(error) from None
        if article.code != current.code:
            self._rename_article(current.code, article.code)
        self._changed(guid.lower())
        return self.row("artikelen", guid)

    def _rename_article(self, old: str, new: str) -> None:
        snapshot = self._admin.snapshot()
        articles = tuple(replace(a, code=new) if a.code == old else a for a in snapshot.articles)
        orders = tuple(replace(o, lines=tuple(replace(line, article_code=new) if line.article_code == old else line
                                              for line in o.lines)) for o in snapshot.sales_orders)
        self._rebuild(articles=articles, sales_orders=orders)
        self._json.clear()

    def set_article_custom_fields(self, guid: str, raw: object) -> dict | None:
        """`PUT artikelen/{id}/customFields` [{name, value}]: the fields named."""
        current = self._v().articles.get(guid.lower())
        if current is None:
            return None
        if not isinstance(raw, list):
            raise Refused([("REF-0016", "the body must be a list of {name, value}")])
        items = [self._body(item) for item in raw]
        fields = self._custom_fields(items, current.extra_fields)
        self._rebuild(articles=tuple(replace(a, extra_fields=fields) if a.code == current.code else a
                                     for a in self._admin.snapshot().articles))
        self._changed(guid.lower())
        return self.row("artikelen", guid)

    @staticmethod
    def _custom_fields(items: list[Body], current: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        fields = dict(current)
        try:
            for item in items:
                if item.text("name").strip():
                    fields[item.text("name")] = item.text("value")
        except BodyError as error:
            raise Refused([("REF-0016", str(error))]) from None
        return tuple(fields.items())

    def create_order(self, raw: object) -> dict:
        view = self._v()
        request = order_from_body(raw, self.countries, {g: r.code for g, r in view.relations.items()},
                                  view.articles, {g: t.id for g, t in view.templates.items()})
        try:
            created = self._admin.create_sales_order(request.plan)
        except SnelStartRefused as error:
            raise _refused(error) from None
        if request.text_lines or request.process_status != "Order":
            snapshot = self._admin.snapshot()
            orders = []
            for order in snapshot.sales_orders:
                if order.number == created.number:
                    lines = list(order.lines)
                    for position, line in request.text_lines:
                        lines.insert(position, line)
                    order = replace(order, lines=tuple(lines), process_status=request.process_status)
                orders.append(order)
            self._rebuild(sales_orders=tuple(orders))
        guid = guid_for("verkooporder", created.id)
        # The VAT SnelStart computed when the order was made (abroad: the delivery country's):
        # totaalExclusiefBtw shows it, whatever changes to articles or the relation later.
        self._order_extras[guid] = {"orderreferentie": request.order_reference, "vat": created.total_vat}
        self._modified[guid] = self._now()
        self._add_order_to_view(guid, created.number)
        return self.row("verkooporders", guid) or {}

    def edit_order(self, number: int, **changes) -> None:
        """Sales order `number` changed by hand (B2BSimulator.edit_sales_order)."""
        orders = self._admin.snapshot().sales_orders
        if not any(o.number == number for o in orders):
            raise KeyError(f"no sales order {number}")
        self._rebuild(sales_orders=tuple(replace(o, **changes) if o.number == number else o for o in orders))
        self._json.clear()
        self._changed(order_guid(next(o for o in orders if o.number == number)))

    def delete_order(self, guid: str) -> bool:
        """`DELETE verkooporders/{id}`: the order is gone (a bookkeeper removing it by hand)."""
        order = self._v().orders.get(guid.lower())
        if order is None:
            return False
        self._rebuild(sales_orders=tuple(o for o in self._admin.snapshot().sales_orders if o.number != order.number))
        self._order_extras.pop(guid.lower(), None)
        return True

    def _add_order_to_view(self, guid: str, number: int) -> None:
        """A new order changes nothing else: the view takes it in instead of being rebuilt (a
        run books one order after another, each after a look-up)."""
        view = self._view
        snapshot = self._admin.snapshot()
        order = snapshot.sales_orders[-1] if snapshot.sales_orders else None
        if view is None or order is None or order.number != number or guid in view.orders:
            self._view = None
            return
        view.snapshot = snapshot
        view.orders[guid] = order
        if "verkooporders" in view.rows:
            view.rows["verkooporders"].append(self._row("verkooporders", guid, order))

    @staticmethod
    def _body(raw: object) -> Body:
        try:
            return Body(raw)
        except BodyError as error:
            raise Refused([("REF-0016", str(error))]) from None
