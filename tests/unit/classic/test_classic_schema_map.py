"""The schema map: the shipped one is whole and says what is confirmed; a user's map is checked
when it is read, and against the database's catalogue when S-Connect connects."""
from __future__ import annotations

import tomllib

import pytest

from domain.errors import ConfigurationError
from infrastructure.snelstart.classic.schema_map import (CONCEPTS, Catalogue, load_schema_map, missing,
                                                         parse_schema_map, refuse_missing, shipped_text)


def test_the_shipped_map_names_every_field_of_every_concept_and_confirms_only_tblRelatie():
    shipped = load_schema_map()
    assert set(shipped.tables) == set(CONCEPTS)
    for name, concept in CONCEPTS.items():
        assert set(shipped[name].columns) == set(concept.fields), name
    assert [m.table for m in shipped.tables.values() if m.table_confirmed] == ["tblRelatie"]
    text = shipped_text()
    assert "CONFIRMED" in text and "BEST GUESS" in text


def document(**changes) -> dict:
    data = tomllib.loads(shipped_text())
    for path, value in changes.items():
        *parents, key = path.split("__")
        target = data
        for parent in parents:
            target = target[parent]
        if value is None:
            del target[key]
        else:
            target[key] = value
    return data


@pytest.mark.parametrize("changes, words", [
    ({"format": 2}, "format: 2"),
    ({"relations__columns__code": None}, "relations.columns.code: missing"),
    ({"relations__columns__colour": "Kleur"}, "relations.columns.colour: unknown field"),
    ({"articles__table": "tbl Artikel"}, "articles.table: 'tbl Artikel' is not a table or column name"),
    ({"articles__columns__price": "Prijs;DROP"}, "articles.columns.price"),
    ({"sales_orders": None}, "sales_orders: missing"),
    ({"bonnen": {"table": "tblBon"}}, "bonnen: unknown concept"),
    ({"templates__tabel": "x"}, "templates.tabel: unknown key"),
    ({"revenue_groups__values": {"vat_kind": {"1": 21}}}, "revenue_groups.values.vat_kind"),
])
def test_a_bad_map_is_refused_in_one_line_naming_the_place(changes, words):
    with pytest.raises(ConfigurationError) as refused:
        parse_schema_map(document(**changes), "snelstart.schema_map (my.toml)")
    message = str(refused.value)
    assert message.startswith("snelstart.schema_map (my.toml): ") and words in message and "\n" not in message


def test_optional_concepts_may_be_left_out_whole():
    trimmed = parse_schema_map(document(countries=None, recipe_lines=None, relation_extra_fields=None,
                                        article_extra_fields=None), "x")
    assert trimmed.get("countries") is None and trimmed.get("relations") is not None


def test_a_map_file_that_is_missing_or_not_toml_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="does not exist.*--write-map"):
        load_schema_map(tmp_path / "nope.toml")
    (tmp_path / "bad.toml").write_text("format = = 1", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="not a valid TOML file"):
        load_schema_map(tmp_path / "bad.toml", "profiles.shop1.snelstart.schema_map")


def catalogue_of(schema_map, drop_table: str = "", drop_column: tuple[str, str] = ("", "")) -> Catalogue:
    tables: dict[str, list[str]] = {}
    for mapped in schema_map.tables.values():
        # The database spells names its own way: compared case-insensitively.
        tables.setdefault(mapped.table.upper(), []).extend(c.lower() for c in mapped.columns.values())
    tables.pop(drop_table.upper(), None)
    if drop_column[0]:
        tables[drop_column[0].upper()].remove(drop_column[1].lower())
    return Catalogue({t: tuple(c) for t, c in tables.items()})


def test_a_database_with_every_mapped_name_passes_whatever_the_case():
    shipped = load_schema_map()
    assert missing(shipped, catalogue_of(shipped)) == []
    refuse_missing(shipped, catalogue_of(shipped), "the database")


def test_a_missing_column_is_refused_in_one_line_naming_table_and_column():
    shipped = load_schema_map()
    with pytest.raises(ConfigurationError) as refused:
        refuse_missing(shipped, catalogue_of(shipped, drop_column=("tblArtikel", "Verkoopprijs")), "Demo.mdb")
    message = str(refused.value)
    assert "Demo.mdb has no column tblArtikel.Verkoopprijs;" in message and "sconnect snelstart inspect" in message
    assert "more)" not in message


def test_a_missing_table_counts_once_and_the_rest_is_counted():
    shipped = load_schema_map()
    gaps = missing(shipped, catalogue_of(shipped, drop_table="tblLand"))
    assert [str(g) for g in gaps] == ["table tblLand"]
    with pytest.raises(ConfigurationError, match=r"has no column tblRelatie.Naam \(and 1 more\)"):
        refuse_missing(shipped, catalogue_of(shipped, drop_table="tblLand",
                                             drop_column=("tblRelatie", "Naam")), "x")
