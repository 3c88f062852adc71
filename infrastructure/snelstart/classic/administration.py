"""A SnelStart desktop administration (`snelstart.kind` = sql, local or mdb): read over ODBC
through the schema map (reader.py), written through the SnelStart Gateway (gateway.py).

Opening it connects over ODBC and compares the map with the database's catalogue: a map
naming a table or column the database lacks is refused right there, in one line. The Gateway
is opened on the first write, and closed with the administration.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from application.ports import AdministrationIdentity

from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.recognition import EmailPass
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad, without_setting
from infrastructure.snelstart.odbc.connection import OdbcConnection

from infrastructure.snelstart.classic.gateway import ClassicGateway, GatewayTarget
from infrastructure.snelstart.classic.com import GatewayLibrary
from infrastructure.snelstart.classic.reader import ClassicReader
from infrastructure.snelstart.classic.schema_map import Catalogue, SchemaMap, refuse_missing
from infrastructure.snelstart.classic.sources import OdbcSource


def catalogue_of(db: OdbcConnection, only: set[str] | None = None) -> Catalogue:
    """The database's tables and their columns; `only`: just those tables (case-insensitive)."""
    tables = db.table_names()
    wanted = None if only is None else {name.casefold() for name in only}
    return Catalogue({t: tuple(db.column_names(t)) for t in tables if wanted is None or t.casefold() in wanted})


def desktop_vat_abroad(kind: str) -> VatAbroad:
    # The schema map holds no foreign VAT (OSS) setting of SnelStart desktop and nothing public
    # says where one is kept: as for the embedded kind, SnelStart is taken to book the Dutch
    # rate of the article's revenue group, and an order abroad is checked against that.
    return without_setting(f"{kind} (SnelStart desktop)")


class ClassicAdministration:
    """`Administration` + `Gateway` over one ODBC source and one Gateway library."""

    def __init__(self, source: OdbcSource, schema_map: SchemaMap, library: GatewayLibrary, target: GatewayTarget):
        self.source, self.map = source, schema_map
        self._db = source.connect()
        try:
            mapped_tables = {mapped.table for mapped in schema_map.tables.values()}
            refuse_missing(schema_map, catalogue_of(self._db, mapped_tables), source.what)
        except BaseException:
            self._db.close()
            raise
        self.reader = ClassicReader(self._db, schema_map)
        self.target = target
        self.gateway = ClassicGateway(library, target, lambda: self.reader)

    def identity(self) -> AdministrationIdentity:
        """SnelStart desktop keeps no id of its own that the schema map reads: the server and
        database (sql), or the folder and administration (local, mdb) say which one it is.
        Moving the administration to another server reads as another administration, which
        the history then refuses until the user says so (docs/running.md)."""
        t = self.target
        where = f"{t.server}/{t.database}" if t.kind.value == "sql" else f"{t.folder}/{t.administration}"
        return AdministrationIdentity(f"{t.kind.value}:{where}", t.name)

    def close(self) -> None:
        try:
            self.gateway.close()
        finally:
            self._db.close()

    def __enter__(self) -> "ClassicAdministration":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # Test connection ------------------------------------------------------------------------------
    def check_read(self) -> str:
        counts = self.reader.counts()
        return (f"{self.source.what}: {counts['relations']} relations, {counts['articles']} articles, read through "
                f"{self._db.driver_version()} with {self.map.source} (every mapped table and column is there)")

    def check_write(self) -> str:
        return self.gateway.check()

    # RelationLookup -------------------------------------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        return self.reader.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self.reader.relations_by_email(email, email_pass)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self.reader.relations_by_vat(vat_number)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self.reader.relations_by_coc(coc_number)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self.reader.relations_by_postcode(country, postcode)

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return self.reader.names_by_postcode(country, postcode)

    # Administration -------------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        return self.reader.next_relation_code()

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        return self.reader.sales_orders_with_payment_reference(reference)

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        """The single look-up per reference (each read fresh, as that one is); one query for a
        chunk would need the schema map's IN support first."""
        return {reference: self.reader.sales_orders_with_payment_reference(reference)
                for reference in dict.fromkeys(references)}

    def sales_orders_in_period(self, since: datetime | None, until: datetime | None = None) -> list[SalesOrderHeader]:
        return self.reader.sales_orders_in_period(since, until)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        return self.reader.last_template_of(relation_code)

    def template(self, reference: str) -> SalesTemplate | None:
        return self.reader.template(reference)

    def templates(self) -> list[SalesTemplate]:
        return list(self.reader.templates)

    def revenue_groups(self) -> list[RevenueGroup]:
        return list(self.reader.revenue_groups)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return self.reader.revenue_group(reference)

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        return self.reader.article_by_code(code, code_field)

    def vat_abroad(self) -> VatAbroad:
        return desktop_vat_abroad(self.gateway.target.kind.value)

    def article_code_limit(self) -> ArticleCodeLimit:
        """SnelStart desktop keeps its artikelcode setting where the map does not reach (and the
        Gateway writes no articles): S-Connect's stand-in value, as for embedded."""
        return STAND_IN_ARTICLE_CODES

    # Gateway --------------------------------------------------------------------------------------
    def create_relation(self, relation: NewRelation) -> Relation:
        return self.gateway.create_relation(relation)

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        return self.gateway.update_relation(code, relation)

    def create_article(self, article: NewArticle) -> Article:
        return self.gateway.create_article(article)

    def update_article(self, article: Article) -> Article:
        return self.gateway.update_article(article)

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        return self.gateway.create_sales_order(plan)

    def take_warnings(self) -> tuple[str, ...]:
        return self.gateway.take_warnings()
