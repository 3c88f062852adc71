"""Reading a snapshot: `load_snapshot` checks the whole document before anything is used and
refuses it with one line naming the first bad path, so no adapter is ever half-loaded.
Amounts are Decimal all the way: JSON numbers with a fraction must arrive as Decimal
(`read_snapshot_file` and `parse_snapshot_json` make sure of that); a float is refused."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Iterable

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.recipe import Recipe, RecipeLine, RecipePlacement

from infrastructure.snelstart.snapshot.model import (_EMAIL_SETTINGS, RELATION_KINDS, VAT_ENTRIES, VAT_KINDS,
                                                     Snapshot, SnapshotError, StoredSalesOrder,
                                                     StoredSalesOrderLine)

# Reading ------------------------------------------------------------------------------------

# SnelStart keeps relatiecodes and numbers as int32 (the B2B API's models); a larger number
# could not be stored by SnelStart, nor bound by the ODBC driver.
INT32 = (-2 ** 31, 2 ** 31 - 1)
RELATION_CODES = (1, 2 ** 31 - 1)
PAYMENT_TERMS = (-365, 1000)  # krediettermijn in days: the B2B API's range
MAX_DECIMALS = 4  # REF-0013: SnelStart refuses a money field with more than four decimals
# No webshop order comes near 10^15 euros; the bound also keeps "1E+999999999" from being
# written out in full (a billion digits) on its way into an administration.
AMOUNT_LIMIT = Decimal("1E+15")


def _fail(path: str, message: str) -> None:
    raise SnapshotError(f"{path}: {message}")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


class _Object:
    """One JSON object being read, with its path for the error messages."""

    def __init__(self, value: object, path: str, known: Iterable[str]):
        if not isinstance(value, dict):
            _fail(path, "expected an object")
        assert isinstance(value, dict)
        for key in value:
            if key not in known:
                _fail(self._join(path, str(key)), "unknown field")
        self.value, self.path = value, path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def at(self, key: str) -> str:
        return self._join(self.path, key)

    def has(self, key: str) -> bool:
        return self.value.get(key) is not None

    def text(self, key: str, required: bool = False) -> str:
        value = self.value.get(key)
        if value is None:
            if required:
                _fail(self.at(key), "required")
            return ""
        if not isinstance(value, str):
            _fail(self.at(key), "expected a string")
        if "\x00" in value:  # the ODBC driver passes text as C strings: the rest would be cut off
            _fail(self.at(key), "holds a NUL character (\\u0000), which an administration cannot store")
        if required and not value.strip():
            _fail(self.at(key), "must not be empty")
        return value

    def integer(self, key: str, bounds: tuple[int, int], required: bool = False,
                what: str = "a whole number") -> int | None:
        value = self.value.get(key)
        if value is None:
            if required:
                _fail(self.at(key), "required")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            _fail(self.at(key), "expected a whole number")
        low, high = bounds
        if not low <= value <= high:
            _fail(self.at(key), f"expected {what} from {low} to {high}")
        return value

    def boolean(self, key: str) -> bool:
        value = self.value.get(key, False)
        if not isinstance(value, bool):
            _fail(self.at(key), "expected true or false")
        return value

    def amount(self, key: str, default: str = "0") -> Decimal:
        value = self.value.get(key)
        if value is None:
            return Decimal(default)
        if isinstance(value, float):
            _fail(self.at(key), 'a float is not exact: write the amount as a string, e.g. "24.95"')
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            _fail(self.at(key), "expected an amount (a string such as \"24.95\")")
        try:
            result = Decimal(value.strip() if isinstance(value, str) else value)
        except InvalidOperation:
            result = Decimal("NaN")
        if not result.is_finite():
            _fail(self.at(key), f"not an amount: {_shown(value)}")
        if result.copy_abs() >= AMOUNT_LIMIT:  # copy_abs: abs() would trap on a huge exponent
            _fail(self.at(key), f"too large: {_shown(value)} (an amount stays below 10^15)")
        exponent = result.as_tuple().exponent
        assert isinstance(exponent, int)
        if exponent < -MAX_DECIMALS:  # as written: "0E-999999999" would be a billion zeros
            _fail(self.at(key), f"more than four decimals: {_shown(value)} (SnelStart refuses them: REF-0013)")
        return result

    def choice(self, key: str, choices: tuple[str, ...], default: str) -> str:
        value = self.value.get(key)
        if value is None:
            return default
        if value not in choices:
            _fail(self.at(key), f"expected one of {', '.join(repr(c) for c in choices if c)}")
        return value

    def items(self, key: str) -> list[tuple[str, object]]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            _fail(self.at(key), "expected a list")
        return [(f"{self.at(key)}[{i}]", item) for i, item in enumerate(value)]


_COUNTRY = re.compile(r"[A-Za-z]{2}")


def _address(value: object, path: str) -> RelationAddress:
    o = _Object(value, path, ("contactpersoon", "straat", "postcode", "plaats", "land"))
    country = o.text("land") or "NL"
    if not _COUNTRY.fullmatch(country):
        _fail(o.at("land"), "expected an ISO 3166-1 alpha-2 country code such as \"NL\"")
    return RelationAddress(o.text("contactpersoon"), o.text("straat"), o.text("postcode"), o.text("plaats"),
                           country.upper())


def _optional_address(o: _Object, key: str) -> RelationAddress | None:
    return _address(o.value[key], o.at(key)) if o.has(key) else None


def _extra_fields(o: _Object, key: str) -> tuple[tuple[str, str], ...]:
    fields = []
    for path, item in o.items(key):
        f = _Object(item, path, ("naam", "waarde"))
        fields.append((f.text("naam", required=True), f.text("waarde")))
    return tuple(fields)


def _email_setting(o: _Object, key: str) -> EmailSetting:
    if not o.has(key):
        return EmailSetting()
    e = _Object(o.value[key], o.at(key), ("shouldSend", "email", "ccEmail"))
    return EmailSetting(e.boolean("shouldSend"), e.text("email"), e.text("ccEmail"))


class _Ids:
    """Ids are free strings, unique per list; missing ones are assigned from a readable key."""

    def __init__(self, prefix: str):
        self.prefix, self.used, self.missing = prefix, set[str](), 0

    def given(self, o: _Object) -> str:
        value = o.text("id")
        if value and value in self.used:
            _fail(o.at("id"), f"{value!r} is used twice")
        self.used.add(value)
        return value

    def assign(self, value: str, key: object) -> str:
        if value:
            return value
        candidate, n = f"{self.prefix}-{key}", 1
        while candidate in self.used:
            n += 1
            candidate = f"{self.prefix}-{key}-{n}"
        self.used.add(candidate)
        return candidate


def _unique(seen: dict[object, str], value: object, path: str, what: str) -> None:
    if value in seen:
        _fail(path, f"{what} {value!r} is used twice (also at {seen[value]})")
    seen[value] = path


def _revenue_groups(doc: _Object) -> list[RevenueGroup]:
    ids, numbers, groups = _Ids("og"), dict[object, str](), []
    for path, item in doc.items("artikelomzetgroepen"):
        o = _Object(item, path, ("id", "nummer", "omschrijving", "btwSoort"))
        given, number = ids.given(o), o.integer("nummer", INT32, required=True)
        _unique(numbers, number, o.at("nummer"), "nummer")
        groups.append((given, RevenueGroup("", number or 0, o.text("omschrijving", required=True),
                                           o.choice("btwSoort", VAT_KINDS, ""))))
    return [RevenueGroup(ids.assign(i, g.number), g.number, g.description, g.vat_kind) for i, g in groups]


def _templates(doc: _Object) -> list[SalesTemplate]:
    ids, numbers, templates = _Ids("tpl"), dict[object, str](), []
    for n, (path, item) in enumerate(doc.items("verkoopordersjablonen"), start=1):
        o = _Object(item, path, ("id", "nummer", "omschrijving", "prijsIngaveExclusiefBtw", "nonactief"))
        given = ids.given(o)
        number = o.integer("nummer", INT32)
        if number is not None:
            _unique(numbers, number, o.at("nummer"), "nummer")
        templates.append((given, n, SalesTemplate("", o.text("omschrijving", required=True),
                                                  o.boolean("prijsIngaveExclusiefBtw"), o.boolean("nonactief"),
                                                  number)))
    return [SalesTemplate(ids.assign(i, t.number or n), t.description, t.prices_excl_vat, t.inactive, t.number)
            for i, n, t in templates]


def _relations(doc: _Object) -> list[Relation]:
    known = ("id", "relatiecode", "relatiesoort", "naam", "vestigingsAdres", "correspondentieAdres", "email",
             "telefoon", "btwNummer", "kvkNummer", "krediettermijn", "extraVeldenKlant", "nonactief",
             *(key for key, _ in _EMAIL_SETTINGS))
    ids, codes, relations = _Ids("r"), dict[object, str](), []
    for path, item in doc.items("relaties"):
        o = _Object(item, path, known)
        given, code = ids.given(o), o.integer("relatiecode", RELATION_CODES, required=True)
        assert code is not None
        _unique(codes, code, o.at("relatiecode"), "relatiecode")
        kinds = []
        for kind_path, kind in o.items("relatiesoort"):
            if kind not in RELATION_KINDS:
                _fail(kind_path, f"expected one of {', '.join(RELATION_KINDS)}")
            kinds.append(kind)
        term = o.integer("krediettermijn", PAYMENT_TERMS, what="a number of days")
        establishment = _optional_address(o, "vestigingsAdres") or RelationAddress()
        relation = Relation(
            code=code, name=o.text("naam", required=True), establishment=establishment,
            correspondence=_optional_address(o, "correspondentieAdres"), email=o.text("email"),
            phone=o.text("telefoon"), vat_number=o.text("btwNummer"), coc_number=o.text("kvkNummer"),
            payment_term=term, extra_fields=_extra_fields(o, "extraVeldenKlant"), inactive=o.boolean("nonactief"),
            kinds=tuple(kinds) if "relatiesoort" in o.value else ("Klant",),
            **{name: _email_setting(o, key) for key, name in _EMAIL_SETTINGS})
        relations.append((given, relation))
    return [replace(r, id=ids.assign(i, r.code)) for i, r in relations]


def _recipe(o: _Object) -> tuple[Recipe | None, list[tuple[str, str]]]:
    """The recipe and, for the reference check, each component's (path, artikelcode)."""
    if not o.has("recept"):
        return None, []
    r = _Object(o.value["recept"], o.at("recept"), ("plaatsen", "regels"))
    placement = r.choice("plaatsen", tuple(p.value for p in RecipePlacement), RecipePlacement.NEVER.value)
    lines, refs = [], []
    for path, item in r.items("regels"):
        line = _Object(item, path, ("artikelcode", "aantal"))
        code = line.text("artikelcode", required=True).strip()
        lines.append(RecipeLine(code, line.amount("aantal", default="1")))
        refs.append((line.at("artikelcode"), code))
    return Recipe(RecipePlacement(placement), tuple(lines)), refs


