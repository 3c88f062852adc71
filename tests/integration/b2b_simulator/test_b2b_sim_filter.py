"""`$filter` as the simulator understands it: each operator, literals and their escaping, and the
refusals (wrong-case or unknown property, wrong literal type) the live API gives as ALG-0104."""
from __future__ import annotations

import pytest
from b2b_sim_support import Api, error_codes

from infrastructure.simulators.snelstart_b2b.filter import FilterError, compile_filter
from infrastructure.simulators.snelstart_b2b.models import RELATIE_SCHEMA, guid_for


def codes(api, filter_: str, path: str = "relaties") -> list[int | str]:
    key = "relatiecode" if path == "relaties" else "nummer" if path == "verkooporders" else "artikelcode"
    return [row[key] for row in api.rows(path, **{"$filter": filter_})]


@pytest.mark.parametrize("filter_, expected", [
    ("Relatiecode eq 1002", [1002]),
    ("Relatiecode ne 1002", [1001, 1003, 1004, 2001]),
    ("Relatiecode gt 1003", [1004, 2001]),
    ("Relatiecode ge 1003", [1003, 1004, 2001]),
    ("Relatiecode lt 1002", [1001]),
    ("Relatiecode le 1002", [1001, 1002]),
    ("Relatiecode ge 1002 and Relatiecode le 1003", [1002, 1003]),
    ("Relatiecode eq 1001 or Relatiecode eq 2001", [1001, 2001]),
    ("not (Relatiecode lt 2000)", [2001]),
    ("(Relatiecode eq 1001 or Relatiecode eq 1002) and Nonactief eq false", [1001, 1002]),
    ("Relatiecode eq 1001 or Relatiecode eq 1002 and Relatiecode eq 1003", [1001]),  # and binds tighter
    ("Nonactief eq true", [1004]),
])
def test_comparison_and_logical_operators(read_api, filter_, expected):
    assert codes(read_api, filter_) == expected


def test_string_equality_ignores_case_like_sql_servers_collation(read_api):
    assert codes(read_api, "Email eq 'inkoop@devries.nl'") == [1001]
    assert codes(read_api, "Naam eq 'JAN JANSEN'") == [1002]


def test_the_strict_variant_compares_strings_exactly(start_sim):
    api = Api(start_sim(case_insensitive_filters=False))
    assert codes(api, "Email eq 'inkoop@devries.nl'") == []
    assert codes(api, "Email eq 'Inkoop@DeVries.nl'") == [1001]


def test_substringof_finds_an_address_in_a_semicolon_list(read_api):
    assert codes(read_api, "substringof('j.jansen@gmail.com', Email) eq true") == [1002]
    assert codes(read_api, "substringof('j.jansen@gmail.com', Email)") == [1002]  # v3 allows the bare call
    assert codes(read_api, "substringof('@', Email) eq false") == [2001]


def test_startswith_and_endswith(read_api):
    assert codes(read_api, "startswith(Naam, 'Bakkerij') eq true") == [1001]
    assert codes(read_api, "endswith(Email, '.be') eq true") == [1003]


def test_nested_paths(read_api):
    assert codes(read_api, "VestigingsAdres/Postcode eq '3511 AD'") == [1002]
    assert codes(read_api, "FactuurEmailVersturen/Email eq 'facturen@devries.nl'") == [1001]
    belgium = read_api.land("BE")["id"]
    assert codes(read_api, f"VestigingsAdres/Land/Id eq guid'{belgium}'") == [1003]
    assert codes(read_api, f"VestigingsAdres/Land/Id ne guid'{belgium}' and Relatiecode lt 1003") == [1001, 1002]


def test_any_over_relatiesoort_keeps_the_customers(read_api):
    assert codes(read_api, "Relatiesoort/any(r:r eq 'Klant')") == [1001, 1002, 1003, 1004]
    assert codes(read_api, "Relatiesoort/any(r:r eq 'Leverancier')") == [2001]


def test_any_over_extra_fields(read_api):
    assert codes(read_api, "ExtraVeldenKlant/any(e:e/Naam eq 'webshop' and e/Waarde eq 'ja')") == [1001]
    assert codes(read_api, "ExtraVeldenKlant/any(e:e/Naam eq 'webshop' and e/Waarde eq 'nee')") == []
    assert codes(read_api, "ExtraVelden/any(e:e/Naam eq 'EAN' and e/Waarde eq '8712345678906')", "artikelen") == [
        "ART-1001"]
    assert codes(read_api, "ExtraVeldenKlant/any()") == [1001]


