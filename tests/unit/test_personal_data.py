"""What the history keeps of a reason or warning: no e-mail address, none of the order's names,
street, postcode, phone, VAT or KvK number, none of the relation names a refusal quotes — the
order number and the relation codes say enough (docs/privacy.md)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.order import CustomerData
from domain.personal_data import without_identifiers
from fakes import make_order
from infrastructure.state.redact import userinfo_secrets, without_userinfo


def order():
    o = make_order(12, email="Jan.Klant@Example.nl", company="Klant & Zn.", extra=(("klantnummer", "1001"),
                                                                                  ("verjaardag", "12 mei 1980")))
    return replace(o, customer=replace(o.customer, phone="06-12345678", vat_number="NL001234567B01",
                                       coc_number="87654321"))


def test_e_mail_addresses_are_left_out_whoever_they_belong_to():
    text = "ambiguous customer: e-mail info@bakker.nl matches relations 1002, 1007; cc boekhouder@kantoor.nl"
    assert without_identifiers(text) == ("ambiguous customer: e-mail <e-mail address> matches relations 1002, "
                                         "1007; cc <e-mail address>")


def test_the_orders_identifiers_are_left_out_wherever_they_stand_and_codes_stay():
    text = ("relation 1001 (Klant & Zn.) matches by name 'Jan Klant', phone 06-12345678, VAT NL001234567B01, "
            "KvK 87654321, Dorpsstraat 1, 1234 AB; born 12 MEI 1980; customer code 1001; order 12")
    assert without_identifiers(text, order()) == (
        "relation 1001 (<name>) matches by name '<name>', phone <phone number>, VAT <VAT number>, KvK <KvK number>, "
        "<address>, <postcode>; born <verjaardag>; customer code 1001; order 12")


def test_names_quoted_from_snelstart_are_left_out_and_short_words_stay():
    text = "relations 1002 (Xenon B.V.) by e-mail and 1007 (Xe) by name match but are inactive in SnelStart"
    assert without_identifiers(text, None, ("Xenon B.V.", "Xe")) == (
        "relations 1002 (<name>) by e-mail and 1007 (Xe) by name match but are inactive in SnelStart")


def test_a_word_containing_a_name_is_not_cut():
    o = replace(make_order(13), customer=CustomerData(email=""))
    assert without_identifiers("Klanten: Klant (Ergens)", o) == "Klanten: <name> (Ergens)"


@pytest.mark.parametrize("address, shown, secrets", [
    ("https://anne:Geheim%40W8@shop.example/RPC/", "https://shop.example/RPC/",
     {"anne:Geheim%40W8", "anne:Geheim@W8", "Geheim%40W8", "Geheim@W8"}),
    ("http://token@127.0.0.1:8080/x?y=1", "http://127.0.0.1:8080/x?y=1", {"token"}),
    ("https://www.mijnwinkel.nl/RPC/", "https://www.mijnwinkel.nl/RPC/", set()),
])
def test_a_url_is_shown_without_its_userinfo_which_is_a_secret(address, shown, secrets):
    assert without_userinfo(address) == shown
    assert set(userinfo_secrets(address)) == secrets


def test_the_quick_test_before_each_pattern_passes_over_no_name_ignorecase_would_match():
    # without_identifiers skips a value whose folded text is not in the folded reason; every pair
    # of characters re.IGNORECASE matches alike must fold alike, or a name would be kept.
    from re import _casefix

    from domain.personal_data import _folded
    pairs = [(chr(a), chr(b)) for a, others in _casefix._EXTRA_CASES.items() for b in others]
    pairs += [(c, c.lower()) for c in map(chr, range(0x20, 0x30000)) if len(c.lower()) == 1]
    assert [pair for pair in pairs if _folded(pair[0]) != _folded(pair[1])] == []
    assert without_identifiers("refused: customer Yildiz Kaya", None, ("YILDIZ KAYA",)) == "refused: customer <name>"
    assert without_identifiers("refused: customer İlker Yıldız", None, ("ilker yildiz",)) == "refused: customer <name>"
