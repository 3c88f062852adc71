"""Which VAT rate SnelStart will book for an article on an order (SPEC §4, last point;
reference snelstart.md §5c).

SnelStart computes an order's VAT itself. At home: the rate of the article's revenue group.
Abroad, when the administration bills foreign VAT (companyInfo `factureerBuitenlandsBtw`, the
OSS "Unieregeling"): the rate follows the customer's delivery address, and a customer with a VAT
number on the relation is a business — within the EU reverse charge, no VAT; without one a
consumer, who pays the delivery country's rate (SnelStart lists them: `/vatrates`). With foreign
VAT off, or on an administration that has no such setting, SnelStart books the Dutch rate
wherever the goods go. No line, group or relation carries a VAT choice S-Connect could set, so
S-Connect only predicts the rate and refuses an order whose rate it cannot predict.

[I] The group's foreign rate is read from its Dutch btwSoort: Hoog is the country's standard
rate (SR); Laag its reduced rate, when SnelStart lists one reduced rate for the country (with
several, which one the group's OSS ledger carries cannot be read through the API); Geen stays
without VAT.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.article import RevenueGroup
from domain.vat import dutch_rate

ZERO = Decimal("0")
HOME = "NL"

# The EU member states: ISO 3166-1 alpha-2 (orders, relations) → alpha-3 (SnelStart's /vatrates).
EU = {"AT": "AUT", "BE": "BEL", "BG": "BGR", "CY": "CYP", "CZ": "CZE", "DE": "DEU", "DK": "DNK", "EE": "EST",
      "ES": "ESP", "FI": "FIN", "FR": "FRA", "GR": "GRC", "HR": "HRV", "HU": "HUN", "IE": "IRL", "IT": "ITA",
      "LT": "LTU", "LU": "LUX", "LV": "LVA", "MT": "MLT", "NL": "NLD", "PL": "POL", "PT": "PRT", "RO": "ROU",
      "SE": "SWE", "SI": "SVN", "SK": "SVK"}
STANDARD = ("SR",)
REDUCED = ("RRH", "RRL", "SRR")  # reduced high, reduced low, super reduced (PR, parking, is neither)


@dataclass(frozen=True)
class CountryRate:
    """One row of SnelStart's /vatrates: a rate of a country from a date on."""

    country: str  # ISO alpha-3, as /vatrates gives it: "DEU"
    rate_code: str  # SR, RRH, RRL, PR, SRR
    rate: Decimal
    valid_from: date | None = None


@dataclass(frozen=True)
class VatAbroad:
    """The administration's foreign VAT: whether it bills it (None: that cannot be known, `why`
    says why) and the rates SnelStart lists. An administration without such a setting (the
    embedded and classic kinds) bills none: `setting` False, `why` naming the kind."""

    foreign_vat: bool | None
    rates: tuple[CountryRate, ...] = ()
    why: str = ""
    setting: bool = True

    def rates_of(self, country: str, codes: tuple[str, ...], on: date) -> list[Decimal]:
        """The rates of `country` (alpha-2) under those codes valid on `on`, one per code."""
        wanted = EU.get(country, country)
        found: dict[str, CountryRate] = {}
        for row in self.rates:
            if row.country.upper() != wanted or row.rate_code.upper() not in codes:
                continue
            if row.valid_from is not None and row.valid_from > on:
                continue
            current = found.get(row.rate_code.upper())
            if current is None or (row.valid_from or date.min) >= (current.valid_from or date.min):
                found[row.rate_code.upper()] = row
        return sorted({row.rate for row in found.values()})


def without_setting(kind: str) -> VatAbroad:
    return VatAbroad(False, why=f"a SnelStart administration of kind {kind} has no foreign VAT (OSS) setting",
                     setting=False)


@dataclass(frozen=True)
class Destination:
    """Where SnelStart sees the order go and who it sees buying."""

    country: str  # ISO alpha-2 of the sales order's delivery address (else the customer card's)
    vat_number: str  # on the relation in SnelStart once the order's relation is written
    relation: str  # "relation 1007", "the new relation": for messages
    shop_vat_number: str = ""  # what the shop knows, for the advice when the relation lacks it

    @property
    def abroad(self) -> bool:
        return self.country != HOME


@dataclass(frozen=True)
class SnelStartRate:
    """The rate SnelStart will book (None: it cannot be known), how it comes to it, what to do
    when the shop charged another, and whether the VAT number of the relation decided it."""

    rate: Decimal | None
    why: str
    advice: str
    by_vat_number: bool = False


def snelstart_rate(group: RevenueGroup, destination: Destination, abroad: VatAbroad | None,
                   on: date) -> SnelStartRate:
    home = dutch_rate(group)
    where = f"its revenue group '{group.description}'"
    if home is None:
        kind = group.vat_kind.strip() or "none"
        return SnelStartRate(None, f"{where} has VAT kind '{kind}', without a fixed rate",
                             "put the article in a revenue group with VAT kind Hoog, Laag or Geen")
    country = destination.country
    if not destination.abroad:
        return SnelStartRate(home, where, "put the article in a revenue group at that rate, or correct the "
                                          "rate in the shop")
    if abroad is None:
        raise KeyError("the administration's foreign VAT was not looked up before planning an order abroad")
    if abroad.foreign_vat is None:
        return SnelStartRate(None, f"delivery to {country}: {abroad.why}", "book this order by hand")
    if not abroad.foreign_vat:
        why = abroad.why or "foreign VAT (OSS, factureerBuitenlandsBtw) is off in SnelStart"
        return SnelStartRate(home, f"{where}; delivery to {country}, and {why}",
                             "charge Dutch VAT in the shop, or switch on foreign VAT in SnelStart" if abroad.setting
                             else "charge Dutch VAT in the shop, or book this order by hand")
    if country not in EU:
        return SnelStartRate(None, f"delivery to {country}, outside the EU, with foreign VAT (OSS) on in SnelStart",
                             "book this order by hand")
    if destination.vat_number:
        return SnelStartRate(ZERO, f"reverse charge: delivery to {country} and {destination.relation} has VAT "
                                   f"number {destination.vat_number}",
                             f"charge no VAT to businesses in {country}, or remove the VAT number from "
                             f"{destination.relation}", by_vat_number=True)
    advice = (f"{destination.relation} has no VAT number in SnelStart, so SnelStart counts the customer as a "
              f"consumer: add {destination.shop_vat_number} to the relation (customers.processing = "
              f"add_and_update does so)" if destination.shop_vat_number else
              f"correct the rate in the shop, or SnelStart's VAT rates of {country}")
    if home == ZERO:
        return SnelStartRate(ZERO, f"{where}, without VAT in {country} too", advice, by_vat_number=True)
    codes, label = (STANDARD, "standard") if group.vat_kind.strip().capitalize() == "Hoog" else (REDUCED, "reduced")
    rates = abroad.rates_of(country, codes, on)
    consumer = f"a consumer in {country} ({destination.relation} has no VAT number)"
    if not rates:
        unread = f" ({abroad.why})" if abroad.why else ""
        return SnelStartRate(None, f"{consumer}, and SnelStart lists no {label} rate for {country}{unread}",
                             "book this order by hand", by_vat_number=True)
    if len(rates) > 1:
        listed = ", ".join(f"{r.normalize():f}%" for r in rates)
        return SnelStartRate(None, f"{consumer}: SnelStart lists several {label} rates for {country} ({listed}), "
                                   f"and which one {where} carries cannot be read", "book this order by hand",
                             by_vat_number=True)
    return SnelStartRate(rates[0], f"{where} at the {label} rate for {consumer}", advice, by_vat_number=True)
