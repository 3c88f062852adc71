"""Reading through the B2B API: paging under a smaller cap, escaped filters, look-ups asked once
per run — except the payment reference, which is asked every time."""
from __future__ import annotations

import pytest
from b2b_world import api_calls

from domain.errors import ServiceUnavailable
from domain.recognition import EmailPass


@pytest.fixture
def document(document):
    for n in range(60):
        document["artikelen"].append({"artikelcode": f"BULK-{n:03d}", "omschrijving": f"Artikel {n}",
                                      "verkoopprijs": "1.00", "artikelOmzetgroep": "og-hoog"})
    for n in range(7):
        document["verkooporders"].append({
            "nummer": 10 + n, "relatie": 1002, "datum": f"2024-04-0{n + 1}T09:00:00",
            "verkoopordersjabloon": "tpl-zakelijk" if n == 3 else "tpl-web", "betalingskenmerk": f"B{n}"})
    document["verkooporders"][-1]["datum"] = "2024-04-04T09:00:00"  # ties with the Zakelijk one: higher number wins
    return document


@pytest.mark.parametrize("simulator_options", [{"artikelen_cap": 25}])
def test_articles_page_under_the_specs_cap_of_25(api, adapter):
    articles = adapter.snapshot().articles

    assert len(articles) == 65
    tops = [(c.query["$top"], c.query["$skip"]) for c in api_calls(api, "GET", "/v2/artikelen")]
    assert tops == [("500", "0"), ("500", "25"), ("25", "50")]


@pytest.mark.parametrize("simulator_options", [{"page_cap": 2}])
def test_the_last_template_pages_through_every_order_of_the_customer(api, adapter):
    assert adapter.last_template_of(1002).description == "Webshop"  # order 16 (same date as 13, higher number)
    assert len(api_calls(api, "GET", "/v2/verkooporders")) >= 4
    assert adapter.last_template_of(1001).description == "Webshop"
    assert adapter.last_template_of(4242) is None


def test_quotes_in_user_data_are_escaped_not_concatenated(api, adapter):
    assert adapter.article_by_code("O'BRIEN-1", "artikelcode").description == "Irish blend"
    assert api_calls(api, "GET", "/v2/artikelen")[-1].query["$filter"] == "Artikelcode eq 'O''BRIEN-1'"

    # A reference built to widen the filter finds nothing instead of every order.
    assert adapter.sales_orders_with_payment_reference("x' or Betalingskenmerk ne 'x") == []
    assert adapter.sales_orders_with_payment_reference("12")[0].number == 1


def test_a_relation_with_a_quote_in_its_name_is_found(adapter):
    found = adapter.relations_by_email("sean@obrien.ie", EmailPass.RELATION)
    assert [r.name for r in found] == ["O'Brien Coffee"]


def test_look_ups_are_asked_once_per_run(api, adapter):
    for _ in range(3):
        adapter.relation_by_code("1001")
        adapter.relations_by_email("inkoop@devries.nl", EmailPass.RELATION)
        adapter.relations_by_postcode("NL", "1015CJ")
        adapter.article_by_code("ART-1001", "artikelcode")
        adapter.article_by_code("8712345678906", "EAN")
        adapter.article_by_code("NOPE", "artikelcode")
        adapter.template("Webshop")
        adapter.revenue_group("Omzet hoog")
        adapter.next_relation_code()

    asked = [(c.path, c.query.get("$filter"), c.query.get("$skip")) for c in api_calls(api)]
    assert len(asked) == len(set(asked))  # no call repeated
    assert {(path, query) for path, query, _ in asked} == {
        ("/v2/relaties", None), ("/v2/landen", None), ("/v2/verkoopordersjablonen", None),
        ("/v2/artikelomzetgroepen", None), ("/v2/artikelen", "Artikelcode eq 'ART-1001'"),
        ("/v2/artikelen", "ExtraVelden/any(e:e/Waarde eq '8712345678906')"),
        ("/v2/artikelen", "Artikelcode eq 'NOPE'")}


def test_the_payment_reference_is_asked_every_time(api, adapter):
    assert adapter.sales_orders_with_payment_reference("12")[0].number == 1
    assert adapter.sales_orders_with_payment_reference("12")[0].number == 1

    firsts = [c for c in api_calls(api, "GET", "/v2/verkooporders") if c.query["$skip"] == "0"]
    assert [c.query["$filter"] for c in firsts] == ["Betalingskenmerk eq '12'"] * 2


@pytest.mark.parametrize("simulator_options", [{"case_insensitive_filters": False}])
def test_recognition_does_not_depend_on_how_snelstart_compares_strings(api, adapter):
    # Stored " Inkoop@DeVries.nl ": a case-sensitive server would miss it with any e-mail filter.
    assert adapter.relations_by_email("inkoop@devries.nl", EmailPass.RELATION)[0].code == 1001
    assert adapter.article_by_code("art-1001", "artikelcode") is None
    assert adapter.article_by_code("8712345678906", "ean").code == "ART-1001"


def test_searches_see_customers_and_codes_see_everyone(adapter):
    assert adapter.relations_by_postcode("NL", "3011AA") == []  # 2001 is a supplier
    assert adapter.relation_by_code("2001").kinds == ("Leverancier",)
    assert adapter.next_relation_code() == 2002


def test_templates_resolve_by_id_or_description_only_and_recipes_read_as_always(adapter):
    webshop = adapter.template(" webshop ")

    assert webshop is not None and webshop.number is None and not webshop.prices_excl_vat
    assert adapter.template(webshop.id) == webshop
    assert adapter.template("1") is None  # the API's templates have no number
    assert adapter.template("Zakelijk").prices_excl_vat is True
    assert adapter.article_by_code("ART-3001", "artikelcode").recipe.placement.value == "altijd"


@pytest.mark.parametrize("simulator_options", [{"page_cap": 2, "ignore_skip": True}])
def test_a_server_that_ignores_skip_stops_the_run_instead_of_paging_for_ever(api, adapter):
    with pytest.raises(ServiceUnavailable, match=r"^SnelStart ignores \$skip on relaties"):
        adapter.relation_by_code("1001")

    assert len(api_calls(api, "GET", "/v2/relaties")) == 2
