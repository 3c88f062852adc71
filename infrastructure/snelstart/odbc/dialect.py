"""SQL dialects: what differs between the databases SnelStart administrations live in.

The queries of the ODBC adapters are written once, in a neutral notation (`sql.py`), and each
dialect renders them: identifier quoting, parameter markers, paging and ordering, how to get
the next or the generated key, how to take the write lock, and how a broken unique key shows
in the driver's generic error. SQLite (the embedded administration, and the classic-shaped test
database) is here; T-SQL (SQL Server / LocalDB: tsql.py) and Access (MDB: access.py) are the
classic kinds', which read only.
"""
from __future__ import annotations

import re
from typing import Protocol


class Dialect(Protocol):
    name: str
    # False: the driver takes no parameters, WHERE, ORDER BY or TOP (MDBTools), so a query
    # reads the whole table and is filtered in Python (snelstart/classic/queries.py).
    filters_in_sql: bool

    def quote(self, identifier: str) -> str:
        """An identifier (table, column) as the database wants it quoted."""
        ...

    def parameter(self, position: int) -> str:
        """The marker of the `position`-th parameter (0-based) of a statement."""
        ...

    def select(self, columns: str, source: str, where: str, order_by: tuple[str, ...], limit: int | None) -> str:
        """A SELECT from already rendered parts; `where` may be empty, `limit` None for all rows."""
        ...

    def trimmed(self, expression: str) -> str:
        """`expression` (a rendered column) with surrounding spaces removed."""
        ...

    def next_key(self, table: str, column: str) -> str:
        """A query whose one row and column is one more than the highest `column`, or 1."""
        ...

    def generated_key(self) -> str:
        """A query for the key the last INSERT on this connection generated."""
        ...

    def tables(self) -> str:
        """A query listing the names of the database's own tables (one column)."""
        ...

    def begin_write(self) -> str:
        """Starts a transaction that holds the write lock from its first statement: a read done
        inside it (the next relatiecode) cannot go stale before the write that uses it."""
        ...

    def begin_read(self) -> str:
        """Starts a transaction in which several reads see one consistent state."""
        ...

    def unique_violation(self, error: Exception) -> tuple[str, str] | None:
        """(table, column) of the unique key a failed statement broke, None for another error."""
        ...


def select_with_top(columns: str, source: str, where: str, order_by: tuple[str, ...], limit: int | None) -> str:
    """A SELECT in the Microsoft dialects (T-SQL and Jet): the row limit is `TOP n`, before the columns."""
    top = f"TOP {int(limit)} " if limit is not None else ""
    sql = f"SELECT {top}{columns} FROM {source}"
    if where:
        sql += f" WHERE {where}"
    if order_by:
        sql += " ORDER BY " + ", ".join(order_by)
    return sql


class SqliteDialect:
    """SQLite through the SQLite3 ODBC driver (libsqliteodbc / sqliteodbc)."""

    name = "sqlite"
    filters_in_sql = True

    def quote(self, identifier: str) -> str:
        return '"' + identifier.replace('"', '""') + '"'

    def parameter(self, position: int) -> str:
        return "?"  # ODBC's one parameter style

    def select(self, columns: str, source: str, where: str, order_by: tuple[str, ...], limit: int | None) -> str:
        sql = f"SELECT {columns} FROM {source}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += " ORDER BY " + ", ".join(order_by)
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return sql

    def trimmed(self, expression: str) -> str:
        return f"trim({expression})"

    def next_key(self, table: str, column: str) -> str:
        return f"SELECT COALESCE(MAX({self.quote(column)}), 0) + 1 FROM {self.quote(table)}"

    def generated_key(self) -> str:
        return "SELECT last_insert_rowid()"

    def tables(self) -> str:
        return "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"

    def begin_write(self) -> str:
        # A plain BEGIN takes the write lock only at the first write: two processes could both
        # read the same highest relatiecode first, and one would then fail instead of waiting.
        return "BEGIN IMMEDIATE"

    def begin_read(self) -> str:
        return "BEGIN"

    # The driver reports every constraint as the same generic pyodbc.Error (SQLSTATE HY000);
    # only SQLite's own text, passed through, says which key: "UNIQUE constraint failed: t.c".
    _UNIQUE = re.compile(r"UNIQUE constraint failed: ([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)")

    def unique_violation(self, error: Exception) -> tuple[str, str] | None:
        found = self._UNIQUE.search(" ".join(str(arg) for arg in getattr(error, "args", ())))
        return (found.group(1), found.group(2)) if found else None
