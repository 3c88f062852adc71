"""The shared ODBC layer through the real SQLite3 ODBC driver: dialects, exact money, the
connection settings the driver needs, and its generic errors read for what they mean."""
from __future__ import annotations

import sys
from dataclasses import replace
from decimal import Decimal

import pytest

from domain.errors import ConfigurationError, SConnectError
from domain.recognition import EmailPass
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.odbc.connection import ConstraintViolation, DriverError, UniqueViolation
from infrastructure.snelstart.odbc.dialect import SqliteDialect
from infrastructure.snelstart.odbc.money import money_from_db, money_to_db
from infrastructure.snelstart.odbc.sql import Select, Sql, insert
from infrastructure.snelstart.odbc.sqlite import SQLITE_DRIVER, connect_sqlite
from infrastructure.snelstart.snapshot import Snapshot, SnapshotError, snapshot_json

from embedded_support import demo_snapshot, new_relation, order_plan


class BracketDialect(SqliteDialect):
    """Test only: T-SQL-style [bracket] quoting, numbered parameter markers (?1, ?2) and another
    way to page — other SQL text that SQLite still runs, so the meaning can be compared."""

    name = "bracket"

    def quote(self, identifier: str) -> str:
        return "[" + identifier + "]"

    def parameter(self, position: int) -> str:
        return f"?{position + 1}"

    def select(self, columns, source, where, order_by, limit) -> str:
        inner = f"SELECT {columns} FROM {source}" + (f" WHERE {where}" if where else "")
        if order_by:
            inner += " ORDER BY " + ", ".join(order_by)
        return inner + ("" if limit is None else f" LIMIT {int(limit)} OFFSET 0")

    def next_key(self, table: str, column: str) -> str:
        return f"SELECT IFNULL(MAX({self.quote(column)}) + 1, 1) FROM {self.quote(table)}"

    def begin_write(self) -> str:
        return "BEGIN EXCLUSIVE"


QUERY = Select("r.[naam], r.[relatiecode]", "[tblRelatie] r", "r.[vestigingLand] = :land AND r.[relatiecode] > :van",
               ("r.[relatiecode] DESC",), limit=2)


def test_queries_are_rendered_through_the_dialect():
    sqlite_sql, sqlite_names = Sql(SqliteDialect()).render(QUERY)
    bracket_sql, bracket_names = Sql(BracketDialect()).render(QUERY)

    assert sqlite_sql == ('SELECT r."naam", r."relatiecode" FROM "tblRelatie" r WHERE r."vestigingLand" = ? '
                          'AND r."relatiecode" > ? ORDER BY r."relatiecode" DESC LIMIT 2')
    assert bracket_sql == ("SELECT r.[naam], r.[relatiecode] FROM [tblRelatie] r WHERE r.[vestigingLand] = ?1 "
                           "AND r.[relatiecode] > ?2 ORDER BY r.[relatiecode] DESC LIMIT 2 OFFSET 0")
    assert sqlite_names == bracket_names == ("land", "van")


def test_the_same_query_means_the_same_in_both_dialects(tmp_path):
    EmbeddedAdministration.create(tmp_path / "admin.sqlite", demo_snapshot()).close()
    answers = []
    for dialect in (SqliteDialect(), BracketDialect()):
        db = connect_sqlite(tmp_path / "admin.sqlite", dialect=dialect)
        answers.append([tuple(row) for row in db.rows(QUERY, {"land": "NL", "van": 1001})])
        db.close()

    assert answers[0] == answers[1] == [("Lunchroom De Oude Molen", 1008), ("Café 't Hoekje", 1006)]


def test_an_administration_reads_and_writes_alike_through_another_dialect(tmp_path):
    results = []
    for name, dialect in (("sqlite", None), ("bracket", BracketDialect())):
        EmbeddedAdministration.create(tmp_path / f"{name}.sqlite", demo_snapshot()).close()
        administration = EmbeddedAdministration(tmp_path / f"{name}.sqlite", dialect=dialect)
        created = administration.create_relation(new_relation("Nieuwe Klant"))
        order = administration.create_sales_order(order_plan("77", created.code))
        results.append((created, order, administration.relations_by_email("inkoop@devries.nl", EmailPass.RELATION),
                        administration.template("webshop"), administration.last_template_of(created.code),
                        administration.article_by_code("ART-1001", "artikelcode"),
                        snapshot_json(replace(administration.snapshot(), administration_id=""))))
        administration.close()

    assert results[0] == results[1]
    assert results[0][1].number == 2 and results[0][2]


