"""Costs the shop charges that no setting books (SPEC §4: `sales.shipping_costs`,
`sales.payment_costs`, `sales.discount` absent = unused).

Leaving such a setting out is allowed — a shop that never charges shipping needs none — but
when the shop does charge it, the amount is missing from SnelStart: an order of 56.90 booked at
49.95. That must be said loudly where the user looks (config check, test connection, every run
that leaves an amount out), not only as a warning on each order.
"""
from __future__ import annotations

from collections.abc import Iterable

from domain.money import cents
from domain.order import ChargeKind, WebshopOrder
from domain.settings import SalesSettings

WORDS = {ChargeKind.SHIPPING: "shipping costs", ChargeKind.PAYMENT: "payment costs",
         ChargeKind.DISCOUNT: "vouchers (discount)"}


def unset(sales: SalesSettings) -> list[ChargeKind]:
    """The kinds of cost no setting books."""
    return [kind for kind in ChargeKind if sales.charge_booking(kind) is None]


def left_out(order: WebshopOrder, sales: SalesSettings) -> list[ChargeKind]:
    """The kinds of cost this order charges that no setting books."""
    return [kind for kind in unset(sales) if order.charge(kind) is not None]


def how_to_book(kind: ChargeKind) -> str:
    return (f'set sales.{kind.value} to {{ line = "<article code>" }}, "cost_type_1" or "cost_type_2" '
            f"(docs/configuration.md)")


def settings_notice(profile: str, sales: SalesSettings) -> str | None:
    """For `config check`: what is not booked by any setting, in one line (None: all is)."""
    kinds = unset(sales)
    if not kinds:
        return None
    names = ", ".join(f"sales.{k.value}" for k in kinds)
    what = ", ".join(WORDS[k] for k in kinds)
    return (f"profile {profile}: {names} not set: {what} the shop charges are left out of SnelStart (orders are "
            f"booked without them); if the shop charges them, set each to {{ line = \"<article code>\" }}, "
            f"\"cost_type_1\" or \"cost_type_2\" (docs/configuration.md); `test-connection` shows which orders do")


def shop_notice(kind: ChargeKind, orders: Iterable[WebshopOrder]) -> str:
    """For test connection and a run: which orders charge a cost no setting books."""
    charging = [o for o in orders if o.charge(kind) is not None]
    shown = ", ".join(f"{o.number} ({cents(o.charge(kind).amount)})" for o in charging[:5])
    more = f" and {len(charging) - 5} more" if len(charging) > 5 else ""
    many = len(charging) != 1
    return (f"{len(charging)} order{'s' if many else ''} charge{'' if many else 's'} {WORDS[kind]} that no setting "
            f"books: {shown}{more}; left out of SnelStart, so the sales order total is lower than the shop's; "
            f"{how_to_book(kind)}")
