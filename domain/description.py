"""The sales order's description (omschrijving), per `sales.description` (SPEC §4).

SnelStart shows it in the list of Verkopen and in Orderbeheer, so it is written for the person
who scans that list: Dutch words for what the shop reports.
"""
from __future__ import annotations

from domain.order import WebshopOrder
from domain.settings import Description, ProfileSettings

DEFAULT_PROFILE_NAME = "myShop"

# myShop's payment statuses (reference/myshop-rpc.md); a status the shop defines itself is shown as is.
PAYMENT_STATUS = {
    "paid": "betaald",
    "unpaid": "onbetaald",
    "partial": "deels betaald",
    "partially_paid": "deels betaald",
    "refunded": "terugbetaald",
}

PAYMENT_METHOD = {
    "ideal": "iDEAL",
    "banktransfer": "bankoverschrijving",
    "bank_transfer": "bankoverschrijving",
    "paypal": "PayPal",
    "creditcard": "creditcard",
    "cod": "rembours",
    "invoice": "op rekening",
    "bancontact": "Bancontact",
    "sofort": "SOFORT",
    "giropay": "giropay",
}

SEPARATOR = " – "


def webshop_order(order: WebshopOrder) -> str:
    return f"Webshop-order {order.number}"


def _translated(table: dict[str, str], value: str) -> str:
    value = value.strip()
    return table.get(value.casefold(), value)


def payment_text(order: WebshopOrder) -> str:
    """"betaald (iDEAL, GC-88412937)": the status with how and with which transaction."""
    status = _translated(PAYMENT_STATUS, order.payment_status)
    details = ", ".join(p for p in (_translated(PAYMENT_METHOD, order.payment_method),
                                    order.payment_reference.strip()) if p)
    if status and details:
        return f"{status} ({details})"
    return status or details


def automatic(order: WebshopOrder) -> str:
    """"Webshop-order 12 – betaald (iDEAL, GC-88412937) – status processing"."""
    parts = [webshop_order(order), payment_text(order)]
    if order.order_status.strip():
        parts.append(f"status {order.order_status.strip()}")
    return SEPARATOR.join(p for p in parts if p)


def order_description(order: WebshopOrder, settings: ProfileSettings) -> str:
    mode = settings.sales.description
    if mode is Description.AUTO:
        return automatic(order)
    if mode is Description.EMPTY:
        return ""
    if mode is Description.PROFILE_NAME:
        return settings.description.strip() or DEFAULT_PROFILE_NAME
    return webshop_order(order)
