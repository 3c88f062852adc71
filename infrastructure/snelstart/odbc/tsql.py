"""T-SQL: SQL Server and LocalDB, the databases of SnelStart 12 ("Netwerk"/SQL and "Lokaal").

The classic kinds only read over ODBC (SnelStart's own Gateway writes), so the write-side
parts of the Dialect protocol exist for completeness and are plain T-SQL.
"""
from __future__ import annotations

from infrastructure.snelstart.odbc.dialect import select_with_top


class TSqlDialect:
    """SQL Server through Microsoft's ODBC drivers (or FreeTDS)."""

    name = "tsql"
    filters_in_sql = True  # parameters, WHERE, ORDER BY and TOP all work

    def quote(self, identifier: str) -> str:
        return "[" + identifier.replace("]", "]]") + "]"

    def parameter(self, position: int) -> str:
        return "?"

    def select(self, columns: str, source: str, where: str, order_by: tuple[str, ...], limit: int | None) -> str:
        return select_with_top(columns, source, where, order_by, limit)

    def trimmed(self, expression: str) -> str:
        # TRIM() only exists from SQL Server 2017 on; SnelStart 12 also runs on older servers.
        return f"LTRIM(RTRIM({expression}))"

    def next_key(self, table: str, column: str) -> str:
        return f"SELECT COALESCE(MAX({self.quote(column)}), 0) + 1 FROM {self.quote(table)}"

    def generated_key(self) -> str:
        return "SELECT CAST(SCOPE_IDENTITY() AS BIGINT)"

    def tables(self) -> str:
        return "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"

    def databases(self) -> str:
        """The user databases of a server (the four system databases have ids 1–4)."""
        return "SELECT name FROM sys.databases WHERE database_id > 4 ORDER BY name"

    def begin_write(self) -> str:
        return "BEGIN TRANSACTION"

    def begin_read(self) -> str:
        return "BEGIN TRANSACTION"

    def unique_violation(self, error: Exception) -> tuple[str, str] | None:
        return None  # the classic kinds never write over ODBC: nothing to read from the error