def _articles(doc: _Object, group_ids: set[str]) -> list[Article]:
    known = ("id", "artikelcode", "omschrijving", "verkoopprijs", "artikelOmzetgroep", "extraVelden",
             "isNonActief", "recept")
    ids, codes, articles, refs = _Ids("a"), dict[object, str](), [], []
    for path, item in doc.items("artikelen"):
        o = _Object(item, path, known)
        given, code = ids.given(o), o.text("artikelcode", required=True).strip()
        _unique(codes, code, o.at("artikelcode"), "artikelcode")
        group = o.text("artikelOmzetgroep")
        if group and group not in group_ids:
            _fail(o.at("artikelOmzetgroep"), f"no artikelomzetgroep has id {group!r}")
        recipe, recipe_refs = _recipe(o)
        refs += recipe_refs
        articles.append((given, Article(code, o.text("omschrijving", required=True), o.amount("verkoopprijs"),
                                        group, _extra_fields(o, "extraVelden"), o.boolean("isNonActief"),
                                        recipe)))
    for path, code in refs:
        if code not in codes:
            _fail(path, f"no article has artikelcode {code!r}")
    return [Article(a.code, a.description, a.sales_price, a.revenue_group_id, a.extra_fields, a.inactive,
                    a.recipe, ids.assign(i, a.code)) for i, a in articles]


