"""The fake Gateway's administration: a classic-shaped SQLite database built from the schema map.

Its tables and columns are the ones the map names (the shipped map unless another is given),
so S-Connect's ODBC reader reads it exactly as it would read SnelStart's own database. The
columns hold what SnelStart's would hold as far as we can tell: relatiecodes and order
numbers as integers, flags as 0/1, countries as ids into the countries table, dates as
timestamps, and amounts as numbers (REAL) — so the SQLite3 ODBC driver hands them back as
float, and the reader's conversion of money by its text is exercised on every read.

What SnelStart keeps of an order beyond the map (description, memo, VAT entry, cost types,
addresses, lines) lives in extra columns and a lines table of the fake's own. SnelStart is
written here with Python's sqlite3, never through S-Connect's ODBC layer: the stand-in for
SnelStart shares no code path with the adapter reading it.
"""
from __future__ import annotations

import contextlib
import json
import sqlite3
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Iterator, Mapping

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from infrastructure.snelstart.classic.schema_map import MappedTable, SchemaMap, load_schema_map
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder, StoredSalesOrderLine

INTEGER, REAL, TEXT, TIMESTAMP = "INTEGER", "REAL", "TEXT", "TIMESTAMP"
_TYPES = {
    ("relations", "code"): INTEGER, ("relations", "payment_term"): INTEGER, ("relations", "inactive"): INTEGER,
    ("relations", "establishment_country"): INTEGER, ("relations", "correspondence_country"): INTEGER,
    **{("relations", f"{p}_email_send"): INTEGER for p in ("invoice", "quote", "confirmation", "reminder")},
    ("countries", "id"): INTEGER,
    ("relation_extra_fields", "relation"): INTEGER, ("relation_extra_fields", "position"): INTEGER,
    ("articles", "price"): REAL, ("articles", "inactive"): INTEGER,
    ("article_extra_fields", "position"): INTEGER,
    ("recipe_lines", "position"): INTEGER, ("recipe_lines", "quantity"): REAL,
    ("revenue_groups", "number"): INTEGER,
    ("templates", "number"): INTEGER, ("templates", "prices_excl_vat"): INTEGER, ("templates", "inactive"): INTEGER,
    ("sales_orders", "number"): INTEGER, ("sales_orders", "relation"): INTEGER, ("sales_orders", "date"): TIMESTAMP,
    ("sales_orders", "total"): REAL, ("sales_orders", "total_vat"): REAL,
}
_KEYS = {"relations": "code", "articles": "code", "sales_orders": "number", "countries": "id"}
# What SnelStart keeps of an order that S-Connect never reads: the fake's own columns and table.
ORDER_EXTRA = ("Omschrijving", "Memo", "ProcesStatus", "BtwIngaveModel", "Kostensoort1", "Kostensoort2",
               "FactuurAdres", "AfleverAdres")
LINES_TABLE = "tblVerkooporderRegel"
LINE_COLUMNS = ("Ordernummer", "Volgnummer", "Artikelcode", "Omschrijving", "Aantal", "Stuksprijs",
                "KortingsPercentage", "Totaal")


def _number(value: Any) -> Decimal:
    """A REAL read back by sqlite3 is a float: Decimal by its text, as SnelStart's readers do."""
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))


