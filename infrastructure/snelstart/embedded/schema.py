"""The embedded administration's tables: a SnelStart-shaped administration in one SQLite file.

Table names follow SnelStart's SQL administrations (`tbl…`, Dutch), column names the B2B API
fields of the snapshot (reference/administration-snapshot.md). Amounts are TEXT (see
odbc/money.py). Columns ending in `Zoek` hold a value as the look-ups compare it (normalised
by the same Python code as the in-memory fake), so every look-up is one indexed equality.
`tblRelatieZoeksleutel` holds each relation's search keys (domain.relation_index.search_keys).

The schema is versioned: a file of another version is refused, never half-used. Only a new
file gets the tables (`create_schema`); opening a file checks them (`check_schema`).
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.errors import ConfigurationError
from infrastructure.snelstart.odbc.connection import OdbcConnection

SCHEMA_VERSION = 2  # 2: tblAdministratie, the administration's own id (version 1 files are upgraded)
PRODUCT = "S-Connect embedded administration"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, type and column constraints)
    constraints: tuple[str, ...] = ()  # table constraints, in the neutral notation
    indexes: tuple[tuple[str, ...], ...] = ()

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def ddl(self) -> list[str]:
        parts = [f"[{name}] {kind}" for name, kind in self.columns] + list(self.constraints)
        statements = [f"CREATE TABLE [{self.name}] ({', '.join(parts)})"]
        for columns in self.indexes:
            statements.append(f"CREATE INDEX [ix{self.name}_{'_'.join(columns)}] ON [{self.name}] "
                              f"({', '.join(f'[{c}]' for c in columns)})")
        return statements


def _address(prefix: str, required: bool) -> tuple[tuple[str, str], ...]:
    kind = "TEXT NOT NULL" if required else "TEXT"  # NULL: the relation has no such address
    return tuple((prefix + part, kind) for part in ("Contactpersoon", "Straat", "Postcode", "Plaats", "Land"))


def _email_setting(prefix: str) -> tuple[tuple[str, str], ...]:
    return ((f"{prefix}EmailVersturen", "INTEGER NOT NULL"), (f"{prefix}Email", "TEXT NOT NULL"),
            (f"{prefix}CcEmail", "TEXT NOT NULL"))


TEXT, NUMBER, FLAG = "TEXT NOT NULL", "INTEGER NOT NULL", "INTEGER NOT NULL"

SCHEMA_VERSION_TABLE = Table("tblSchemaVersie", (("versie", NUMBER), ("product", TEXT)))

# At most one row: the administration's id (taken from a loaded snapshot's "administratie", or
# made at the first run that asks) and name. S-Connect's history is bound to it: a profile pointed at another
# administration must not take that one's orders for "already done".
ADMINISTRATION = Table("tblAdministratie", (("id", TEXT), ("naam", TEXT)))

REVENUE_GROUPS = Table("tblArtikelOmzetgroep", (
    ("id", TEXT), ("nummer", NUMBER), ("omschrijving", TEXT), ("omschrijvingZoek", TEXT), ("btwSoort", TEXT)),
    indexes=(("id",), ("nummer",), ("omschrijvingZoek",)))

TEMPLATES = Table("tblVerkoopordersjabloon", (
    ("id", TEXT), ("nummer", "INTEGER"), ("omschrijving", TEXT), ("omschrijvingZoek", TEXT),
    ("prijsIngaveExclusiefBtw", FLAG), ("nonactief", FLAG)),
    indexes=(("id",), ("nummer",), ("omschrijvingZoek",)))

RELATIONS = Table("tblRelatie", (
    ("relatiecode", "INTEGER NOT NULL PRIMARY KEY"), ("id", TEXT),
    ("relatiesoort", TEXT),  # SnelStart's array, comma-separated: Klant, Leverancier, Eigen
    ("naam", TEXT), *_address("vestiging", True), *_address("correspondentie", False),
    ("email", TEXT), ("telefoon", TEXT), ("btwNummer", TEXT), ("kvkNummer", TEXT), ("krediettermijn", "INTEGER"),
    *_email_setting("factuur"), *_email_setting("offerte"), *_email_setting("bevestiging"),
    *_email_setting("aanmaning"), ("nonactief", FLAG)),
    indexes=(("id",),))

RELATION_EXTRA_FIELDS = Table("tblRelatieExtraVeld", (
    ("relatiecode", "INTEGER NOT NULL REFERENCES [tblRelatie] ([relatiecode])"), ("positie", NUMBER),
    ("naam", TEXT), ("waarde", TEXT)),
    constraints=("PRIMARY KEY ([relatiecode], [positie])",))

SEARCH_KEYS = Table("tblRelatieZoeksleutel", (
    ("soort", TEXT), ("waarde", TEXT), ("land", TEXT),  # land: only for the postcode key
    ("relatiecode", "INTEGER NOT NULL REFERENCES [tblRelatie] ([relatiecode])")),
    constraints=("PRIMARY KEY ([soort], [waarde], [land], [relatiecode])",),
    indexes=(("relatiecode",),))

ARTICLES = Table("tblArtikel", (
    ("artikelcode", "TEXT NOT NULL PRIMARY KEY"), ("id", TEXT), ("omschrijving", TEXT), ("verkoopprijs", TEXT),
    ("artikelOmzetgroep", TEXT), ("nonactief", FLAG),
    ("receptPlaatsen", "TEXT")),  # nooit/keuze/altijd; NULL: the article has no recipe
    indexes=(("id",),))

ARTICLE_EXTRA_FIELDS = Table("tblArtikelExtraVeld", (
    ("artikelcode", "TEXT NOT NULL REFERENCES [tblArtikel] ([artikelcode])"), ("positie", NUMBER),
    ("naam", TEXT), ("waarde", TEXT), ("naamZoek", TEXT), ("waardeZoek", TEXT)),
    constraints=("PRIMARY KEY ([artikelcode], [positie])",),
    indexes=(("naamZoek", "waardeZoek"),))

RECIPE_LINES = Table("tblReceptRegel", (
    ("artikelcode", "TEXT NOT NULL REFERENCES [tblArtikel] ([artikelcode])"), ("positie", NUMBER),
    ("onderdeelArtikelcode", TEXT), ("aantal", TEXT)),
    constraints=("PRIMARY KEY ([artikelcode], [positie])",))

SALES_ORDERS = Table("tblVerkooporder", (
    ("nummer", "INTEGER NOT NULL PRIMARY KEY"), ("id", TEXT),
    ("relatiecode", "INTEGER NOT NULL REFERENCES [tblRelatie] ([relatiecode])"),
    ("datum", TEXT),  # ISO 8601 wall-clock time: sorts as it should
    ("verkoopordersjabloon", TEXT), ("procesStatus", TEXT), ("betalingskenmerk", TEXT),
    ("betalingskenmerkZoek", TEXT), ("omschrijving", TEXT), ("verkooporderBtwIngaveModel", TEXT),
    *_address("factuur", True), *_address("aflever", True), ("kostensoort1", TEXT), ("kostensoort2", TEXT),
    ("totaalInclusiefBtw", TEXT), ("memo", TEXT)),
    indexes=(("id",), ("betalingskenmerkZoek",), ("relatiecode", "datum", "nummer")))

SALES_ORDER_LINES = Table("tblVerkooporderRegel", (
    ("nummer", "INTEGER NOT NULL REFERENCES [tblVerkooporder] ([nummer])"), ("positie", NUMBER),
    ("artikelcode", TEXT), ("omschrijving", TEXT), ("aantal", TEXT), ("stuksprijs", TEXT),
    ("kortingsPercentage", TEXT), ("totaal", TEXT)),
    constraints=("PRIMARY KEY ([nummer], [positie])",))

# Parents before children: the order to create and fill them in (and, reversed, to empty them).
CONTENT_TABLES = (REVENUE_GROUPS, TEMPLATES, RELATIONS, RELATION_EXTRA_FIELDS, SEARCH_KEYS, ARTICLES,
                  ARTICLE_EXTRA_FIELDS, RECIPE_LINES, SALES_ORDERS, SALES_ORDER_LINES)
TABLES = (SCHEMA_VERSION_TABLE, ADMINISTRATION, *CONTENT_TABLES)


def _version(connection: OdbcConnection) -> int | None:
    """The file's schema version; None for a database without tables."""
    tables = {row[0] for row in connection.rows(connection.dialect.tables())}
    if SCHEMA_VERSION_TABLE.name in tables:
        found = connection.value(f"SELECT [versie] FROM [{SCHEMA_VERSION_TABLE.name}]")
        if found is None:
            raise ConfigurationError(f"{connection.what}: the embedded administration has no schema version")
        return int(found)
    if tables:
        raise ConfigurationError(f"{connection.what} is an SQLite database but not an embedded administration "
                                 f"(it has no {SCHEMA_VERSION_TABLE.name} table)")
    return None


