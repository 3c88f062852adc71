"""What a B2B administration bills abroad (reference snelstart.md §5c): companyInfo's
`factureerBuitenlandsBtw` (foreign VAT, the OSS "Unieregeling", switched on per administration)
and, when it is on, the rates SnelStart lists per country (`GET /vatrates`: countryCode as ISO
alpha-3, vatRates of rateCode SR/RRH/RRL/PR/SRR, rate, validFrom). Both need the scope
settings:read; a koppeling without it cannot say, and orders abroad then fail with that reason.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation

from domain.errors import ConfigurationError
from domain.vat_abroad import CountryRate, VatAbroad
from infrastructure.snelstart.b2b.transport import Transport


def read_vat_abroad(api: Transport) -> VatAbroad:
    try:
        info = api.get("companyInfo")
    except ConfigurationError as error:
        return VatAbroad(None, why=f"whether SnelStart bills foreign VAT could not be read ({error})")
    setting = info.get("factureerBuitenlandsBtw") if isinstance(info, dict) else None
    if not isinstance(setting, bool):
        return VatAbroad(None, why="SnelStart's companyInfo does not say whether it bills foreign VAT "
                                   "(factureerBuitenlandsBtw)")
    if not setting:
        return VatAbroad(False)
    try:
        return VatAbroad(True, country_rates(api.get_list_plain("vatrates")))
    except ConfigurationError as error:
        return VatAbroad(True, why=f"SnelStart's VAT rates could not be read: {error}")


def country_rates(rows: list[dict]) -> tuple[CountryRate, ...]:
    """VatRatesModel rows → CountryRate; a row SnelStart wrote otherwise than documented is left
    out (an order that needs it then fails for want of a rate, never books a guess)."""
    found = []
    for row in rows:
        country = str(row.get("countryCode") or "").strip().upper()
        for item in row.get("vatRates") or ():
            if not isinstance(item, dict) or not country:
                continue
            code = str(item.get("rateCode") or "").strip().upper()
            try:
                rate = Decimal(str(item.get("rate")))
            except InvalidOperation:
                continue
            if not code or not rate.is_finite():
                continue
            found.append(CountryRate(country, code, rate, _day(item.get("validFrom"))))
    return tuple(found)


def _day(value: object):
    try:
        return datetime.fromisoformat(str(value)).date() if value else None
    except ValueError:
        return None
