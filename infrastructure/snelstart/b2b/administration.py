"""SnelStart Web through the B2B API v2 (`snelstart.kind = "b2b"`): one object that reads
(Administration) and writes (Gateway), living for one run.

Look-ups are kept for the run — relations (relations.py), countries, templates, revenue groups
and articles (catalogue.py) — so a run of many orders asks SnelStart each thing once. The one
look-up never kept is the payment reference: exactly-once rests on asking SnelStart, at that
moment, whether an order with the betalingskenmerk exists.
"""
from __future__ import annotations

import time
from datetime import datetime
from typing import Callable, Iterable, Protocol

import httpx

from application.ports import AdministrationIdentity
from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.field_limits import ArticleCodeLimit
from domain.recognition import EmailPass
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad
from infrastructure.snelstart.b2b import mapping
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.catalogue import Catalogue
from infrastructure.snelstart.b2b.connection import ConnectionCheck
from infrastructure.snelstart.b2b.odata import BETALINGSKENMERK, DATUM, ORDER_HEADER, RELATIE_ID, Filter, guid
from infrastructure.snelstart.b2b.pacing import PRODUCTION, CallLedger, Pacer, RateLimit, fingerprint
from infrastructure.snelstart.b2b.payment_references import orders_with_references
from infrastructure.snelstart.b2b.relations import RelationBook, RelationMemory
from infrastructure.snelstart.b2b.retry import RetryPolicy
from infrastructure.snelstart.b2b.transport import PAGE_SIZE, Transport
from infrastructure.snelstart.b2b.writes import Writer
from infrastructure.snelstart.snapshot import Snapshot
from infrastructure.state.redact import without_userinfo

TIMEOUT = httpx.Timeout(60, connect=10)


class B2BMemory(CallLedger, RelationMemory, Protocol):
    """What the adapter keeps between runs: the state store (infrastructure/state/b2b_memory.py)."""


