"""`sconnect snelstart inspect`: what an ODBC administration really holds, next to the schema map.

The tables and columns come from the ODBC catalogue functions (SQLTables, SQLColumns through
pyodbc's cursor.tables() and cursor.columns()), which every driver has — SQL Server's,
Access's, MDBTools', SQLite's — so the same command works on every ODBC kind, the embedded
one included. A draft map starts from the current one: a name the database has is kept in
the database's spelling; a missing one is replaced by the closest name there, marked CHECK,
or kept and marked MISSING when nothing comes close.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from infrastructure.snelstart.odbc.connection import OdbcConnection

from infrastructure.snelstart.classic.schema_map import (CONCEPTS, FORMAT, Catalogue, Missing, SchemaMap,
                                                         missing)


@dataclass(frozen=True)
class Inspection:
    what: str  # the administration (a file, or a database on a server)
    driver: str
    schema_map: SchemaMap
    catalogue: Catalogue
    missing: tuple[Missing, ...]

    def mapped_as(self, table: str, column: str | None = None) -> list[str]:
        """Which concept (or concept.field) the map reads from this table (or column)."""
        found = []
        for mapped in self.schema_map.tables.values():
            if mapped.table.casefold() != table.casefold():
                continue
            if column is None:
                found.append(mapped.concept)
            else:
                found += [f"{mapped.concept}.{name}" for name, c in mapped.columns.items()
                          if c.casefold() == column.casefold()]
        return found

    def to_json(self) -> dict:
        return {
            "administration": self.what, "driver": self.driver, "schema_map": self.schema_map.source,
            "tables": [{"name": table, "mapped_as": self.mapped_as(table),
                        "columns": [{"name": column, "mapped_as": self.mapped_as(table, column)}
                                    for column in columns]}
                       for table, columns in self.catalogue.tables.items()],
            "missing": [{"concept": m.concept, "table": m.table, "column": m.column} for m in self.missing],
        }


def inspect(db: OdbcConnection, schema_map: SchemaMap) -> Inspection:
    tables = {table: tuple(db.column_names(table)) for table in db.table_names()}
    catalogue = Catalogue(tables)
    return Inspection(db.what, db.driver_version(), schema_map, catalogue, tuple(missing(schema_map, catalogue)))


def _closest(name: str, candidates: list[str]) -> str | None:
    by_folded = {c.casefold(): c for c in candidates}
    found = difflib.get_close_matches(name.casefold(), list(by_folded), n=1, cutoff=0.6)
    return by_folded[found[0]] if found else None


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def draft_map(inspection: Inspection) -> str:
    """A schema map for this database, as TOML text with a comment on every name to check."""
    catalogue, schema_map = inspection.catalogue, inspection.schema_map
    lines = [f"# Schema map drafted by `sconnect snelstart inspect` on {datetime.now():%Y-%m-%d %H:%M}",
             f"# for {inspection.what}, from {schema_map.source}.",
             "# Lines marked CHECK hold the closest name the database has; lines marked MISSING name what it",
             "# lacks. Fix them (or remove an optional concept whole), then point snelstart.schema_map here.",
             "", f"format = {FORMAT}"]
    tables = list(catalogue.tables)
    for concept in CONCEPTS.values():
        mapped = schema_map.get(concept.name)
        if mapped is None:
            continue
        lines += ["", f"[{concept.name}]"]
        table = catalogue.table(mapped.table)
        note = ""
        if table is None:
            table = _closest(mapped.table, tables)
            note = (f"  # CHECK: no table {mapped.table} here; this is the closest name" if table
                    else f"  # MISSING: no table {mapped.table} here, nor one like it")
            table = table or mapped.table
        lines.append(f"table = {_toml_string(table)}{note}")
        lines.append(f"table_confirmed = {'true' if mapped.table_confirmed else 'false'}")
        lines += ["", f"[{concept.name}.columns]"]
        columns = list(catalogue.tables.get(table, ()))
        for name, column in mapped.columns.items():
            found, note = catalogue.column(table, column), ""
            if found is None:
                found = _closest(column, columns)
                note = (f"  # CHECK: no column {column} in {table}; this is the closest name" if found
                        else f"  # MISSING: no column {column} in {table}, nor one like it")
                found = found or column
            required = "  # required" if name in concept.required else ""
            lines.append(f"{name} = {_toml_string(found)}{note or required}")
        for field_name, translation in mapped.values.items():
            lines += ["", f"[{concept.name}.values.{field_name}]"]
            lines += [f"{_toml_string(stored)} = {_toml_string(ours)}" for stored, ours in translation.items()]
    return "\n".join(lines) + "\n"
