"""Values as drivers hand them back, read into the domain's types: money becomes Decimal by its
text (a float from the driver included, never by float arithmetic), flags in every spelling,
and a value that cannot be what the map says is one line naming table and column."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.errors import ConfigurationError
from infrastructure.snelstart.classic.rows import Countries, Reading
from infrastructure.snelstart.classic.schema_map import load_schema_map, parse_schema_map

ARTICLES = Reading(load_schema_map()["articles"], "the shipped schema map")


@pytest.mark.parametrize("stored, amount", [
    (24.95, "24.95"), (7.0248, "7.0248"), (0.1 + 0.2, "0.30000000000000004"), (8.5, "8.5"), (3, "3"),
    (Decimal("17.5000"), "17.5000"), (" 19.95 ", "19.95"), (None, "0")])
def test_money_is_read_by_its_text_never_by_float_arithmetic(stored, amount):
    read = ARTICLES.money({"price": stored}, "price")
    assert isinstance(read, Decimal) and str(read) == amount
    if isinstance(stored, float):
        assert read != Decimal(stored) or repr(stored) == str(Decimal(stored))  # not the binary expansion


@pytest.mark.parametrize("stored", ["twintig", "NaN", float("inf"), True, b"\x01"])
def test_a_value_that_is_no_amount_names_table_and_column(stored):
    with pytest.raises(ConfigurationError) as refused:
        ARTICLES.money({"price": stored}, "price")
    assert "tblArtikel.Verkoopprijs holds" in str(refused.value) and "not an amount" in str(refused.value)


@pytest.mark.parametrize("stored, flag", [(True, True), (False, False), (1, True), (0, False), (-1, True),
                                          (Decimal("1"), True), ("Ja", True), ("nee", False), ("", False),
                                          (None, False)])
def test_flags_in_every_spelling_a_driver_uses(stored, flag):
    assert ARTICLES.flag({"inactive": stored}, "inactive") is flag


def test_numbers_and_moments_from_any_driver():
    orders = Reading(load_schema_map()["sales_orders"], "m")
    assert orders.number({"number": Decimal("12")}, "number") == 12
    assert orders.number({"number": 12.0}, "number") == 12
    assert orders.number({"number": " 12 "}, "number") == 12
    with pytest.raises(ConfigurationError, match="tblVerkooporder.Ordernummer holds 12.5"):
        orders.number({"number": 12.5}, "number")
    assert orders.moment({"date": datetime(2024, 3, 1, 10, 15)}, "date") == datetime(2024, 3, 1, 10, 15)
    assert orders.moment({"date": date(2024, 3, 1)}, "date") == datetime(2024, 3, 1)
    assert orders.moment({"date": "2024-03-01 10:15:23"}, "date") == datetime(2024, 3, 1, 10, 15, 23)
    with pytest.raises(ConfigurationError, match="not a date and time"):
        orders.moment({"date": 42}, "date")


def test_stored_codes_are_translated_by_the_maps_values_table():
    import tomllib
    from infrastructure.snelstart.classic.schema_map import shipped_text
    data = tomllib.loads(shipped_text())
    data["revenue_groups"]["values"] = {"vat_kind": {"1": "Hoog", "2": "Laag"}}
    read = Reading(parse_schema_map(data, "m")["revenue_groups"], "m")
    assert read.text({"vat_kind": 1}, "vat_kind") == "Hoog"
    assert read.text({"vat_kind": Decimal("2")}, "vat_kind") == "Laag"
    assert read.text({"vat_kind": "Geen"}, "vat_kind") == "Geen"  # not in the table: as stored


def test_countries_by_id_both_ways_and_without_a_table_the_code_itself():
    countries = Countries([(1, "NL"), (2, " be "), (3, "")])
    assert (countries.code(1), countries.code(Decimal("2")), countries.code(0), countries.code(None)) == \
        ("NL", "BE", None, None)
    assert countries.code(99) == "?99"  # visible, and matches nothing
    assert (countries.stored("be"), countries.stored(""), countries.stored("XX")) == (2, 1, None)
    plain = Countries(None)
    assert (plain.code(" nl "), plain.stored("de")) == ("NL", "DE")