def test_a_doubled_quote_is_one_quote_in_the_literal(read_api):
    assert codes(read_api, "Betalingskenmerk eq 'O''Brien-13'", "verkooporders") == [2]
    answer = read_api.get("verkooporders", **{"$filter": "Betalingskenmerk eq 'O'Brien-13'"})
    assert error_codes(answer) == ["ALG-0104"]


def test_guid_and_datetime_literals(read_api):
    relation = read_api.relation(1001)
    assert codes(read_api, f"Relatie/Id eq guid'{relation['id']}'", "verkooporders") == [1]
    assert codes(read_api, f"Id eq guid'{relation['id'].upper()}'") == [1001]
    assert codes(read_api, "Datum gt datetime'2024-03-02T00:00:00'", "verkooporders") == [2]
    assert codes(read_api, "Datum le datetime'2024-03-01T10:15:23'", "verkooporders") == [1]


def test_modified_on_moves_when_an_object_is_written(api):
    assert codes(api, "ModifiedOn gt datetime'2024-06-01T00:00:00'") == []
    relation = api.relation(1002)
    relation["telefoon"] = "030-1234567"
    assert api.put(f"relaties/{relation['id']}", relation).status_code == 200
    assert codes(api, "ModifiedOn gt datetime'2024-06-01T00:00:00'") == [1002]


@pytest.mark.parametrize("filter_, words", [
    ("email eq 'a@b.nl'", "property named 'email'"),
    ("EMail eq 'a@b.nl'", "property named 'EMail'"),
    ("relatiecode eq 1001", "property named 'relatiecode'"),
    ("Vestigingsadres/Postcode eq '1234'", "property named 'Vestigingsadres'"),
    ("VestigingsAdres/postcode eq '1234'", "property named 'postcode'"),
    ("Uri eq 'x'", "property named 'Uri'"),
    ("Relatiecode EQ 1001", "operator"),
    ("Relatiecode eq '1001'", "incompatible types"),
    ("Id eq '7d3c1e2a-0000-0000-0000-000000000000'", "incompatible types"),
    ("Id eq guid'not-a-guid'", "Guid"),
    ("Substringof('a', Email) eq true", "Unknown function"),
    ("Naam eq 'unterminated", "unterminated"),
    ("Relatiecode eq 1001 and", "expected a value"),
    ("Relatiecode", "boolean"),
    ("Naam/any(x: x eq 'a')", "collection"),
])
def test_a_bad_filter_is_refused_with_alg_0104(read_api, filter_, words):
    answer = read_api.get("relaties", **{"$filter": filter_})
    assert error_codes(answer) == ["ALG-0104"]
    assert words in answer.json()[0]["message"]


def test_the_refusal_does_not_depend_on_there_being_rows(start_sim):
    from infrastructure.snelstart.snapshot import Snapshot
    api = Api(start_sim(Snapshot()))
    assert api.rows("relaties") == []
    assert error_codes(api.get("relaties", **{"$filter": "email eq 'x'"})) == ["ALG-0104"]


def test_each_resource_has_its_own_properties(read_api):
    assert error_codes(read_api.get("artikelen", **{"$filter": "Relatiecode eq 1"})) == ["ALG-0104"]
    assert codes(read_api, "Artikelcode eq 'ART-2001' and IsNonActief eq false", "artikelen") == ["ART-2001"]
    assert codes(read_api, "Nummer eq 2", "verkooporders") == [2]


def test_compiled_filters_evaluate_rows_without_a_server():
    keep = compile_filter("Relatiecode eq 7 and substringof('x', Email)", RELATIE_SCHEMA, "Relatie")
    assert keep({"relatiecode": 7, "email": "aXb"}) is True
    assert keep({"relatiecode": 7, "email": None}) is False
    assert keep({"relatiecode": 8, "email": "x"}) is False
    with pytest.raises(FilterError):
        compile_filter("", RELATIE_SCHEMA)
    assert guid_for("relatie", "r-1") == guid_for("relatie", "r-1") != guid_for("relatie", "r-2")