@pytest.mark.parametrize("text", ["24.95", "8.50", "0.0001", "-3.10", "1234567890123.4567", "0"])
def test_money_is_stored_as_text_and_comes_back_exactly(tmp_path, text):
    db = connect_sqlite(tmp_path / "money.sqlite")
    db.execute("CREATE TABLE [bedrag] ([waarde] TEXT NOT NULL)")
    db.execute("INSERT INTO [bedrag] ([waarde]) VALUES (:waarde)", {"waarde": money_to_db(Decimal(text))})

    back = money_from_db(db.value("SELECT [waarde] FROM [bedrag]"))

    assert back == Decimal(text) and str(back) == text  # the scale too: "8.50" stays "8.50"
    db.close()


def test_a_float_never_passes_for_money():
    with pytest.raises(TypeError):
        money_to_db(24.95)
    with pytest.raises(TypeError):
        money_from_db(24.95)
    with pytest.raises(ValueError):
        money_to_db(Decimal("NaN"))


def test_the_driver_returns_numeric_columns_as_float_which_is_why_amounts_are_text(tmp_path):
    db = connect_sqlite(tmp_path / "numeric.sqlite")
    db.execute("CREATE TABLE [bedrag] ([waarde] NUMERIC NOT NULL)")
    db.execute("INSERT INTO [bedrag] ([waarde]) VALUES (:waarde)", {"waarde": "24.95"})

    stored = db.value("SELECT [waarde] FROM [bedrag]")

    assert isinstance(stored, float)
    with pytest.raises(TypeError):
        money_from_db(stored)
    db.close()


def test_integers_beyond_32_bits_survive_the_driver(tmp_path):
    db = connect_sqlite(tmp_path / "big.sqlite")
    db.execute("CREATE TABLE [getal] ([waarde] INTEGER NOT NULL)")
    db.execute("INSERT INTO [getal] ([waarde]) VALUES (:waarde)", {"waarde": 2 ** 40 + 7})

    assert db.value("SELECT [waarde] FROM [getal]") == 2 ** 40 + 7
    db.close()


def test_a_unique_key_broken_is_read_from_the_generic_driver_error(tmp_path):
    administration = EmbeddedAdministration.create(tmp_path / "admin.sqlite", demo_snapshot())
    db = connect_sqlite(tmp_path / "admin.sqlite")
    row = {"artikelcode": "ART-1001", "id": "x", "omschrijving": "Dubbel", "verkoopprijs": "1.00",
           "artikelOmzetgroep": "og-hoog", "nonactief": 0, "receptPlaatsen": None}
    statement = insert("tblArtikel", list(row))

    with pytest.raises(UniqueViolation) as raised:
        db.execute(statement, row)

    assert (raised.value.table, raised.value.column) == ("tblArtikel", "artikelcode")
    with pytest.raises(ConstraintViolation) as not_null:  # a constraint, but not a unique key
        db.execute(statement, {**row, "artikelcode": "ART-NIEUW", "omschrijving": None})
    assert not isinstance(not_null.value, UniqueViolation)
    db.close()
    administration.close()


def test_foreign_keys_are_enforced(tmp_path):
    EmbeddedAdministration.create(tmp_path / "admin.sqlite", demo_snapshot()).close()
    db = connect_sqlite(tmp_path / "admin.sqlite")

    with pytest.raises(ConstraintViolation, match="FOREIGN KEY"):
        db.execute("INSERT INTO [tblRelatieExtraVeld] ([relatiecode], [positie], [naam], [waarde]) "
                   "VALUES (:code, 1, :naam, :waarde)", {"code": 4242, "naam": "x", "waarde": "y"})
    db.close()


