"""The in-memory SnelStart administration: reads (Administration) and writes (Gateway) in one object.

It is the tests' administration and the base of the file-backed demo kind, so it refuses what
SnelStart refuses (with SnelStart's error codes) and totals orders the way SnelStart does;
the contract suite in tests/contract keeps it honest against the real adapters.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from application.ports import AdministrationIdentity
from domain.article import ARTICLE_CODE_FIELD, Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad, without_setting
from infrastructure.snelstart.rules import limits
from infrastructure.snelstart.rules import sales_orders as orders
from infrastructure.snelstart.rules import vat
from infrastructure.snelstart.rules import writes as rules
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder


class MemoryAdministration:
    """Administration + Gateway over plain dicts; the relation look-ups go through a RelationIndex."""

    def __init__(self, snapshot: Snapshot | None = None, vat_abroad: VatAbroad | None = None,
                 article_codes: ArticleCodeLimit = STAND_IN_ARTICLE_CODES):
        """`vat_abroad`: SnelStart's foreign VAT setting and rates, for an administration that
        plays one that has them (the B2B simulator); None: the setting does not exist.
        `article_codes`: the artikelcode setting it plays (the B2B simulator passes the one its
        companyInfo shows)."""
        snapshot = snapshot or Snapshot()
        self._vat_abroad = vat_abroad
        self._article_codes = article_codes
        self._relations = RelationIndex(snapshot.relations)
        self._articles: dict[str, Article] = {}
        self._by_field: dict[tuple[str, str], dict[str, Article]] = {}
        for article in snapshot.articles:
            self._put_article(article)
        self._groups = list(snapshot.revenue_groups)
        self._templates = list(snapshot.templates)
        self._orders: dict[int, StoredSalesOrder] = {o.number: o for o in snapshot.sales_orders}
        self._id, self._name = snapshot.administration_id, snapshot.administration_name

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot, vat_abroad: VatAbroad | None = None,
                      article_codes: ArticleCodeLimit = STAND_IN_ARTICLE_CODES) -> "MemoryAdministration":
        return cls(snapshot, vat_abroad, article_codes)

    def snapshot(self) -> Snapshot:
        return Snapshot(tuple(self._relations), tuple(self._articles.values()), tuple(self._groups),
                        tuple(self._templates), tuple(self._orders.values()), self._id, self._name)

    def identity(self) -> AdministrationIdentity | None:
        """The snapshot's administratie.id; None when it has none (it cannot tell who it is)."""
        return AdministrationIdentity(f"memory:{self._id}", self._name) if self._id else None

    def name_it(self, administration_id: str) -> None:
        """Give an administration without an id one (kept with its snapshot from now on)."""
        self._id = self._id or administration_id

    # RelationLookup (arguments normalised as domain.recognition.RelationLookup describes) -------
    def relation_by_code(self, code: str) -> Relation | None:
        return self._relations.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return sorted(self._relations.relations_by_email(email, email_pass), key=lambda r: r.code)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return sorted(self._relations.relations_by_vat(vat_number), key=lambda r: r.code)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return sorted(self._relations.relations_by_coc(coc_number), key=lambda r: r.code)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return sorted(self._relations.relations_by_postcode(country, postcode), key=lambda r: r.code)

    # NamedRelationLookup: the index keeps normalised names, so the name step need not redo them.
    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return sorted(self._relations.names_by_postcode(country, postcode), key=lambda pair: pair[0].code)

    # Administration ---------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        # SnelStart's habit: one more than the highest relatiecode in use (customers and suppliers).
        return max((r.code for r in self._relations), default=0) + 1

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        wanted = reference.strip()
        return [BookedOrderRef(o.number, o.relation_code, o.total_incl_vat)
                for o in sorted(self._orders.values(), key=lambda o: o.number)
                if wanted and o.payment_reference.strip() == wanted]

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        asked = list(references)
        wanted = {reference.strip() for reference in asked} - {""}
        found: dict[str, list[BookedOrderRef]] = {}
        for o in sorted(self._orders.values(), key=lambda o: o.number):
            key = o.payment_reference.strip()
            if key in wanted:
                found.setdefault(key, []).append(BookedOrderRef(o.number, o.relation_code, o.total_incl_vat))
        return {reference: list(found.get(reference.strip(), ())) for reference in asked}

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        since, until = orders.period(since, until)
        return [orders.header(o) for o in sorted(self._orders.values(), key=lambda o: o.number)
                if (since is None or o.date >= since) and (until is None or o.date < until)]

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        booked = [o for o in self._orders.values() if o.relation_code == relation_code]
        if not booked:
            return None
        latest = max(booked, key=lambda o: (o.date, o.number))
        return next((t for t in self._templates if t.id == latest.template_id), None)

    def template(self, reference: str) -> SalesTemplate | None:
        return rules.resolve_reference(self._templates, reference, lambda t: t.number, lambda t: t.description)

    def templates(self) -> list[SalesTemplate]:
        return list(self._templates)

    def revenue_groups(self) -> list[RevenueGroup]:
        return list(self._groups)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return rules.resolve_reference(self._groups, reference, lambda g: g.number, lambda g: g.description)

    def article_code_limit(self) -> ArticleCodeLimit:
        return self._article_codes

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        wanted = code.strip()
        if code_field.strip().casefold() == ARTICLE_CODE_FIELD:
            found = self._articles.get(wanted)
            return found if found is not None and not found.inactive else None
        matches = self._by_field.get(rules.field_key(code_field, wanted), {})
        return next((a for _, a in sorted(matches.items()) if not a.inactive), None)

    def vat_abroad(self) -> VatAbroad:
        return self._vat_abroad if self._vat_abroad is not None else without_setting("memory")

    # Gateway (SnelStart's rules: infrastructure/snelstart/rules/) --------
    def create_relation(self, relation: NewRelation) -> Relation:
        code = relation.code if relation.code is not None else self.next_relation_code()
        rules.check_relation_code(code)
        rules.check_relation(relation)
        if self._relations.relation_by_code(str(code)) is not None:
            raise rules.code_in_use(code)
        taken = {r.id for r in self._relations}
        created = rules.created_relation(relation, code, rules.new_id("r", code, taken.__contains__))
        self._relations.add(created)
        return created

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        current = self._relations.relation_by_code(str(code))
        if current is None:
            raise rules.unknown_relation(code)
        rules.check_relation(relation)
        updated = rules.updated_relation(current, relation)
        self._relations.add(updated)
        return updated

    def create_article(self, article: NewArticle) -> Article:
        code = rules.new_article_code(article, self._article_codes)
        self._check_article(article.description, article.revenue_group_id, article.sales_price)
        if code in self._articles:
            raise rules.article_code_in_use(code)
        taken = {a.id for a in self._articles.values()}
        created = rules.created_article(article, code, rules.new_id("a", code, taken.__contains__))
        self._put_article(created)
        return created

    def update_article(self, article: Article) -> Article:
        current = self._articles.get(article.code.strip())
        if current is None:
            raise rules.unknown_article(article.code)
        self._check_article(article.description, article.revenue_group_id, article.sales_price)
        updated = rules.updated_article(current, article)
        self._put_article(updated)
        return updated

    def _check_article(self, description: str, group_id: str, price: Decimal) -> None:
        rules.check_article(description, group_id, price, lambda wanted: any(g.id == wanted for g in self._groups))

    def _put_article(self, article: Article) -> None:
        old = self._articles.get(article.code)
        if old is not None:
            for name, value in old.extra_fields:
                self._by_field.get(rules.field_key(name, value), {}).pop(old.code, None)
        self._articles[article.code] = article
        for name, value in article.extra_fields:
            self._by_field.setdefault(rules.field_key(name, value), {})[article.code] = article

    def take_warnings(self) -> tuple[str, ...]:
        return ()  # every write is done exactly as asked, or refused

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        relation = None if plan.relation_code is None else self._relations.relation_by_code(str(plan.relation_code))
        relation = orders.check_customer(plan, relation)
        orders.check_template(plan, lambda wanted: any(t.id == wanted for t in self._templates))
        delivery = plan.delivery_address or relation.establishment
        rate_of = vat.line_rates(self._group, delivery.country, relation.vat_number, self._vat_abroad,
                                 orders.wall_clock(plan.date).date())
        limits.check_sales_order(plan)
        priced = orders.price_sales_order(plan, self._articles.get, rate_of)
        number = max(self._orders, default=0) + 1
        taken = {o.id for o in self._orders.values()}
        order = orders.stored_sales_order(plan, relation, priced, number, rules.new_id("o", number, taken.__contains__))
        self._orders[number] = order
        return orders.created_sales_order(order, priced)

    def _group(self, group_id: str) -> RevenueGroup | None:
        return next((g for g in self._groups if g.id == group_id), None)
