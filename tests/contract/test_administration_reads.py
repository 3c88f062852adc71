"""Contract: the other reads (codes, payment references, templates, revenue groups, articles)."""
from __future__ import annotations

from decimal import Decimal

from domain.customer import NewRelation, RelationAddress
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from infrastructure.snelstart.snapshot import Snapshot


def test_next_relation_code_is_one_more_than_the_highest_code_of_any_kind(administration):
    # 2001 is a supplier: relatiecodes are shared by customers and suppliers.
    assert administration.next_relation_code() == 2002


def test_an_empty_administration_starts_relation_codes_at_1(adapter_factory, tmp_path):
    empty = adapter_factory.open(Snapshot(), tmp_path)

    assert empty.next_relation_code() == 1
    created = empty.create_relation(NewRelation("Eerste klant", RelationAddress("", "Straat 1", "1234 AB", "X")))
    assert created.code == 1
    assert empty.next_relation_code() == 2


def test_payment_reference_lookup_returns_every_order_with_it(administration):
    found = administration.sales_orders_with_payment_reference("12")

    assert sorted((ref.number, ref.relation_code) for ref in found) == [(1, 1001), (4, 1002)]
    assert all(ref.total_incl_vat == Decimal("8.50") for ref in found)
    assert [ref.number for ref in administration.sales_orders_with_payment_reference("13")] == [2]
    assert administration.sales_orders_with_payment_reference("99") == []
    assert administration.sales_orders_with_payment_reference("1") == []  # exact, not a prefix


def test_last_template_is_that_of_the_latest_order(administration):
    template = administration.last_template_of(1001)

    assert template is not None and template.id == "tpl-zakelijk"
    assert template.prices_excl_vat is True


def test_last_template_breaks_a_tie_on_date_by_order_number(administration):
    assert administration.last_template_of(1002).id == "tpl-web"


def test_last_template_is_none_without_orders_or_without_a_template(administration):
    assert administration.last_template_of(1004) is None
    assert administration.last_template_of(1003) is None


def test_template_by_id_number_or_description(administration):
    assert administration.template("tpl-web").description == "Webshop"
    assert administration.template("1").id == "tpl-web"
    assert administration.template("zakelijk").id == "tpl-zakelijk"
    assert administration.template("  WEBSHOP ").id == "tpl-web"
    assert administration.template("Onbekend") is None
    assert administration.template("") is None


def test_template_id_wins_over_number(administration):
    # Template "2" (id) is "Oud sjabloon"; template number 2 is "Zakelijk": ids come first.
    found = administration.template("2")

    assert found.description == "Oud sjabloon"
    assert found.inactive is True
    assert administration.template("7").id == "2"


def test_revenue_group_by_id_number_or_description(administration):
    assert administration.revenue_group("og-laag").vat_kind == "Laag"
    assert administration.revenue_group("1").id == "og-hoog"
    assert administration.revenue_group("omzet NUL").vat_kind == "Geen"
    assert administration.revenue_group("Omzet midden") is None


def test_every_template_and_revenue_group_is_listed(administration):
    # What `config init` offers to choose from: the inactive template too (it says which is which).
    templates = {t.id: (t.description, t.inactive) for t in administration.templates()}
    assert templates == {"tpl-web": ("Webshop", False), "tpl-zakelijk": ("Zakelijk", False),
                         "2": ("Oud sjabloon", True)}
    groups = [(g.id, g.description, g.vat_kind) for g in administration.revenue_groups()]
    assert sorted(groups) == [("og-hoog", "Omzet hoog", "Hoog"), ("og-laag", "Omzet laag", "Laag"),
                              ("og-nul", "Omzet nul", "Geen")]


def test_article_by_artikelcode(administration):
    article = administration.article_by_code("ART-1001", "artikelcode")

    assert article is not None
    assert article.description == "Koffiebonen Espresso 1 kg"
    assert article.sales_price == Decimal("24.95")
    assert article.revenue_group_id == "og-laag"
    assert article.extra_fields == (("EAN", "8712345678906"),)
    assert administration.article_by_code(" ART-1001 ", "artikelcode").code == "ART-1001"


def test_article_codes_are_compared_exactly(administration):
    assert administration.article_by_code("art-1001", "artikelcode") is None
    assert administration.article_by_code("ART-100", "artikelcode") is None


def test_article_by_an_extra_field_whose_name_ignores_case(administration):
    assert administration.article_by_code("8712345678906", "EAN").code == "ART-1001"
    assert administration.article_by_code("8712345678906", "ean").code == "ART-1001"
    assert administration.article_by_code("8712345678906", "artikelcode") is None
    assert administration.article_by_code("ART-1001", "EAN") is None
    assert administration.article_by_code("8712345678906", "kleur") is None


def test_inactive_articles_are_not_found(administration):
    assert administration.article_by_code("ART-0999", "artikelcode") is None
    assert administration.article_by_code("8700000000001", "EAN") is None


def test_recipes_come_back_intact(administration):
    always = administration.article_by_code("ART-3001", "artikelcode")
    choice = administration.article_by_code("ART-3002", "artikelcode")

    assert always.recipe == Recipe(RecipePlacement.ALWAYS, (RecipeLine("STATIEGELD", Decimal("6")),))
    assert choice.recipe == Recipe(RecipePlacement.CHOICE, (RecipeLine("ART-1001", Decimal("0.5")),
                                                            RecipeLine("ART-2001", Decimal("2"))))
    assert administration.article_by_code("ART-2001", "artikelcode").recipe is None
