"""The OData filter builder: typed literals, escaping, and paths that cannot carry user data."""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.snelstart.b2b.odata import (
    ARTIKELCODE,
    BETALINGSKENMERK,
    RELATIE_ID,
    any_of,
    extra_field_value,
    guid,
    is_customer,
    literal,
    prop,
)


def unquote(text: str) -> str:
    """The inverse of a string literal, as an OData parser reads it."""
    assert text.startswith("'") and text.endswith("'")
    inner = text[1:-1]
    assert "'" not in inner.replace("''", ""), "an undoubled quote would end the literal early"
    return inner.replace("''", "'")


def test_quotes_in_strings_are_doubled():
    assert literal("O'Brien") == "'O''Brien'"
    assert ARTIKELCODE.eq("x' or Artikelcode ne '").text == "Artikelcode eq 'x'' or Artikelcode ne '''"


@given(st.text())
def test_every_string_reads_back_as_itself(text):
    assert unquote(literal(text)) == text


@pytest.mark.parametrize("value, expected", [
    (None, "null"), (True, "true"), (False, "false"), (0, "0"), (1001, "1001"), (-5, "-5"),
    (Decimal("24.95"), "24.95M"),
    (uuid.UUID("12345678-1234-5678-1234-567812345678"), "guid'12345678-1234-5678-1234-567812345678'"),
    (datetime(2024, 3, 1, 10, 15, 23), "datetime'2024-03-01T10:15:23'"),
    (datetime(2024, 3, 1, 10, 15, 23, 999000), "datetime'2024-03-01T10:15:23.999'"),
    (date(2024, 3, 1), "datetime'2024-03-01T00:00:00'"),
])
def test_literals_by_type(value, expected):
    assert literal(value) == expected


def test_a_date_time_with_a_zone_becomes_dutch_wall_clock_time():
    # SnelStart keeps zone-less wall-clock time: 09:00 UTC in March is 10:00 in Amsterdam.
    assert literal(datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)) == "datetime'2024-03-01T10:00:00'"
    assert literal(datetime(2024, 7, 1, 9, 0, tzinfo=timezone.utc)) == "datetime'2024-07-01T11:00:00'"


def test_a_string_that_looks_like_a_guid_stays_a_string():
    text = "12345678-1234-5678-1234-567812345678"
    assert literal(text) == f"'{text}'"
    assert RELATIE_ID.eq(guid(text)).text == f"Relatie/Id eq guid'{text}'"


@pytest.mark.parametrize("value", [1.5, float("nan"), Decimal("NaN"), object(), b"bytes"])
def test_values_without_an_exact_literal_are_refused(value):
    with pytest.raises((TypeError, ValueError)):
        literal(value)


def test_guid_refuses_what_is_no_guid():
    with pytest.raises(ValueError):
        guid("r-1001")


@pytest.mark.parametrize("path", ["naam", "Naam eq 'x' or Id", "Vestigings Adres", "VestigingsAdres/", "",
                                  "Naam)", "A/b"])
def test_property_paths_are_plain_upper_camel_case_names(path):
    with pytest.raises(ValueError):
        prop(path)


def test_nested_paths_and_comparisons():
    postcode = prop("VestigingsAdres") / "Postcode"
    assert postcode.eq("1015 CJ").text == "VestigingsAdres/Postcode eq '1015 CJ'"
    assert prop("Nonactief").ne(True).text == "Nonactief ne true"
    with pytest.raises(ValueError):
        prop("VestigingsAdres") / "postcode"


def test_substringof_is_written_the_v3_way():
    assert prop("Email").contains("a'b@x.nl").text == "substringof('a''b@x.nl', Email) eq true"


def test_any_over_a_collection():
    assert is_customer().text == "Relatiesoort/any(r:r eq 'Klant')"
    assert extra_field_value("871'2").text == "ExtraVelden/any(e:e/Waarde eq '871''2')"
    with pytest.raises(ValueError):
        prop("ExtraVelden").any("E x", lambda e: e.eq("y"))


def test_and_or_keep_their_meaning_when_combined():
    a, b, c = BETALINGSKENMERK.eq("1"), BETALINGSKENMERK.eq("2"), ARTIKELCODE.eq("3")
    assert (c & (a | b)).text == "Artikelcode eq '3' and (Betalingskenmerk eq '1' or Betalingskenmerk eq '2')"
    assert any_of(a, b, c).text == "(Betalingskenmerk eq '1' or Betalingskenmerk eq '2' or Artikelcode eq '3')"
    assert any_of(a) == a
    with pytest.raises(ValueError):
        any_of()
