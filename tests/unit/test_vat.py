"""The VAT arithmetic and SnelStart's rate abroad (domain.vat, domain.vat_abroad, domain.booking_vat)
at their edges: cents by largest remainder, charges rounded together, rates by date, and the
cases where SnelStart's rate cannot be known."""
from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.article import RevenueGroup
from domain.booking_vat import entry_for_rate, group_rate_problem
from domain.vat import dutch_rate, pro_rata, split_together, vat_in, vat_per_rate
from domain.vat_abroad import CountryRate, Destination, VatAbroad, snelstart_rate, without_setting

HIGH, LOW, NONE, OTHER = (RevenueGroup("h", 1, "Omzet hoog", "Hoog"), RevenueGroup("l", 2, "Omzet laag", "Laag"),
                          RevenueGroup("n", 3, "Omzet nul", "Geen"), RevenueGroup("o", 4, "Omzet overig", "Overig"))
ON = date(2024, 3, 1)
CONSUMER_DE = Destination("DE", "", "relation 1010")
BUSINESS_BE = Destination("BE", "BE0456789123", "relation 1007")


def test_pro_rata_gives_the_leftover_cents_to_the_largest_remainders():
    # 10.00 × 54.50/115 = 4.739…, × 60.50/115 = 5.260…: rounded down 4.73 + 5.26, the cent to 9 %.
    assert pro_rata(D("10.00"), {D("9"): D("54.50"), D("21"): D("60.50")}) == {D("9"): D("4.74"), D("21"): D("5.26")}
    assert pro_rata(D("-10.00"), {D("9"): D("54.50"), D("21"): D("60.50")}) == {D("9"): D("-4.74"),
                                                                                D("21"): D("-5.26")}
    # Equal remainders: the larger weight, then the higher rate, gets the cent.
    assert pro_rata(D("0.01"), {D("9"): D("1"), D("21"): D("1")}) == {D("9"): D("0.00"), D("21"): D("0.01")}


@given(amount=st.integers(-100_000, 100_000), weights=st.lists(st.integers(1, 10_000_000), min_size=1, max_size=4))
def test_pro_rata_adds_up_and_each_share_is_within_a_cent_of_exact(amount, weights):
    table = {D(n): D(w) / 100 for n, w in enumerate(weights)}
    shares = pro_rata(D(amount) / 100, table)
    assert sum(shares.values()) == D(amount) / 100
    total = sum(table.values())
    for key, share in shares.items():
        assert abs(share - D(amount) / 100 * table[key] / total) < D("0.01")
        assert share == share.quantize(D("0.01"))


def test_charges_are_rounded_together_so_each_rate_stays_within_half_a_cent():
    # The demo's order 3001: shipping 6.95 and a voucher of 10.00 over 49.90 at 9 % and 49.95 at 21 %.
    weights = {D("9"): D("49.90"), D("21"): D("49.95")}
    shipping, voucher = split_together([D("6.95"), D("-10.00")], weights)
    assert shipping == {D("9"): D("3.47"), D("21"): D("3.48")}
    assert voucher == {D("9"): D("-4.99"), D("21"): D("-5.01")}
    # On its own the voucher would split 5.00 / 5.00, and 21 % would end up 0.0057 above exact.
    assert pro_rata(D("-10.00"), weights) == {D("9"): D("-5.00"), D("21"): D("-5.00")}


def test_vat_per_rate_is_rounded_once_per_rate():
    assert vat_per_rate([(D("1.00"), D("21"))] * 3, prices_excl_vat=False) == {D("21"): D("0.52")}
    assert vat_per_rate([(D("0.07"), D("21"))] * 3, prices_excl_vat=True) == {D("21"): D("0.04")}
    assert vat_in(D("-10.00"), D("21")) == D("-1.74")


def test_a_groups_dutch_rate_is_its_vat_kind():
    assert [dutch_rate(g) for g in (HIGH, LOW, NONE, OTHER, None)] == [D("21"), D("9"), D("0"), None, None]


@pytest.mark.parametrize("key, group, problem", [
    ("21", HIGH, None), ("*", LOW, None), ("0", NONE, None),
    ("9", HIGH, "carries 21% VAT (Hoog), not 9%: new articles at 9% would be booked at 21%; name a group at 9%"),
    ("*", OTHER, "has VAT kind 'Overig', without a fixed rate; name a group with VAT kind Hoog, Laag or Geen"),
])
def test_a_revenue_group_must_carry_the_rate_it_is_named_for(key, group, problem):
    assert group_rate_problem(key, group) == problem


def test_the_entry_of_a_per_rate_setting_is_the_one_named_for_the_rate_else_the_one_booked_at_it():
    table = {"21": "KORTING", "9": "KORTING-LAAG"}
    rate_of = {"KORTING": D("19"), "KORTING-LAAG": D("7")}.get  # what SnelStart books them at in Germany
    assert entry_for_rate(table, D("9"), rate_of) == ("9", "KORTING-LAAG")
    assert entry_for_rate(table, D("19"), rate_of) == ("21", "KORTING")
    assert entry_for_rate(table, D("5.5"), rate_of) is None
    assert entry_for_rate({"*": "KORTING"}, D("0"), rate_of) == ("*", "KORTING")


RATES = VatAbroad(True, (CountryRate("DEU", "SR", D("16"), date(2020, 7, 1)), CountryRate("DEU", "SR", D("19"), date(2021, 1, 1)),
                         CountryRate("DEU", "RRL", D("7")), CountryRate("BEL", "SR", D("21")),
                         CountryRate("BEL", "RRH", D("12")), CountryRate("BEL", "RRL", D("6"))))


def test_a_countrys_rate_is_the_one_valid_on_the_order_date():
    assert RATES.rates_of("DE", ("SR",), date(2020, 9, 1)) == [D("16")]
    assert RATES.rates_of("DE", ("SR",), ON) == [D("19")]
    assert RATES.rates_of("DE", ("SR",), date(2019, 1, 1)) == []


@pytest.mark.parametrize("group, destination, abroad, rate, by_vat_number", [
    (HIGH, Destination("NL", "", "relation 1"), None, D("21"), False),  # at home nothing is asked
    (HIGH, CONSUMER_DE, RATES, D("19"), True),
    (LOW, CONSUMER_DE, RATES, D("7"), True),
    (NONE, CONSUMER_DE, RATES, D("0"), True),
    (HIGH, BUSINESS_BE, RATES, D("0"), True),  # reverse charge
    (HIGH, CONSUMER_DE, VatAbroad(False), D("21"), False),
    (LOW, CONSUMER_DE, without_setting("embedded"), D("9"), False),
    (LOW, Destination("BE", "", "relation 2"), RATES, None, True),  # BE lists 6 % and 12 %: which one?
    (HIGH, Destination("FR", "", "relation 3"), RATES, None, True),  # SnelStart lists no rate for FR
    (HIGH, Destination("CH", "", "relation 4"), RATES, None, False),  # outside the EU
    (HIGH, CONSUMER_DE, VatAbroad(None, why="settings:read"), None, False),
    (OTHER, Destination("NL", "", "relation 1"), None, None, False),
])
def test_the_rate_snelstart_books(group, destination, abroad, rate, by_vat_number):
    booked = snelstart_rate(group, destination, abroad, ON)
    assert (booked.rate, booked.by_vat_number) == (rate, by_vat_number)
    assert booked.why and booked.advice and "\n" not in booked.why


def test_an_order_abroad_without_the_setting_looked_up_is_a_bug():
    with pytest.raises(KeyError):
        snelstart_rate(HIGH, CONSUMER_DE, None, ON)