def _date(o: _Object, key: str) -> datetime:
    text = o.text(key, required=True)
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        _fail(o.at(key), "expected a date-time such as \"2024-03-01T10:15:23\"")
    if value.tzinfo is not None:  # SnelStart keeps zone-less wall-clock time
        _fail(o.at(key), "expected a date-time without a time zone")
    return value


def _sales_orders(doc: _Object, relation_codes: set[int], template_ids: set[str],
                  article_codes: set[str]) -> list[StoredSalesOrder]:
    known = ("id", "nummer", "relatie", "datum", "verkoopordersjabloon", "procesStatus", "betalingskenmerk",
             "omschrijving", "verkooporderBtwIngaveModel", "factuuradres", "afleveradres", "regels",
             "kostensoort1", "kostensoort2", "totaalInclusiefBtw", "memo")
    line_known = ("artikelcode", "omschrijving", "aantal", "stuksprijs", "kortingsPercentage", "totaal")
    ids, numbers, orders = _Ids("o"), dict[object, str](), []
    for path, item in doc.items("verkooporders"):
        o = _Object(item, path, known)
        given, number = ids.given(o), o.integer("nummer", INT32, required=True)
        _unique(numbers, number, o.at("nummer"), "nummer")
        relation = o.integer("relatie", RELATION_CODES, required=True)
        if relation not in relation_codes:
            _fail(o.at("relatie"), f"no relation has relatiecode {relation}")
        template = o.text("verkoopordersjabloon")
        if template and template not in template_ids:
            _fail(o.at("verkoopordersjabloon"), f"no verkoopordersjabloon has id {template!r}")
        date = _date(o, "datum")
        lines = []
        for line_path, line_item in o.items("regels"):
            line = _Object(line_item, line_path, line_known)
            code = line.text("artikelcode").strip()
            if code and code not in article_codes:
                _fail(line.at("artikelcode"), f"no article has artikelcode {code!r}")
            lines.append(StoredSalesOrderLine(code, line.text("omschrijving"), line.amount("aantal", "1"),
                                              line.amount("stuksprijs"), line.amount("kortingsPercentage"),
                                              line.amount("totaal")))
        empty = RelationAddress()
        orders.append((given, StoredSalesOrder(
            number or 0, relation or 0, date, template, o.text("procesStatus") or "Order",
            o.text("betalingskenmerk"), o.text("omschrijving"),
            o.choice("verkooporderBtwIngaveModel", VAT_ENTRIES, "Inclusief"),
            _optional_address(o, "factuuradres") or empty, _optional_address(o, "afleveradres") or empty,
            tuple(lines), o.amount("kostensoort1"), o.amount("kostensoort2"), o.amount("totaalInclusiefBtw"),
            o.text("memo"))))
    return [replace(s, id=ids.assign(i, s.number)) for i, s in orders]


