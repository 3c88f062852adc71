"""*Test connection* (SPEC §2): the shop, SnelStart's read path and its write path, each
reported on its own with the reason on failure — and the settings that point into SnelStart."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable, Protocol

from domain.costs_left_out import WORDS, shop_notice, unset
from domain.errors import ServiceUnavailable, SConnectError, UnreadableAnswer
from domain.order import ChargeKind, WebshopOrder
from domain.booking_prices import rate_text
from domain.booking_vat import group_rate_problem
from domain.settings import ANY_RATE, ChargeMode, CustomerProcessing, ProfileSettings
from domain.vat import dutch_rate

from application.ports import Administration
from application.template_named import template_not_found


@dataclass(frozen=True)
class Check:
    part: str  # "myShop", "SnelStart read", "SnelStart write", or a setting's key
    ok: bool
    message: str
    warning: bool = False  # ok, but the user should look
    unreachable: bool = False  # failed because a service could not be reached (not a setting)
    unreadable: bool = False  # failed because a service answered with something that cannot be read


class ShopProbe(Protocol):
    def check_connection(self): ...  # → reachable, key_accepted, orders_since_start, message, orders


def _guard(part: str, probe: Callable[[], Check]) -> Check:
    try:
        return probe()
    except SConnectError as exc:
        return _failed(part, exc)


def _failed(part: str, exc: SConnectError) -> Check:
    unreadable = isinstance(exc, UnreadableAnswer)
    return Check(part, False, str(exc), unreachable=isinstance(exc, ServiceUnavailable) and not unreadable,
                 unreadable=unreadable)


def shop_check(shop: ShopProbe, orders: list | None = None) -> Check:
    """The shop's connection; `orders` receives the orders it returned since start_from."""
    def probe() -> Check:
        report = shop.check_connection()
        if orders is not None:
            orders.extend(getattr(report, "orders", ()))
        readable = getattr(report, "readable", True)
        return Check("myShop", report.reachable and report.key_accepted and readable, report.message,
                     unreachable=not report.reachable, unreadable=not readable)
    return _guard("myShop", probe)


def costs_checks(settings: ProfileSettings, orders: list[WebshopOrder]) -> list[Check]:
    """A cost the shop charges (in the orders a first run would take) that no setting books:
    a warning naming the orders and the setting; an unset cost nobody charges, a plain note."""
    checks = []
    for kind in unset(settings.sales):
        key = f"profiles.{settings.id}.sales.{kind.value}"
        if any(o.charge(kind) is not None for o in orders):
            checks.append(Check(key, True, f"not set: {shop_notice(kind, orders)}", warning=True))
        else:
            checks.append(Check(key, True, f"not set: none of the {len(orders)} orders since start_from charges "
                                           f"{WORDS[kind]}; should the shop charge them, they would be left out"))
    return checks