class B2BAdministration:
    def __init__(self, base_url: str, token_url: str, subscription_key: str, client_key: str, *,
                 http: httpx.Client | None = None, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, policy: RetryPolicy | None = None,
                 page_size: int = PAGE_SIZE, rate_limit: RateLimit | None = PRODUCTION,
                 memory: B2BMemory | None = None, now: Callable[[], float] = time.time):
        """`rate_limit`: the key's product (pacing.py; None: not paced). `memory`: where the
        calls per minute and the relations are kept between runs (the state store; None: kept
        for this run only). `now`: the wall clock in seconds (the hour spans runs); `clock`
        (monotonic) times the token; `sleep` waits for both."""
        self._own_http = http is None
        self._http = http if http is not None else httpx.Client(timeout=TIMEOUT)
        policy = policy or RetryPolicy()
        self._tokens = TokenSource(self._http, token_url, client_key, clock=clock, sleep=sleep, policy=policy)
        administration = fingerprint(base_url, client_key)
        self._pacer = Pacer(rate_limit, now=now, sleep=sleep, ledger=memory, administration=administration)
        self._api = Transport(self._http, base_url, subscription_key, self._tokens, sleep=sleep, policy=policy,
                              page_size=page_size, pacer=self._pacer)
        self._catalogue = Catalogue(self._api)
        self._relations = RelationBook(self._api, self._catalogue.countries, memory, administration, now)
        self._writer = Writer(self._api, self._relations, self._catalogue)
        self._check = ConnectionCheck(self._api, self._tokens)

    def __repr__(self) -> str:
        return f"B2BAdministration(base_url={without_userinfo(self._api.base_url)!r})"

    @property
    def calls(self) -> int:
        """API calls sent so far (token calls not counted)."""
        return self._api.calls

    @property
    def pacer(self) -> Pacer:
        return self._pacer

    def close(self) -> None:
        try:
            self._pacer.flush()  # this run's calls count against the next run's hour
        finally:
            if self._own_http:
                self._http.close()

    def __enter__(self) -> "B2BAdministration":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # RelationLookup (+ NamedRelationLookup) -----------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        return self._relations.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._relations.relations_by_email(email, email_pass)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._relations.relations_by_vat(vat_number)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._relations.relations_by_coc(coc_number)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._relations.relations_by_postcode(country, postcode)

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return self._relations.names_by_postcode(country, postcode)

    # Administration -------------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        return self._relations.next_code()

    def _orders_with_reference(self, reference: str) -> list[dict]:
        wanted = reference.strip()
        if not wanted:
            return []
        found = self._api.get_list("verkooporders", BETALINGSKENMERK.eq(wanted))
        return [row for row in found if str(row.get("betalingskenmerk") or "").strip() == wanted]

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        """Asked of SnelStart every time, never from a cache: exactly-once depends on it."""
        found = sorted(self._orders_with_reference(reference), key=mapping.order_number)
        self._writer.seen_with_reference(reference, [mapping.order_number(row) for row in found])
        return [self._booked_ref(row) for row in found]

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        """The check of a chunk of orders: `or` filters of as many betalingskenmerken as one
        address holds, one call (a page) for each group instead of one per order
        (payment_references.py). Asked of SnelStart every time, never from a cache; every
        reference asked is a key, as given ([] when no order carries it)."""
        asked = list(dict.fromkeys(references))
        found = orders_with_references(self._api, asked)
        answer = {}
        for reference in asked:
            rows = sorted(found.get(reference.strip(), ()), key=mapping.order_number)
            if reference.strip():
                self._writer.seen_with_reference(reference, [mapping.order_number(row) for row in rows])
            answer[reference] = [self._booked_ref(row) for row in rows]
        return answer

    def _booked_ref(self, row: dict) -> BookedOrderRef:
        code = self._relations.code_of_id(str((row.get("relatie") or {}).get("id") or ""))
        return BookedOrderRef(mapping.order_number(row), code if code is not None else 0, mapping.total_incl_vat(row))

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        """Pages of `GET /verkooporders` with `$filter` on Datum and `$select` of the five fields
        reconcile needs: 500 orders a call, never one call per order. The period is applied here
        again, as every filter is (reference §5b: some endpoints ignore `$filter`)."""
        bounds = [f for f in (None if since is None else DATUM.ge(since),
                              None if until is None else DATUM.lt(until)) if f is not None]
        where: Filter | None = (bounds[0] & bounds[1]) if len(bounds) == 2 else (bounds[0] if bounds else None)
        since, until = mapping.wall_clock_period(since, until)
        headers = []
        for row in self._api.get_list("verkooporders", where, ORDER_HEADER):
            date = mapping.order_date(row)
            if (since is None or date >= since) and (until is None or date < until):
                headers.append(SalesOrderHeader(mapping.order_number(row), str(row.get("betalingskenmerk") or "").strip(),
                                                mapping.total_incl_vat(row), date))
        return sorted(headers, key=lambda h: h.number)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        """`$orderby` is not documented: every order of the customer is read and the latest
        (date, then number) is picked here."""
        relation = self._relations.by_code(relation_code)
        if relation is None or not relation.id:
            return None
        orders = self._api.get_list("verkooporders", RELATIE_ID.eq(guid(relation.id)))
        if not orders:
            return None
        latest = max(orders, key=lambda o: (mapping.order_date(o), mapping.order_number(o)))
        template = latest.get("verkoopordersjabloon")
        template_id = str(template.get("id") or "") if isinstance(template, dict) else ""
        return self._catalogue.template_by_id(template_id) if template_id else None

    def template(self, reference: str) -> SalesTemplate | None:
        return self._catalogue.template(reference)

    def templates(self) -> list[SalesTemplate]:
        return list(self._catalogue.templates())

    def revenue_groups(self) -> list[RevenueGroup]:
        return list(self._catalogue.revenue_groups())

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return self._catalogue.revenue_group(reference)

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        return self._catalogue.article_by_code(code, code_field)

    def vat_abroad(self) -> VatAbroad:
        """companyInfo's factureerBuitenlandsBtw and /vatrates, read once per run."""
        return self._catalogue.vat_abroad()

    def article_code_limit(self) -> ArticleCodeLimit:
        """companyInfo's artikelcodeSoort and artikelcodeMaxLengte, read once per run."""
        return self._catalogue.article_codes()

    # Gateway --------------------------------------------------------------------------------------
    def create_relation(self, relation: NewRelation) -> Relation:
        return self._writer.create_relation(relation)

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        return self._writer.update_relation(code, relation)

    def create_article(self, article: NewArticle) -> Article:
        return self._writer.create_article(article)

    def update_article(self, article: Article) -> Article:
        return self._writer.update_article(article)

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        return self._writer.create_sales_order(plan, self._orders_with_reference)

    def take_warnings(self) -> tuple[str, ...]:
        """What the writes since the last call want the bookkeeper to know (e.g. a VAT number
        SnelStart refused and left off a new relation): the order's warnings."""
        return self._writer.take_warnings()

    def identity(self) -> AdministrationIdentity:
        """companyInfo's administratieIdentifier: the administration the koppelsleutel opens."""
        return self._check.identity()

    # Test connection ------------------------------------------------------------------------------
    def check_read(self) -> str:
        return self._check.read()

    def check_write(self) -> str:
        return self._check.write()

    # Everything, for the contract suite and for comparing with other administrations --------------
    def snapshot(self) -> Snapshot:
        """What SnelStart holds now, read afresh (not from this run's look-ups)."""
        countries = self._catalogue.countries()
        relations = [mapping.relation(row, countries) for row in self._api.get_list("relaties")]
        articles = [mapping.article(row) for row in self._api.get_list("artikelen")]
        codes = {r.id.lower(): r.code for r in relations}
        article_codes = {a.id.lower(): a.code for a in articles}
        groups = [mapping.revenue_group(row) for row in self._api.get_list_plain("artikelomzetgroepen")]
        templates = [mapping.template(row) for row in self._api.get_list_plain("verkoopordersjablonen")]
        orders = [mapping.stored_sales_order(row, lambda i: codes.get(i.lower(), 0),
                                             lambda i: article_codes.get(i.lower(), ""), countries)
                  for row in self._api.get_list("verkooporders")]
        return Snapshot(tuple(relations), tuple(articles), tuple(groups), tuple(templates), tuple(orders))
