"""The webshop order as the shop gives it: what the customer bought, at which price, incl. VAT.

Amounts from myShop are incl. VAT, in EUR, with two decimals. A voucher discount is a positive
amount that is subtracted from the total.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import Enum

from domain.money import cents

# Names under which shops keep the SnelStart customer code in their extra customer fields
# (SPEC 6.1); compared case-insensitively with surrounding spaces ignored.
CUSTOMER_CODE_FIELDS = ("klantcode", "klantnr", "klantnummer", "debiteurnr", "debiteurnummer")


@dataclass(frozen=True)
class Address:
    company: str = ""
    first_name: str = ""
    last_name: str = ""
    street: str = ""
    house_number: str = ""
    house_number_addition: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"  # ISO 3166-1 alpha-2

    @property
    def contact_name(self) -> str:
        return " ".join(p for p in (self.first_name.strip(), self.last_name.strip()) if p)

    @property
    def street_line(self) -> str:
        """SnelStart keeps street and house number in one field. A one-letter addition joins
        the number ("12A"); any other is set apart, or 12 with addition 2 would read as 122
        ("12-2", "12 hs", "12 III")."""
        number, addition = self.house_number.strip(), self.house_number_addition.strip()
        if addition and number:
            if len(addition) == 1 and addition.isalpha() or addition[0] in "-/":
                number += addition
            elif addition[0].isdigit():
                number += f"-{addition}"
            else:
                number += f" {addition}"
        elif addition:
            number = addition
        return " ".join(p for p in (self.street.strip(), number) if p)

    def is_empty(self) -> bool:
        return not (self.street.strip() or self.postcode.strip() or self.city.strip())


@dataclass(frozen=True)
class CustomerData:
    """Who ordered, as the shop knows them (myShop has no SnelStart customer number)."""

    email: str = ""
    company: str = ""
    phone: str = ""
    vat_number: str = ""
    coc_number: str = ""  # KvK-nummer
    shop_customer_id: str = ""  # myShop account id; empty for a guest checkout
    extra_fields: tuple[tuple[str, str], ...] = ()

    def extra(self, name: str) -> str | None:
        wanted = name.strip().casefold()
        for key, value in self.extra_fields:
            if key.strip().casefold() == wanted:
                return value
        return None

    @property
    def customer_code(self) -> str | None:
        """The SnelStart customer code from the shop's extra fields, if one is given."""
        for name in CUSTOMER_CODE_FIELDS:
            value = self.extra(name)
            if value is not None and value.strip():
                return value.strip()
        return None


@dataclass(frozen=True)
class OrderLine:
    article_code: str  # empty when the shop line has no code (→ sales.default_article_code)
    description: str
    quantity: Decimal
    unit_price: Decimal  # incl. VAT
    vat_rate: Decimal  # percent, e.g. Decimal("21")
    line_total: Decimal  # incl. VAT, as the shop computed it

    @property
    def total(self) -> Decimal:
        return self.line_total


class ChargeKind(str, Enum):
    SHIPPING = "shipping_costs"
    PAYMENT = "payment_costs"
    DISCOUNT = "discount"


@dataclass(frozen=True)
class Charge:
    kind: ChargeKind
    amount: Decimal  # incl. VAT, positive; a discount is subtracted from the total
    vat_rate: Decimal
    description: str = ""

    @property
    def signed_amount(self) -> Decimal:
        return -self.amount if self.kind is ChargeKind.DISCOUNT else self.amount


@dataclass(frozen=True)
class WebshopOrder:
    order_id: str  # myShop's "<shop>_<number>", e.g. "1817700_00012"
    number: str  # the order number the customer sees ("12"); also the betalingskenmerk
    order_date: datetime
    change_time: datetime
    customer: CustomerData
    billing: Address
    shipping: Address | None = None  # None or empty: delivered to the billing address
    lines: tuple[OrderLine, ...] = ()
    charges: tuple[Charge, ...] = ()
    total: Decimal = Decimal("0")  # incl. VAT, as the shop computed it
    total_vat: Decimal | None = None  # incl. in `total`, as the shop computed it; None: the shop did not say
    order_status: str = ""
    payment_status: str = ""
    payment_method: str = ""
    payment_reference: str = ""  # the payment provider's transaction id
    shipping_method: str = ""
    currency: str = "EUR"
    remark: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    # What reading the shop's answer had to repair in this order's text (bytes that were not
    # valid UTF-8): booked with the order's other warnings, so nobody is left to guess. Not part
    # of the order's identity (nor of its payload hash): the repaired text itself is.
    warnings: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def charge(self, kind: ChargeKind) -> Charge | None:
        for c in self.charges:
            if c.kind is kind and c.amount:
                return c
        return None

    @property
    def delivery(self) -> Address:
        return self.shipping if self.shipping is not None and not self.shipping.is_empty() else self.billing

    @property
    def computed_total(self) -> Decimal:
        """Lines + shipping + payment − voucher, to the cent."""
        return cents(sum((l.line_total for l in self.lines), Decimal("0"))
                     + sum((c.signed_amount for c in self.charges), Decimal("0")))


def booking_order(order: WebshopOrder) -> tuple:
    """Orders are booked oldest change first, then by number: the cursor rule counts on it (an
    order in hand when a run stops has no unbooked order of an older change behind it)."""
    number = order.number
    return (order.change_time, (int(number), number) if number.isdigit() else (1 << 62, number))


@dataclass(frozen=True)
class RejectedOrder:
    """An order the shop returned that could not be read; it fails alone with this reason."""

    order_id: str  # may be "" when even that could not be read
    number: str  # may be ""
    reason: str
    change_time: datetime | None = None
