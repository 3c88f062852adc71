"""The relation index answers every RelationLookup question like a scan of all relations would."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.customer import EmailSetting, Relation, RelationAddress, normalise_name
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex, search_key_columns, search_keys
from recognition_data import ScanningLookup

EMAILS = ["info@x.nl", "INFO@x.nl ", "inkoop@devries.nl", "a@b.nl", "c@d.nl", "geen-adres"]
VATS = ["NL123456789B01", "123456789B01", "DE123456789", "123456789", "", "nl 1234.56789.b01"]
COCS = ["12345678", "1234567", "01234567", "HRB 12345", ""]
# Odd spellings too: the bulk build normalises a column of postcodes as one string.
POSTCODES = ["3542 AD", "3542ad", "1015 CJ", "1234", "", "1015\u00a0cj\t", "straße 1", "12\x0034"]
COUNTRIES = ["NL", "DE", "BE", "", "gr"]
NAMES = ["Bakkerij De Vries B.V.", "bakkerij de vries", "Jansen & Zn.", "Müller GmbH", ""]

email_fields = st.lists(st.sampled_from(EMAILS), max_size=3).map("; ".join)
email_settings = st.builds(EmailSetting, st.booleans(), email_fields, email_fields)


def relations(codes=st.integers(1000, 1030)):
    return st.builds(Relation, code=codes, name=st.sampled_from(NAMES),
                     establishment=st.builds(RelationAddress, postcode=st.sampled_from(POSTCODES),
                                             country=st.sampled_from(COUNTRIES)),
                     email=email_fields, vat_number=st.sampled_from(VATS), coc_number=st.sampled_from(COCS),
                     invoice_email=email_settings, quote_email=email_settings,
                     confirmation_email=email_settings, reminder_email=email_settings, inactive=st.booleans())


def questions():
    return [("relation_by_code", (str(code),)) for code in range(999, 1032)] + \
        [("relations_by_email", (e, p)) for e in ("info@x.nl", "inkoop@devries.nl", "a@b.nl", "c@d.nl")
         for p in EmailPass] + \
        [("relations_by_vat", (v,)) for v in ("NL123456789B01", "DE123456789", "123456789", "BE123456789")] + \
        [("relations_by_coc", (c,)) for c in ("12345678", "01234567", "HRB12345")] + \
        [("relations_by_postcode", (c, p)) for c in ("NL", "DE", "BE", "GR") for p in ("3542AD", "1015CJ", "1234")]


def _answer(value):
    if isinstance(value, list):
        return sorted(r.code for r in value)
    return None if value is None else value.code


def test_keys_are_normalised():
    relation = Relation(1001, "Bakkerij De Vries B.V.", RelationAddress(postcode="3542 ad", country="nl"),
                        email="Info@DeVries.nl; Inkoop@DeVries.nl", vat_number="123456789B01",
                        coc_number="1234567", invoice_email=EmailSetting(True, "facturen@devries.nl", "cc@devries.nl"),
                        reminder_email=EmailSetting(False, "", "herinnering@devries.nl"))
    index = RelationIndex([relation])
    assert index.relations_by_email("inkoop@devries.nl", EmailPass.RELATION) == [relation]
    assert index.relations_by_email("inkoop@devries.nl", EmailPass.INVOICE) == []
    assert index.relations_by_email("cc@devries.nl", EmailPass.INVOICE) == [relation]
    assert index.relations_by_email("herinnering@devries.nl", EmailPass.OTHER) == [relation]
    assert index.relations_by_vat("NL123456789B01") == [relation]
    assert index.relations_by_coc("01234567") == [relation]
    assert index.relations_by_postcode("NL", "3542AD") == [relation]
    assert index.names_by_postcode("NL", "3542AD") == [(relation, "bakkerij de vries")]
    assert index.relation_by_code("1001") is relation and index.relation_by_code("x") is None


def test_add_replaces_and_remove_forgets():
    old = Relation(1001, "Oud", RelationAddress(postcode="1015 CJ"), email="oud@x.nl")
    new = Relation(1001, "Nieuw", RelationAddress(postcode="3542 AD"), email="nieuw@x.nl")
    other = Relation(1002, "Ander", RelationAddress(postcode="3542 AD"), email="oud@x.nl")
    index = RelationIndex([old, other])
    index.names_by_postcode("NL", "1015CJ")  # names are kept once used: they must be forgotten too
    index.add(new)
    assert len(index) == 2 and set(index) == {new, other}
    assert index.relations_by_email("oud@x.nl", EmailPass.RELATION) == [other]
    assert index.relations_by_email("nieuw@x.nl", EmailPass.RELATION) == [new]
    assert index.relations_by_postcode("NL", "1015CJ") == []
    assert sorted(index.names_by_postcode("NL", "3542AD"), key=lambda pair: pair[0].code) == \
        [(new, "nieuw"), (other, "ander")]
    index.remove(other)
    assert len(index) == 1 and index.relations_by_email("oud@x.nl", EmailPass.RELATION) == []
    assert index.relations_by_postcode("NL", "3542AD") == [new]
    index.remove(other)  # removing twice is harmless
    assert list(index) == [new]


@given(st.lists(relations(), max_size=25), st.lists(st.integers(1000, 1030), max_size=8))
@settings(max_examples=150, deadline=None)
def test_the_index_answers_like_a_scan(added, removed):
    index = RelationIndex(added)
    expected = {r.code: r for r in added}  # a later relation with the same code replaces the earlier
    for code in removed:
        if code in expected:
            index.remove(expected.pop(code))
    scan = ScanningLookup(list(expected.values()))
    assert len(index) == len(expected) and {r.code for r in index} == set(expected)
    for question, args in questions():
        assert _answer(getattr(index, question)(*args)) == _answer(getattr(scan, question)(*args)), (question, args)
    for relation in expected.values():
        country, postcode = relation.establishment.country.upper() or "NL", relation.establishment.postcode
        pairs = index.names_by_postcode(country, postcode.replace(" ", "").upper())
        assert all(name == normalise_name(r.name) for r, name in pairs)


@given(st.lists(relations(), max_size=25, unique_by=lambda r: r.code))
@settings(max_examples=150, deadline=None)
def test_the_index_built_at_once_answers_like_one_built_relation_by_relation(added):
    """Distinct codes take the bulk build (search_key_columns); it must file exactly the keys
    search_keys gives relation by relation, and answer like an index built with add()."""
    by_kind: dict[str, list] = {}
    for relation in added:
        for kind, key in search_keys(relation):
            by_kind.setdefault(kind, []).append((key, relation.code))
    assert {kind: column for kind, column in search_key_columns(added) if column} == by_kind
    at_once, one_by_one = RelationIndex(added), RelationIndex()
    for relation in added:
        one_by_one.add(relation)
    for question, args in questions():
        answer = getattr(at_once, question)(*args)
        assert answer == getattr(one_by_one, question)(*args), (question, args)  # the same order too
