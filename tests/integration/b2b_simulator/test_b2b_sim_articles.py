"""Artikelen: creating (with revenue group), refusals, PUT of the whole object, and recipes read
as isHoofdartikel/subartikelen."""
from __future__ import annotations

from decimal import Decimal

import pytest
from b2b_sim_support import error_codes


def group_id(api, description: str) -> dict:
    return {"id": next(g["id"] for g in api.rows("artikelomzetgroepen") if g["omschrijving"] == description)}


def new_article(api, **changes) -> dict:
    body = {"artikelcode": "ART-5001", "omschrijving": "Theepot", "verkoopprijs": "29.95",
            "artikelOmzetgroep": group_id(api, "Omzet hoog")}
    body.update(changes)
    return body


def test_a_created_article_is_answered_201_with_money_as_a_string(api, sim):
    answer = api.post("artikelen", new_article(api, extraVelden=[{"naam": "EAN", "waarde": "8710000000001"}]))
    assert answer.status_code == 201
    created = answer.json()
    assert (created["artikelcode"], created["verkoopprijs"], created["isHoofdartikel"]) == ("ART-5001", "29.95", False)
    assert created["artikelOmzetgroep"]["id"] == group_id(api, "Omzet hoog")["id"]
    stored = next(a for a in sim.snapshot().articles if a.code == "ART-5001")
    assert stored.sales_price == Decimal("29.95") and stored.revenue_group_id == "og-hoog"
    assert stored.extra_fields == (("EAN", "8710000000001"),)
    assert api.article("ART-5001")["id"] == created["id"]


def test_a_price_may_come_as_a_json_number(api, sim):
    answer = api.http.post(sim.base_url + "artikelen", headers={**api.headers(), "Content-Type": "application/json"},
                           content=('{"artikelcode": "N1", "omschrijving": "x", "verkoopprijs": 0.1, '
                                    f'"artikelOmzetgroep": {{"id": "{group_id(api, "Omzet hoog")["id"]}"}}}}').encode())
    assert answer.status_code == 201
    assert next(a for a in sim.snapshot().articles if a.code == "N1").sales_price == Decimal("0.1")


@pytest.mark.parametrize("changes, code", [
    ({"artikelcode": "ART-1001"}, "ART-0005"),
    ({"artikelcode": " "}, "ART-0001"),
    ({"omschrijving": ""}, "ART-0006"),
    ({"artikelOmzetgroep": None}, "ART-0008"),
    ({"artikelOmzetgroep": {"id": "7d3c1e2a-1111-2222-3333-444455556666"}}, "ART-0009"),
    ({"verkoopprijs": "1.23456"}, "REF-0013"),
    ({"id": "7d3c1e2a-1111-2222-3333-444455556666"}, "ALG-0100"),
    ({"verkoopprijs": "twee"}, "REF-0016"),
])
def test_article_refusals(api, changes, code):
    assert error_codes(api.post("artikelen", new_article(api, **changes))) == [code]


def test_four_decimals_are_still_fine(api):
    assert api.post("artikelen", new_article(api, verkoopprijs="1.2345")).json()["verkoopprijs"] == "1.2345"


def test_a_recipe_reads_as_a_main_article_with_sub_articles(api):
    main = api.article("ART-3001")
    assert main["isHoofdartikel"] is True
    subs = {(s["artikelcode"], s["aantal"]) for s in main["subartikelen"]}
    assert subs == {("ART-1001", "0.5"), ("ART-2001", "2")}
    assert {s["id"] for s in main["subartikelen"]} == {api.article("ART-1001")["id"], api.article("ART-2001")["id"]}
    assert api.article("ART-2001")["isHoofdartikel"] is False


def test_put_replaces_the_article_but_keeps_its_recipe(api, sim):
    article = api.article("ART-3001")
    article["omschrijving"] = "Proefpakket groot"
    del article["subartikelen"]
    article["isHoofdartikel"] = False
    answer = api.put(f"artikelen/{article['id']}", article)
    assert answer.status_code == 200
    assert answer.json()["isHoofdartikel"] is True  # read-only: the API cannot write recipes
    stored = next(a for a in sim.snapshot().articles if a.code == "ART-3001")
    assert stored.description == "Proefpakket groot" and stored.recipe is not None


def test_put_leaves_out_fields_as_empty(api, sim):
    article = api.article("ART-1001")
    del article["extraVelden"]
    article["isNonActief"] = True
    assert api.put(f"artikelen/{article['id']}", article).status_code == 200
    stored = next(a for a in sim.snapshot().articles if a.code == "ART-1001")
    assert stored.extra_fields == () and stored.inactive is True


def test_put_refusals(api):
    article = api.article("ART-2001")
    assert error_codes(api.put(f"artikelen/{article['id']}", {**article, "artikelcode": "ART-1001"})) == ["ART-0005"]
    assert error_codes(api.put(f"artikelen/{article['id']}", {**article, "omschrijving": ""})) == ["ART-0006"]
    assert error_codes(api.put(f"artikelen/{article['id']}", {**article, "verkoopprijs": "0.00001"})) == ["REF-0013"]
    other = api.article("ART-1001")
    assert error_codes(api.put(f"artikelen/{article['id']}", {**article, "id": other["id"]})) == ["ALG-0101"]
    assert api.put("artikelen/7d3c1e2a-1111-2222-3333-444455556666", article).status_code == 404


def test_a_renamed_article_keeps_its_id_and_its_order_lines(api):
    article = api.article("ART-2001")
    assert api.put(f"artikelen/{article['id']}", {**article, "artikelcode": "MOK-WIT"}).status_code == 200
    assert api.article("MOK-WIT")["id"] == article["id"]
    order = api.one("verkooporders", "Nummer eq 1")
    assert order["regels"][0]["artikel"]["id"] == article["id"]


def test_custom_fields_of_an_article(api, sim):
    article = api.article("ART-2001")
    assert api.put(f"artikelen/{article['id']}/customFields", [{"name": "EAN", "value": "123"}]).status_code == 200
    assert api.article("ART-2001")["extraVelden"] == [{"naam": "EAN", "waarde": "123"}]
    assert error_codes(api.put(f"artikelen/{article['id']}/customFields", {"name": "EAN"})) == ["REF-0016"]
