"""OData v3 `$filter` expressions for the SnelStart B2B API, built from typed parts.

User data never becomes filter text by concatenation: every value goes through `literal`, which
writes it by its type — strings in quotes with quotes doubled, GUIDs as guid'…', date-times as
datetime'…' — the v3 literal style the API's examples use (reference §3). Property paths are the
API's case-sensitive UpperCamelCase names (`Relatiecode`, `VestigingsAdres/Postcode`): SnelStart
answers a wrong-case name with 400 ALG-0104, so they are written once, below, and a path that is
not a plain name is refused before it can reach a URL.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Callable

from infrastructure.clock import AMSTERDAM

_PROPERTY = re.compile(r"[A-Z][A-Za-z0-9]*(/[A-Z][A-Za-z0-9]*)*")
_VARIABLE = re.compile(r"[a-z][a-z0-9]*")


def literal(value: object) -> str:
    """A value as an OData v3 literal. Floats are refused: money is never a float here."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, uuid.UUID):
        return f"guid'{value}'"
    if isinstance(value, datetime):
        return f"datetime'{wall_clock(value)}'"
    if isinstance(value, date):
        return f"datetime'{value.isoformat()}T00:00:00'"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a number: {value}")
        return f"{value:f}M"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no OData literal for {type(value).__name__}")


def wall_clock(moment: datetime) -> str:
    """SnelStart keeps zone-less Dutch wall-clock time (`yyyy-MM-ddTHH:mm:ss`)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(AMSTERDAM).replace(tzinfo=None)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    return text + (f".{moment.microsecond // 1000:03d}" if moment.microsecond else "")


def guid(value: str) -> uuid.UUID:
    """An id the API gave us, as a GUID for `guid'…'`; ValueError when it is none."""
    return uuid.UUID(str(value).strip())


@dataclass(frozen=True)
class Filter:
    text: str

    def __and__(self, other: "Filter") -> "Filter":
        return Filter(f"{self.text} and {other.text}")

    def __or__(self, other: "Filter") -> "Filter":
        # Always parenthesised, so `a and (b or c)` keeps its meaning whatever is combined next.
        return Filter(f"({self.text} or {other.text})")

    def __str__(self) -> str:
        return self.text


def any_of(*filters: Filter) -> Filter:
    if not filters:
        raise ValueError("any_of needs at least one filter")
    if len(filters) == 1:
        return filters[0]
    return Filter("(" + " or ".join(f.text for f in filters) + ")")


@dataclass(frozen=True)
class Path:
    """A property path (or a lambda variable's path inside `any`)."""

    text: str

    def __truediv__(self, name: str) -> "Path":
        if not _PROPERTY.fullmatch(name):
            raise ValueError(f"not an OData property name: {name!r}")
        return Path(f"{self.text}/{name}")

    def eq(self, value: object) -> Filter:
        return Filter(f"{self.text} eq {literal(value)}")

    def ne(self, value: object) -> Filter:
        return Filter(f"{self.text} ne {literal(value)}")

    def ge(self, value: object) -> Filter:
        return Filter(f"{self.text} ge {literal(value)}")

    def gt(self, value: object) -> Filter:
        return Filter(f"{self.text} gt {literal(value)}")

    def lt(self, value: object) -> Filter:
        return Filter(f"{self.text} lt {literal(value)}")

    def contains(self, needle: str) -> Filter:
        """`substringof('needle', Path) eq true` (the v3 spelling the API documents)."""
        if not isinstance(needle, str):
            raise TypeError("substringof needs a string")
        return Filter(f"substringof({literal(needle)}, {self.text}) eq true")

    def any(self, variable: str, condition: Callable[["Path"], Filter]) -> Filter:
        """`Path/any(v:…)` over a collection; `condition` gets the variable's path."""
        if not _VARIABLE.fullmatch(variable):
            raise ValueError(f"not a lambda variable: {variable!r}")
        return Filter(f"{self.text}/any({variable}:{condition(Path(variable)).text})")


def prop(path: str) -> Path:
    if not _PROPERTY.fullmatch(path):
        raise ValueError(f"not an OData property path: {path!r}")
    return Path(path)


# The properties S-Connect filters on, spelled as the API wants them.
RELATIECODE = prop("Relatiecode")
RELATIESOORT = prop("Relatiesoort")
ARTIKELCODE = prop("Artikelcode")
EXTRA_VELDEN = prop("ExtraVelden")
BETALINGSKENMERK = prop("Betalingskenmerk")
RELATIE_ID = prop("Relatie/Id")
DATUM = prop("Datum")
MODIFIED_ON = prop("ModifiedOn")
ID = prop("Id")
# What reconcile reads of each sales order in a period (`$select` works in V2, reference §3).
ORDER_HEADER = ("Id", "Nummer", "Betalingskenmerk", "TotaalInclusiefBtw", "Datum")


def is_customer() -> Filter:
    """`Relatiesoort/any(r:r eq 'Klant')`: relatiesoort is a list (Klant, Leverancier, Eigen)."""
    return RELATIESOORT.any("r", lambda r: r.eq("Klant"))


def extra_field_value(value: str) -> Filter:
    """Articles whose extra fields hold `value`. The field's name is compared client-side, so
    that `articles.code_field = "ean"` finds a field SnelStart shows as "EAN"."""
    return EXTRA_VELDEN.any("e", lambda e: (e / "Waarde").eq(value))
