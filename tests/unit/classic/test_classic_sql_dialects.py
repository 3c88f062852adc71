"""Every statement the classic reader runs, in T-SQL (SQL Server, LocalDB) and Access (Jet, and
MDBTools' narrow slice of it), parsed by a real SQL parser (sqlglot) — not compared as strings.
The SQLite rendering runs for real against the classic-shaped database (tests/contract, the
classic adapter).

sqlglot has a T-SQL dialect but no Access one. Jet SQL as the reader writes it (brackets, TOP,
`?`, Trim()) is a subset of what sqlglot's T-SQL dialect reads, so an Access statement is
parsed as T-SQL, and then held to what Jet has: only the node kinds listed below, Trim() as the
only function, and for MDBTools nothing but columns and one table."""
from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from infrastructure.snelstart.classic.queries import ClassicQueries
from infrastructure.snelstart.classic.schema_map import load_schema_map
from infrastructure.snelstart.odbc.access import AccessDialect
from infrastructure.snelstart.odbc.sql import Sql
from infrastructure.snelstart.odbc.tsql import TSqlDialect

QUERIES = ClassicQueries(load_schema_map()).every()
IDS = [q.purpose for q in QUERIES]

# What Jet SQL has of sqlglot's expression kinds, for the statements the reader writes.
JET_NODES = {exp.Select, exp.Column, exp.Identifier, exp.From, exp.Table, exp.Where, exp.EQ, exp.And,
             exp.Placeholder, exp.Order, exp.Ordered, exp.Limit, exp.Literal, exp.Trim}
MDBTOOLS_NODES = {exp.Select, exp.Column, exp.Identifier, exp.From, exp.Table}


def rendered(dialect, query):
    sql, names = Sql(dialect).render(query.select(dialect))
    return sql, names


def parsed(sql: str) -> exp.Expression:
    statements = sqlglot.parse(sql, read="tsql")
    assert len(statements) == 1, sql
    return statements[0]


def check_shape(tree: exp.Expression, query, names, sql: str) -> None:
    assert isinstance(tree, exp.Select), sql
    assert [t.name for t in tree.find_all(exp.Table)] == [query.table]
    assert [c.name for c in tree.expressions] == [query.mapped.column(f) for f in query.fields]
    assert len(list(tree.find_all(exp.Placeholder))) == len(names)


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_the_tsql_of_every_query_parses_as_tsql_and_reads_what_the_map_says(query):
    sql, names = rendered(TSqlDialect(), query)
    tree = parsed(sql)
    check_shape(tree, query, names, sql)
    assert names == tuple(c.param for c in query.where)
    # Canonical T-SQL: sqlglot writes the same statement back (a LIMIT or a "quote" would not survive).
    assert tree.sql(dialect="tsql") == sql
    if query.limit is not None:
        assert tree.args["limit"] is not None and sql.startswith(f"SELECT TOP {query.limit} ")


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_the_access_sql_of_every_query_is_jet_sql(query):
    sql, names = rendered(AccessDialect(), query)
    tree = parsed(sql)
    check_shape(tree, query, names, sql)
    kinds = {type(node) for node in tree.walk()}
    assert kinds <= JET_NODES, f"not Jet SQL: {kinds - JET_NODES} in {sql}"
    assert tree.sql(dialect="tsql").casefold() == sql.casefold()


@pytest.mark.parametrize("query", QUERIES, ids=IDS)
def test_the_mdbtools_sql_of_every_query_reads_one_whole_table_without_parameters(query):
    sql, names = rendered(AccessDialect(limited=True), query)
    tree = parsed(sql)
    check_shape(tree, query, names, sql)
    assert names == ()
    kinds = {type(node) for node in tree.walk()}
    assert kinds <= MDBTOOLS_NODES, f"MDBTools cannot parse {kinds - MDBTOOLS_NODES} in {sql}"


def test_the_statements_cover_every_concept_of_the_map():
    assert {q.mapped.concept for q in QUERIES} == set(load_schema_map().tables)


def test_a_broken_rendering_would_be_caught():
    # The checks above are not vacuous: a LIMIT (not T-SQL) and an ORDER BY (not MDBTools) are seen.
    assert parsed("SELECT [a] FROM [t] LIMIT 1").sql(dialect="tsql") != "SELECT [a] FROM [t] LIMIT 1"
    assert exp.Order in {type(n) for n in parsed("SELECT [a] FROM [t] ORDER BY [a]").walk()}
    with pytest.raises(sqlglot.errors.ParseError):
        sqlglot.parse_one("SELECT [a] FROM WHERE", read="tsql")


def test_mdbtools_takes_no_parameters_and_access_no_bracket_in_a_name():
    with pytest.raises(ValueError):
        AccessDialect(limited=True).parameter(0)
    with pytest.raises(ValueError):
        AccessDialect().quote("a]b")
    assert TSqlDialect().quote("a]b") == "[a]]b]"
