"""Reading a SnelStart desktop administration over ODBC, through the schema map: the
`Administration` port (recognition's look-ups included).

SnelStart's own tables have no search keys, and the values in them are as users typed them
(" Inkoop@DeVries.nl ", "a@b.nl; c@d.nl"), so no SQL equality finds a relation by e-mail.
The look-up tables (relations, articles, revenue groups, templates) are therefore read whole,
once per run (a container, so a reader, lives one run), into the same in-memory index the
memory administration uses (domain.relation_index): one normalisation for every kind.
What exactly-once rests on is never cached: the betalingskenmerk check, the highest
relatiecode and an order's number are read fresh every time. A relation the Gateway wrote is
read back at once and replaces its cached self.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.article import ARTICLE_CODE_FIELD, Article, RevenueGroup, SalesTemplate
from domain.customer import Relation, normalise_name
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex
from domain.sales_order import BookedOrderRef, SalesOrderHeader
from infrastructure.snelstart.odbc.connection import OdbcConnection
from infrastructure.snelstart.rules import sales_orders as order_rules
from infrastructure.snelstart.rules import writes as rules

from infrastructure.snelstart.classic import rows
from infrastructure.snelstart.classic.queries import ClassicQueries, TableQuery
from infrastructure.snelstart.classic.schema_map import SchemaMap

_LARGEST_KEY = 2 ** 63 - 1


def _code(text: str) -> int | None:
    number = rules.reference_number(text)
    return number if number is not None and number <= _LARGEST_KEY else None


class ClassicReader:
    """The `Administration` port over one ODBC connection and one schema map."""

    def __init__(self, connection: OdbcConnection, schema_map: SchemaMap):
        self._db, self.map = connection, schema_map
        self.queries = ClassicQueries(schema_map)
        self._reading = {name: rows.Reading(mapped, schema_map.source) for name, mapped in schema_map.tables.items()}
        self._relations: RelationIndex | None = None
        self._countries: rows.Countries | None = None
        self._articles: dict[str, Article] | None = None
        self._by_field: dict[tuple[str, str], list[str]] = {}
        self._groups: list[RevenueGroup] | None = None
        self._templates: list[SalesTemplate] | None = None

    def run(self, query: TableQuery, **values: Any) -> list[dict[str, Any]]:
        """The rows of `query` as field → value, filtered exactly (see queries.py)."""
        dialect = self._db.dialect
        found = self._db.rows(query.select(dialect), query.params(dialect, values))
        return [dict(zip(query.fields, row)) for row in query.finish(found, values)]

    def _read(self, concept: str) -> rows.Reading:
        return self._reading[concept]

    # Relations ------------------------------------------------------------------------------------
    @property
    def countries(self) -> rows.Countries:
        if self._countries is None:
            query = self.queries.countries
            pairs = None if query is None else [(r["id"], self._read("countries").text(r, "code"))
                                                 for r in self.run(query)]
            self._countries = rows.Countries(pairs)
        return self._countries

    def _extra_fields(self, query: TableQuery | None, **values: Any) -> dict[int, list[tuple[str, str]]]:
        found: dict[int, list] = {}
        if query is None:
            return {}
        read = self._read("relation_extra_fields")
        for row in self.run(query, **values):
            position = read.number(row, "position", 0)
            found.setdefault(read.number(row, "relation"), []).append((position, rows.extra_field(read, row)))
        return {code: [pair for _, pair in sorted(fields, key=lambda f: f[0])] for code, fields in found.items()}

    def _relation(self, row: dict, extras: dict[int, list]) -> Relation:
        read = self._read("relations")
        return rows.relation(read, row, self.countries, tuple(extras.get(read.number(row, "code"), ())))

    @property
    def relations(self) -> RelationIndex:
        if self._relations is None:
            extras = self._extra_fields(self.queries.relation_extra_fields)
            self._relations = RelationIndex(self._relation(r, extras) for r in self.run(self.queries.relations))
        return self._relations

    def reread_relation(self, code: int) -> Relation | None:
        """The relation as the database holds it now (after a Gateway write), into the index."""
        found = self.run(self.queries.relation_by_code, code=code)
        if not found:
            return None
        extras = self._extra_fields(self.queries.relation_extra_fields_of, code=code)
        relation = self._relation(found[0], extras)
        if self._relations is not None:
            self._relations.add(relation)
        return relation

    def relation_by_code(self, code: str) -> Relation | None:
        return self.relations.relation_by_code(code) if _code(code) is not None else None

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return sorted(self.relations.relations_by_email(email, email_pass), key=lambda r: r.code)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return sorted(self.relations.relations_by_vat(vat_number), key=lambda r: r.code)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return sorted(self.relations.relations_by_coc(coc_number), key=lambda r: r.code)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return sorted(self.relations.relations_by_postcode(country, postcode), key=lambda r: r.code)

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return [(r, normalise_name(r.name)) for r in self.relations_by_postcode(country, postcode)]

    def next_relation_code(self) -> int:
        # SnelStart's habit: one more than the highest relatiecode in use (customers and suppliers).
        read = self._read("relations")
        codes = [read.number(row, "code") for row in self.run(self.queries.relation_codes)]
        return max((c for c in codes if c is not None), default=0) + 1

    # Sales orders: read fresh every time (exactly once rests on them) ----------------------------
    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        wanted = reference.strip()
        if not wanted:
            return []
        read = self._read("sales_orders")
        return [rows.order_ref(read, r) for r in self.run(self.queries.orders_by_payment_reference, kenmerk=wanted)]

    def sales_order(self, number: int) -> tuple[BookedOrderRef, str, Decimal | None] | None:
        """The order with this number, its id (its number as text when the map has no id) and the
        VAT SnelStart computed for it (None when the map has no total_vat column)."""
        found = self.run(self.queries.order_by_number, number=number)
        if not found:
            return None
        read = self._read("sales_orders")
        ref = rows.order_ref(read, found[0])
        vat = read.money(found[0], "total_vat") if read.mapped.has("total_vat") else None
        return ref, (read.text(found[0], "id") or str(ref.number)), vat

    def sales_orders_in_period(self, since: datetime | None, until: datetime | None = None) -> list[SalesOrderHeader]:
        """One read of the orders table, whatever the number of orders; the period in Python."""
        since, until = order_rules.period(since, until)
        read = self._read("sales_orders")
        found = []
        for row in self.run(self.queries.order_headers):
            date = read.moment(row, "date")
            if (since is None or date >= since) and (until is None or date < until):
                found.append(SalesOrderHeader(read.number(row, "number"), read.text(row, "payment_reference").strip(),
                                              read.money(row, "total"), date))
        return sorted(found, key=lambda h: h.number)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        if not -_LARGEST_KEY <= relation_code <= _LARGEST_KEY:
            return None
        latest = self.run(self.queries.latest_order_of, code=relation_code)
        if not latest:
            return None
        template_id = self._read("sales_orders").text(latest[0], "template").strip()
        return next((t for t in self.templates if t.id == template_id), None) if template_id else None

    # Templates and revenue groups -----------------------------------------------------------------
    @property
    def templates(self) -> list[SalesTemplate]:
        if self._templates is None:
            read = self._read("templates")
            self._templates = sorted((rows.template(read, r) for r in self.run(self.queries.templates)),
                                     key=lambda t: t.id)
        return self._templates

    @property
    def revenue_groups(self) -> list[RevenueGroup]:
        if self._groups is None:
            read = self._read("revenue_groups")
            self._groups = sorted((rows.revenue_group(read, r) for r in self.run(self.queries.revenue_groups)),
                                  key=lambda g: (g.number, g.id))
        return self._groups

    def template(self, reference: str) -> SalesTemplate | None:
        return rules.resolve_reference(self.templates, reference, lambda t: t.number, lambda t: t.description)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return rules.resolve_reference(self.revenue_groups, reference, lambda g: g.number, lambda g: g.description)

    # Articles -------------------------------------------------------------------------------------
    def _grouped(self, query: TableQuery | None, concept: str, value) -> dict[str, list]:
        found: dict[str, list] = {}
        if query is None:
            return found
        read = self._read(concept)
        for row in self.run(query):
            found.setdefault(read.text(row, "article"), []).append((read.number(row, "position", 0), value(read, row)))
        return {code: [v for _, v in sorted(items, key=lambda item: item[0])] for code, items in found.items()}

    @property
    def articles(self) -> dict[str, Article]:
        if self._articles is None:
            extras = self._grouped(self.queries.article_extra_fields, "article_extra_fields", rows.extra_field)
            recipes = self._grouped(self.queries.recipe_lines, "recipe_lines", rows.recipe_line)
            read = self._read("articles")
            self._articles = {}
            for row in self.run(self.queries.articles):
                code = read.text(row, "code")
                article = rows.article(read, row, tuple(extras.get(code, ())), tuple(recipes.get(code, ())))
                self._articles[article.code] = article
                for name, value in article.extra_fields:
                    self._by_field.setdefault(rules.field_key(name, value), []).append(article.code)
        return self._articles

    def article_with_code(self, code: str) -> Article | None:
        """The article with exactly this artikelcode, inactive or not."""
        return self.articles.get(code)

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        wanted = code.strip()
        if code_field.strip().casefold() == ARTICLE_CODE_FIELD:
            found = self.article_with_code(wanted)
            return found if found is not None and not found.inactive else None
        articles = self.articles
        for article_code in sorted(self._by_field.get(rules.field_key(code_field, wanted), ())):
            if not articles[article_code].inactive:
                return articles[article_code]
        return None

    def counts(self) -> dict[str, int]:
        return {"relations": len(self.relations), "articles": len(self.articles)}
