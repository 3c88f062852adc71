"""The strategy factory, the errors and the explanation (the behaviour itself is in the feature)."""
from __future__ import annotations

import pytest

from domain.customer import Relation, RelationAddress
from domain.errors import AmbiguousCustomer, ConfigurationError, CustomerCodeMissing, OrderRejected
from domain.matching import (CodeFirstStrategy, CustomerCodeStrategy, EmailAndPostcodeStrategy, EmailStrategy,
                             InactiveCustomer, InvalidCustomerCode, SmartStrategy, strategy_for)
from domain.order import Address, CustomerData
from domain.recognition_steps import name_score, reaches, relation_code
from domain.relation_index import RelationIndex
from domain.settings import CustomerSettings, Recognition
from recognition_data import ScanningLookup

DE_VRIES = [Relation(1001, "Bakkerij De Vries B.V.", RelationAddress(postcode="1015 CJ"), email="inkoop@devries.nl"),
            Relation(1004, "Bakkerij De Vries", RelationAddress(postcode="3542 AD"), email="inkoop@devries.nl")]


@pytest.mark.parametrize("recognition, kind, then", [
    (Recognition.CUSTOMER_CODE, CustomerCodeStrategy, None),
    (Recognition.EMAIL, EmailStrategy, None),
    (Recognition.CUSTOMER_CODE_OR_EMAIL, CodeFirstStrategy, "email"),
    (Recognition.EMAIL_AND_POSTCODE, EmailAndPostcodeStrategy, None),
    (Recognition.CUSTOMER_CODE_OR_EMAIL_AND_POSTCODE, CodeFirstStrategy, "email_and_postcode"),
    (Recognition.SMART, SmartStrategy, None),
])
def test_strategy_for_each_setting(recognition, kind, then):
    strategy = strategy_for(CustomerSettings(recognition=recognition))
    assert isinstance(strategy, kind)
    assert strategy.name == recognition.value
    if then:
        assert strategy.name == f"customer_code_or_{then}"


def test_smart_takes_the_name_threshold():
    assert strategy_for(CustomerSettings(recognition=Recognition.SMART, name_threshold=85)).name_threshold == 85
    with pytest.raises(ConfigurationError, match="customers.name_threshold: 101"):
        SmartStrategy(101)
    with pytest.raises(ConfigurationError):
        SmartStrategy(0)


def test_the_errors_are_one_line_order_rejections():
    for error in (AmbiguousCustomer, CustomerCodeMissing, InactiveCustomer, InvalidCustomerCode):
        assert issubclass(error, OrderRejected)
    with pytest.raises(CustomerCodeMissing) as missing:
        CustomerCodeStrategy().recognise(CustomerData(), Address(), Address(), RelationIndex())
    assert "\n" not in str(missing.value)


def test_an_ambiguity_names_its_candidates_and_explains_itself():
    with pytest.raises(AmbiguousCustomer) as refused:
        EmailStrategy().recognise(CustomerData(email="Inkoop@DeVries.nl"), Address(), Address(),
                                  RelationIndex(DE_VRIES))
    assert str(refused.value) == "ambiguous customer: e-mail inkoop@devries.nl matches relations 1001, 1004"
    assert refused.value.candidates == (1001, 1004)
    assert refused.value.explanation.startswith("recognition email; e-mail inkoop@devries.nl (relation e-mail): "
                                                "relations 1001, 1004")


def test_the_explanation_tells_the_bookkeeper_the_way_to_the_relation():
    billing, delivery = Address(postcode="9999 ZZ"), Address(street="Weg 1", postcode="3542 AD")
    found = SmartStrategy().recognise(CustomerData(email="inkoop@devries.nl"), billing, delivery,
                                      RelationIndex(DE_VRIES))
    assert found.relation is DE_VRIES[1] and not found.is_new
    assert found.explanation == ("recognition smart; no customer code in the order; e-mail inkoop@devries.nl "
                                 "(relation e-mail): relations 1001, 1004, narrowed by delivery postcode 3542AD "
                                 "to 1004 → relation 1004 (Bakkerij De Vries)")
    assert found.candidates == (1001, 1004) and found.step == "email"


def test_a_new_relation_says_so():
    new = SmartStrategy().recognise(CustomerData(email="nieuw@klant.nl", company="Nieuw B.V."),
                                    Address(postcode="1234 AB"), Address(), ScanningLookup(DE_VRIES))
    assert new.is_new and new.relation is None and new.step == "new" and new.customer_code is None
    assert new.explanation.endswith("name 'nieuw' in NL 1234AB: no active relation with this postcode → new relation")


def test_the_closest_name_is_named_when_it_falls_short():
    lookup = RelationIndex([Relation(1001, "Bakkerij De Vries B.V.", RelationAddress(postcode="3542 AD"))])
    new = SmartStrategy(95).recognise(CustomerData(company="Bakkerij de Vriez"), Address(postcode="3542AD"),
                                      Address(), lookup)
    assert new.is_new
    assert "(closest: 1001 'bakkerij de vries', score 94.1 < 95)" in new.explanation


@pytest.mark.parametrize("given, expected", [("1001", "1001"), (" 01001 ", "1001"), ("0", None), ("K1", None),
                                             ("2147483648", None), ("１２", None)])
def test_a_customer_code_is_a_positive_int32(given, expected):
    assert relation_code(given) == expected


def test_name_scores_are_exact_at_the_threshold():
    # 'abcdefghij' vs 'abcdefghik': 18 of 20 characters in common → exactly 90
    assert name_score("abcdefghij", "abcdefghik") == 90
    assert reaches("abcdefghij", "abcdefghik", 90) and not reaches("abcdefghij", "abcdefghik", 91)
    # word order does not matter (token sort)
    assert name_score("de vries bakkerij", "bakkerij de vries") == 100
    assert not reaches("", "", 90)
