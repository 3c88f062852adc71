"""Rows of a SnelStart desktop administration → domain objects, field by field through the map.

Drivers hand values back in their own types: SQL Server's money and decimal columns as
Decimal, Access's Currency as Decimal or text (MDBTools), an SQLite REAL as float, flags as
bool, 0/1 or Access's -1. Every value goes through one converter here, and amounts become
Decimal by way of their text — `Decimal(repr(24.95))` is 24.95, where `Decimal(24.95)` would
be 24.949999999999999289… — never by float arithmetic. A value a converter cannot read is a
one-line ConfigurationError naming the table and column: the map most likely points at the
wrong column.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Mapping

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.errors import ConfigurationError
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from domain.sales_order import BookedOrderRef

from infrastructure.snelstart.classic.schema_map import MappedTable

Row = Mapping[str, Any]  # field → the driver's value


class Reading:
    """Reads the fields of one concept's rows, naming table.column when a value is unreadable."""

    def __init__(self, mapped: MappedTable, source: str):
        self.mapped, self.source = mapped, source
        self._translated = frozenset(mapped.values)  # most fields have no translation: skip the look-up

    def _bad(self, name: str, value: Any, wanted: str) -> ConfigurationError:
        return ConfigurationError(f"{self.source}: {self.mapped.table}.{self.mapped.column(name)} holds "
                                  f"{value!r}, which is not {wanted}; check the map (snelstart.schema_map)")

    def raw(self, row: Row, name: str) -> Any:
        value = row.get(name)
        if name not in self._translated:
            return value
        translation = self.mapped.values[name]
        if value is not None:
            key = value if isinstance(value, str) else _plain(value)
            return translation.get(key.strip() if isinstance(key, str) else key, value)
        return value

    def text(self, row: Row, name: str) -> str:
        value = self.raw(row, name)
        if value.__class__ is str:  # the common case, first (a whole administration is read per run)
            return value
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, (int, Decimal, float)) and not isinstance(value, bool):
            return _plain(value)
        raise self._bad(name, value, "text")

    def number(self, row: Row, name: str, default: int | None = None) -> int | None:
        value = self.raw(row, name)
        if value.__class__ is int:
            return value
        if value is None or (isinstance(value, str) and not value.strip()):
            return default
        try:
            number = Decimal(value.strip()) if isinstance(value, str) else Decimal(_plain(value))
        except (InvalidOperation, TypeError, ValueError):
            raise self._bad(name, value, "a whole number") from None
        if isinstance(value, bool) or number != number.to_integral_value():
            raise self._bad(name, value, "a whole number")
        return int(number)

    def flag(self, row: Row, name: str) -> bool:
        value = self.raw(row, name)
        if value is None:
            return False
        if value.__class__ is int or isinstance(value, bool):
            return value != 0
        if isinstance(value, (int, Decimal, float)):
            return value != 0  # Access stores Yes as -1
        if isinstance(value, str):
            word = value.strip().casefold()
            if word in ("1", "-1", "true", "ja", "j", "yes", "y", "waar"):
                return True
            if word in ("0", "false", "nee", "n", "no", "onwaar", ""):
                return False
        raise self._bad(name, value, "yes or no")

    def money(self, row: Row, name: str) -> Decimal:
        value = self.raw(row, name)
        if value is None:
            return Decimal("0")
        if isinstance(value, bool):
            raise self._bad(name, value, "an amount")
        try:
            if isinstance(value, Decimal):
                amount = value
            elif isinstance(value, str):
                amount = Decimal(value.strip())
            elif isinstance(value, (int, float)):
                amount = Decimal(repr(value))  # by the text: exact for what the column showed
            else:
                raise self._bad(name, value, "an amount")
        except InvalidOperation:
            raise self._bad(name, value, "an amount") from None
        if not amount.is_finite():
            raise self._bad(name, value, "an amount")
        return amount

    def moment(self, row: Row, name: str) -> datetime:
        value = self.raw(row, name)
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        if isinstance(value, date):
            return datetime(value.year, value.month, value.day)
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self._bad(name, value, "a date and time")


def _plain(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)[:-2] if repr(value).endswith(".0") else repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    return str(value)


