"""Contract: SnelStart's field limits (domain.field_limits), one case per limit the Gateway port
can write, on every administration. A value exactly at the limit is written and read back as
it was; one character more is refused with the table's code, and nothing is written. So a plan
that one kind accepts, every kind accepts.

The limits of fields the port does not write (mobieleTelefoon, websiteUrl, iban, bic, the
e-mail send settings, orderreferentie) are held by the B2B simulator's own tests
(tests/integration/b2b_simulator). The classic kinds' fake Gateway is held to every case it can
be asked (it creates no article and takes no order address: conftest.CLASSIC_CANNOT)."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from domain import field_limits as limits
from domain.article import NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.errors import SConnectError
from domain.field_limits import FieldLimit
from domain.sales_order import PlanLine, SalesOrderPlan

D = Decimal
# Switzerland: SnelStart checks the shape of no Swiss VAT number, so one of 50 characters is
# refused for its length only.
ADDRESS = RelationAddress("Piet Pieters", "Dorpsstraat 7", "1234 AB", "Ergens", "CH")


def text(length: int, first: str = "") -> str:
    """`length` characters of the kind every field takes (letters and digits)."""
    return (first + "K1" * length)[:length]


def relation(**changes) -> NewRelation:
    values = dict(name="Pieters Webwinkel", establishment=ADDRESS, email="piet@pieters.nl", phone="0612345678")
    values.update(changes)
    return NewRelation(**values)


def _field_name(limit: FieldLimit) -> str:
    return {"straat": "street", "postcode": "postcode", "plaats": "city",
            "contactpersoon": "contact_person"}[limit.field.rsplit(".", 1)[1]]


# FieldLimit → (the relation with `value` in that field, the field read back from a Relation)
RELATION_FIELDS = {
    limits.RELATION_NAME: (lambda v: relation(name=v), lambda r: r.name),
    limits.PHONE: (lambda v: relation(phone=v), lambda r: r.phone),
    limits.EMAIL: (lambda v: relation(email=v), lambda r: r.email),
    limits.COC_NUMBER: (lambda v: relation(coc_number=v), lambda r: r.coc_number),
    **{limit: (lambda v, limit=limit: relation(establishment=replace(ADDRESS, **{_field_name(limit): v})),
               lambda r, limit=limit: getattr(r.establishment, _field_name(limit)))
       for limit in limits.ESTABLISHMENT.all()},
    **{limit: (lambda v, limit=limit: relation(correspondence=replace(ADDRESS, **{_field_name(limit): v})),
               lambda r, limit=limit: getattr(r.correspondence, _field_name(limit)))
       for limit in limits.CORRESPONDENCE.all()},
}


def refused_with(code: str, write) -> SConnectError:
    with pytest.raises(SConnectError) as refused:
        write()
    assert getattr(refused.value, "code", "") == code, str(refused.value)
    return refused.value


@pytest.mark.parametrize("limit", list(RELATION_FIELDS), ids=lambda limit: limit.field)
def test_a_relation_field_takes_its_limit_and_refuses_one_character_more(administration, limit):
    make, read = RELATION_FIELDS[limit]
    at_limit = text(limit.length, "a")
    created = administration.create_relation(make(at_limit))
    assert read(administration.relation_by_code(str(created.code))) == read(make(at_limit))

    before = administration.snapshot()
    refused_with(limit.code, lambda: administration.create_relation(make(text(limit.length + 1, "a"))))
    assert administration.snapshot() == before


@pytest.mark.parametrize("limit", [limits.RELATION_NAME, limits.ESTABLISHMENT.street, limits.PHONE],
                         ids=lambda limit: limit.field)
def test_an_update_is_held_to_the_same_limits(administration, limit):
    make, _ = RELATION_FIELDS[limit]
    before = administration.snapshot()
    refused_with(limit.code, lambda: administration.update_relation(1002, make(text(limit.length + 1, "a"))))
    assert administration.snapshot() == before


@pytest.mark.parametrize("vat, code", [("CH" + "1" * 49, limits.VAT_NUMBER.code),
                                       ("C", limits.VAT_NUMBER.minimum_code)], ids=["too long", "too short"])
def test_a_vat_number_takes_2_to_50_characters(administration, vat, code):
    for at_limit in ("CH" + "1" * 48, "CH"):
        created = administration.create_relation(relation(vat_number=at_limit))
        assert administration.relation_by_code(str(created.code)).vat_number == at_limit
    try:
        created = administration.create_relation(relation(vat_number=vat))
    except SConnectError as refused:
        assert refused.code == code, str(refused)
        return
    # b2b answers SnelStart's refusal of a VAT number by writing the relation without it and
    # warning (conftest: "refusing an invalid VAT number"); the warning carries the same code.
    assert administration.relation_by_code(str(created.code)).vat_number == ""
    assert any(code in warning for warning in administration.take_warnings())


@pytest.mark.parametrize("vat, country", [("NL123456789B01", "NL"), ("BE0456789123", "BE"), ("DE123456789", "DE")])
def test_a_vat_number_of_its_own_country_and_shape_is_taken(administration, vat, country):
    created = administration.create_relation(relation(establishment=replace(ADDRESS, country=country),
                                                      vat_number=vat))
    assert administration.relation_by_code(str(created.code)).vat_number == vat


@pytest.mark.parametrize("vat, code", [("NL1234.56.789B01", limits.VAT_NOT_LETTERS_AND_DIGITS),
                                       ("BE0456789123", limits.VAT_OTHER_COUNTRY),
                                       ("NL12345678B01", limits.VAT_NOT_VALID)],
                         ids=["not letters and digits", "another country's", "not valid"])
def test_a_vat_number_snelstart_does_not_take_is_refused_with_the_same_code(administration, vat, code):
    dutch = replace(ADDRESS, country="NL")
    try:
        created = administration.create_relation(relation(establishment=dutch, vat_number=vat))
    except SConnectError as refused:
        assert refused.code == code, str(refused)
        return
    # b2b: written without it, and a warning with SnelStart's code (as above).
    assert administration.relation_by_code(str(created.code)).vat_number == ""
    assert any(code in warning for warning in administration.take_warnings())


def test_every_kind_says_the_same_article_code_limit(administration):
    """The classic kinds too: they write no article, but fitting asks them which new code to stop."""
    codes = administration.article_code_limit()
    assert (codes.max_length, codes.numeric) == (limits.STAND_IN_ARTICLE_CODES.max_length, False)


def test_every_kind_takes_the_same_article_codes(administration):
    codes = administration.article_code_limit()
    at_limit = text(codes.max_length, "A")
    administration.create_article(NewArticle(at_limit, "Koffie", D("1.00"), "og-hoog"))
    assert administration.article_by_code(at_limit, "artikelcode").code == at_limit

    before = administration.snapshot()
    refused_with(limits.ARTICLE_CODE_TOO_LONG, lambda: administration.create_article(
        NewArticle(text(codes.max_length + 1, "A"), "Koffie", D("1.00"), "og-hoog")))
    assert administration.snapshot() == before


def test_an_article_description_takes_250_characters(administration):
    limit = limits.ARTICLE_DESCRIPTION
    created = administration.create_article(NewArticle("ART-9000", text(limit.length, "K"), D("1.00"), "og-hoog"))
    assert administration.article_by_code("ART-9000", "artikelcode").description == text(limit.length, "K")

    before = administration.snapshot()
    refused_with(limit.code, lambda: administration.create_article(
        NewArticle("ART-9001", text(limit.length + 1, "K"), D("1.00"), "og-hoog")))
    refused_with(limit.code, lambda: administration.update_article(
        replace(created, description=text(limit.length + 1, "K"))))
    assert administration.snapshot() == before


def plan(**changes) -> SalesOrderPlan:
    values = dict(payment_reference="30", relation_code=1001, template_id="tpl-web",
                  date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 30", prices_excl_vat=False,
                  lines=(PlanLine("ART-2001", D("1"), "Mok", D("8.50")),))
    values.update(changes)
    return SalesOrderPlan(**values)


ORDER_ADDRESS = RelationAddress("Jan de Vries", "Prinsengracht 1", "1015 DV", "Amsterdam", "NL")
# FieldLimit → (the plan with `value` in that field, the field read back from the stored order)
ORDER_FIELDS = {
    limits.ORDER_DESCRIPTION: (lambda v: plan(description=v), lambda o: o.description),
    limits.MEMO: (lambda v: plan(memo=v), lambda o: o.memo),
    limits.LINE_DESCRIPTION: (lambda v: plan(lines=(PlanLine("ART-2001", D("1"), v, D("8.50")),)),
                              lambda o: o.lines[0].description),
    **{limit: (lambda v, limit=limit: plan(invoice_address=replace(ORDER_ADDRESS, **{_field_name(limit): v})),
               lambda o, limit=limit: getattr(o.invoice_address, _field_name(limit)))
       for limit in limits.INVOICE_ADDRESS.all()},
    **{limit: (lambda v, limit=limit: plan(delivery_address=replace(ORDER_ADDRESS, **{_field_name(limit): v})),
               lambda o, limit=limit: getattr(o.delivery_address, _field_name(limit)))
       for limit in limits.DELIVERY_ADDRESS.all()},
}


@pytest.mark.parametrize("limit", list(ORDER_FIELDS), ids=lambda limit: limit.field)
def test_a_sales_order_field_takes_its_limit_and_refuses_one_character_more(administration, limit):
    make, read = ORDER_FIELDS[limit]
    at_limit = text(limit.length, "W")
    created = administration.create_sales_order(make(at_limit))
    stored = next(o for o in administration.snapshot().sales_orders if o.number == created.number)
    assert read(stored) == at_limit

    before = administration.snapshot()
    refused_with(limit.code, lambda: administration.create_sales_order(
        replace(make(text(limit.length + 1, "W")), payment_reference="31")))
    assert administration.snapshot() == before
