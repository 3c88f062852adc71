"""Contract: writing relations and articles (the Gateway), and reading them back."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from domain.article import NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.errors import SConnectError
from domain.recognition import EmailPass

ADDRESS = RelationAddress("Piet Pieters", "Dorpsstraat 7", "1234 AB", "Ergens", "NL")


def new_relation(**changes) -> NewRelation:
    values = dict(name="Pieters Webwinkel", establishment=ADDRESS, email="piet@pieters.nl", phone="0612345678",
                  vat_number="NL001234567B01", coc_number="76543210", payment_term=14)
    values.update(changes)
    return NewRelation(**values)


def test_create_relation_takes_the_next_code_and_is_found_everywhere(administration):
    created = administration.create_relation(new_relation())

    assert created.code == 2002
    assert created.kinds == ("Klant",)
    assert administration.relation_by_code("2002") == created
    assert administration.relations_by_email("piet@pieters.nl", EmailPass.RELATION) == [created]
    assert administration.relations_by_vat("NL001234567B01") == [created]
    assert administration.relations_by_coc("76543210") == [created]
    assert administration.relations_by_postcode("NL", "1234AB") == [created]
    assert administration.next_relation_code() == 2003


def test_create_relation_keeps_every_field(administration):
    created = administration.create_relation(new_relation(code=3000))
    read = administration.relation_by_code("3000")

    assert (read.name, read.establishment, read.email, read.phone, read.vat_number, read.coc_number,
            read.payment_term) == ("Pieters Webwinkel", ADDRESS, "piet@pieters.nl", "0612345678",
                                   "NL001234567B01", "76543210", 14)
    assert read == created
    assert administration.next_relation_code() == 3001


def test_create_relation_refuses_a_code_in_use(administration):
    with pytest.raises(SConnectError, match="REL-0008"):
        administration.create_relation(new_relation(code=1001))

    assert administration.relation_by_code("1001").name == "Bakkerij De Vries B.V."
    assert administration.relations_by_email("piet@pieters.nl", EmailPass.RELATION) == []


def test_create_relation_requires_a_name(administration):
    with pytest.raises(SConnectError):
        administration.create_relation(new_relation(name="  "))

    assert administration.next_relation_code() == 2002


def test_create_relation_refuses_a_vat_number_with_other_than_letters_and_digits(administration):
    with pytest.raises(SConnectError):
        administration.create_relation(new_relation(vat_number="NL 0012.34567B01"))

    assert administration.relation_by_code("2002") is None


def test_update_relation_rewrites_the_relation_and_its_look_ups(administration):
    moved = RelationAddress("Jan Jansen", "Nieuwegracht 1", "3512 LA", "Utrecht", "NL")

    updated = administration.update_relation(1002, new_relation(name="Jan Jansen Webwinkel", establishment=moved,
                                                                email="jan@nieuw.nl", vat_number=""))

    read = administration.relation_by_code("1002")
    assert read == updated
    assert (read.name, read.establishment, read.email) == ("Jan Jansen Webwinkel", moved, "jan@nieuw.nl")
    assert administration.relations_by_email("jan@jansen-online.nl", EmailPass.RELATION) == []
    assert [r.code for r in administration.relations_by_email("jan@nieuw.nl", EmailPass.RELATION)] == [1002]
    assert administration.relations_by_postcode("NL", "3511AD") == []
    assert [r.code for r in administration.relations_by_postcode("NL", "3512LA")] == [1002]


def test_update_relation_keeps_what_the_update_does_not_carry(administration):
    administration.update_relation(1001, new_relation(payment_term=None))

    read = administration.relation_by_code("1001")
    assert read.payment_term == 30
    assert read.invoice_email.email == "facturen@devries.nl"
    assert read.extra_fields == (("webshop", "ja"),)
    assert read.kinds == ("Klant",)


def test_update_of_an_unknown_relation_is_refused(administration):
    with pytest.raises(SConnectError):
        administration.update_relation(4242, new_relation())


def test_create_article(administration):
    created = administration.create_article(NewArticle("ART-4001", "Filterkoffie 250 g", Decimal("5.95"), "og-laag"))

    found = administration.article_by_code("ART-4001", "artikelcode")
    assert found == created
    assert (found.description, found.sales_price, found.revenue_group_id) == ("Filterkoffie 250 g",
                                                                              Decimal("5.95"), "og-laag")
    assert found.extra_fields == () and found.recipe is None and not found.inactive


def test_create_article_writes_the_code_in_the_extra_code_field_too(administration):
    administration.create_article(NewArticle("8711111111111", "Kopje", Decimal("4.50"), "og-hoog",
                                             code_field="EAN"))

    by_ean = administration.article_by_code("8711111111111", "ean")
    assert by_ean is not None and by_ean.code == "8711111111111"
    assert by_ean.extra_fields == (("EAN", "8711111111111"),)
    assert administration.article_by_code("8711111111111", "artikelcode") == by_ean


def test_create_article_refuses_a_code_in_use(administration):
    with pytest.raises(SConnectError, match="ART-0005"):
        administration.create_article(NewArticle("ART-1001", "Dubbel", Decimal("1.00"), "og-hoog"))
    with pytest.raises(SConnectError, match="ART-0005"):  # inactive articles keep their code
        administration.create_article(NewArticle("ART-0999", "Dubbel", Decimal("1.00"), "og-hoog"))

    assert administration.article_by_code("ART-1001", "artikelcode").description == "Koffiebonen Espresso 1 kg"


@pytest.mark.parametrize("description, group", [("", "og-hoog"), ("Zonder groep", ""),
                                                ("Onbekende groep", "og-bestaat-niet")])
def test_create_article_requires_a_description_and_an_existing_revenue_group(administration, description, group):
    with pytest.raises(SConnectError):
        administration.create_article(NewArticle("ART-5001", description, Decimal("1.00"), group))

    assert administration.article_by_code("ART-5001", "artikelcode") is None


def test_update_article_changes_description_and_price(administration):
    article = administration.article_by_code("ART-1001", "artikelcode")

    updated = administration.update_article(replace(article, description="Espresso 1 kg (nieuw)",
                                                    sales_price=Decimal("26.50")))

    read = administration.article_by_code("ART-1001", "artikelcode")
    assert read == updated
    assert (read.description, read.sales_price) == ("Espresso 1 kg (nieuw)", Decimal("26.50"))
    assert read.extra_fields == (("EAN", "8712345678906"),)
    assert administration.article_by_code("8712345678906", "EAN") == read


def test_update_article_keeps_the_recipe(administration):
    article = administration.article_by_code("ART-3001", "artikelcode")

    administration.update_article(replace(article, sales_price=Decimal("18.00")))

    read = administration.article_by_code("ART-3001", "artikelcode")
    assert read.sales_price == Decimal("18.00")
    assert read.recipe == article.recipe


def test_update_of_an_unknown_article_is_refused(administration):
    article = administration.article_by_code("ART-2001", "artikelcode")

    with pytest.raises(SConnectError):
        administration.update_article(replace(article, code="ART-9999", id=""))
