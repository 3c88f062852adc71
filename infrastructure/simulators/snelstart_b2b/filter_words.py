"""The words of the simulator's OData `$filter` (filter.py compiles them): the schema's
types, the tokens, the literals and how a row's JSON value is read for comparing."""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any


# A schema maps UpperCamelCase property names to a type: a primitive name, a nested schema, or
# a collection of either. On the wire the same property is lowerCamelCase.
Primitive = str  # "string" | "int" | "decimal" | "bool" | "guid" | "datetime"
PRIMITIVES = ("string", "int", "decimal", "bool", "guid", "datetime")


@dataclass(frozen=True)
class Coll:
    element: str | dict[str, Any]


Schema = dict  # dict[str, Primitive | Schema | Coll]


class FilterError(Exception):
    """A filter the API would refuse with 400 ALG-0104; `str(error)` is its message."""


def wire_name(prop: str) -> str:
    """`VestigingsAdres` → `vestigingsAdres` (the JSON name of a filter property)."""
    return prop[:1].lower() + prop[1:]


_TOKEN = re.compile(r"""
      (?P<space>\s+)
    | (?P<typed>(?:guid|datetime|datetimeoffset)'(?:[^']|'')*')
    | (?P<string>'(?:[^']|'')*')
    | (?P<number>-?\d+(?:\.\d+)?[mMdDlL]?)
    | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>[()/,:])
""", re.VERBOSE)

COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
GUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")

Value = Any
Getter = Callable[[Any, dict], Value]  # (row, lambda variables) → value


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    at: int


def tokens(text: str) -> list[Token]:
    found, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raw = text[pos:pos + 20]
            reason = "an unterminated string literal" if raw.startswith("'") else f"unexpected {raw!r}"
            raise FilterError(f"Syntax error at position {pos} in '{text}': {reason}.")
        kind = match.lastgroup or ""
        if kind != "space":
            found.append(Token(kind, match.group(), pos))
        pos = match.end()
    found.append(Token("end", "", len(text)))
    return found


def unquote(literal: str) -> str:
    return literal[1:-1].replace("''", "'")


def parse_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text.strip())
    return value.replace(tzinfo=None) if value.tzinfo is None else value


def coerce(kind: str, raw: Any) -> Value:
    """A JSON value of a property as the comparisons see it."""
    if raw is None:
        return None
    try:
        if kind == "guid":
            return str(raw).lower()
        if kind == "datetime":
            return parse_datetime(str(raw))
        if kind == "decimal":
            return Decimal(str(raw))
    except (ValueError, InvalidOperation):
        return None
    return raw