def load_snapshot(data: object) -> Snapshot:
    """The whole document checked first; raises SnapshotError naming the first bad path."""
    doc = _Object(data, "", ("administratie", "artikelomzetgroepen", "verkoopordersjablonen", "relaties",
                             "artikelen", "verkooporders"))
    administration_id = administration_name = ""
    if doc.has("administratie"):
        about = _Object(doc.value["administratie"], doc.at("administratie"), ("id", "naam"))
        administration_id, administration_name = about.text("id").strip(), about.text("naam").strip()
    groups = _revenue_groups(doc)
    templates = _templates(doc)
    relations = _relations(doc)
    articles = _articles(doc, {g.id for g in groups})
    orders = _sales_orders(doc, {r.code for r in relations}, {t.id for t in templates},
                           {a.code for a in articles})
    return Snapshot(tuple(relations), tuple(articles), tuple(groups), tuple(templates), tuple(orders),
                    administration_id, administration_name)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number")


def parse_snapshot_json(text: str, source: str = "snapshot") -> Snapshot:
    """JSON text → Snapshot; numbers with a fraction become Decimal exactly, never float."""
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise SnapshotError(f"{source}: not valid JSON (line {error.lineno}, column {error.colno}: "
                            f"{error.msg})") from None
    except ValueError as error:
        raise SnapshotError(f"{source}: {error}") from None
    return load_snapshot(data)


def read_snapshot_file(path: str | Path) -> Snapshot:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise SnapshotError(f"{path}: cannot read the snapshot ({reason})") from None
    return parse_snapshot_json(text, str(path))


