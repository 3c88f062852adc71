"""Normalisation of e-mail, postcodes, VAT and KvK numbers and names (SPEC 6.1, 6.2)."""
from __future__ import annotations

import re
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain import customer
from domain.customer import (LEGAL_FORMS, normalise_coc, normalise_country, normalise_email, normalise_name,
                             normalise_postcode, normalise_vat, split_emails)

COUNTRIES = ["NL", "nl", "BE", "DE", "GR", "EL", "FR", "AT", "GB", "UK", "US", "", " de "]
# Text with the characters normalisation cares about, so that examples hit every branch.
tricky = st.text(alphabet=st.sampled_from(list("abzBVGmbHé ßøæÆÉ.,;&'’-_/()@0129 \t\u00a0İıǅℌĳﬀ́")), max_size=30)
any_text = st.one_of(st.text(max_size=30), tricky)
legal_form_names = st.lists(st.one_of(st.sampled_from(["bakkerij", "de", "vries", "en", "&", "zonen", "zn.",
                                                       "b.v.", "B. V.", "i.o.", "GmbH", "Co.", "KG", "bv", "io"]),
                                      tricky), max_size=8).map(" ".join)


class TestEmail:
    def test_lower_case_without_spaces(self):
        assert normalise_email("  Inkoop@DeVries.NL ") == "inkoop@devries.nl"
        assert normalise_email("<info@x.nl>") == "info@x.nl"

    def test_a_snelstart_field_holds_a_list(self):
        assert split_emails("Info@x.nl; inkoop@x.nl ,boekhouding@x.nl") == ("info@x.nl", "inkoop@x.nl",
                                                                             "boekhouding@x.nl")
        assert split_emails("Jan Jansen <jan@x.nl>") == ("jan@x.nl",)
        assert split_emails("") == () and split_emails(" ; ") == ()

    @given(any_text)
    @settings(deadline=None)
    def test_idempotent(self, value):
        once = normalise_email(value)
        assert normalise_email(once) == once

    @given(st.lists(any_text, max_size=4).map(";".join))
    @settings(deadline=None)
    def test_every_address_of_a_list_is_normalised(self, value):
        addresses = split_emails(value)
        assert all(normalise_email(a) == a and "@" in a for a in addresses)
        assert split_emails(";".join(addresses)) == addresses

    @given(st.one_of(any_text, st.sampled_from(["Info@X.nl", " <a@b.nl> ", "a@b.nl\u2028", "a\u200b@b.nl"])))
    @settings(deadline=None)
    def test_splits_like_the_rule_written_as_a_regular_expression(self, value):
        general = tuple(e for e in map(normalise_email, re.split(r"[;,\s]+", value.strip())) if "@" in e)
        assert split_emails(value) == general


class TestPostcode:
    def test_without_spaces_in_capitals(self):
        assert normalise_postcode(" 3542 ad ") == "3542AD"
        assert normalise_postcode("3542\u00a0AD") == "3542AD"

    @given(any_text)
    @settings(deadline=None)
    def test_idempotent(self, value):
        assert normalise_postcode(normalise_postcode(value)) == normalise_postcode(value)


class TestCountry:
    def test_aliases_and_default(self):
        assert normalise_country(" nl ") == "NL"
        assert normalise_country("") == "NL"  # SnelStart's default land
        assert normalise_country("UK") == "GB" and normalise_country("EL") == "GR"

    @given(any_text)
    @settings(deadline=None)
    def test_idempotent(self, value):
        assert normalise_country(normalise_country(value)) == normalise_country(value)


class TestVatNumber:
    @pytest.mark.parametrize("number, country, expected", [
        ("123456789B01", "NL", "NL123456789B01"),
        ("NL123456789B01", "NL", "NL123456789B01"),
        ("nl 1234.56.789.b01", "NL", "NL123456789B01"),
        ("123456789", "DE", "DE123456789"),
        ("DE 123 456 789", "DE", "DE123456789"),
        ("0123.456.789", "BE", "BE0123456789"),
        ("123456789", "GR", "EL123456789"),  # Greece is EL in VIES
        ("GR123456789", "GR", "EL123456789"),
        ("DE123456789", "NL", "DE123456789"),  # a foreign prefix stays
        ("U12345678", "AT", "ATU12345678"),
        ("123456789B01", "", "123456789B01"),  # no country: only cleaned
        ("", "NL", ""),
        (" . ", "NL", ""),
    ])
    def test_prefix_made_explicit(self, number, country, expected):
        assert normalise_vat(number, country) == expected

    def test_with_and_without_prefix_are_equal_for_the_billing_country(self):
        assert normalise_vat("NL123456789B01", "NL") == normalise_vat("123456789B01", "NL")
        assert normalise_vat("123456789", "DE") != normalise_vat("123456789", "NL")

    @given(any_text, st.sampled_from(COUNTRIES))
    @settings(deadline=None)
    def test_idempotent(self, value, country):
        once = normalise_vat(value, country)
        assert normalise_vat(once, country) == once
        assert normalise_vat(once) == once


