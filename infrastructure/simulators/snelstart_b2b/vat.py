"""The simulator's foreign VAT (reference snelstart.md §5c): companyInfo's
`factureerBuitenlandsBtw` and `GET /vatrates` (VatRatesModel: countryCode as ISO alpha-3, and
vatRates of rateCode, rate, validFrom). Both need the scope settings:read.

SnelStart computes the VAT of an order itself (infrastructure/snelstart/rules/vat.py): with the
setting on, from the delivery country's rate for a consumer and none for a business (a VAT number
on the relation) within the EU. The rates below are a few EU countries' as SnelStart lists them
[I: the codes from the developer portal's OSS page, the values the countries' own].
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.vat_abroad import CountryRate

_FROM = date(2021, 1, 1)
RATES = tuple(CountryRate(country, code, Decimal(rate), _FROM) for country, code, rate in (
    ("NLD", "SR", "21"), ("NLD", "RRL", "9"),
    ("DEU", "SR", "19"), ("DEU", "RRL", "7"),
    ("BEL", "SR", "21"), ("BEL", "RRH", "12"), ("BEL", "RRL", "6"),
    ("FRA", "SR", "20"), ("FRA", "RRH", "10"), ("FRA", "RRL", "5.5"), ("FRA", "SRR", "2.1"),
    ("AUT", "SR", "20"), ("AUT", "RRH", "13"), ("AUT", "RRL", "10"),
    ("LUX", "SR", "17"), ("LUX", "RRH", "8"), ("LUX", "SRR", "3"),
))


def company_info(name: str, foreign_vat: bool) -> dict:
    """The part of the CompanyInfoModel S-Connect reads."""
    return {"administratieNaam": name, "factureerBuitenlandsBtw": foreign_vat,
            "buitenlandseBtwGrootboek": None, "factureerBuitenlandsBtwRanges": []}


def vat_rates_json(rates: tuple[CountryRate, ...]) -> list[dict]:
    countries: dict[str, list[dict]] = {}
    for row in rates:
        countries.setdefault(row.country, []).append(
            {"rateCode": row.rate_code, "rate": format(row.rate, "f"),
             "validFrom": f"{(row.valid_from or _FROM).isoformat()}T00:00:00"})
    return [{"countryCode": country, "vatRates": items} for country, items in countries.items()]
