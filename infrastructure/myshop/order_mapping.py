"""One order row (and its child rows) of the myShop XML → a WebshopOrder (reference §4, [P]).

Raises `fields.BadValue` with the one-line reason when the order cannot be booked as given.
"""
from __future__ import annotations

from domain.money import cents
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, WebshopOrder
from infrastructure.myshop import fields
from infrastructure.myshop.fields import BadValue

ORDER = "order"
ORDER_LINE = "orderline"
CUSTOMER_FIELD = "customer_field"
CHILD_TYPES = (ORDER_LINE, CUSTOMER_FIELD)

_ADDRESS_PARTS = ("company", "firstname", "lastname", "street", "housenumber",
                  "housenumber_addition", "postcode", "city")

# Shipping, payment costs and the voucher are separate booking lines, each with its own VAT rate.
_CHARGES = (
    (ChargeKind.SHIPPING, "shipping_cost", "shipping_vat_rate", "shipping_method"),
    (ChargeKind.PAYMENT, "payment_cost", "payment_vat_rate", "payment_method"),
    (ChargeKind.DISCOUNT, "voucher_amount", "voucher_vat_rate", "voucher_code"),
)

KNOWN_COLUMNS = frozenset({
    "order_id", "order_number", "order_date", "change_time", "order_status", "payment_status",
    "payment_method", "payment_reference", "currency", "customer_id", "email", "company",
    "vat_number", "coc_number", "phone", "shipping_method", "shipping_cost", "shipping_vat_rate",
    "payment_cost", "payment_vat_rate", "voucher_code", "voucher_amount", "voucher_vat_rate",
    "total", "total_vat", "remark",
    *(f"billing_{p}" for p in (*_ADDRESS_PARTS[1:], "country")),
    *(f"shipping_{p}" for p in (*_ADDRESS_PARTS, "country")),
})

Row = dict[str, str]


def map_order(cols: Row, children: list[tuple[str, Row]]) -> WebshopOrder:
    number = fields.order_number(cols.get("order_number"))
    order_id = fields.text(cols.get("order_id"))
    if not order_id:
        raise BadValue("order_id is missing")
    currency = fields.text(cols.get("currency")).upper() or "EUR"
    if currency != "EUR":
        # SnelStart administrations book in euros; a foreign amount would be booked as euros.
        raise BadValue(f"currency {currency[:10]!r} is not EUR")
    billing = _address(cols, "billing", company=fields.text(cols.get("company")), default_country="NL")
    shipping = None
    if any(fields.text(cols.get(f"shipping_{p}")) for p in _ADDRESS_PARTS):
        shipping = _address(cols, "shipping", company=fields.text(cols.get("shipping_company")),
                            default_country=billing.country)
    else:
        fields.country("shipping_country", cols.get("shipping_country"), billing.country)
    lines = tuple(_line(n, line) for n, line in
                  enumerate((row for kind, row in children if kind == ORDER_LINE), start=1))
    if not lines:
        raise BadValue("the order has no order lines")
    return WebshopOrder(
        order_id=order_id,
        number=number,
        order_date=fields.moment("order_date", cols.get("order_date")),
        change_time=fields.moment("change_time", cols.get("change_time")),
        customer=CustomerData(
            email=fields.text(cols.get("email")),
            company=fields.text(cols.get("company")),
            phone=fields.text(cols.get("phone")),
            vat_number=fields.text(cols.get("vat_number")),
            coc_number=fields.text(cols.get("coc_number")),
            shop_customer_id=fields.text(cols.get("customer_id")),
            extra_fields=_extra_fields(children),
        ),
        billing=billing,
        shipping=shipping,
        lines=lines,
        charges=_charges(cols),
        total=fields.amount("total", cols.get("total")),
        # Absent: the shop did not say, and the VAT check (SPEC §4) has nothing to compare with.
        total_vat=(fields.amount("total_vat", cols.get("total_vat")) if fields.text(cols.get("total_vat"))
                   else None),
        order_status=fields.text(cols.get("order_status")),
        payment_status=fields.text(cols.get("payment_status")),
        payment_method=fields.text(cols.get("payment_method")),
        payment_reference=fields.text(cols.get("payment_reference")),
        shipping_method=fields.text(cols.get("shipping_method")),
        currency=currency,
        remark=fields.text(cols.get("remark")),
        extra={k: v.strip() for k, v in cols.items() if k not in KNOWN_COLUMNS},
    )


def _address(cols: Row, prefix: str, *, company: str, default_country: str) -> Address:
    def col(part: str) -> str:
        return fields.text(cols.get(f"{prefix}_{part}"))

    return Address(
        company=company,
        first_name=col("firstname"),
        last_name=col("lastname"),
        street=col("street"),
        house_number=col("housenumber"),
        house_number_addition=col("housenumber_addition"),
        postcode=col("postcode"),
        city=col("city"),
        country=fields.country(f"{prefix}_country", cols.get(f"{prefix}_country"), default_country),
    )


def _line(n: int, cols: Row) -> OrderLine:
    try:
        quantity = fields.quantity("quantity", cols.get("quantity"))
        price = fields.amount("price", cols.get("price"))
        line_total = (fields.amount("line_total", cols.get("line_total"))
                      if fields.text(cols.get("line_total")) else cents(quantity * price))
        return OrderLine(
            article_code=fields.text(cols.get("productid")),
            description=fields.text(cols.get("description")),
            quantity=quantity,
            unit_price=price,
            vat_rate=fields.vat_rate("vat_rate", cols.get("vat_rate")),
            line_total=line_total,
        )
    except BadValue as reason:
        raise BadValue(f"order line {n}: {reason}") from None


def _charges(cols: Row) -> tuple[Charge, ...]:
    charges = []
    for kind, amount_col, rate_col, description_col in _CHARGES:
        amount = fields.amount(amount_col, cols.get(amount_col), required=False)
        if amount == 0:
            continue
        charges.append(Charge(kind, amount, fields.vat_rate(rate_col, cols.get(rate_col)),
                              fields.text(cols.get(description_col))))
    return tuple(charges)


def _extra_fields(children: list[tuple[str, Row]]) -> tuple[tuple[str, str], ...]:
    extra = []
    for kind, cols in children:
        name = fields.text(cols.get("name"))
        if kind == CUSTOMER_FIELD and name:
            extra.append((name, fields.text(cols.get("value"))))
    return tuple(extra)

