"""Contract: the RelationLookup reads recognition relies on. Callers pass normalised values."""
from __future__ import annotations

import pytest

from domain.customer import normalise_name
from domain.recognition import EmailPass, NamedRelationLookup


def codes(relations) -> list[int]:
    return sorted(r.code for r in relations)


def test_relation_by_code_returns_the_whole_relation(administration):
    relation = administration.relation_by_code("1001")

    assert relation is not None
    assert relation.name == "Bakkerij De Vries B.V."
    assert relation.establishment.postcode == "1015 CJ"
    assert relation.establishment.country == "NL"
    assert relation.vat_number == "NL123456789B01"
    assert relation.coc_number == "12345678"
    assert relation.payment_term == 30
    assert relation.invoice_email.email == "facturen@devries.nl"
    assert relation.extra_fields == (("webshop", "ja"),)
    assert relation.kinds == ("Klant",)


def test_relation_by_code_tolerates_spaces_and_refuses_what_is_not_a_code(administration):
    assert administration.relation_by_code(" 1002 ").name == "Jan Jansen"
    assert administration.relation_by_code("4242") is None
    assert administration.relation_by_code("abc") is None
    assert administration.relation_by_code("") is None


def test_relation_email_pass_ignores_case_and_spaces_stored_in_snelstart(administration):
    found = administration.relations_by_email("inkoop@devries.nl", EmailPass.RELATION)

    assert codes(found) == [1001]


def test_relation_email_pass_reads_every_address_of_a_semicolon_list(administration):
    assert codes(administration.relations_by_email("jan@jansen-online.nl", EmailPass.RELATION)) == [1002]
    assert codes(administration.relations_by_email("j.jansen@gmail.com", EmailPass.RELATION)) == [1002]


def test_each_pass_searches_only_its_own_fields(administration):
    # 1003 has only an invoice e-mail: the relation pass must not see it, the invoice pass must.
    assert administration.relations_by_email("administratie@groenrijk.nl", EmailPass.RELATION) == []
    assert codes(administration.relations_by_email("administratie@groenrijk.nl", EmailPass.INVOICE)) == [1003]
    assert administration.relations_by_email("administratie@groenrijk.nl", EmailPass.OTHER) == []
    assert administration.relations_by_email("inkoop@devries.nl", EmailPass.INVOICE) == []


def test_invoice_pass_includes_the_cc_address(administration):
    assert codes(administration.relations_by_email("boekhouder@groenrijk.nl", EmailPass.INVOICE)) == [1003]


def test_other_pass_covers_quote_confirmation_and_reminder_to_and_cc(administration):
    for email in ("offerte@hoekje.nl", "bestellingen@hoekje.nl", "eigenaar@hoekje.nl", "boekhouding@hoekje.nl"):
        assert codes(administration.relations_by_email(email, EmailPass.OTHER)) == [1006], email
        assert administration.relations_by_email(email, EmailPass.RELATION) == [], email


def test_a_shared_email_returns_every_relation(administration):
    found = administration.relations_by_email("info@bakker-familie.nl", EmailPass.RELATION)

    assert codes(found) == [1004, 1005]
    assert {r.establishment.postcode for r in found} == {"2517 BK", "9711 LM"}


def test_unknown_email_finds_nothing(administration):
    for email_pass in EmailPass:
        assert administration.relations_by_email("nobody@example.nl", email_pass) == []


def test_relations_by_vat_and_coc(administration):
    assert codes(administration.relations_by_vat("NL123456789B01")) == [1001]
    assert codes(administration.relations_by_vat("BE0123456749")) == [1007]
    assert administration.relations_by_vat("NL999999999B01") == []
    assert codes(administration.relations_by_coc("12345678")) == [1001]
    assert administration.relations_by_coc("11111111") == []


def test_vat_numbers_stored_without_country_prefix_are_found_with_it(administration):
    # Callers pass normalise_vat(number, billing country); SnelStart may hold "123456789B02"
    # for a Dutch relation: it is compared with its establishment country's prefix made explicit.
    assert codes(administration.relations_by_vat("NL123456789B02")) == [1004]


def test_dutch_coc_numbers_that_lost_their_leading_zero_are_found(administration):
    assert codes(administration.relations_by_coc("01234567")) == [1005]


def test_relations_by_postcode_compare_normalised_postcodes_within_a_country(administration):
    assert codes(administration.relations_by_postcode("NL", "1015CJ")) == [1001]
    assert codes(administration.relations_by_postcode("NL", "2671MN")) == [1003]
    assert codes(administration.relations_by_postcode("BE", "1000")) == [1007]
    assert codes(administration.relations_by_postcode("CH", "1000")) == [1008]
    assert administration.relations_by_postcode("DE", "1000") == []


def test_inactive_relations_are_found_and_say_so(administration):
    """Look-ups return inactive relations flagged `inactive`; recognition decides what to do."""
    by_code = administration.relation_by_code("1009")
    by_email = administration.relations_by_email("oudemolen@example.nl", EmailPass.RELATION)
    by_coc = administration.relations_by_coc("87654321")

    assert by_code is not None and by_code.inactive
    assert [r.inactive for r in by_email] == [True]
    assert [r.code for r in by_coc] == [1009]
    assert administration.relation_by_code("1001").inactive is False


def test_names_by_postcode_when_the_adapter_keeps_normalised_names(administration):
    if not isinstance(administration, NamedRelationLookup):
        pytest.skip("optional: this adapter leaves name normalisation to recognition")

    found = administration.names_by_postcode("NL", "1015CJ")

    assert [(r.code, name) for r, name in found] == [(1001, normalise_name("Bakkerij De Vries B.V."))]
    assert administration.names_by_postcode("NL", "9999ZZ") == []


def test_suppliers_come_back_with_their_kind(administration):
    assert administration.relation_by_code("2001").kinds == ("Leverancier",)
