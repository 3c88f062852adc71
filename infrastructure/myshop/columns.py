"""The column table: which column names of myShop's order answer mean which of our fields.

It is data (`columns.toml`, shipped with the package, or a copy named by `myshop.columns`), not
code, because the real export has never been seen (reference §4): matching one means adding its
names to the table. Every name is compared case-folded with surrounding spaces removed.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from domain.errors import ConfigurationError

# Our fields per section; the table may give each any number of names, but must know them all.
ROW_KINDS = ("order", "line", "customer_field")
ORDER_FIELDS = (
    "order_id", "order_number", "order_date", "change_time", "order_status", "payment_status",
    "payment_method", "payment_reference", "currency", "customer_id", "email", "company", "vat_number",
    "coc_number", "phone",
    *(f"billing_{p}" for p in ("firstname", "lastname", "street", "housenumber", "housenumber_addition",
                               "postcode", "city", "country")),
    *(f"shipping_{p}" for p in ("company", "firstname", "lastname", "street", "housenumber",
                                "housenumber_addition", "postcode", "city", "country")),
    "shipping_method", "shipping_cost", "shipping_vat_rate", "payment_cost", "payment_vat_rate",
    "voucher_code", "voucher_amount", "voucher_vat_rate", "total", "total_vat", "remark",
)
LINE_FIELDS = ("productid", "description", "quantity", "price", "vat_rate", "line_total")
CUSTOMER_FIELD_FIELDS = ("name", "value")
SECTIONS = {"row_types": ROW_KINDS, "order": ORDER_FIELDS, "line": LINE_FIELDS,
            "customer_field": CUSTOMER_FIELD_FIELDS}
DEFAULT_NAME = "columns.toml"


def key(name: str) -> str:
    """How names are compared: case-folded, surrounding spaces removed."""
    return name.strip().casefold()


@dataclass(frozen=True)
class ColumnTable:
    source: str  # where the table came from, for messages
    row_kinds: dict[str, str]  # row type → "order" | "line" | "customer_field"
    order: dict[str, str]  # column name → our order field
    line: dict[str, str]  # column name → our line field
    customer_field: dict[str, str]  # column name → "name" | "value"

    def row_kind(self, row_type: str) -> str | None:
        return self.row_kinds.get(key(row_type))

    def order_field(self, column: str) -> str | None:
        return self.order.get(key(column))

    def line_field(self, column: str) -> str | None:
        return self.line.get(key(column))

    def customer_field_part(self, column: str) -> str | None:
        return self.customer_field.get(key(column))

    def names_of(self, field: str) -> list[str]:
        """The answer's names for one of our order fields (for messages)."""
        return [name for name, ours in self.order.items() if ours == field]


def parse_table(text: str, source: str) -> ColumnTable:
    """ConfigurationError, naming the file and the entry, when the table cannot be used."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{source}: not a valid TOML file ({exc})") from None
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigurationError(f"{source}: unknown section [{unknown[0]}]; the sections are "
                                 f"{', '.join(f'[{s}]' for s in SECTIONS)}")
    maps: dict[str, dict[str, str]] = {}
    for section, fields in SECTIONS.items():
        entries = data.get(section)
        if not isinstance(entries, dict):
            raise ConfigurationError(f"{source}: the section [{section}] is missing")
        strange = sorted(set(entries) - set(fields))
        if strange:
            raise ConfigurationError(f"{source}: [{section}] {strange[0]} is not one of S-Connect's fields "
                                     f"({', '.join(fields)})")
        mapping: dict[str, str] = {}
        for field in fields:
            names = entries.get(field)
            if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
                raise ConfigurationError(f"{source}: [{section}] {field} must be a list of one or more "
                                         f"column names, e.g. {field} = [\"{field}\"]")
            for name in names:
                taken = mapping.get(key(name))
                if taken is not None and taken != field:
                    raise ConfigurationError(f"{source}: [{section}] the name {name!r} stands for both "
                                             f"{taken} and {field}")
                mapping[key(name)] = field
        maps[section] = mapping
    # A data row of the column-set layout holds order and line columns side by side: a name in
    # both sections would make a column mean two things.
    both = sorted(set(maps["order"]) & set(maps["line"]))
    if both:
        raise ConfigurationError(f"{source}: the name {both[0]!r} is in both [order] and [line]; "
                                 "a column can mean one field only")
    return ColumnTable(source, maps["row_types"], maps["order"], maps["line"], maps["customer_field"])


@lru_cache(maxsize=1)
def default_table() -> ColumnTable:
    text = resources.files("infrastructure.myshop").joinpath(DEFAULT_NAME).read_text("utf-8")
    return parse_table(text, f"infrastructure/myshop/{DEFAULT_NAME}")


def load_table(path: Path | None, setting: str = "myshop.columns") -> ColumnTable:
    """The shipped table, or the copy at `path` (named by the setting in messages)."""
    if path is None:
        return default_table()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(f"{setting}: cannot read {path} ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ConfigurationError(f"{setting}: {path} is not UTF-8 text") from None
    return parse_table(text, f"{setting} ({path})")
