"""Access (Jet) SQL: the .mdb administrations of SnelStart 11 and older.

Two drivers read them. On Windows Microsoft's Access driver takes Jet SQL whole: `?`
parameters, WHERE, ORDER BY and TOP. On Linux MDBTools' driver takes very little of it: it
binds no parameters (SQLNumParams is not implemented), cannot parse ORDER BY, joins or a
doubled quote inside a literal, and has no aggregates. So with MDBTools (`limited`) every
statement is a bare `SELECT columns FROM table`, and the reader filters, sorts and takes the
maximum in Python (classic/queries.py) — which also keeps shop values out of the SQL text.
"""
from __future__ import annotations

import sys

from infrastructure.snelstart.odbc.dialect import select_with_top

ACCESS_DRIVER = "Microsoft Access Driver (*.mdb, *.accdb)"
MDBTOOLS_DRIVER = "MDBTools"
ACCESS_DRIVER_INSTALL = ("install the Microsoft Access Database Engine (2016 Redistributable, the same "
                         "32/64-bit as Python); on Linux: apt-get install odbc-mdbtools unixodbc")


def default_access_driver(platform: str = sys.platform) -> str:
    return ACCESS_DRIVER if platform == "win32" else MDBTOOLS_DRIVER


def is_limited(driver: str) -> bool:
    """Whether the driver is MDBTools (whatever the name it was registered under)."""
    return "mdbtools" in driver.casefold() or driver.casefold().startswith("libmdbodbc")


class AccessDialect:
    """Jet SQL; `limited`: through MDBTools (see the module's notes)."""

    name = "access"

    def __init__(self, limited: bool = False):
        self.limited = limited
        self.filters_in_sql = not limited

    def quote(self, identifier: str) -> str:
        if "]" in identifier:  # Jet has no escape for it
            raise ValueError(f"an Access name cannot hold ']': {identifier!r}")
        return f"[{identifier}]"

    def parameter(self, position: int) -> str:
        if self.limited:
            raise ValueError("the MDBTools ODBC driver binds no parameters")
        return "?"

    def select(self, columns: str, source: str, where: str, order_by: tuple[str, ...], limit: int | None) -> str:
        if self.limited and (where or order_by or limit is not None):
            raise ValueError("the MDBTools ODBC driver reads whole tables only (no WHERE, ORDER BY or TOP)")
        return select_with_top(columns, source, where, order_by, limit)

    def trimmed(self, expression: str) -> str:
        return f"Trim({expression})"

    def next_key(self, table: str, column: str) -> str:
        # Jet has no COALESCE (and Nz() exists only inside Access itself, not over ODBC).
        highest = f"MAX({self.quote(column)})"
        return f"SELECT IIf(IsNull({highest}), 0, {highest}) + 1 FROM {self.quote(table)}"

    def generated_key(self) -> str:
        return "SELECT @@IDENTITY"

    def tables(self) -> str:
        return "SELECT [Name] FROM [MSysObjects] WHERE [Type] = 1 AND [Flags] = 0"

    def begin_write(self) -> str:
        raise NotImplementedError("Jet SQL has no BEGIN statement; the classic kinds never write over ODBC")

    def begin_read(self) -> str:
        raise NotImplementedError("Jet SQL has no BEGIN statement; the classic kinds read statement by statement")

    def unique_violation(self, error: Exception) -> tuple[str, str] | None:
        return None
