"""The b2b adapter in the contract suite: a B2B API simulator per test, started by `open_b2b` and
stopped by the autouse fixture `stop_b2b_simulators` after the test.

The contract's administration names its objects by snapshot ids ("tpl-web", "og-laag"); the
API names every object by a GUID, and the simulator derives those GUIDs from the snapshot ids
(the simulator's models: uuid5 per kind). `SnapshotIds` translates between the two at the edge — ids only,
nothing else — so every contract test runs unchanged against the real adapter over real HTTP.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.field_limits import ArticleCodeLimit
from domain.recognition import EmailPass
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad
from infrastructure.snelstart.b2b.administration import B2BAdministration
from infrastructure.simulators.snelstart_b2b.models import (
    article_guid,
    group_guid,
    order_guid,
    relation_guid,
    template_guid,
)
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.snapshot import Snapshot

_running: list = []  # simulators and adapters of the current test, closed after it


class SnapshotIds:
    def __init__(self, snapshot: Snapshot):
        pairs = ([(r.id, relation_guid(r)) for r in snapshot.relations]
                 + [(a.id, article_guid(a)) for a in snapshot.articles]
                 + [(g.id, group_guid(g)) for g in snapshot.revenue_groups]
                 + [(t.id, template_guid(t)) for t in snapshot.templates]
                 + [(o.id, order_guid(o)) for o in snapshot.sales_orders])
        self._api = {ours: api for ours, api in pairs if ours}
        self._ours = {api.lower(): ours for ours, api in pairs if ours}

    def api(self, value: str) -> str:
        return self._api.get(value.strip(), value) if value else value

    def ours(self, value: str) -> str:
        return self._ours.get(value.lower(), value) if value else value

    def article(self, a: Article | None) -> Article | None:
        return None if a is None else replace(a, id=self.ours(a.id), revenue_group_id=self.ours(a.revenue_group_id))

    def relation(self, r: Relation | None) -> Relation | None:
        return None if r is None else replace(r, id=self.ours(r.id))

    def snapshot(self, s: Snapshot) -> Snapshot:
        return Snapshot(tuple(self.relation(r) for r in s.relations), tuple(self.article(a) for a in s.articles),
                        tuple(replace(g, id=self.ours(g.id)) for g in s.revenue_groups),
                        tuple(replace(t, id=self.ours(t.id)) for t in s.templates),
                        tuple(replace(o, id=self.ours(o.id), template_id=self.ours(o.template_id))
                              for o in s.sales_orders))


class B2BAsInTheSnapshot:
    """The B2B adapter, its ids shown as the snapshot's."""

    def __init__(self, adapter: B2BAdministration, ids: SnapshotIds):
        self.adapter, self.ids = adapter, ids

    def relation_by_code(self, code: str) -> Relation | None:
        return self.ids.relation(self.adapter.relation_by_code(code))

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return [self.ids.relation(r) for r in self.adapter.relations_by_email(email, email_pass)]

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return [self.ids.relation(r) for r in self.adapter.relations_by_vat(vat_number)]

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return [self.ids.relation(r) for r in self.adapter.relations_by_coc(coc_number)]

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return [self.ids.relation(r) for r in self.adapter.relations_by_postcode(country, postcode)]

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return [(self.ids.relation(r), name) for r, name in self.adapter.names_by_postcode(country, postcode)]

    def next_relation_code(self) -> int:
        return self.adapter.next_relation_code()

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        return self.adapter.sales_orders_with_payment_reference(reference)

    def sales_orders_with_payment_references(self, references) -> dict[str, list[BookedOrderRef]]:
        return self.adapter.sales_orders_with_payment_references(references)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        found = self.adapter.last_template_of(relation_code)
        return None if found is None else replace(found, id=self.ids.ours(found.id))

    def template(self, reference: str) -> SalesTemplate | None:
        found = self.adapter.template(self.ids.api(reference))
        return None if found is None else replace(found, id=self.ids.ours(found.id))

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        found = self.adapter.revenue_group(self.ids.api(reference))
        return None if found is None else replace(found, id=self.ids.ours(found.id))

    def templates(self) -> list[SalesTemplate]:
        return [replace(t, id=self.ids.ours(t.id)) for t in self.adapter.templates()]

    def revenue_groups(self) -> list[RevenueGroup]:
        return [replace(g, id=self.ids.ours(g.id)) for g in self.adapter.revenue_groups()]

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        return self.ids.article(self.adapter.article_by_code(code, code_field))

    def vat_abroad(self) -> VatAbroad:
        return self.adapter.vat_abroad()

    def article_code_limit(self) -> ArticleCodeLimit:
        return self.adapter.article_code_limit()

    def take_warnings(self) -> tuple[str, ...]:
        return self.adapter.take_warnings()

    def create_relation(self, relation: NewRelation) -> Relation:
        return self.ids.relation(self.adapter.create_relation(relation))

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        return self.ids.relation(self.adapter.update_relation(code, relation))

    def create_article(self, article: NewArticle) -> Article:
        sent = replace(article, revenue_group_id=self.ids.api(article.revenue_group_id))
        return self.ids.article(self.adapter.create_article(sent))

    def update_article(self, article: Article) -> Article:
        sent = replace(article, id=self.ids.api(article.id), revenue_group_id=self.ids.api(article.revenue_group_id))
        return self.ids.article(self.adapter.update_article(sent))

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        return self.adapter.sales_orders_in_period(since, until)

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        created = self.adapter.create_sales_order(replace(plan, template_id=self.ids.api(plan.template_id)))
        return replace(created, id=self.ids.ours(created.id))

    def snapshot(self) -> Snapshot:
        return self.ids.snapshot(self.adapter.snapshot())


def open_b2b(snapshot: Snapshot, folder: Path) -> B2BAsInTheSnapshot:
    simulator = B2BSimulator(snapshot).start()
    _running.append(simulator)
    adapter = B2BAdministration(simulator.base_url, simulator.token_url, "sub-key", "client-key")
    _running.append(adapter)
    return B2BAsInTheSnapshot(adapter, SnapshotIds(snapshot))


def _close(thing) -> None:
    (thing.stop if isinstance(thing, B2BSimulator) else thing.close)()


@pytest.fixture(autouse=True)
def stop_b2b_simulators():
    yield
    while _running:
        _close(_running.pop())