def settings_checks(settings: ProfileSettings, administration: Administration) -> list[Check]:
    """Every setting that names something in SnelStart, looked up now rather than at the first
    order that needs it."""
    checks: list[Check] = []
    sales, p = settings.sales, f"profiles.{settings.id}"

    def template() -> Check:
        found = administration.template(sales.template) if sales.template else None
        if found is None:
            return Check(f"{p}.sales.template", False,
                         template_not_found(sales.template, administration).removeprefix("sales.template: "))
        # myShop prices include VAT: a template entered excl. VAT makes S-Connect convert every
        # price (to four decimals); that works, but the bookkeeper should know it happens.
        mode = "excl." if found.prices_excl_vat else "incl."
        return Check(f"{p}.sales.template", True, f"'{found.description}' (prices {mode} VAT)"
                     + ("; the shop's prices are incl. VAT and will be converted" if found.prices_excl_vat else ""),
                     warning=found.prices_excl_vat)
    checks.append(_guard(f"{p}.sales.template", template))

    codes = [(f"{p}.sales.default_article_code", sales.default_articles)]
    for kind in ChargeKind:
        booking = sales.charge_booking(kind)
        if booking is not None and booking.mode is ChargeMode.LINE:
            codes.append((f"{p}.sales.{kind.value}", booking.articles))
    for key, table in codes:
        for rate, code in sorted(table.items(), key=_highest_rate_first):
            if code:
                checks.append(_guard(key, lambda key=key, rate=rate, code=code: _article(administration, key,
                                                                                         rate, code)))

    for rate, ref in sorted(settings.articles.revenue_group.items(), key=_highest_rate_first):
        def group(rate=rate, ref=ref) -> Check:
            found = administration.revenue_group(ref)
            where = "" if rate == "*" else f" (VAT {rate}%)"
            if found is None:
                return Check(f"{p}.articles.revenue_group", False, f"'{ref}'{where}: not found in SnelStart")
            problem = group_rate_problem(rate, found)
            return Check(f"{p}.articles.revenue_group", problem is None,
                         f"'{ref}'{where}: group {found.number}" + (f" {problem}" if problem else ""))
        checks.append(_guard(f"{p}.articles.revenue_group", group))

    customers = settings.customers
    if customers.processing is CustomerProcessing.MANUAL:
        def default_customer() -> Check:
            key = f"{p}.customers.default_customer_code"
            if customers.default_customer_code is None:
                return Check(key, True, "not set: an unrecognised customer fails the order", warning=True)
            found = administration.relation_by_code(str(customers.default_customer_code))
            return Check(key, found is not None, f"relation {customers.default_customer_code}: "
                         + (found.name if found else "not found in SnelStart"))
        checks.append(_guard(f"{p}.customers.default_customer_code", default_customer))
    return checks


def _highest_rate_first(item: tuple[str, str]) -> Decimal:
    return Decimal(-101) if item[0] == ANY_RATE else -Decimal(item[0])


def _article(administration: Administration, key: str, rate: str, code: str) -> Check:
    """An article a setting names; one named for a VAT rate must be booked at that rate (its
    revenue group's), or every line booked on it would declare another VAT than the shop's."""
    found = administration.article_by_code(code, "artikelcode")
    where = "" if rate == ANY_RATE else f" (VAT {rate}%)"
    if found is None:
        return Check(key, False, f"article '{code}'{where} not found in SnelStart")
    group = administration.revenue_group(found.revenue_group_id) if found.revenue_group_id else None
    booked = dutch_rate(group)
    if rate != ANY_RATE and booked != Decimal(rate):
        carries = "has no revenue group with a fixed VAT rate" if booked is None else \
            f"is booked at {rate_text(booked)} VAT (revenue group '{group.description}')"
        return Check(key, False, f"article {code}{where}: {found.description} {carries}; name an article at {rate}%")
    return Check(key, True, f"article {code}{where}: {found.description}")


def test_connection(settings: ProfileSettings, shop: ShopProbe, administration: Callable[[], Administration],
                    read_check: Callable[[], str], write_check: Callable[[], str],
                    separate_write: bool = False) -> list[Check]:
    """`separate_write`: the write path does not go through the read path (SnelStart desktop
    reads over ODBC and writes through the Gateway), so it is checked even when reading fails —
    the user learns about both roads at once."""
    orders: list[WebshopOrder] = []
    checks = [shop_check(shop, orders)]
    costs = costs_checks(settings, orders) if checks[0].ok else []
    try:
        admin = administration()
        checks.append(Check("SnelStart read", True, read_check()))
    except SConnectError as exc:
        checks.append(_failed("SnelStart read", exc))
        if separate_write:
            checks.append(_guard("SnelStart write", lambda: Check("SnelStart write", True, write_check())))
        return checks
    checks.append(_guard("SnelStart write", lambda: Check("SnelStart write", True, write_check())))
    return checks + settings_checks(settings, admin) + costs


test_connection.__test__ = False  # not a pytest test, despite its name
