"""Fitting the shop's values into SnelStart's fields (domain.fitting): the shortening rules one by
one, the warnings of a whole plan, and — for any text at all — that what comes out fits and is
the shop's own text (or a start of it marked with "…")."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import field_limits as limits
from domain.article import NewArticle
from domain.customer import NewRelation, Relation, RelationAddress
from domain.errors import OrderRejected
from domain.field_limits import ArticleCodeLimit, snelstart_length
from domain.fitting import (ELLIPSIS, cut, fit_plan, fitted_contact_person, fitted_emails, fitted_phone,
                            fitted_street, fitted_text)
from domain.sales_order import BookingPlan, PlanLine, SalesOrderPlan

LONG_STREET = "Burgemeester van Reenensingel Achterzijde Noordelijk Deel"


@pytest.mark.parametrize("line, expected", [
    (f"{LONG_STREET} 12A", "Burgemeester van Reenensingel Achterzijde N… 12A"),
    (f"{LONG_STREET} 12-2", "Burgemeester van Reenensingel Achterzijde N… 12-2"),
    (f"{LONG_STREET} 12 hs", "Burgemeester van Reenensingel Achterzijde N… 12 hs"),
    (f"{LONG_STREET} 1944 III", "Burgemeester van Reenensingel A… 1944 III"),
    # A number inside the street name is the street's: only the last one is the house number.
    ("Plein 1944 van de Bevrijding en de Wederopbouw van Nederland 3",
     "Plein 1944 van de Bevrijding en de Wederopbouw… 3"),
    ("Burgemeester van Reenensingel Achterzijde Oost 123", "Burgemeester van Reenensingel Achterzijde Oost 123"),
    # Without a house number the street line is cut like any text.
    (LONG_STREET, "Burgemeester van Reenensingel Achterzijde N…"),
])
def test_a_street_keeps_its_house_number(line, expected):
    assert fitted_street(line, 50) == expected
    assert snelstart_length(fitted_street(line, 50)) <= 50


def test_a_street_too_long_by_its_spaces_alone_only_loses_them():
    assert fitted_street("Keizersgracht" + " " * 40 + "12", 50) == "Keizersgracht 12"


def test_a_cut_never_keeps_less_than_half_the_field_for_one_long_word():
    word = "Koffiebrandmeesterschapsopleidingsinstituutsgebouwencomplex"
    assert cut(f"Het {word}", 20) == f"Het {word}"[:19] + ELLIPSIS


def test_a_cut_does_not_end_on_punctuation():
    assert cut("Bakkerij De Vries, Jansen & Zonen, Amsterdam-Noord", 30) == "Bakkerij De Vries, Jansen &…"


def test_characters_outside_the_basic_plane_count_twice_as_in_snelstart():
    assert snelstart_length("Koffie ☕") == 8  # U+2615 is one UTF-16 unit
    assert snelstart_length("Koffie 🫘") == 9  # U+1FAD8 is a surrogate pair
    text = "🫘" * 30
    fitted = fitted_text(text, limits.RELATION_NAME)
    assert snelstart_length(fitted) <= 50
    assert fitted == "🫘" * 24 + ELLIPSIS  # never half a character


def test_the_memo_keeps_its_line_breaks():
    remark = "Graag bellen\nbij de buren.\n" * 60
    memo = fitted_text(remark, limits.MEMO, multiline=True)
    assert "\n" in memo and memo.endswith(ELLIPSIS) and snelstart_length(memo) <= 1000


def test_company_t_a_v_person_keeps_the_company_and_cuts_it_if_need_be():
    assert fitted_contact_person("Koffie B.V. t.a.v. Jan", 50) == "Koffie B.V. t.a.v. Jan"
    long_company = "Stichting Vrienden van het Nederlands Openluchtmuseum te Arnhem"
    assert fitted_contact_person(f"{long_company} t.a.v. Jan de Vries", 50) == \
        "Stichting Vrienden van het Nederlands…"


def test_an_email_list_keeps_the_addresses_that_fit_whole_even_after_one_that_does_not():
    short, long = "info@a.nl", "x" * 230 + "@voorbeeld.nl"
    assert fitted_emails(f"{short}; {long}; kantoor@a.nl", limits.EMAIL) == "info@a.nl;kantoor@a.nl"


def test_a_first_email_address_longer_than_the_field_stops_the_order_in_one_line():
    with pytest.raises(OrderRejected) as refused:
        fitted_emails("x" * 250 + "@voorbeeld.nl;info@a.nl", limits.EMAIL)
    message = str(refused.value)
    assert "(263 characters)" in message and "correct it in the shop" in message
    assert "\n" not in message and len(message) < 250


@pytest.mark.parametrize("phone, expected", [
    ("020 123 45 67 / 06 12 34 56 78", "020 123 45 67"),
    ("+31 (0)20 123 45 67 (na 18 uur)", "+31 (0)20 123 45 67"),
    ("+31 (0) 20 - 123 45 67 - toestel 1234", "+31 (0) 20 - 123 45 67"),
    ("+31 (0)6 - 12 . 34 . 56 . 78 .  .  .", "+31612345678"),
    ("bel liever niet, mail naar het kantoor", ""),
    ("0201234567", "0201234567"),
])
def test_a_phone_number_is_tidied_or_left_out_never_cut(phone, expected):
    assert fitted_phone(phone, limits.PHONE) == expected


def test_an_article_code_limit_refuses_with_snelstarts_codes():
    assert ArticleCodeLimit(10).refusal("ART-1001") is None
    assert ArticleCodeLimit(10).refusal("KOFFIE-ESPRESSO")[0] == "ART-0004"
    assert ArticleCodeLimit(numeric=True).refusal("WEB-01")[0] == "ART-0003"
    assert ArticleCodeLimit(numeric=True).refusal("١٢٣")[0] == "ART-0003"  # digits, but not 0-9
    assert ArticleCodeLimit().refusal("x" * 300) is None  # the administration does not say


def plan(**changes) -> BookingPlan:
    address = RelationAddress("Anna de Wit", f"{LONG_STREET} 12A", "2803 PA", "Gouda", "NL")
    order = SalesOrderPlan("12", None, "tpl", datetime(2024, 3, 1), "Webshop-order 12", False,
                           invoice_address=address, delivery_address=address,
                           lines=(PlanLine("A1", Decimal("1"), "Koffie"),))
    values = dict(sales_order=order, new_relation=NewRelation("Anna de Wit", address, email="anna@dewit.nl"))
    values.update(changes)
    return BookingPlan(**values)


def test_one_warning_per_shop_value_naming_every_field_it_went_into():
    fitted = fit_plan(plan(), ArticleCodeLimit())
    assert fitted.warnings == (
        "street too long for SnelStart (vestigingsAdres.straat, factuuradres.straat, afleveradres.straat: at most "
        f"50 characters): '{LONG_STREET} 12A' booked as 'Burgemeester van Reenensingel Achterzijde N… 12A'",)
    assert fitted.new_relation.establishment.street == fitted.sales_order.delivery_address.street


def test_a_plan_that_fits_is_returned_unchanged():
    fine = plan(new_relation=NewRelation("Anna de Wit", RelationAddress("", "Markt 1", "2803 PA", "Gouda")),
                sales_order=replace(plan().sales_order, invoice_address=None, delivery_address=None))
    assert fit_plan(fine, ArticleCodeLimit(30)) == fine


def test_an_update_that_cannot_write_a_value_keeps_the_relations_own():
    current = Relation(1001, "Voorbeeld B.V.", phone="0201234567", coc_number="12345678", vat_number="NL123456789B01")
    update = NewRelation("Voorbeeld B.V.", RelationAddress("", "Markt 1", "2803 PA", "Gouda"),
                         phone="bel liever niet, mail naar het kantoor", coc_number="X" * 20,
                         vat_number="NL" + "1" * 60, code=1001)
    fitted = fit_plan(plan(new_relation=None, relation_update=update), ArticleCodeLimit(), current)
    assert (fitted.relation_update.phone, fitted.relation_update.coc_number, fitted.relation_update.vat_number) == (
        "0201234567", "12345678", "NL123456789B01")
    assert any(w.endswith("left out; relation 1001 keeps '12345678'") for w in fitted.warnings)


def test_a_new_relation_goes_without_a_vat_number_snelstart_cannot_take():
    relation = NewRelation("Anna de Wit", RelationAddress(), vat_number="N")
    fitted = fit_plan(plan(new_relation=relation), ArticleCodeLimit())
    assert fitted.new_relation.vat_number == ""
    assert "VAT number not accepted by SnelStart (btwNummer: it is shorter than 2 characters, REL-0058): 'N' left out" \
        in fitted.warnings


@pytest.mark.parametrize("number, country, why", [
    ("NL" + "1" * 60, "NL", "it is longer than 50 characters, REL-0057"),
    ("NL 1234.56.789.B01", "NL", "it holds other than letters and digits, REL-0059"),
    ("BE0456789123", "NL", "it does not start with NL, the country of the relation's address, REL-0087"),
    # normalise_vat put the billing country's code before a Dutch number typed without its own.
    ("DE123456789B01", "DE", "it is not a valid DE VAT number, REL-0088"),
])
def test_a_vat_number_snelstart_would_refuse_is_left_out_whole_never_cut_or_corrected(number, country, why):
    relation = NewRelation("Koffie B.V.", RelationAddress("", "Markt 1", "2803 PA", "Gouda", country),
                           vat_number=number)
    fitted = fit_plan(plan(new_relation=relation), ArticleCodeLimit())
    assert fitted.new_relation.vat_number == ""
    assert f"VAT number not accepted by SnelStart (btwNummer: {why}): '{number}' left out" in fitted.warnings


def test_an_update_keeps_the_relations_vat_number_over_one_snelstart_would_refuse():
    current = Relation(1001, "Voorbeeld B.V.", vat_number="NL123456789B01")
    update = NewRelation("Voorbeeld B.V.", RelationAddress("", "Markt 1", "2803 PA", "Gouda"),
                         vat_number="NL12345678B01", code=1001)
    fitted = fit_plan(plan(new_relation=None, relation_update=update), ArticleCodeLimit(), current)
    assert fitted.relation_update.vat_number == "NL123456789B01"
    assert ("VAT number not accepted by SnelStart (btwNummer: it is not a valid NL VAT number, REL-0088): "
            "'NL12345678B01' left out; relation 1001 keeps 'NL123456789B01'") in fitted.warnings


def test_the_vat_number_a_relation_already_has_is_its_own_and_not_judged():
    current = Relation(1001, "Voorbeeld B.V.", vat_number="NL 1234.56.789.B01")
    update = NewRelation("Voorbeeld B.V.", RelationAddress("", "Markt 1", "2803 PA", "Gouda"),
                         vat_number="NL 1234.56.789.B01", code=1001)
    fitted = fit_plan(plan(new_relation=None, relation_update=update), ArticleCodeLimit(), current)
    assert fitted.relation_update.vat_number == "NL 1234.56.789.B01"
    assert not any("VAT number" in w for w in fitted.warnings)


def test_a_new_article_whose_code_the_administration_cannot_take_stops_the_order():
    article = NewArticle("KOFFIE-ESPRESSO-1KG", "Koffie", Decimal("1"), "og")
    with pytest.raises(OrderRejected, match="at most 10 characters .artikelcode, ART-0004."):
        fit_plan(plan(new_articles=(article,)), ArticleCodeLimit(10))


@given(st.text(max_size=400), st.sampled_from(limits.FIELD_LIMITS))
def test_whatever_the_text_the_fitted_value_fits_and_is_the_shops_own(text, limit):
    fitted = fitted_text(text, limit)
    assert snelstart_length(fitted) <= limit.length
    tidy = " ".join(text.split())  # a long value first loses its extra spaces and line breaks
    if fitted not in (text, tidy):
        assert fitted.endswith(ELLIPSIS)
        assert tidy.startswith(fitted[:-1])


@given(st.text(max_size=120), st.integers(min_value=10, max_value=60))
def test_whatever_the_street_line_it_fits(line, length):
    assert snelstart_length(fitted_street(line, length)) <= length


@given(st.text(max_size=80))
def test_whatever_the_phone_field_it_fits(text):
    assert limits.PHONE.fits(fitted_phone(text, limits.PHONE))


def test_a_vat_number_an_order_abroad_is_planned_with_is_never_left_out():
    relation = NewRelation("Koffie GmbH", RelationAddress("", "Markt 1", "10115", "Berlin", "DE"),
                           vat_number="DE" + "1" * 60)
    with pytest.raises(OrderRejected, match="the order's VAT is planned with it: correct it in the shop"):
        fit_plan(plan(new_relation=relation, needs_vat_number=True), ArticleCodeLimit())


def test_a_malformed_vat_number_an_order_abroad_is_planned_with_stops_the_order():
    relation = NewRelation("Koffie GmbH", RelationAddress("", "Markt 1", "10115", "Berlin", "DE"),
                           vat_number="DE123456789B01")
    with pytest.raises(OrderRejected) as refused:
        fit_plan(plan(new_relation=relation, needs_vat_number=True), ArticleCodeLimit())
    assert str(refused.value) == ("VAT number 'DE123456789B01' is not accepted by SnelStart (btwNummer: it is not a "
                                  "valid DE VAT number, REL-0088), and the order's VAT is planned with it: correct "
                                  "it in the shop")
