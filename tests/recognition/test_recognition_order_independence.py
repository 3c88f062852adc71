"""Recognition never depends on the order in which the administration stores its relations,
nor on whether it is answered by the index or by a plain scan."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.customer import EmailSetting, Relation, RelationAddress
from domain.errors import AmbiguousCustomer, SConnectError
from domain.matching import strategy_for
from domain.order import Address, CustomerData
from domain.relation_index import RelationIndex
from domain.settings import CustomerSettings, Recognition
from recognition_data import ScanningLookup

# Small pools, so that generated relations share e-mail addresses, postcodes, numbers and names.
EMAILS = ["info@x.nl", "inkoop@devries.nl", "a@b.nl", ""]
POSTCODES = ["3542 AD", "1015CJ", "1234", ""]
VATS = ["NL123456789B01", "123456789B01", "DE123456789", ""]
COCS = ["12345678", "1234567", ""]
NAMES = ["Bakkerij De Vries B.V.", "Bakkerij de Vriez", "Jansen & Zn.", "Jansen"]
COUNTRIES = ["NL", "NL", "DE"]

email_setting = st.builds(EmailSetting, st.just(True), st.sampled_from(EMAILS), st.sampled_from(EMAILS))
relation_fields = st.fixed_dictionaries({
    "name": st.sampled_from(NAMES), "email": st.sampled_from(EMAILS), "vat_number": st.sampled_from(VATS),
    "coc_number": st.sampled_from(COCS), "invoice_email": email_setting, "reminder_email": email_setting,
    "inactive": st.booleans(),
    "establishment": st.builds(RelationAddress, postcode=st.sampled_from(POSTCODES),
                               country=st.sampled_from(COUNTRIES))})
administrations = st.lists(relation_fields, max_size=12).map(
    lambda rows: [Relation(code=1001 + i, **row) for i, row in enumerate(rows)])
orders = st.tuples(
    st.builds(CustomerData, email=st.sampled_from(EMAILS + ["nieuw@klant.nl"] * 3), company=st.sampled_from(NAMES + [""]),
              vat_number=st.sampled_from(VATS + [""] * 2), coc_number=st.sampled_from(COCS + [""] * 2),
              extra_fields=st.sampled_from([(), (("klantcode", "1003"),), (("klantnr", "2050"),)])),
    st.builds(Address, postcode=st.sampled_from(POSTCODES), country=st.sampled_from(COUNTRIES)),
    st.builds(Address, postcode=st.sampled_from(POSTCODES), country=st.sampled_from(COUNTRIES)))


def outcome(strategy, order, lookup):
    """Everything recognition says, in comparable form."""
    customer, billing, delivery = order
    try:
        r = strategy.recognise(customer, billing, delivery, lookup)
    except AmbiguousCustomer as error:
        return ("ambiguous", str(error), error.candidates, error.explanation)
    except SConnectError as error:
        return (type(error).__name__, str(error))
    return ("found", r.relation.code if r.relation else None, r.step, r.candidates, r.customer_code, r.explanation)


@given(administrations, st.randoms(use_true_random=False), orders, st.sampled_from(list(Recognition)),
       st.sampled_from([85, 90, 100]))
@settings(max_examples=400, deadline=None)
def test_same_answer_whatever_the_order_of_the_relations(relations, random, order, recognition, threshold):
    strategy = strategy_for(CustomerSettings(recognition=recognition, name_threshold=threshold))
    shuffled = list(relations)
    random.shuffle(shuffled)
    expected = outcome(strategy, order, RelationIndex(relations))
    assert outcome(strategy, order, RelationIndex(shuffled)) == expected
    assert outcome(strategy, order, ScanningLookup(shuffled)) == expected
    assert outcome(strategy, order, ScanningLookup(list(reversed(relations)))) == expected
