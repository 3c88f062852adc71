"""The rows of one order (in either layout, see layouts.py) → a WebshopOrder (reference §4, [P]).

Raises `fields.BadValue` with the one-line reason when the order cannot be booked as given.
"""
from __future__ import annotations

from domain.money import cents
from domain.order import Address, Charge, ChargeKind, CustomerData, OrderLine, WebshopOrder
from infrastructure.myshop import fields
from infrastructure.myshop.decoding import repaired_as
from infrastructure.myshop.fields import BadValue
from infrastructure.myshop.layouts import FIELD, FLAT, LINE, Record

_ADDRESS_PARTS = ("company", "firstname", "lastname", "street", "housenumber",
                  "housenumber_addition", "postcode", "city")

# Shipping, payment costs and the voucher are separate booking lines, each with its own VAT rate.
_CHARGES = (
    (ChargeKind.SHIPPING, "shipping_cost", "shipping_vat_rate", "shipping_method"),
    (ChargeKind.PAYMENT, "payment_cost", "payment_vat_rate", "payment_method"),
    (ChargeKind.DISCOUNT, "voucher_amount", "voucher_vat_rate", "voucher_code"),
)

Row = dict[str, str]


class OrderRows:
    """What the answer said about one order, gathered row by row as it streams past."""

    __slots__ = ("order", "unknown", "lines", "customer_fields", "repaired", "conflict", "flat")

    def __init__(self, record: Record | None = None):
        self.order: Row = {}
        self.unknown: Row = {}  # columns the table does not name (kept in WebshopOrder.extra)
        self.lines: list[Row] = []
        self.customer_fields: list[tuple[str, str]] = []
        self.repaired: list[str] = []  # where text was repaired, in words
        self.conflict = ""
        self.flat = False
        if record is not None:
            self.add_order_row(record)

    def add_order_row(self, record: Record) -> None:
        """An order row, or a data row of the column-set layout (order and line side by side)."""
        self.flat = self.flat or record.kind == FLAT
        self._merge(self.order, record.order)
        self._merge(self.unknown, record.unknown)
        for slot in record.repaired:
            if slot in record.order or slot in record.unknown:
                self.repaired.append(f"{slot} {_shown(record.order.get(slot, record.unknown.get(slot, '')))}")
        if record.kind == FLAT and record.has_line:
            self._line(record)

    def add_child(self, record: Record) -> None:
        if record.kind == LINE:
            self._line(record)
        elif record.kind == FIELD and record.customer_field is not None:
            name, value = record.customer_field
            # An empty field says nothing (and a column set cannot tell it from an absent one).
            if name.strip() and value.strip():
                self.customer_fields.append((name.strip(), value.strip()))
                if record.repaired:
                    self.repaired.append(f"customer field {name.strip()} {_shown(value)}")

    def _line(self, record: Record) -> None:
        self.lines.append(record.line)
        self.repaired += [f"order line {len(self.lines)} {slot} {_shown(record.line[slot])}"
                          for slot in record.repaired if slot in record.line]

    def _merge(self, into: Row, values: Row) -> None:
        """The order's columns repeat on each of its data rows (or are left empty after the
        first): rows that disagree mean our grouping by order_id is wrong for this answer."""
        for name, value in values.items():
            known = into.get(name)
            if known is None or not known.strip():
                into[name] = value
            elif value.strip() and value.strip() != known.strip() and not self.conflict:
                self.conflict = (f"the rows of order {into.get('order_id', '')[:40]} disagree on {name[:40]} "
                                 f"({fields.show(known.strip())} and {fields.show(value.strip())})")


def map_order(rows: OrderRows, codec: str = "utf-8") -> WebshopOrder:
    cols = rows.order
    number = fields.order_number(cols.get("order_number"))
    order_id = fields.text(cols.get("order_id"))
    if not order_id:
        raise BadValue("order_id is missing")
    if rows.conflict:
        raise BadValue(rows.conflict)
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
    lines = tuple(_line(n, line) for n, line in enumerate(rows.lines, start=1))
    if not lines:
        raise BadValue("the order has no order lines")
    extra = {k.strip(): v.strip() for k, v in rows.unknown.items()}
    customer_fields = rows.customer_fields
    if rows.flat:
        # In a column-set answer a shop's own customer fields can only be columns of their own:
        # every column the table does not name is one (the customer code is looked up among
        # them). The column is there for every order; empty, it is not this order's field.
        extra = {k: v for k, v in extra.items() if v}
        customer_fields = customer_fields + list(extra.items())
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
            extra_fields=tuple(customer_fields),
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
        extra=extra,
        warnings=_repair_warning(rows.repaired, codec),
    )


def _repair_warning(places: list[str], codec: str) -> tuple[str, ...]:
    """Never a silent guess: the bookkeeper is told which text was repaired, and how."""
    if not places:
        return ()
    return (f"the shop's text {repaired_as(codec)}: {'; '.join(dict.fromkeys(places))}; check it in SnelStart",)


def _shown(value: str) -> str:
    return fields.show(value.strip())


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