def test_a_path_with_a_semicolon_and_accents_opens_exactly_that_file(tmp_path):
    folder = tmp_path / "Café; de Hoek"
    folder.mkdir()
    path = folder / "administratie é.sqlite"

    EmbeddedAdministration.create(path, demo_snapshot()).close()

    assert sorted(p.name for p in folder.iterdir()) == ["administratie é.sqlite"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Café; de Hoek"]
    with EmbeddedAdministration(path) as administration:
        assert administration.relation_by_code("1001").name == "Bakkerij De Vries B.V."


def test_a_missing_odbc_driver_names_the_command_that_installs_it(tmp_path):
    with pytest.raises(ConfigurationError) as raised:
        EmbeddedAdministration.create(tmp_path / "admin.sqlite", Snapshot(), driver="SQLite3 (not installed)")

    message = str(raised.value)
    assert "'SQLite3 (not installed)' is not installed" in message
    assert "apt-get install libsqliteodbc unixodbc" in message
    assert "\n" not in message
    assert list(tmp_path.iterdir()) == []  # not the administration, nor the file it was being built in
    assert SQLITE_DRIVER in ("SQLite3", "SQLite3 ODBC Driver")


def test_a_write_that_fails_halfway_leaves_nothing(tmp_path):
    administration = EmbeddedAdministration.create(tmp_path / "admin.sqlite", demo_snapshot())
    before = snapshot_json(administration.snapshot())
    # Line 2 names an article SnelStart does not have: the order is refused after line 1 was priced.
    with pytest.raises(Exception, match="VOR-0013"):
        administration.create_sales_order(order_plan("88", 1001, "ART-2001", "ART-BESTAAT-NIET"))

    assert snapshot_json(administration.snapshot()) == before
    assert administration.create_sales_order(order_plan("88")).number == 2
    administration.close()


def test_fast_executemany_stays_off_because_the_driver_crashes_with_it(tmp_path):
    db = connect_sqlite(tmp_path / "admin.sqlite")
    assert db._cursor.fast_executemany is False
    db.close()



def test_without_pyodbc_or_unixodbc_the_message_says_how_to_install_odbc(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyodbc", None)  # what `import pyodbc` meets without libodbc.so.2

    with pytest.raises(ConfigurationError) as raised:
        EmbeddedAdministration.create(tmp_path / "admin.sqlite", Snapshot())

    assert "apt-get install unixodbc" in str(raised.value) and "\n" not in str(raised.value)
    assert list(tmp_path.iterdir()) == []


def test_the_connection_runs_in_wal_mode_with_full_sync_and_foreign_keys(tmp_path):
    db = connect_sqlite(tmp_path / "admin.sqlite")

    settings = [db.value(f"PRAGMA {name}") for name in ("journal_mode", "synchronous", "foreign_keys")]

    assert settings == ["wal", 2, 1]  # synchronous 2 = FULL: a booked order survives a power cut
    db.close()


def test_a_text_with_a_nul_character_is_refused_rather_than_cut_off(tmp_path):
    path = tmp_path / "admin.sqlite"
    administration = EmbeddedAdministration.create(path, demo_snapshot())
    before = snapshot_json(administration.snapshot())

    with pytest.raises(ConstraintViolation, match="NUL"):
        administration.create_relation(new_relation("Klant\x00met staart"))
    with pytest.raises(SnapshotError, match="NUL"):
        EmbeddedAdministration.create(path, replace(demo_snapshot(), relations=(
            replace(demo_snapshot().relations[0], name="Bakkerij\x00 De Vries"),)))

    assert snapshot_json(administration.snapshot()) == before
    administration.close()


def test_an_error_no_rule_names_is_still_one_line_in_the_drivers_words(tmp_path):
    db = connect_sqlite(tmp_path / "admin.sqlite")
    db.execute("CREATE TABLE [getal] ([waarde] INTEGER PRIMARY KEY)")

    with pytest.raises(DriverError) as unknown_table:
        db.rows("SELECT [waarde] FROM [nergens]")
    with pytest.raises(DriverError) as too_large:  # pyodbc's own OverflowError, before the driver
        db.execute("INSERT INTO [getal] ([waarde]) VALUES (:waarde)", {"waarde": 2 ** 64})
    with pytest.raises(DriverError) as in_many:
        db.execute_many("INSERT INTO [getal] ([waarde]) VALUES (:waarde)", [{"waarde": 1}, {"waarde": -2 ** 70}])
    db.close()

    assert isinstance(unknown_table.value, SConnectError)
    for raised in (unknown_table, too_large, in_many):
        message = str(raised.value)
        assert message.startswith(f"{tmp_path / 'admin.sqlite'}: ") and "\n" not in message
        assert "HY000" not in message and "SQLExecDirect" not in message and "('" not in message
    assert str(unknown_table.value).endswith("refused a statement: no such table: nergens")
    assert "too large" in str(too_large.value) and "too large" in str(in_many.value)
