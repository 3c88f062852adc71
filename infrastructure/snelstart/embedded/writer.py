"""Writing the embedded administration: the `Gateway` port, and loading a whole snapshot.

Every write is one transaction that takes the write lock at its start (Dialect.begin_write),
so a relation with its extra fields and search keys, or a sales order with its lines, is
committed whole or not at all, and two processes cannot both take the same relatiecode or
order number. The rules are SnelStart's, shared with the in-memory fake (rules.writes,
rules.sales_orders); a unique key the database refuses becomes SnelStart's refusal for it.
"""
from __future__ import annotations

from domain.article import Article, NewArticle
from domain.customer import NewRelation, Relation
from domain.field_limits import STAND_IN_ARTICLE_CODES
from domain.sales_order import CreatedSalesOrder, SalesOrderPlan
from infrastructure.snelstart.rules import limits
from infrastructure.snelstart.rules import sales_orders as order_rules
from infrastructure.snelstart.rules import writes as rules
from infrastructure.snelstart.odbc.connection import (ConstraintViolation, DriverError, OdbcConnection,
                                                      UniqueViolation)
from infrastructure.snelstart.odbc.sql import insert
from infrastructure.snelstart.snapshot import Snapshot, SnapshotError

from infrastructure.snelstart.embedded import rows
from infrastructure.snelstart.embedded.reader import EmbeddedReader
from infrastructure.snelstart.embedded.schema import (ADMINISTRATION, ARTICLE_EXTRA_FIELDS, ARTICLES, CONTENT_TABLES, RECIPE_LINES,
                                                       RELATION_EXTRA_FIELDS, RELATIONS, REVENUE_GROUPS,
                                                       SALES_ORDER_LINES, SALES_ORDERS, SEARCH_KEYS, TEMPLATES, Table)


def _insert(table: Table) -> str:
    return insert(table.name, table.column_names)


def _update(table: Table, key: str, columns: tuple[str, ...]) -> str:
    assignments = ", ".join(f"[{c}] = :{c}" for c in columns)
    return f"UPDATE [{table.name}] SET {assignments} WHERE [{key}] = :{key}"


def _delete(table: Table, key: str) -> str:
    return f"DELETE FROM [{table.name}] WHERE [{key}] = :{key}"


_RELATION_FIELDS = tuple(c for c in RELATIONS.column_names if c != "relatiecode")
_ARTICLE_FIELDS = ("omschrijving", "verkoopprijs", "artikelOmzetgroep", "nonactief")  # the recipe stays


class _Held:
    """What a held transaction (begin … commit) has read of articles, revenue groups and
    templates. The transaction holds the write lock, so nobody else changes them meanwhile; the
    run's own article writes forget the articles. Pricing a sales order reads each line's article
    and its revenue group: kept, a chunk reads them once, and prices them exactly as before."""

    def __init__(self, reader: EmbeddedReader):
        self._reader = reader
        self.articles: dict[str, Article | None] = {}
        self._rates: dict[str, object] = {}
        self._templates: dict[str, bool] = {}
        # The next sales order number: one more than the last this transaction wrote (nobody
        # else writes meanwhile); None until the first is written (a refused one takes none).
        self.next_order_number: int | None = None

    def article_with_code(self, code: str) -> Article | None:
        if code not in self.articles:
            self.articles[code] = self._reader.article_with_code(code)
        return self.articles[code]

    def vat_rate_of(self, article: Article):
        if article.revenue_group_id not in self._rates:
            self._rates[article.revenue_group_id] = self._reader.vat_rate_of(article)
        return self._rates[article.revenue_group_id]

    def template_exists(self, template_id: str) -> bool:
        if template_id not in self._templates:
            self._templates[template_id] = self._reader.template_exists(template_id)
        return self._templates[template_id]


