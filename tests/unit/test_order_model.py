"""The order model's small rules that many others lean on."""
from __future__ import annotations

import pytest

from domain.order import Address


@pytest.mark.parametrize("number, addition, expected", [
    ("12", "", "Keizersgracht 12"),
    ("12", "A", "Keizersgracht 12A"),
    ("12", "a", "Keizersgracht 12a"),
    ("12", "2", "Keizersgracht 12-2"),  # not 122: another house
    ("12", "hs", "Keizersgracht 12 hs"),
    ("12", "III", "Keizersgracht 12 III"),
    ("12", "-2", "Keizersgracht 12-2"),
    ("12", "/3", "Keizersgracht 12/3"),
    ("", "", "Keizersgracht"),
])
def test_street_and_house_number_make_one_unambiguous_line(number, addition, expected):
    address = Address(street=" Keizersgracht ", house_number=number, house_number_addition=addition)
    assert address.street_line == expected