def countries() -> list[tuple[int, str]]:
    """The countries table: NL first (id 1), then ISO 3166 alphabetically."""
    text = resources.files("infrastructure.myshop").joinpath("iso3166_alpha2.txt").read_text("utf-8")
    codes = sorted({line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")} - {"NL"})
    return list(enumerate(["NL", *codes], start=1))


class ClassicDatabase:
    """A classic-shaped administration in the SQLite file at `path` (tables from `schema_map`)."""

    def __init__(self, path: str | Path, schema_map: SchemaMap | None = None):
        self.path = Path(path)
        self.map = schema_map or load_schema_map()
        self._db = sqlite3.connect(self.path, isolation_level=None, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        country_rows = self._db.execute(f"SELECT * FROM [{self.map['countries'].table}]").fetchall() \
            if self.map.get("countries") is not None and self._has(self.map["countries"].table) else []
        self._country_code = {id_: code for id_, code in self._pairs(country_rows)}
        self._country_id = {code: id_ for id_, code in self._country_code.items()}

    def _has(self, table: str) -> bool:
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE",
                                (table,)).fetchone() is not None

    def _pairs(self, country_rows: list) -> list[tuple[int, str]]:
        mapped = self.map["countries"]
        columns = list(mapped.columns)
        return [(row[columns.index("id")], row[columns.index("code")]) for row in country_rows]

    def close(self) -> None:
        self._db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write, all of it or none: SnelStart's own transaction."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            self._db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise

    # Building -----------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | Path, snapshot: Snapshot, schema_map: SchemaMap | None = None) -> "ClassicDatabase":
        schema_map = schema_map or load_schema_map()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
            db.execute("BEGIN")
            for mapped in schema_map.tables.values():
                db.execute(_ddl(mapped))
            db.execute(f"CREATE TABLE [{LINES_TABLE}] ({', '.join(f'[{c}] TEXT' for c in LINE_COLUMNS)})")
            db.execute("COMMIT")
        database = cls(path, schema_map)
        if schema_map.get("countries") is not None:
            database._insert_many("countries", ({"id": id_, "code": code} for id_, code in countries()))
            database._country_code = dict(countries())
            database._country_id = {code: id_ for id_, code in countries()}
        database.load(snapshot)
        return database

    def _insert_many(self, concept: str, rows: Any) -> None:
        mapped = self.map.get(concept)
        if mapped is None:
            return
        with self.transaction() as db:
            for row in rows:
                db.execute(*_insert(mapped, row))

    def load(self, snapshot: Snapshot) -> None:
        self._insert_many("revenue_groups", ({"id": g.id, "number": g.number, "description": g.description,
                                              "vat_kind": g.vat_kind} for g in snapshot.revenue_groups))
        self._insert_many("templates", ({"id": t.id, "number": t.number, "description": t.description,
                                         "prices_excl_vat": int(t.prices_excl_vat), "inactive": int(t.inactive)}
                                        for t in snapshot.templates))
        for relation in snapshot.relations:
            self.put_relation(self.relation_fields(relation), new=True, kinds=relation.kinds,
                              extra_fields=relation.extra_fields)
        for article in snapshot.articles:
            self._put_article(article)
        for order in snapshot.sales_orders:
            self.store_order(order)

    def _put_article(self, article: Article) -> None:
        with self.transaction() as db:
            db.execute(*_insert(self.map["articles"], {
                "code": article.code, "description": article.description, "price": str(article.sales_price),
                "revenue_group": article.revenue_group_id, "inactive": int(article.inactive),
                "recipe_placement": None if article.recipe is None else article.recipe.placement.value}))
            for concept, rows in (
                    ("article_extra_fields", ({"article": article.code, "position": n, "name": k, "value": v}
                                              for n, (k, v) in enumerate(article.extra_fields, start=1))),
                    ("recipe_lines", ({"article": article.code, "position": n, "component": line.article_code,
                                       "quantity": str(line.quantity)}
                                      for n, line in enumerate(article.recipe.lines if article.recipe else (), 1)))):
                mapped = self.map.get(concept)
                for row in rows if mapped is not None else ():
                    db.execute(*_insert(mapped, row))

    # Relations ----------------------------------------------------------------------------------
    def country_id(self, code: str) -> Any:
        return self._country_id.get(code, code) if self.map.get("countries") is not None else code

    def country_code(self, stored: Any) -> str | None:
        if stored is None or stored == 0 or stored == "":
            return None
        return self._country_code.get(stored, str(stored)) if self.map.get("countries") is not None else stored

    def knows_country(self, stored: Any) -> bool:
        return self.map.get("countries") is None or stored in self._country_code

    def relation_fields(self, relation: Relation) -> dict[str, Any]:
        """A relation as the fields of the relations table."""
        fields: dict[str, Any] = {"code": relation.code, "name": relation.name, "email": relation.email,
                                  "phone": relation.phone, "vat_number": relation.vat_number,
                                  "coc_number": relation.coc_number, "payment_term": relation.payment_term,
                                  "inactive": int(relation.inactive)}
        for prefix, address in (("establishment", relation.establishment), ("correspondence", relation.correspondence)):
            fields.update(self.address_fields(prefix, address))
        for prefix, setting in (("invoice", relation.invoice_email), ("quote", relation.quote_email),
                                ("confirmation", relation.confirmation_email), ("reminder", relation.reminder_email)):
            fields.update({f"{prefix}_email_send": int(setting.should_send), f"{prefix}_email": setting.email,
                           f"{prefix}_cc_email": setting.cc_email})
        return fields

    def address_fields(self, prefix: str, address: RelationAddress | None) -> dict[str, Any]:
        if address is None:
            return {f"{prefix}_{part}": None for part in ("contact", "street", "postcode", "city", "country")}
        return {f"{prefix}_contact": address.contact_person, f"{prefix}_street": address.street,
                f"{prefix}_postcode": address.postcode, f"{prefix}_city": address.city,
                f"{prefix}_country": self.country_id(address.country)}

    def relation_row(self, code: int) -> dict[str, Any] | None:
        mapped = self.map["relations"]
        found = self._db.execute(f"SELECT * FROM [{mapped.table}] WHERE [{mapped.column('code')}] = ?",
                                 (code,)).fetchone()
        return None if found is None else _fields(mapped, self._columns(mapped.table), found)

    def next_relation_code(self) -> int:
        mapped = self.map["relations"]
        return int(self._db.execute(f"SELECT COALESCE(MAX([{mapped.column('code')}]), 0) + 1 "
                                    f"FROM [{mapped.table}]").fetchone()[0])

    def put_relation(self, fields: Mapping[str, Any], new: bool, kinds: tuple[str, ...] = ("Klant",),
                     extra_fields: tuple[tuple[str, str], ...] = ()) -> None:
        mapped = self.map["relations"]
        with self.transaction() as db:
            if new:
                db.execute(*_insert(mapped, {**fields, "kinds": ",".join(kinds)}))
                extras = self.map.get("relation_extra_fields")
                for n, (name, value) in enumerate(extra_fields if extras is not None else (), start=1):
                    db.execute(*_insert(extras, {"relation": fields["code"], "position": n, "name": name,
                                                 "value": value}))
            else:
                changed = {k: v for k, v in fields.items() if k != "code" and mapped.has(k)}
                sets = ", ".join(f"[{mapped.column(k)}] = ?" for k in changed)
                db.execute(f"UPDATE [{mapped.table}] SET {sets} WHERE [{mapped.column('code')}] = ?",
                           (*changed.values(), fields["code"]))

    # Articles, templates ------------------------------------------------------------------------
    def article(self, code: str) -> Article | None:
        return next((a for a in self._articles() if a.code == code), None)

    def template(self, template_id: str) -> SalesTemplate | None:
        return next((t for t in self._templates() if t.id == str(template_id)), None)

    def revenue_group(self, group_id: str) -> RevenueGroup | None:
        return next((g for g in self._groups() if g.id == group_id), None)

    # Sales orders -------------------------------------------------------------------------------
    def next_order_number(self) -> int:
        mapped = self.map["sales_orders"]
        return int(self._db.execute(f"SELECT COALESCE(MAX([{mapped.column('number')}]), 0) + 1 "
                                    f"FROM [{mapped.table}]").fetchone()[0])

    def order_id_taken(self, id_: str) -> bool:
        mapped = self.map["sales_orders"]
        if not mapped.has("id"):
            return False
        return self._db.execute(f"SELECT 1 FROM [{mapped.table}] WHERE [{mapped.column('id')}] = ?",
                                (id_,)).fetchone() is not None

    def store_order(self, order: StoredSalesOrder, db: sqlite3.Connection | None = None,
                    total_vat: Decimal | None = None) -> None:
        """The order and its lines, in one transaction (or in the caller's, `db`); `total_vat`:
        the VAT SnelStart computed (None for an order loaded from a snapshot, which has none)."""
        with (contextlib.nullcontext(db) if db is not None else self.transaction()) as db:
            mapped = self.map["sales_orders"]
            row = _insert(mapped, {"number": order.number, "id": order.id, "relation": order.relation_code,
                                   "payment_reference": order.payment_reference,
                                   "date": order.date.isoformat(sep=" "), "template": order.template_id,
                                   "total": str(order.total_incl_vat),
                                   "total_vat": None if total_vat is None else str(total_vat)},
                          extra={"Omschrijving": order.description, "Memo": order.memo,
                                 "ProcesStatus": order.process_status, "BtwIngaveModel": order.vat_entry,
                                 "Kostensoort1": str(order.cost_type_1), "Kostensoort2": str(order.cost_type_2),
                                 "FactuurAdres": json.dumps(asdict(order.invoice_address)),
                                 "AfleverAdres": json.dumps(asdict(order.delivery_address))})
            db.execute(*row)
            for n, line in enumerate(order.lines, start=1):
                db.execute(f"INSERT INTO [{LINES_TABLE}] VALUES ({', '.join('?' for _ in LINE_COLUMNS)})",
                           (order.number, n, line.article_code, line.description, str(line.quantity),
                            str(line.unit_price), str(line.discount_percentage), str(line.total)))

    # Reading it all back (what the tests compare) -----------------------------------------------
    def _columns(self, table: str) -> list[str]:
        return [row[1] for row in self._db.execute(f"PRAGMA table_info([{table}])")]

    def _rows(self, concept: str) -> list[dict[str, Any]]:
        mapped = self.map.get(concept)
        if mapped is None:
            return []
        columns = self._columns(mapped.table)
        return [_fields(mapped, columns, row) for row in self._db.execute(f"SELECT * FROM [{mapped.table}]")]

    def _groups(self) -> list[RevenueGroup]:
        return [RevenueGroup(str(r["id"]), r.get("number") or 0, r["description"], r.get("vat_kind") or "")
                for r in self._rows("revenue_groups")]

    def _templates(self) -> list[SalesTemplate]:
        return [SalesTemplate(str(r["id"]), r["description"], bool(r.get("prices_excl_vat")), bool(r.get("inactive")),
                              r.get("number")) for r in self._rows("templates")]

    def _articles(self) -> list[Article]:
        extras: dict[str, list] = {}
        for r in sorted(self._rows("article_extra_fields"), key=lambda r: r.get("position") or 0):
            extras.setdefault(r["article"], []).append((r["name"], r["value"]))
        recipes: dict[str, list] = {}
        for r in sorted(self._rows("recipe_lines"), key=lambda r: r.get("position") or 0):
            recipes.setdefault(r["article"], []).append(RecipeLine(r["component"], _number(r["quantity"])))
        found = []
        for r in self._rows("articles"):
            placement = r.get("recipe_placement")
            recipe = None if not placement else Recipe(RecipePlacement(placement), tuple(recipes.get(r["code"], ())))
            found.append(Article(r["code"], r["description"], _number(r["price"]), r.get("revenue_group") or "",
                                 tuple(extras.get(r["code"], ())), bool(r.get("inactive")), recipe, r["code"]))
        return found

    def relations(self) -> list[Relation]:
        extras: dict[int, list] = {}
        for r in sorted(self._rows("relation_extra_fields"), key=lambda r: r.get("position") or 0):
            extras.setdefault(r["relation"], []).append((r["name"], r["value"]))
        return [self.relation(r, tuple(extras.get(r["code"], ()))) for r in self._rows("relations")]

    def relation(self, r: Mapping[str, Any], extra_fields: tuple = ()) -> Relation:
        def address(prefix: str) -> RelationAddress | None:
            country = self.country_code(r.get(f"{prefix}_country"))
            return None if country is None else RelationAddress(
                *(r.get(f"{prefix}_{part}") or "" for part in ("contact", "street", "postcode", "city")), country)

        settings = {name: EmailSetting(bool(r.get(f"{prefix}_email_send")), r.get(f"{prefix}_email") or "",
                                       r.get(f"{prefix}_cc_email") or "")
                    for prefix, name in (("invoice", "invoice_email"), ("quote", "quote_email"),
                                         ("confirmation", "confirmation_email"), ("reminder", "reminder_email"))}
        return Relation(r["code"], r["name"], address("establishment") or RelationAddress(), address("correspondence"),
                        r.get("email") or "", r.get("phone") or "", r.get("vat_number") or "",
                        r.get("coc_number") or "", r.get("payment_term"), extra_fields=extra_fields,
                        inactive=bool(r.get("inactive")),
                        kinds=tuple(k for k in (r.get("kinds") or "Klant").split(",") if k), id=str(r["code"]),
                        **settings)

    def sales_orders(self) -> list[StoredSalesOrder]:
        lines: dict[int, list] = {}
        for row in self._db.execute(f"SELECT * FROM [{LINES_TABLE}] ORDER BY [Ordernummer], [Volgnummer]"):
            number, _, code, text, quantity, price, discount, total = row
            lines.setdefault(int(number), []).append(StoredSalesOrderLine(
                code, text, Decimal(quantity), Decimal(price), Decimal(discount), Decimal(total)))
        mapped = self.map["sales_orders"]
        columns = self._columns(mapped.table)
        found = []
        for row in self._db.execute(f"SELECT * FROM [{mapped.table}]"):
            r, raw = _fields(mapped, columns, row), dict(zip(columns, row))
            found.append(StoredSalesOrder(
                number=r["number"], relation_code=r["relation"], date=datetime.fromisoformat(r["date"]),
                template_id=str(r.get("template") or ""), process_status=raw["ProcesStatus"],
                payment_reference=r["payment_reference"], description=raw["Omschrijving"],
                vat_entry=raw["BtwIngaveModel"], invoice_address=RelationAddress(**json.loads(raw["FactuurAdres"])),
                delivery_address=RelationAddress(**json.loads(raw["AfleverAdres"])),
                lines=tuple(lines.get(r["number"], ())), cost_type_1=Decimal(raw["Kostensoort1"]),
                cost_type_2=Decimal(raw["Kostensoort2"]), total_incl_vat=_number(r["total"]), memo=raw["Memo"],
                id=str(r.get("id") or r["number"])))
        return found

    def snapshot(self) -> Snapshot:
        return Snapshot(tuple(self.relations()), tuple(self._articles()), tuple(self._groups()),
                        tuple(self._templates()), tuple(self.sales_orders()))


def _ddl(mapped: MappedTable) -> str:
    key = _KEYS.get(mapped.concept)
    columns = [f"[{column}] {_TYPES.get((mapped.concept, name), TEXT)}"
               + (" NOT NULL PRIMARY KEY" if name == key else "") for name, column in mapped.columns.items()]
    if mapped.concept == "sales_orders":
        columns += [f"[{column}] TEXT" for column in ORDER_EXTRA]
    return f"CREATE TABLE [{mapped.table}] ({', '.join(columns)})"


def _insert(mapped: MappedTable, fields: Mapping[str, Any], extra: Mapping[str, Any] | None = None) -> tuple[str, tuple]:
    values = {mapped.column(name): value for name, value in fields.items() if mapped.has(name)}
    values.update(extra or {})
    names = ", ".join(f"[{c}]" for c in values)
    return f"INSERT INTO [{mapped.table}] ({names}) VALUES ({', '.join('?' for _ in values)})", tuple(values.values())


def _fields(mapped: MappedTable, columns: list[str], row: tuple) -> dict[str, Any]:
    by_column = {c.casefold(): v for c, v in zip(columns, row)}
    return {name: by_column.get(column.casefold()) for name, column in mapped.columns.items()}


__all__ = ["ClassicDatabase", "countries"]