def check_schema(connection: OdbcConnection) -> None:
    """Refuses a file that is not an administration of this schema version. Opening never
    creates the tables: an empty administration would fail every order until someone noticed."""
    with connection.read():
        version = _version(connection)
    if version is None:
        raise ConfigurationError(f"{connection.what} is an SQLite database without an embedded administration "
                                 f"in it; delete it, then fill it with: sconnect embedded load FILE.json")
    if version == 1:
        _upgrade_from_1(connection)
        version = SCHEMA_VERSION
    if version != SCHEMA_VERSION:
        raise ConfigurationError(
            f"{connection.what}: embedded administration schema version {version}, but this S-Connect reads "
            f"version {SCHEMA_VERSION}; dump it with the S-Connect that wrote it and load the dump into a new file")


def _upgrade_from_1(connection: OdbcConnection) -> None:
    """Version 1 had no identity: the table for it (the id itself is given at the first run)."""
    with connection.write():
        if _version(connection) != 1:  # another process upgraded it meanwhile
            return
        for statement in ADMINISTRATION.ddl():
            connection.execute(statement)
        connection.execute(f"UPDATE [{SCHEMA_VERSION_TABLE.name}] SET [versie] = :versie", {"versie": SCHEMA_VERSION})


def create_schema(connection: OdbcConnection) -> None:
    """The tables and their version, in a new file (one only this process knows of)."""
    with connection.write():
        if _version(connection) is not None:
            raise ConfigurationError(f"{connection.what} already holds an embedded administration")
        for table in TABLES:
            for statement in table.ddl():
                connection.execute(statement)
        connection.execute(f"INSERT INTO [{SCHEMA_VERSION_TABLE.name}] ([versie], [product]) "
                           f"VALUES (:versie, :product)", {"versie": SCHEMA_VERSION, "product": PRODUCT})
