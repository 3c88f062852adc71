"""Reading the embedded administration: the `Administration` port (recognition's look-ups
included) and the whole administration as a Snapshot.

Every look-up is one indexed query: relations through their search keys (filed by
domain.relation_index.search_keys, the same code as the in-memory fake's index), articles by
primary key or by an extra field's normalised name and value, orders by betalingskenmerk or
by (relation, date, number). Small result sets are ordered in Python, where an answer's
meaning depends on the order: database collations differ, Python's order does not.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from domain.article import ARTICLE_CODE_FIELD, Article, RevenueGroup, SalesTemplate
from domain.customer import Relation, normalise_name
from domain.recognition import EmailPass
from domain.relation_index import COC_KEY, EMAIL_KEYS, POSTCODE_KEY, VAT_KEY
from domain.sales_order import BookedOrderRef, SalesOrderHeader
from infrastructure.snelstart.rules import sales_orders as order_rules
from infrastructure.snelstart.rules import writes as rules
from infrastructure.snelstart.odbc.connection import OdbcConnection
from infrastructure.snelstart.odbc.money import money_from_db
from infrastructure.snelstart.odbc.sql import Select
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder

from infrastructure.snelstart.embedded import rows
from infrastructure.snelstart.embedded.schema import (ARTICLES, RELATIONS, REVENUE_GROUPS, SALES_ORDER_LINES,
                                                       SALES_ORDERS, TEMPLATES, Table)

_LARGEST_KEY = 2 ** 63 - 1  # a longer run of digits is no relatiecode or number at all


def _columns(table: Table, alias: str) -> str:
    return ", ".join(f"{alias}.[{c}]" for c in table.column_names)


_RELATIONS = ("[tblRelatie] r LEFT JOIN [tblRelatieExtraVeld] e ON e.[relatiecode] = r.[relatiecode]")
_RELATION_COLUMNS = _columns(RELATIONS, "r") + ", e.[naam], e.[waarde]"
_RELATION_ORDER = ("r.[relatiecode]", "e.[positie]")
RELATION_BY_CODE = Select(_RELATION_COLUMNS, _RELATIONS, "r.[relatiecode] = :code", _RELATION_ORDER)
RELATIONS_BY_KEY = Select(
    _RELATION_COLUMNS, _RELATIONS,
    "r.[relatiecode] IN (SELECT k.[relatiecode] FROM [tblRelatieZoeksleutel] k "
    "WHERE k.[soort] = :soort AND k.[waarde] = :waarde AND k.[land] = :land)", _RELATION_ORDER)
ALL_RELATIONS = Select(_RELATION_COLUMNS, _RELATIONS, "", _RELATION_ORDER)

# An article with its extra fields (part 1) and recipe lines (part 2) in one statement: it is
# read for every order line, and one statement needs no transaction to be consistent.
_NO_ARTICLE = ", ".join("NULL" for _ in ARTICLES.columns)
ARTICLE = (
    f"SELECT 0 AS [deel], 0 AS [positie], NULL AS [naam], NULL AS [waarde], {_columns(ARTICLES, 'a')} "
    "FROM [tblArtikel] a WHERE a.[artikelcode] = :code "
    f"UNION ALL SELECT 1, x.[positie], x.[naam], x.[waarde], {_NO_ARTICLE} "
    "FROM [tblArtikelExtraVeld] x WHERE x.[artikelcode] = :code "
    f"UNION ALL SELECT 2, l.[positie], l.[onderdeelArtikelcode], l.[aantal], {_NO_ARTICLE} "
    "FROM [tblReceptRegel] l WHERE l.[artikelcode] = :code "
    "ORDER BY [deel], [positie]")
ARTICLES_BY_FIELD = Select("a.[artikelcode], a.[nonactief]",
                           "[tblArtikelExtraVeld] x JOIN [tblArtikel] a ON a.[artikelcode] = x.[artikelcode]",
                           "x.[naamZoek] = :naam AND x.[waardeZoek] = :waarde")

_REFERENCE = "t.[id] = :id OR t.[nummer] = :nummer OR t.[omschrijvingZoek] = :zoek"
TEMPLATES_BY_REFERENCE = Select(_columns(TEMPLATES, "t"), "[tblVerkoopordersjabloon] t", _REFERENCE)
TEMPLATES_BY_ID = Select(_columns(TEMPLATES, "t"), "[tblVerkoopordersjabloon] t", "t.[id] = :id")
GROUPS_BY_REFERENCE = Select(_columns(REVENUE_GROUPS, "t"), "[tblArtikelOmzetgroep] t", _REFERENCE)
GROUPS_BY_ID = Select(_columns(REVENUE_GROUPS, "t"), "[tblArtikelOmzetgroep] t", "t.[id] = :id")
ALL_TEMPLATES = Select(_columns(TEMPLATES, "t"), "[tblVerkoopordersjabloon] t")
ALL_GROUPS = Select(_columns(REVENUE_GROUPS, "t"), "[tblArtikelOmzetgroep] t")

ORDERS_BY_PAYMENT_REFERENCE = Select("o.[nummer], o.[relatiecode], o.[totaalInclusiefBtw]", "[tblVerkooporder] o",
                                     "o.[betalingskenmerkZoek] = :kenmerk", ("o.[nummer]",))
# A chunk's exactly-once check in one statement. The number of markers is rounded up to a
# power of two (the last value repeated), so a run renders a handful of statements, not one per
# chunk size; 256 stays far below every database's limit on parameters.
_MOST_REFERENCES = 256


def _orders_by_payment_references(count: int) -> Select:
    marks = ", ".join(f":k{i}" for i in range(count))
    return Select("o.[betalingskenmerkZoek], o.[nummer], o.[relatiecode], o.[totaalInclusiefBtw]", "[tblVerkooporder] o",
                  f"o.[betalingskenmerkZoek] IN ({marks})", ("o.[nummer]",))


# The period's bounds as ISO text: [datum] is ISO 8601 wall-clock time, which sorts as time.
# Unbounded ends are '' and a date after any SnelStart keeps, so the query stays one statement.
ORDERS_IN_PERIOD = Select("o.[nummer], o.[betalingskenmerk], o.[totaalInclusiefBtw], o.[datum]", "[tblVerkooporder] o",
                          "o.[datum] >= :van AND o.[datum] < :tot", ("o.[nummer]",))
_NO_END = "9999-12-31T23:59:59.999999~"
LATEST_ORDER_OF = Select("o.[verkoopordersjabloon]", "[tblVerkooporder] o", "o.[relatiecode] = :code",
                         ("o.[datum] DESC", "o.[nummer] DESC"), limit=1)


def _id_taken(table: str) -> Select:
    return Select("1", f"[{table}] t", "t.[id] = :id", limit=1)


RELATION_ID_TAKEN, ARTICLE_ID_TAKEN, ORDER_ID_TAKEN, TEMPLATE_ID_TAKEN = (
    _id_taken("tblRelatie"), _id_taken("tblArtikel"), _id_taken("tblVerkooporder"),
    _id_taken("tblVerkoopordersjabloon"))


def _key(digits: str) -> int | None:
    number = rules.reference_number(digits)
    return number if number is not None and number <= _LARGEST_KEY else None


class EmbeddedReader:
    """The `Administration` port over an embedded administration's connection."""

    def __init__(self, connection: OdbcConnection):
        self._db = connection

    # RelationLookup (arguments normalised as domain.recognition.RelationLookup describes) -------
    def relation_by_code(self, code: str) -> Relation | None:
        number = _key(code)
        if number is None:
            return None
        found = rows.relations(self._db.rows(RELATION_BY_CODE, {"code": number}))
        return found[0] if found else None

    def _by_key(self, kind: str, value: str, country: str = "") -> list[Relation]:
        return rows.relations(self._db.rows(RELATIONS_BY_KEY, {"soort": kind, "waarde": value, "land": country}))

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._by_key(EMAIL_KEYS[int(email_pass) - 1], email)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._by_key(VAT_KEY, vat_number)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._by_key(COC_KEY, coc_number)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._by_key(POSTCODE_KEY, postcode, country)

    # NamedRelationLookup: names normalised on the few relations that share the postcode.
    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return [(r, normalise_name(r.name)) for r in self.relations_by_postcode(country, postcode)]

    # Administration ---------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        # SnelStart's habit: one more than the highest relatiecode in use (customers and suppliers).
        return self._db.next_key("tblRelatie", "relatiecode")

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        wanted = reference.strip()
        if not wanted:
            return []
        return [BookedOrderRef(number, relation_code, money_from_db(total)) for number, relation_code, total
                in self._db.rows(ORDERS_BY_PAYMENT_REFERENCE, {"kenmerk": wanted})]

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        asked = list(references)
        wanted = sorted({reference.strip() for reference in asked} - {""})
        found: dict[str, list[BookedOrderRef]] = {}
        for start in range(0, len(wanted), _MOST_REFERENCES):
            chunk = wanted[start:start + _MOST_REFERENCES]
            size = 1 << (len(chunk) - 1).bit_length()
            params = {f"k{i}": chunk[min(i, len(chunk) - 1)] for i in range(size)}
            for key, number, relation_code, total in self._db.rows(_orders_by_payment_references(size), params):
                found.setdefault(key, []).append(BookedOrderRef(number, relation_code, money_from_db(total)))
        return {reference: list(found.get(reference.strip(), ())) for reference in asked}

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        """One query, whatever the number of orders (reconcile reads a month or a year at once)."""
        since, until = order_rules.period(since, until)
        bounds = {"van": "" if since is None else since.isoformat(),
                  "tot": _NO_END if until is None else until.isoformat()}
        return [SalesOrderHeader(number, (reference or "").strip(), money_from_db(total), datetime.fromisoformat(date))
                for number, reference, total, date in self._db.rows(ORDERS_IN_PERIOD, bounds)]

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        if not -_LARGEST_KEY <= relation_code <= _LARGEST_KEY:
            return None
        with self._db.read():
            latest = self._db.first(LATEST_ORDER_OF, {"code": relation_code})
            if latest is None:
                return None
            found = sorted((rows.template(r) for r in self._db.rows(TEMPLATES_BY_ID, {"id": latest[0]})),
                           key=lambda t: t.id)
        return found[0] if found else None

    def _reference(self, reference: str) -> dict:
        return {"id": reference.strip(), "nummer": _key(reference), "zoek": rules.reference_key(reference)}

    def template(self, reference: str) -> SalesTemplate | None:
        candidates = sorted((rows.template(r) for r in self._db.rows(TEMPLATES_BY_REFERENCE,
                                                                       self._reference(reference))),
                            key=lambda t: t.id)  # the snapshot's order, as the fake keeps them
        return rules.resolve_reference(candidates, reference, lambda t: t.number, lambda t: t.description)

    def templates(self) -> list[SalesTemplate]:
        return sorted((rows.template(r) for r in self._db.rows(ALL_TEMPLATES)), key=lambda t: t.id)

    def revenue_groups(self) -> list[RevenueGroup]:
        return sorted((rows.revenue_group(r) for r in self._db.rows(ALL_GROUPS)), key=lambda g: (g.number, g.id))

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        candidates = sorted((rows.revenue_group(r) for r in self._db.rows(GROUPS_BY_REFERENCE,
                                                                            self._reference(reference))),
                            key=lambda g: (g.number, g.id))
        return rules.resolve_reference(candidates, reference, lambda g: g.number, lambda g: g.description)

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        wanted = code.strip()
        if code_field.strip().casefold() == ARTICLE_CODE_FIELD:
            found = self.article_with_code(wanted)
            return found if found is not None and not found.inactive else None
        name, value = rules.field_key(code_field, wanted)
        matches = sorted({(article_code, bool(inactive)) for article_code, inactive
                          in self._db.rows(ARTICLES_BY_FIELD, {"naam": name, "waarde": value})})
        first_active = next((article_code for article_code, inactive in matches if not inactive), None)
        return None if first_active is None else self.article_with_code(first_active)

    # For the writer ---------------------------------------------------------------------------
    def article_with_code(self, code: str) -> Article | None:
        """The article with exactly this artikelcode, inactive or not."""
        # int(): [deel] is computed, so the SQLite3 driver guesses its type from the first row it
        # sees; when the prepared statement is reused after an execution without rows (an
        # unknown artikelcode), it hands back '0' rather than 0 — and VERZEND would seem absent.
        found = [(int(r[0]), r) for r in self._db.rows(ARTICLE, {"code": code})]
        if not found or found[0][0] != 0:
            return None
        return rows.article(found[0][1][4:], [(r[2], r[3]) for part, r in found if part == 1],
                            [(r[2], r[3]) for part, r in found if part == 2])

    def vat_rate_of(self, article: Article) -> Decimal | None:
        groups = sorted((rows.revenue_group(r) for r in self._db.rows(GROUPS_BY_ID, {"id": article.revenue_group_id})),
                        key=lambda g: (g.number, g.id))
        return rules.vat_rate(groups[0] if groups else None)

    def revenue_group_exists(self, group_id: str) -> bool:
        return bool(self._db.rows(GROUPS_BY_ID, {"id": group_id}))

    def template_exists(self, template_id: str) -> bool:
        return self._db.first(TEMPLATE_ID_TAKEN, {"id": template_id}) is not None

    def relation_id_taken(self, id_: str) -> bool:
        return self._db.first(RELATION_ID_TAKEN, {"id": id_}) is not None

    def article_id_taken(self, id_: str) -> bool:
        return self._db.first(ARTICLE_ID_TAKEN, {"id": id_}) is not None

    def order_id_taken(self, id_: str) -> bool:
        return self._db.first(ORDER_ID_TAKEN, {"id": id_}) is not None

    # The whole administration -------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        db = self._db
        with db.read():
            groups = [rows.revenue_group(r) for r in db.rows(Select(_columns(REVENUE_GROUPS, "t"),
                                                                    "[tblArtikelOmzetgroep] t"))]
            templates = [rows.template(r) for r in db.rows(Select(_columns(TEMPLATES, "t"),
                                                                  "[tblVerkoopordersjabloon] t"))]
            relations = rows.relations(db.rows(ALL_RELATIONS))
            articles = self._all_articles()
            orders = self._all_orders()
            administration_id, name = self.about()
        return Snapshot(tuple(relations), tuple(articles), tuple(groups), tuple(templates), tuple(orders),
                        administration_id, name)

    def about(self) -> tuple[str, str]:
        """(id, name) of tblAdministratie."""
        row = self._db.first(Select("a.[id], a.[naam]", "[tblAdministratie] a"))
        return ("", "") if row is None else (row[0] or "", row[1] or "")

    def _all_articles(self) -> list[Article]:
        db = self._db
        extras: dict[str, list] = {}
        for code, name, value in db.rows(Select("x.[artikelcode], x.[naam], x.[waarde]", "[tblArtikelExtraVeld] x",
                                                order_by=("x.[artikelcode]", "x.[positie]"))):
            extras.setdefault(code, []).append((name, value))
        recipes: dict[str, list] = {}
        for code, part, quantity in db.rows(Select("l.[artikelcode], l.[onderdeelArtikelcode], l.[aantal]",
                                                   "[tblReceptRegel] l",
                                                   order_by=("l.[artikelcode]", "l.[positie]"))):
            recipes.setdefault(code, []).append((part, quantity))
        return [rows.article(row, extras.get(row[0], ()), recipes.get(row[0], ()))
                for row in db.rows(Select(_columns(ARTICLES, "a"), "[tblArtikel] a"))]

    def _all_orders(self) -> list[StoredSalesOrder]:
        db = self._db
        line_columns = ", ".join(f"l.[{c}]" for c in SALES_ORDER_LINES.column_names)
        lines: dict[int, list] = {}
        for row in db.rows(Select(line_columns, "[tblVerkooporderRegel] l", order_by=("l.[nummer]", "l.[positie]"))):
            lines.setdefault(row[0], []).append(tuple(row[2:]))
        return [rows.sales_order(row, lines.get(row[0], ()))
                for row in db.rows(Select(_columns(SALES_ORDERS, "o"), "[tblVerkooporder] o"))]

    def counts(self) -> dict[str, int]:
        with self._db.read():
            return {table: int(self._db.value(f"SELECT COUNT(*) FROM [{table}]"))
                    for table in ("tblRelatie", "tblArtikel", "tblVerkooporder")}
