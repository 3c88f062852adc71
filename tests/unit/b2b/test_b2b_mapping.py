"""The API's JSON models ↔ S-Connect's domain objects: exact amounts, countries, recipes."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from domain.article import NewArticle
from domain.customer import EmailSetting, NewRelation, RelationAddress
from domain.errors import SConnectError
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.snelstart.b2b import mapping
from infrastructure.snelstart.b2b.transport import decode, encode

NL, BE = "0b6f2a5e-0000-4000-8000-000000000001", "0b6f2a5e-0000-4000-8000-000000000002"
COUNTRIES = mapping.Countries([{"id": NL, "naam": "Nederland", "landcode": "NL", "landcodeISO": "NLD"},
                               {"id": BE, "naam": "België", "landcode": "BE", "landcodeISO": "BEL"}])

RELATIE = """{
  "id": "r-guid", "relatiecode": 1001, "relatiesoort": ["Klant", "Leverancier"], "naam": "Bakkerij De Vries B.V.",
  "vestigingsAdres": {"contactpersoon": "Jan", "straat": "Keizersgracht 12A", "postcode": "1015 CJ",
                      "plaats": "Amsterdam", "land": {"id": "%s", "uri": "/landen/x"}},
  "correspondentieAdres": {"contactpersoon": "", "straat": "", "postcode": "", "plaats": "", "land": null},
  "telefoon": "020", "email": "a@b.nl; c@d.nl", "btwNummer": "NL123456789B01", "kvkNummer": "12345678",
  "krediettermijn": 30, "nonactief": true,
  "factuurEmailVersturen": {"shouldSend": true, "email": "f@b.nl", "ccEmail": "cc@b.nl"},
  "offerteEmailVersturen": null, "extraVeldenKlant": [{"naam": "webshop", "waarde": "ja"}],
  "modifiedOn": "2024-03-01T10:00:00"
}""" % BE


def test_a_relation_from_the_api():
    relation = mapping.relation(decode(RELATIE.encode()), COUNTRIES)

    assert (relation.code, relation.name, relation.kinds, relation.inactive) == (
        1001, "Bakkerij De Vries B.V.", ("Klant", "Leverancier"), True)
    assert relation.establishment == RelationAddress("Jan", "Keizersgracht 12A", "1015 CJ", "Amsterdam", "BE")
    assert relation.correspondence is None  # SnelStart's empty address is no address
    assert relation.invoice_email == EmailSetting(True, "f@b.nl", "cc@b.nl")
    assert relation.quote_email == EmailSetting()
    assert relation.extra_fields == (("webshop", "ja"),) and relation.payment_term == 30
    assert relation.id == "r-guid"


def test_countries_match_the_two_letter_code_not_the_three_letter_one():
    assert COUNTRIES.id_of("be") == BE and COUNTRIES.id_of("") == NL  # empty: SnelStart's default, NL
    assert COUNTRIES.code_of({"id": NL.upper()}) == "NL"
    with pytest.raises(SConnectError, match="'BEL'"):
        COUNTRIES.id_of("BEL")


def test_a_new_relation_is_a_customer_with_its_code_and_a_complete_address():
    body = mapping.relation_json(NewRelation("Pieters", RelationAddress("Piet", "Dorpsstraat 7", "1234 AB", "Ergens",
                                                                        "BE"), email="p@p.nl", payment_term=14),
                                 2002, COUNTRIES)

    assert body["relatiesoort"] == ["Klant"] and body["relatiecode"] == 2002
    assert body["vestigingsAdres"] == {"contactpersoon": "Piet", "straat": "Dorpsstraat 7", "postcode": "1234 AB",
                                       "plaats": "Ergens", "land": {"id": BE}}
    assert body["krediettermijn"] == 14 and "correspondentieAdres" not in body and "id" not in body


def test_an_update_changes_what_the_order_carries_and_keeps_the_rest():
    current = decode(RELATIE.encode())
    body = mapping.apply_relation(current, NewRelation("Nieuw", RelationAddress("", "Straat 1", "1000", "Brussel", "BE"),
                                                       email="n@n.be"), COUNTRIES)

    assert (body["naam"], body["email"], body["btwNummer"]) == ("Nieuw", "n@n.be", "")
    assert body["krediettermijn"] == 30  # the update carries none: kept
    assert body["factuurEmailVersturen"] == current["factuurEmailVersturen"]
    assert body["extraVeldenKlant"] == current["extraVeldenKlant"] and body["id"] == "r-guid"
    assert current["naam"] == "Bakkerij De Vries B.V."  # the model read is not changed in place


def test_an_article_with_subartikelen_is_a_recipe_placed_always():
    data = decode(b'{"id": "a1", "artikelcode": "ART-3001", "omschrijving": "Krat", "verkoopprijs": "17.50",'
                  b' "artikelOmzetgroep": {"id": "g1"}, "isNonActief": false, "extraVelden": [],'
                  b' "isHoofdartikel": true, "subartikelen": [{"artikelcode": "STATIEGELD", "aantal": 6, "id": "a2"},'
                  b' {"artikelcode": "DOP", "aantal": "0.5"}]}')
    article = mapping.article(data)

    assert article.recipe == Recipe(RecipePlacement.ALWAYS, (RecipeLine("STATIEGELD", Decimal("6")),
                                                             RecipeLine("DOP", Decimal("0.5"))))
    assert article.sales_price == Decimal("17.50") and article.revenue_group_id == "g1"


@pytest.mark.parametrize("fields", [{"isHoofdartikel": False, "subartikelen": [{"artikelcode": "X", "aantal": "1"}]},
                                    {"isHoofdartikel": True, "subartikelen": []}, {}])
def test_no_recipe_without_a_hoofdartikel_with_lines(fields):
    assert mapping.article({"artikelcode": "A", "verkoopprijs": "1", **fields}).recipe is None


def test_amounts_are_never_floats():
    with pytest.raises(TypeError):
        mapping.article({"artikelcode": "A", "verkoopprijs": 1.5})
    assert mapping.article(decode(b'{"artikelcode": "A", "verkoopprijs": 0.1}')).sales_price == Decimal("0.1")


def test_a_new_article_writes_its_code_in_the_extra_code_field_too():
    body = mapping.article_json(NewArticle(" 8711 ", "Kopje", Decimal("4.50"), "g1", code_field="EAN"))

    assert body == {"artikelcode": "8711", "omschrijving": "Kopje", "verkoopprijs": "4.50",
                    "artikelOmzetgroep": {"id": "g1"}, "extraVelden": [{"naam": "EAN", "waarde": "8711"}]}
    assert "extraVelden" not in mapping.article_json(NewArticle("A", "B", Decimal("1"), "g1"))


def test_templates_and_revenue_groups():
    template = mapping.template({"id": "t1", "omschrijving": "Zakelijk", "prijsIngaveExclusiefBtw": True,
                                 "nonactief": False})
    group = mapping.revenue_group({"id": "g1", "nummer": 2, "omschrijving": "Omzet laag",
                                   "verkoopNederlandBtwSoort": "Laag"})

    assert (template.prices_excl_vat, template.number) == (True, None)
    assert (group.number, group.vat_kind) == (2, "Laag")


def plan(**changes) -> SalesOrderPlan:
    values = dict(payment_reference="20", relation_code=1001, template_id="t1",
                  date=datetime(2024, 3, 10, 11, 30, tzinfo=timezone.utc), description="Webshop-order 20",
                  prices_excl_vat=True, delivery_address=RelationAddress("", "Straat 1", "1000", "Brussel", "BE"),
                  lines=(PlanLine("ART-1", Decimal("2"), "Mok", Decimal("7.0248")),), memo="via myShop")
    values.update(changes)
    return SalesOrderPlan(**values)


def test_a_sales_order_body():
    p = plan()
    lines = [mapping.line_json(line, "a1") for line in p.lines]
    body = mapping.sales_order_json(p, "r1", "t1", lines, COUNTRIES)

    assert "nummer" not in body  # VOR-0005: SnelStart numbers the order
    assert (body["procesStatus"], body["verkooporderBtwIngaveModel"], body["betalingskenmerk"]) == (
        "Order", "Exclusief", "20")
    assert body["datum"] == "2024-03-10T12:30:00"  # Dutch wall-clock time, no zone
    assert body["relatie"] == {"id": "r1"} and body["verkoopordersjabloon"] == {"id": "t1"}
    assert body["afleveradres"]["land"] == {"id": BE} and "factuuradres" not in body
    assert body["regels"] == [{"artikel": {"id": "a1"}, "aantal": "2", "kortingsPercentage": "0",
                               "omschrijving": "Mok", "stuksprijs": "7.0248"}]
    assert b"7.0248" in encode(body) and not any(isinstance(v, float) for v in _leaves(json.loads(encode(body))))


def test_a_line_without_description_or_price_leaves_them_to_snelstart():
    assert mapping.line_json(PlanLine("ART-1", Decimal("1")), "a1") == {
        "artikel": {"id": "a1"}, "aantal": "1", "kortingsPercentage": "0"}
    assert mapping.line_json(PlanLine("", Decimal("1"), "Tekstregel"), "") == {
        "aantal": "1", "kortingsPercentage": "0", "omschrijving": "Tekstregel"}


def test_a_sales_order_read_back():
    row = decode(b'{"id": "o1", "nummer": 7, "relatie": {"id": "R1"}, "datum": "2024-03-10T12:30:00",'
                 b' "procesStatus": "Order", "verkoopordersjabloon": {"id": "t1"}, "betalingskenmerk": "20",'
                 b' "omschrijving": "W", "memo": "m", "verkooporderBtwIngaveModel": "Exclusief",'
                 b' "regels": [{"artikel": {"id": "A1"}, "omschrijving": "Mok", "stuksprijs": "7.0248",'
                 b' "aantal": "2", "kortingsPercentage": "0", "totaal": "14.05"}], "totaalInclusiefBtw": 17.00}')
    order = mapping.stored_sales_order(row, lambda i: {"r1": 1001}[i.lower()], lambda i: {"a1": "ART-1"}[i.lower()],
                                       COUNTRIES)

    assert (order.number, order.relation_code, order.vat_entry, order.total_incl_vat) == (
        7, 1001, "Exclusief", Decimal("17.00"))
    assert order.lines[0].article_code == "ART-1" and order.lines[0].total == Decimal("14.05")
    assert order.date == datetime(2024, 3, 10, 12, 30)


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


@pytest.mark.parametrize("info, expected", [
    ({"artikelcodeSoort": "Alfanumeriek", "artikelcodeMaxLengte": 20}, (20, False)),
    ({"artikelcodeSoort": "Numeriek", "artikelcodeMaxLengte": 9}, (9, True)),
    ({"artikelcodeSoort": "numeriek", "artikelcodeMaxLengte": Decimal("12")}, (12, True)),  # JSON read as Decimal
    ({"artikelcodeMaxLengte": "15"}, (15, False)),
    ({"artikelcodeMaxLengte": 0}, (None, False)),  # 0: the API example's placeholder, not a limit
    ({"artikelcodeMaxLengte": True}, (None, False)),
    ({"artikelcodeMaxLengte": Decimal("12.5")}, (None, False)),
    ({"administratieNaam": "X"}, (None, False)),
    (None, (None, False)),
])
def test_the_artikelcode_setting_from_company_info(info, expected):
    codes = mapping.article_code_limit(info)
    assert (codes.max_length, codes.numeric) == expected
