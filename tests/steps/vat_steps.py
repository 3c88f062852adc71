"""Steps of the VAT rule book (features/vat.feature): where SnelStart keeps an article's rate,
what it bills abroad, what the shop declared, and the VAT SnelStart will declare per rate."""
from __future__ import annotations

from decimal import Decimal

from pytest_bdd import given, parsers, then

from booking_world import World, decimal, rows
from domain import booking
from domain.vat_abroad import CountryRate, VatAbroad, without_setting


@given(parsers.re(r'article "(?P<code>[^"]+)" is in the revenue group "(?P<group>[^"]+)"'))
def article_group(world: World, code: str, group: str) -> None:
    world.administration.replace_article(code, revenue_group_id=world.administration.group(group).id)


@given(parsers.re(r"SnelStart bills foreign VAT \(OSS\) at the rates:"))
def foreign_vat_on(world: World, datatable) -> None:
    world.administration.vat_abroad = VatAbroad(True, tuple(
        CountryRate(row["country"], row["rate code"], decimal(row["rate"])) for row in rows(datatable)))


@given(parsers.re(r"SnelStart does not bill foreign VAT \(OSS\)"))
def foreign_vat_off(world: World) -> None:
    world.administration.vat_abroad = VatAbroad(False)


@given(parsers.re(r"SnelStart has no foreign VAT setting, as the (?P<kind>\w+) administration"))
def no_foreign_vat(world: World, kind: str) -> None:
    world.administration.vat_abroad = without_setting(kind)


@given(parsers.re(r"the shop's VAT of the order is (?P<vat>[\d.]+)"))
def shop_vat(world: World, vat: str) -> None:
    world.order.total_vat = decimal(vat)


@then(parsers.re(r"SnelStart's VAT of the sales order is (?P<total>-?[\d.]+): (?P<rates>.+)"))
def snelstart_vat(world: World, total: str, rates: str) -> None:
    """"13.70: 4.11 at 9% and 9.59 at 21%": what SnelStart will declare, per rate."""
    per_rate = booking.planned_vat(world.planned().sales_order)
    expected = {}
    for part in rates.replace(" and ", ", ").split(", "):
        amount, rate = part.split(" at ")
        expected[decimal(rate)] = decimal(amount)
    assert per_rate == expected, per_rate
    assert sum(per_rate.values(), Decimal("0")) == Decimal(total)
