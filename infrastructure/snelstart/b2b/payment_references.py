"""The exactly-once check of many orders at once: which sales orders carry these betalingskenmerken?

One `GET /verkooporders?$filter=(Betalingskenmerk eq 'a' or Betalingskenmerk eq 'b' or …)` asks a
group of references in one call, with `$select` of the four fields the check needs. A group is as
large as the address allows: the API's length limits are not documented, and [I] SnelStart runs on
IIS behind Azure API Management, whose default refuses a query string over 2,048 characters (the
simulator plays that with 414). The filter is kept well below that, encoded as it goes on the wire.
The answer of each group is paged like any list (a reference may be on many orders).

SnelStart may compare strings without regard to case ([I] SQL Server's default collation), so
every row is matched here again, exactly, on the betalingskenmerk with surrounding spaces removed —
as the one-reference look-up does.
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from infrastructure.snelstart.b2b.odata import BETALINGSKENMERK, any_of
from infrastructure.snelstart.b2b.transport import Transport

# The encoded `$filter` value at most: the rest of the address ($select, $top, $skip, the path)
# fits in what is left of 2,048.
MAX_FILTER_CHARS = 1_600
# What the check reads of each order: its number, customer, total and id (a lost write is looked
# up by id).
SELECT = ("Id", "Nummer", "Betalingskenmerk", "Relatie", "TotaalInclusiefBtw")
_JOIN = len(quote(" or "))


def _encoded(text: str) -> int:
    """Characters `text` takes in a query string (percent-encoded, as httpx sends it)."""
    return len(quote(text, safe=""))


def groups(references: list[str], limit: int = MAX_FILTER_CHARS) -> Iterator[list[str]]:
    """The references in groups whose `or` filter stays within `limit` encoded characters (one
    reference alone may pass it: it is asked alone)."""
    group: list[str] = []
    size = 2  # the parentheses around an `or`
    for reference in references:
        cost = _encoded(BETALINGSKENMERK.eq(reference).text) + (_JOIN if group else 0)
        if group and size + cost > limit:
            yield group
            group, size = [], 2
            cost -= _JOIN
        group.append(reference)
        size += cost
    if group:
        yield group


def orders_with_references(api: Transport, references: list[str]) -> dict[str, list[dict]]:
    """Stripped reference → the sales orders (rows with SELECT's fields) that carry it exactly;
    a reference no order carries is absent. Blank references are not asked."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r.strip()))
    found: dict[str, list[dict]] = {}
    for group in groups(wanted):
        asked = set(group)
        rows = api.get_list("verkooporders", any_of(*(BETALINGSKENMERK.eq(r) for r in group)), SELECT)
        for row in rows:
            key = str(row.get("betalingskenmerk") or "").strip()
            if key in asked:
                found.setdefault(key, []).append(row)
    return found
