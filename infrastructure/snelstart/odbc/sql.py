"""The neutral notation the ODBC adapters write their queries in, rendered through a Dialect.

- identifiers in square brackets: `[tblRelatie]`, `r.[naam]` (the dialect quotes them);
- named parameters: `:code` (the dialect gives the marker; the values are bound in order);
- a SELECT with ordering or paging is a `Select`, because those clauses sit in different
  places in different databases (`LIMIT n` at the end, `TOP n` after SELECT).
Values never enter the text: every value is a bound parameter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from infrastructure.snelstart.odbc.dialect import Dialect

_TOKEN = re.compile(r"\[([A-Za-z_][A-Za-z0-9_]*)\]|(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Select:
    columns: str  # "r.[naam], r.[email]"
    source: str  # "[tblRelatie] r LEFT JOIN …"
    where: str = ""  # "r.[relatiecode] = :code"
    order_by: tuple[str, ...] = ()  # "r.[relatiecode]", "[datum] DESC"
    limit: int | None = None


Statement = Select | str  # a str is any other statement (INSERT, UPDATE, DELETE, DDL) in the notation


def insert(table: str, columns: Sequence[str]) -> str:
    """INSERT of one row whose parameters are named after its columns."""
    names = ", ".join(f"[{c}]" for c in columns)
    values = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO [{table}] ({names}) VALUES ({values})"


class Sql:
    """Renders statements for one dialect (and remembers each rendering: queries repeat)."""

    def __init__(self, dialect: Dialect):
        self.dialect = dialect
        self._cache: dict[Statement, tuple[str, tuple[str, ...]]] = {}

    def _text(self, text: str, names: list[str]) -> str:
        def token(match: re.Match) -> str:
            if match.group(1) is not None:
                return self.dialect.quote(match.group(1))
            names.append(match.group(2))
            return self.dialect.parameter(len(names) - 1)
        return _TOKEN.sub(token, text)

    def render(self, statement: Statement) -> tuple[str, tuple[str, ...]]:
        """The dialect's SQL and the names of its parameters, in binding order."""
        cached = self._cache.get(statement)
        if cached is not None:
            return cached
        names: list[str] = []
        if isinstance(statement, Select):
            columns = self._text(statement.columns, names)
            source = self._text(statement.source, names)
            where = self._text(statement.where, names)
            order_by = tuple(self._text(part, names) for part in statement.order_by)
            sql = self.dialect.select(columns, source, where, order_by, statement.limit)
        else:
            sql = self._text(statement, names)
        rendered = self._cache[statement] = (sql, tuple(names))
        return rendered

    def bind(self, statement: Statement, params: Mapping[str, Any] | None = None) -> tuple[str, list[Any]]:
        sql, names = self.render(statement)
        params = params or {}
        missing = [name for name in names if name not in params]
        if missing:
            raise KeyError(f"no value for parameter(s) {', '.join(missing)} of: {sql}")
        return sql, [params[name] for name in names]

    def bind_many(self, statement: Statement, rows: Iterable[Mapping[str, Any]]) -> tuple[str, list[list[Any]]]:
        sql, names = self.render(statement)
        return sql, [[row[name] for name in names] for row in rows]