class Countries:
    """SnelStart's address countries: an id in the countries table, or (without one in the
    map) the ISO code itself."""

    def __init__(self, pairs: Iterable[tuple[Any, str]] | None):
        self._by_id: dict[str, str] | None = None
        self._by_code: dict[str, Any] | None = None
        if pairs is not None:
            self._by_id, self._by_code = {}, {}
            for id_, code in pairs:
                code = (code or "").strip().upper()
                if code:
                    self._by_id[_key(id_)] = code
                    self._by_code.setdefault(code, id_)

    def code(self, stored: Any) -> str | None:
        """The ISO code of a stored country; None for none (no such address). An id the table
        does not hold stays visible as itself, so nothing is matched on it by accident."""
        if stored is None or (isinstance(stored, str) and not stored.strip()):
            return None
        if self._by_id is not None and _key(stored) == "0":  # an id column's "none"
            return None
        if self._by_id is None:
            return str(stored).strip().upper()
        return self._by_id.get(_key(stored), f"?{_key(stored)}")

    def stored(self, code: str) -> Any:
        """What the Gateway's …LandID property takes for an ISO code; None when the
        administration does not know the country."""
        wanted = code.strip().upper() or "NL"
        return wanted if self._by_code is None else self._by_code.get(wanted)


def _key(value: Any) -> str:
    return value.strip() if isinstance(value, str) else _plain(value)


_ADDRESS = ("contact", "street", "postcode", "city", "country")
_EMAIL_SETTINGS = (("invoice", "invoice_email"), ("quote", "quote_email"), ("confirmation", "confirmation_email"),
                   ("reminder", "reminder_email"))


def _address(read: Reading, row: Row, prefix: str, countries: Countries) -> RelationAddress | None:
    country = countries.code(read.raw(row, f"{prefix}_country"))
    if country is None:
        return None
    contact, street, postcode, city = (read.text(row, f"{prefix}_{part}") for part in _ADDRESS[:4])
    return RelationAddress(contact, street, postcode, city, country)


def relation(read: Reading, row: Row, countries: Countries, extra_fields: tuple[tuple[str, str], ...]) -> Relation:
    establishment = _address(read, row, "establishment", countries) or RelationAddress(
        *(read.text(row, f"establishment_{part}") for part in _ADDRESS[:4]), country="NL")
    settings = {name: EmailSetting(read.flag(row, f"{prefix}_email_send"), read.text(row, f"{prefix}_email"),
                                   read.text(row, f"{prefix}_cc_email"))
                for prefix, name in _EMAIL_SETTINGS}
    kinds = tuple(k.strip() for k in read.text(row, "kinds").split(",") if k.strip()) \
        if read.mapped.has("kinds") else ("Klant",)
    code = read.number(row, "code")
    return Relation(code=code, name=read.text(row, "name"), establishment=establishment,
                    correspondence=_address(read, row, "correspondence", countries), email=read.text(row, "email"),
                    phone=read.text(row, "phone"), vat_number=read.text(row, "vat_number"),
                    coc_number=read.text(row, "coc_number"), payment_term=read.number(row, "payment_term"),
                    extra_fields=extra_fields, inactive=read.flag(row, "inactive"), kinds=kinds,
                    id=read.text(row, "code"), **settings)


def extra_field(read: Reading, row: Row) -> tuple[str, str]:
    return read.text(row, "name"), read.text(row, "value")


def article(read: Reading, row: Row, extra_fields: tuple[tuple[str, str], ...],
            recipe_lines: tuple[RecipeLine, ...]) -> Article:
    placement_text = read.text(row, "recipe_placement").strip().casefold()
    recipe = None
    if placement_text:
        try:
            recipe = Recipe(RecipePlacement(placement_text), recipe_lines)
        except ValueError:
            raise read._bad("recipe_placement", placement_text, "nooit, keuze or altijd (translate stored codes "
                                                               "with [articles.values.recipe_placement])") from None
    code = read.text(row, "code")
    return Article(code, read.text(row, "description"), read.money(row, "price"), read.text(row, "revenue_group"),
                   extra_fields, read.flag(row, "inactive"), recipe, code)


def recipe_line(read: Reading, row: Row) -> RecipeLine:
    return RecipeLine(read.text(row, "component"), read.money(row, "quantity"))


def revenue_group(read: Reading, row: Row) -> RevenueGroup:
    return RevenueGroup(read.text(row, "id"), read.number(row, "number", 0), read.text(row, "description"),
                        read.text(row, "vat_kind"))


def template(read: Reading, row: Row) -> SalesTemplate:
    return SalesTemplate(read.text(row, "id"), read.text(row, "description"), read.flag(row, "prices_excl_vat"),
                         read.flag(row, "inactive"), read.number(row, "number"))


def order_ref(read: Reading, row: Row) -> BookedOrderRef:
    return BookedOrderRef(read.number(row, "number"), read.number(row, "relation"), read.money(row, "total"))
