"""Every statement the classic reader runs, built from the schema map in this one place.

Each is a single-table SELECT (`TableQuery`): no joins, because the MDBTools driver has none,
and a concept's rows are put together in Python (a relation with its extra fields). A query
renders to the neutral notation of odbc/sql.py for its dialect:

- a dialect that filters in SQL gets the WHERE, ORDER BY and TOP/LIMIT;
- MDBTools (`filters_in_sql` False) gets `SELECT columns FROM table` only.

Either way `finish` then applies the conditions, order and limit in Python — exactly, whatever
the database did: SQL Server's usual collation compares case-insensitively ('art-1001' would
find ART-1001), and S-Connect compares article codes exactly.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Iterable, Mapping, Sequence

from infrastructure.snelstart.odbc.dialect import Dialect
from infrastructure.snelstart.odbc.sql import Select

from infrastructure.snelstart.classic.schema_map import CONCEPTS, MappedTable, SchemaMap


@dataclass(frozen=True)
class Condition:
    """`field` equals the parameter `param`; `trimmed`: the stored value's surrounding spaces
    are ignored (a betalingskenmerk typed by hand)."""

    field: str
    param: str
    trimmed: bool = False


@dataclass(frozen=True)
class TableQuery:
    purpose: str  # what it reads, for messages and the dialect tests
    mapped: MappedTable
    fields: tuple[str, ...]  # the fields read, in this order (each a mapped column)
    where: tuple[Condition, ...] = ()
    order_by: tuple[tuple[str, bool], ...] = ()  # (field, descending)
    # Only with conditions on numbers: a case-insensitive collation could otherwise put a row
    # the exact check below drops into the few that were taken.
    limit: int | None = None

    @property
    def table(self) -> str:
        return self.mapped.table

    def _column(self, name: str) -> str:
        return f"[{self.mapped.column(name)}]"

    def select(self, dialect: Dialect) -> Select:
        columns = ", ".join(self._column(f) for f in self.fields)
        source = f"[{self.table}]"
        if not dialect.filters_in_sql:
            return Select(columns, source)
        where = " AND ".join(
            f"{dialect.trimmed(self._column(c.field)) if c.trimmed else self._column(c.field)} = :{c.param}"
            for c in self.where)
        order = tuple(self._column(f) + (" DESC" if descending else "") for f, descending in self.order_by)
        return Select(columns, source, where, order, self.limit)

    def params(self, dialect: Dialect, values: Mapping[str, Any]) -> dict[str, Any]:
        return dict(values) if dialect.filters_in_sql and self.where else {}

    def finish(self, rows: Iterable[Sequence], values: Mapping[str, Any]) -> list[Sequence]:
        at = {name: i for i, name in enumerate(self.fields)}
        kept = [row for row in rows if all(_equal(row[at[c.field]], values[c.param], c.trimmed) for c in self.where)]
        for name, descending in reversed(self.order_by):
            kept.sort(key=lambda row: _sortable(row[at[name]]), reverse=descending)
        return kept if self.limit is None else kept[:self.limit]


def _equal(stored: Any, wanted: Any, trimmed: bool) -> bool:
    if stored is None:
        return False
    if isinstance(wanted, str):
        text = stored if isinstance(stored, str) else str(stored)
        return (text.strip() if trimmed else text) == wanted
    if isinstance(wanted, int) and not isinstance(stored, str):
        try:
            return Decimal(str(stored)) == wanted  # a driver may hand an integer column as Decimal or float
        except ArithmeticError:
            return False
    if isinstance(stored, str):
        return stored.strip() == str(wanted)
    return stored == wanted


def _sortable(value: Any) -> tuple:
    # NULLs first, as SQL Server sorts them; dates before numbers never mix in one column.
    if value is None:
        return (0, 0)
    if isinstance(value, (datetime, date)):
        return (1, value if isinstance(value, datetime) else datetime(value.year, value.month, value.day))
    if isinstance(value, str):
        try:
            return (1, datetime.fromisoformat(value.strip()))
        except ValueError:
            return (2, value)
    return (1, Decimal(str(value)))


def _all(purpose: str, mapped: MappedTable, names: Iterable[str]) -> TableQuery:
    return TableQuery(purpose, mapped, mapped.fields(*names))


class ClassicQueries:
    """The reader's statements for one schema map."""

    def __init__(self, schema_map: SchemaMap):
        self.map = schema_map

        def every(concept: str) -> TableQuery | None:
            mapped = schema_map.get(concept)
            return None if mapped is None else _all(f"every row of {concept}", mapped, CONCEPTS[concept].fields)

        self.relations = every("relations")
        self.countries = every("countries")
        self.relation_extra_fields = every("relation_extra_fields")
        self.articles = every("articles")
        self.article_extra_fields = every("article_extra_fields")
        self.recipe_lines = every("recipe_lines")
        self.revenue_groups = every("revenue_groups")
        self.templates = every("templates")

        relations, orders = schema_map["relations"], schema_map["sales_orders"]
        self.relation_by_code = TableQuery("the relation with a relatiecode", relations, relations.fields(
            *CONCEPTS["relations"].fields), (Condition("code", "code"),))
        self.relation_extra_fields_of = None if self.relation_extra_fields is None else TableQuery(
            "the extra fields of one relation", self.relation_extra_fields.mapped, self.relation_extra_fields.fields,
            (Condition("relation", "code"),))
        # The highest relatiecode: every code, the maximum taken in Python (Jet and MDBTools
        # both lack COALESCE, MDBTools any aggregate); a relation table is small enough.
        self.relation_codes = TableQuery("every relatiecode", relations, ("code",))
        order_fields = orders.fields("number", "id", "relation", "payment_reference", "date", "template", "total",
                                     "total_vat")
        self.orders_by_payment_reference = TableQuery(
            "sales orders with a betalingskenmerk", orders, order_fields,
            (Condition("payment_reference", "kenmerk", trimmed=True),), (("number", False),))
        self.order_by_number = TableQuery("the sales order with a number", orders, order_fields,
                                          (Condition("number", "number"),))
        # Reconcile's bulk read: the whole table in one statement, the period taken in Python
        # (a date range is no Condition, and MDBTools filters nothing anyway).
        self.order_headers = TableQuery("every sales order's number, betalingskenmerk, total and date", orders,
                                        orders.fields("number", "payment_reference", "total", "date"),
                                        (), (("number", False),))
        self.latest_order_of = TableQuery(
            "a customer's latest sales order", orders, order_fields, (Condition("relation", "code"),),
            (("date", True), ("number", True)), limit=1)

    def every(self) -> list[TableQuery]:
        """Each query the reader may run (for the dialect tests)."""
        return [q for q in vars(self).values() if isinstance(q, TableQuery)]

