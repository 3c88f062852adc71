"""The schema map: where, in a SnelStart desktop administration, each thing S-Connect reads lives.

SnelStart publishes no table layout (reference/snelstart.md §6.2), so the names are data, not
code: the product ships its best knowledge (schema_map.toml beside this module) and a user
overrides it with `snelstart.schema_map = "FILE"`. This module knows which concepts and
fields exist (CONCEPTS), reads and checks a map file, and compares a map with what a
database's ODBC catalogue says it has (`missing`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from domain.errors import ConfigurationError

SHIPPED = "schema_map.toml"
FORMAT = 1
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class Concept:
    name: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    whole_optional: bool = False  # the concept may be left out of a map

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


def _address(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{part}" for part in ("contact", "street", "postcode", "city", "country"))


def _email_setting(prefix: str) -> tuple[str, ...]:
    return (f"{prefix}_email_send", f"{prefix}_email", f"{prefix}_cc_email")


# Every concept the Administration port reads, in the order a map file lists them.
CONCEPTS: dict[str, Concept] = {c.name: c for c in (
    Concept("relations",
            ("code", "name", "email", "establishment_street", "establishment_postcode", "establishment_city",
             "establishment_country"),
            ("kinds", "establishment_contact", *_address("correspondence"), "phone", "vat_number", "coc_number",
             "payment_term", "inactive", *_email_setting("invoice"), *_email_setting("quote"),
             *_email_setting("confirmation"), *_email_setting("reminder"))),
    Concept("countries", ("id", "code"), whole_optional=True),
    Concept("relation_extra_fields", ("relation", "name", "value"), ("position",), whole_optional=True),
    Concept("articles", ("code", "description", "price"), ("revenue_group", "inactive", "recipe_placement")),
    Concept("article_extra_fields", ("article", "name", "value"), ("position",), whole_optional=True),
    Concept("recipe_lines", ("article", "component", "quantity"), ("position",), whole_optional=True),
    Concept("revenue_groups", ("id", "description"), ("number", "vat_kind")),
    Concept("templates", ("id", "description"), ("number", "prices_excl_vat", "inactive")),
    Concept("sales_orders", ("number", "relation", "payment_reference", "date", "total"), ("id", "template", "total_vat")),
)}


@dataclass(frozen=True)
class MappedTable:
    """One concept's table: `columns` maps each mapped field to its column."""

    concept: str
    table: str
    columns: Mapping[str, str]
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # field → stored text → ours
    table_confirmed: bool = False

    def has(self, name: str) -> bool:
        return name in self.columns

    def column(self, name: str) -> str:
        return self.columns[name]

    def fields(self, *names: str) -> tuple[str, ...]:
        """The mapped ones of `names`, in that order."""
        return tuple(n for n in names if n in self.columns)


@dataclass(frozen=True)
class SchemaMap:
    source: str  # where it came from, for messages: a file, or "the shipped schema map"
    tables: Mapping[str, MappedTable]

    def __getitem__(self, concept: str) -> MappedTable:
        return self.tables[concept]

    def get(self, concept: str) -> MappedTable | None:
        return self.tables.get(concept)

    def named(self) -> list[tuple[str, str, str | None]]:
        """Every (concept, table, column) the map names; column None stands for the table itself."""
        found: list[tuple[str, str, str | None]] = []
        for mapped in self.tables.values():
            found.append((mapped.concept, mapped.table, None))
            found.extend((mapped.concept, mapped.table, column) for column in mapped.columns.values())
        return found


def _fail(source: str, where: str, problem: str) -> ConfigurationError:
    return ConfigurationError(f"{source}: {where}: {problem}")


def _name(value: object, source: str, where: str) -> str:
    if not isinstance(value, str) or not _NAME.match(value):
        raise _fail(source, where, f"{value!r} is not a table or column name (letters, digits and '_', "
                                   "not starting with a digit)")
    return value