@given(st.one_of(any_text, st.text(alphabet="0123456789AbZ²٣", max_size=12)))
@settings(deadline=None)
def test_the_shortcut_for_clean_numbers_keeps_what_the_general_rule_keeps(value):
    """VAT and KvK numbers already written in plain letters and digits skip the regular expression."""
    assert customer._letters_and_digits(value) == customer._NOT_ALNUM.sub("", value).upper()
    digits = customer._NOT_DIGIT.sub("", value)
    assert normalise_coc(value, "NL") == (digits.zfill(8) if digits else "")


class TestKvkNumber:
    @pytest.mark.parametrize("number, country, expected", [
        ("12345678", "NL", "12345678"),
        ("KvK 1234.5678", "NL", "12345678"),
        ("1234567", "NL", "01234567"),  # a spreadsheet dropped the leading zero
        ("01234567", "", "01234567"),
        ("geen", "NL", ""),
        ("HRB 12345", "DE", "HRB12345"),
        ("0123.456.789", "BE", "0123456789"),
    ])
    def test_digits_of_eight(self, number, country, expected):
        assert normalise_coc(number, country) == expected

    @given(any_text, st.sampled_from(COUNTRIES))
    @settings(deadline=None)
    def test_idempotent(self, value, country):
        once = normalise_coc(value, country)
        assert normalise_coc(once, country) == once


class TestName:
    @pytest.mark.parametrize("name", ["Bakkerij De Vries B.V.", "bakkerij de vries bv", "Bakkerij  de Vriés",
                                      "BAKKERIJ DE VRIES B. V.", "B.V. Bakkerij De Vries", "Bakkerij De Vries BV i.o."])
    def test_the_spec_examples_are_one_name(self, name):
        assert normalise_name(name) == "bakkerij de vries"

    @pytest.mark.parametrize("name, expected", [
        ("Jansen & Zn.", "jansen"),
        ("Jansen en Zonen V.O.F.", "jansen"),
        ("Jansen & Jansen", "jansen en jansen"),
        ("Müller GmbH & Co. KG", "muller"),
        ("Bäckerei Groß AG", "backerei gross"),
        ("Ørsted A/S", "orsted"),
        ("Æbleskiver Ltd.", "aebleskiver"),
        ("Dupont S.à r.l.", "dupont"),
        ("Smith LLC", "smith"),
        ("Café 't Hoekje", "cafe t hoekje"),
        ("De Vries-Bakker N.V.", "de vries bakker"),
        ("Peeters BVBA", "peeters"),
        ("Eenmanszaak Piet Klus", "piet klus"),
        ("Agrarisch Bedrijf Bavaria", "agrarisch bedrijf bavaria"),  # forms only as whole words
        ("Stichting De Vries Holding B.V.", "stichting de vries holding"),
        ("B.V.", ""),
    ])
    def test_legal_forms_accents_and_punctuation(self, name, expected):
        assert normalise_name(name) == expected

    @given(st.one_of(any_text, legal_form_names))
    @settings(max_examples=300, deadline=None)
    def test_idempotent(self, name):
        once = normalise_name(name)
        assert normalise_name(once) == once

    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
    @settings(deadline=None)
    def test_the_ascii_shortcut_splits_words_like_the_general_rule(self, text):
        folded = text.casefold()
        assert customer._words(text) == customer._words_of_any_script(folded)


class TestLegalFormsAreData:
    def test_the_list_is_package_data(self):
        text = resources.files("domain").joinpath("legal_forms.txt").read_text(encoding="utf-8")
        lines = [line.split("#", 1)[0].strip() for line in text.splitlines()]
        written = [line for line in lines if line]
        assert "B.V." in written and "GmbH" in written
        # every line of the file became a form: removing it leaves nothing of a name made of it
        assert all(normalise_name(line) == "" for line in written)
        assert ("bv",) in LEGAL_FORMS and ("b", "v") in LEGAL_FORMS and ("en", "zonen") in LEGAL_FORMS
