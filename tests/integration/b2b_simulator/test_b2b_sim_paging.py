"""Collections: bare JSON arrays, `$top` capped per resource, `$skip`, `$select`, and the lists
that are not OData (`landen` ignores `$filter`, as the live API does)."""
from __future__ import annotations

import pytest
from b2b_sim_support import Api, error_codes, snapshot_document

from infrastructure.snelstart.snapshot import load_snapshot


def many_relations(count: int):
    document = snapshot_document()
    document["relaties"] = [{"relatiecode": 5000 + n, "naam": f"Klant {n}"} for n in range(count)]
    document["verkooporders"] = []
    return load_snapshot(document)


def many_articles(count: int):
    document = snapshot_document()
    document["artikelen"] = [{"artikelcode": f"A{n:04d}", "omschrijving": f"Artikel {n}", "verkoopprijs": "1",
                              "artikelOmzetgroep": "og-hoog"} for n in range(count)]
    document["verkooporders"] = []
    return load_snapshot(document)


@pytest.mark.parametrize("path", ["relaties", "artikelen", "verkooporders", "artikelomzetgroepen",
                                  "verkoopordersjablonen", "landen"])
def test_collections_answer_a_bare_json_array(api, path):
    answer = api.get(path)
    assert answer.status_code == 200
    assert isinstance(answer.json(), list) and answer.json()


def test_top_is_capped_at_the_page_cap(start_sim):
    api = Api(start_sim(many_relations(12), page_cap=5))
    assert len(api.rows("relaties", **{"$top": "500"})) == 5
    assert len(api.rows("relaties")) == 5  # no $top: a full page of the cap
    assert len(api.rows("relaties", **{"$top": "3"})) == 3


def test_skip_pages_through_to_a_short_page(start_sim):
    api = Api(start_sim(many_relations(12), page_cap=5))
    pages = [[r["relatiecode"] for r in api.rows("relaties", **{"$top": "5", "$skip": str(skip)})]
             for skip in (0, 5, 10, 15)]
    assert [len(page) for page in pages] == [5, 5, 2, 0]
    assert [code for page in pages for code in page] == list(range(5000, 5012))


def test_artikelen_has_its_own_smaller_cap(start_sim):
    api = Api(start_sim(many_articles(30), page_cap=500, artikelen_cap=25))
    assert len(api.rows("artikelen", **{"$top": "500"})) == 25
    assert len(api.rows("artikelen", **{"$top": "500", "$skip": "25"})) == 5
    assert len(api.rows("relaties", **{"$top": "500"})) == 5  # the other resources keep page_cap


def test_the_page_cap_applies_after_the_filter(start_sim):
    api = Api(start_sim(many_relations(12), page_cap=5))
    rows = api.rows("relaties", **{"$filter": "Relatiecode ge 5008", "$top": "10"})
    assert [r["relatiecode"] for r in rows] == [5008, 5009, 5010, 5011]


def test_select_keeps_only_the_named_properties(api):
    rows = api.rows("verkooporders", **{"$select": "Id,Nummer"})
    assert [set(row) for row in rows] == [{"id", "nummer"}] * 2
    assert error_codes(api.get("verkooporders", **{"$select": "id,Nummer"})) == ["ALG-0104"]


@pytest.mark.parametrize("option, value", [("$top", "-1"), ("$top", "ten"), ("$skip", "1.5"),
                                           ("$orderby", "Nummer desc"), ("$expand", "Relatie"),
                                           ("$count", "true")])
def test_bad_or_undocumented_query_options_are_refused(api, option, value):
    assert error_codes(api.get("relaties", **{option: value})) == ["ALG-0104"]


def test_landen_ignores_the_filter_and_gives_every_country(api):
    everything = api.rows("landen")
    filtered = api.rows("landen", **{"$filter": "Landcode eq 'BE'"})
    assert filtered == everything
    assert everything[0]["landcode"] == "NL"  # taking [0] would book Belgium in the Netherlands
    codes = {row["landcode"] for row in everything}
    assert {"NL", "BE", "DE", "FR", "GB", "CH", "AT", "LU", "ES", "IT", "DK", "SE", "US"} <= codes
    belgium = next(row for row in everything if row["landcode"] == "BE")
    assert belgium["landcodeISO"] == "BEL" and belgium["naam"] == "België"
    assert api.get(f"landen/{belgium['id']}").json() == belgium


def test_a_snapshot_country_missing_from_the_list_is_added(start_sim):
    document = snapshot_document()
    document["relaties"][0]["vestigingsAdres"]["land"] = "JP"
    api = Api(start_sim(load_snapshot(document)))
    japan = next(row for row in api.rows("landen") if row["landcode"] == "JP")
    assert api.relation(1001)["vestigingsAdres"]["land"]["id"] == japan["id"]


def test_groups_and_templates_are_plain_lists(api):
    groups = api.rows("artikelomzetgroepen", **{"$filter": "Nummer eq 1", "$top": "1"})
    assert [(g["nummer"], g["omschrijving"], g["verkoopNederlandBtwSoort"]) for g in groups] == [
        (1, "Omzet hoog", "Hoog"), (2, "Omzet laag", "Laag")]
    templates = api.rows("verkoopordersjablonen")
    assert [(t["omschrijving"], t["prijsIngaveExclusiefBtw"], t["nonactief"]) for t in templates] == [
        ("Webshop", False, False), ("Zakelijk", True, False)]
    assert api.get(f"verkoopordersjablonen/{templates[1]['id']}").json() == templates[1]


def test_ignore_skip_answers_every_page_from_the_first_row(start_sim):
    # A broken server (or a proxy cache keyed without the query): clients must not page for ever.
    api = Api(start_sim(many_relations(12), page_cap=5, ignore_skip=True))
    first = api.rows("relaties", **{"$top": "5"})
    assert api.rows("relaties", **{"$top": "5", "$skip": "5"}) == first
    assert len(first) == 5