def _concept(concept: Concept, data: object, source: str) -> MappedTable:
    if not isinstance(data, dict):
        raise _fail(source, concept.name, "expected a table ([" + concept.name + "])")
    unknown = sorted(set(data) - {"table", "table_confirmed", "columns", "values"})
    if unknown:
        raise _fail(source, f"{concept.name}.{unknown[0]}", "unknown key; the keys are table, table_confirmed, "
                                                            "columns and values")
    if "table" not in data:
        raise _fail(source, f"{concept.name}.table", "missing")
    table = _name(data["table"], source, f"{concept.name}.table")
    confirmed = data.get("table_confirmed", False)
    if not isinstance(confirmed, bool):
        raise _fail(source, f"{concept.name}.table_confirmed", "expected true or false")
    columns = data.get("columns", {})
    if not isinstance(columns, dict):
        raise _fail(source, f"{concept.name}.columns", "expected a table of field = \"Column\"")
    for name in columns:
        if name not in concept.fields:
            raise _fail(source, f"{concept.name}.columns.{name}",
                        f"unknown field; {concept.name} has: {', '.join(concept.fields)}")
    for name in concept.required:
        if name not in columns:
            raise _fail(source, f"{concept.name}.columns.{name}", "missing; S-Connect cannot work without it")
    mapped = {name: _name(value, source, f"{concept.name}.columns.{name}") for name, value in columns.items()}
    values = data.get("values", {})
    if not isinstance(values, dict):
        raise _fail(source, f"{concept.name}.values", "expected tables of stored value = \"meaning\"")
    translations: dict[str, Mapping[str, str]] = {}
    for name, table_ in values.items():
        where = f"{concept.name}.values.{name}"
        if name not in mapped:
            raise _fail(source, where, "translates a field the map does not read")
        if not isinstance(table_, dict) or not all(isinstance(v, str) for v in table_.values()):
            raise _fail(source, where, "expected stored value = \"meaning\" pairs")
        translations[name] = MappingProxyType(dict(table_))
    return MappedTable(concept.name, table, MappingProxyType(mapped), MappingProxyType(translations), confirmed)


def parse_schema_map(data: Mapping[str, object], source: str) -> SchemaMap:
    version = data.get("format")
    if version != FORMAT:
        raise _fail(source, "format", f"{version!r}; this S-Connect reads schema maps of format {FORMAT}")
    unknown = sorted(set(data) - set(CONCEPTS) - {"format"})
    if unknown:
        raise _fail(source, unknown[0], f"unknown concept; the concepts are: {', '.join(CONCEPTS)}")
    tables: dict[str, MappedTable] = {}
    for concept in CONCEPTS.values():
        if concept.name not in data:
            if not concept.whole_optional:
                raise _fail(source, concept.name, "missing; S-Connect cannot work without it")
            continue
        tables[concept.name] = _concept(concept, data[concept.name], source)
    return SchemaMap(source, MappingProxyType(tables))


def shipped_text() -> str:
    return resources.files(__package__).joinpath(SHIPPED).read_text(encoding="utf-8")


def load_schema_map(path: Path | None = None, setting: str = "snelstart.schema_map") -> SchemaMap:
    """The map in `path`, or the one shipped with S-Connect (None). Any problem is one
    ConfigurationError line naming the setting and the file."""
    if path is None:
        return parse_schema_map(tomllib.loads(shipped_text()), "the shipped schema map")
    source = f"{setting} ({path})"
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigurationError(f"{source}: the file does not exist (write a draft with: "
                                 "sconnect snelstart inspect --write-map FILE)") from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"{source}: not UTF-8 text") from None
    except OSError as error:
        raise ConfigurationError(f"{source}: cannot be read ({error.strerror or error})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{source}: not a valid TOML file: {error}") from None
    return parse_schema_map(data, source)


# The database's side ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Catalogue:
    """What an ODBC source's catalogue functions list: table name → its column names, as the
    database spells them. Names compare case-insensitively, as SQL Server's and Access's do."""

    tables: Mapping[str, tuple[str, ...]]

    def table(self, name: str) -> str | None:
        wanted = name.casefold()
        return next((t for t in self.tables if t.casefold() == wanted), None)

    def column(self, table: str, name: str) -> str | None:
        real = self.table(table)
        if real is None:
            return None
        wanted = name.casefold()
        return next((c for c in self.tables[real] if c.casefold() == wanted), None)


@dataclass(frozen=True)
class Missing:
    concept: str
    table: str
    column: str | None  # None: the table itself is missing

    def __str__(self) -> str:
        return f"table {self.table}" if self.column is None else f"column {self.table}.{self.column}"


def missing(schema_map: SchemaMap, catalogue: Catalogue) -> list[Missing]:
    """Every table and column the map names that the database lacks (a missing table once,
    not once per column)."""
    found: list[Missing] = []
    for concept, table, column in schema_map.named():
        if catalogue.table(table) is None:
            if column is None:
                found.append(Missing(concept, table, None))
        elif column is not None and catalogue.column(table, column) is None:
            found.append(Missing(concept, table, column))
    return found


def refuse_missing(schema_map: SchemaMap, catalogue: Catalogue, what: str) -> None:
    """At connection time: a map naming what `what` (the database) lacks is refused, in one line."""
    gaps = missing(schema_map, catalogue)
    if not gaps:
        return
    more = f" (and {len(gaps) - 1} more)" if len(gaps) > 1 else ""
    raise ConfigurationError(f"{schema_map.source}: {what} has no {gaps[0]}{more}; see what it has with "
                             "`sconnect snelstart inspect` and adjust the map (snelstart.schema_map)")