class EmbeddedWriter:
    """The `Gateway` port over an embedded administration's connection."""

    def __init__(self, connection: OdbcConnection, reader: EmbeddedReader):
        self._db, self._reader = connection, reader
        self._held: _Held | None = None

    # A chunk's writes together (EmbeddedAdministration.begin_writes) ---------------------------
    def begin(self) -> None:
        self._db.begin()
        self._held = _Held(self._reader)

    def commit(self) -> None:
        self._held = None
        self._db.commit()

    def abandon(self) -> None:
        self._held = None
        self._db.rollback()

    def _articles_changed(self) -> None:
        if self._held is not None:
            self._held.articles.clear()

    # Relations ----------------------------------------------------------------------------------
    def _file_relation(self, relation: Relation) -> None:
        """Its extra fields and search keys, which follow the relation row."""
        self._db.execute_many(_insert(RELATION_EXTRA_FIELDS), rows.relation_extra_rows(relation))
        self._db.execute_many(_insert(SEARCH_KEYS), rows.search_key_rows(relation))

    def create_relation(self, relation: NewRelation) -> Relation:
        with self._db.write():
            code = relation.code if relation.code is not None else self._reader.next_relation_code()
            rules.check_relation_code(code)
            rules.check_relation(relation)
            created = rules.created_relation(relation, code, rules.new_id("r", code, self._reader.relation_id_taken))
            try:
                self._db.execute(_insert(RELATIONS), rows.relation_row(created))
            except UniqueViolation as violation:
                if (violation.table, violation.column) == (RELATIONS.name, "relatiecode"):
                    raise rules.code_in_use(code) from None
                raise
            self._file_relation(created)
        return created

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        with self._db.write():
            current = self._reader.relation_by_code(str(code))
            if current is None:
                raise rules.unknown_relation(code)
            rules.check_relation(relation)
            updated = rules.updated_relation(current, relation)
            self._db.execute(_update(RELATIONS, "relatiecode", _RELATION_FIELDS), rows.relation_row(updated))
            self._db.execute(_delete(RELATION_EXTRA_FIELDS, "relatiecode"), {"relatiecode": code})
            self._db.execute(_delete(SEARCH_KEYS, "relatiecode"), {"relatiecode": code})
            self._file_relation(updated)
        return updated

    # Articles -----------------------------------------------------------------------------------
    def _file_article(self, article: Article) -> None:
        self._db.execute_many(_insert(ARTICLE_EXTRA_FIELDS), rows.article_extra_rows(article))

    def create_article(self, article: NewArticle) -> Article:
        with self._db.write():
            code = rules.new_article_code(article, STAND_IN_ARTICLE_CODES)
            rules.check_article(article.description, article.revenue_group_id, article.sales_price,
                                self._reader.revenue_group_exists)
            created = rules.created_article(article, code, rules.new_id("a", code, self._reader.article_id_taken))
            try:
                self._db.execute(_insert(ARTICLES), rows.article_row(created))
            except UniqueViolation as violation:
                if (violation.table, violation.column) == (ARTICLES.name, "artikelcode"):
                    raise rules.article_code_in_use(code) from None
                raise
            self._file_article(created)
        self._articles_changed()
        return created

    def update_article(self, article: Article) -> Article:
        with self._db.write():
            current = self._reader.article_with_code(article.code.strip())
            if current is None:
                raise rules.unknown_article(article.code)
            rules.check_article(article.description, article.revenue_group_id, article.sales_price,
                                self._reader.revenue_group_exists)
            updated = rules.updated_article(current, article)
            self._db.execute(_update(ARTICLES, "artikelcode", _ARTICLE_FIELDS), rows.article_row(updated))
            self._db.execute(_delete(ARTICLE_EXTRA_FIELDS, "artikelcode"), {"artikelcode": updated.code})
            self._file_article(updated)
        self._articles_changed()
        return updated

    # Sales orders -------------------------------------------------------------------------------
    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        reader = self._reader
        kept = self._held or reader
        with self._db.write():
            relation = None if plan.relation_code is None else reader.relation_by_code(str(plan.relation_code))
            relation = order_rules.check_customer(plan, relation)
            order_rules.check_template(plan, kept.template_exists)
            limits.check_sales_order(plan)
            priced = order_rules.price_sales_order(plan, kept.article_with_code, kept.vat_rate_of)
            number = self._next_order_number()
            order = order_rules.stored_sales_order(plan, relation, priced, number,
                                                   rules.new_id("o", number, reader.order_id_taken))
            # Header and lines in the one transaction: a process killed in between leaves no order.
            self._db.execute(_insert(SALES_ORDERS), rows.sales_order_row(order))
            self._db.execute_many(_insert(SALES_ORDER_LINES), rows.sales_order_line_rows(order))
        if self._held is not None:
            self._held.next_order_number = number + 1
        return order_rules.created_sales_order(order, priced)

    def _next_order_number(self) -> int:
        held = self._held
        if held is not None and held.next_order_number is not None:
            return held.next_order_number
        return self._db.next_key(SALES_ORDERS.name, "nummer")

    # Identity -----------------------------------------------------------------------------------
    def _name(self, administration_id: str, name: str) -> None:
        self._db.execute(f"DELETE FROM [{ADMINISTRATION.name}]")
        self._db.execute(insert(ADMINISTRATION.name, ADMINISTRATION.column_names),
                         {"id": administration_id, "naam": name})

    def name_administration(self, administration_id: str) -> None:
        """Give the administration an id when it has none yet (another process may have, first)."""
        with self._db.write():
            known, name = self._reader.about()
            if not known:
                self._name(administration_id, name)

    # Loading ------------------------------------------------------------------------------------
    def replace_contents(self, snapshot: Snapshot) -> None:
        """The administration becomes `snapshot`, in one transaction: the old contents or the new."""
        db = self._db
        try:
            with db.write():
                for table in reversed(CONTENT_TABLES):
                    db.execute(f"DELETE FROM [{table.name}]")
                db.execute_many(_insert(REVENUE_GROUPS), map(rows.revenue_group_row, snapshot.revenue_groups))
                db.execute_many(_insert(TEMPLATES), map(rows.template_row, snapshot.templates))
                db.execute_many(_insert(RELATIONS), map(rows.relation_row, snapshot.relations))
                db.execute_many(_insert(RELATION_EXTRA_FIELDS),
                                (row for r in snapshot.relations for row in rows.relation_extra_rows(r)))
                db.execute_many(_insert(SEARCH_KEYS),
                                (row for r in snapshot.relations for row in rows.search_key_rows(r)))
                db.execute_many(_insert(ARTICLES), map(rows.article_row, snapshot.articles))
                db.execute_many(_insert(ARTICLE_EXTRA_FIELDS),
                                (row for a in snapshot.articles for row in rows.article_extra_rows(a)))
                db.execute_many(_insert(RECIPE_LINES), (row for a in snapshot.articles for row in rows.recipe_rows(a)))
                db.execute_many(_insert(SALES_ORDERS), map(rows.sales_order_row, snapshot.sales_orders))
                db.execute_many(_insert(SALES_ORDER_LINES),
                                (row for o in snapshot.sales_orders for row in rows.sales_order_line_rows(o)))
                if snapshot.administration_id:  # else the file stays the administration it was
                    self._name(snapshot.administration_id, snapshot.administration_name)
        # Only a snapshot load_snapshot did not read gets here (a key used twice, a number
        # beyond 64 bits): still one line, and the transaction left nothing of it.
        except (ConstraintViolation, DriverError) as refused:
            raise SnapshotError(f"the snapshot cannot be loaded: {refused}") from None

