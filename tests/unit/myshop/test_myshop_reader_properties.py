"""Properties of the reader: generated documents read back exactly; corrupted ones never crash it."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from importlib import resources
from xml.sax.saxutils import escape, quoteattr

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.order import Charge, ChargeKind, RejectedOrder, WebshopOrder
from infrastructure.myshop.fields import country_codes
from infrastructure.myshop.reader import MyShopDocumentError, read_orders

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters a shop may send in text: letters, digits, punctuation, symbols and spaces of any
# script (XML 1.0 forbids most control characters, so the shop cannot send those).
text = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), max_size=25)
moments = st.datetimes(min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31)).map(
    lambda d: d.replace(microsecond=0))
amounts = st.decimals(min_value=0, max_value=10_000_000, places=2)
positive = st.decimals(min_value=Decimal("0.01"), max_value=10_000_000, places=2)
quantities = st.decimals(min_value=Decimal("0.001"), max_value=100_000, places=3)  # 0 is refused
rates = st.sampled_from(["0", "9", "21", "9.00", "21.00", "5.5", "0.00"])
countries = st.sampled_from(sorted(country_codes()))
statuses = st.sampled_from(["new", "processing", "shipped", "completed", "Betaald, klaar voor verzending"])


def expected_rate(written: str) -> Decimal:
    rate = Decimal(written)
    return rate.quantize(Decimal(1)) if rate == rate.to_integral_value() else rate


@st.composite
def lines(draw):
    return {"productid": draw(text), "description": draw(text), "quantity": draw(quantities),
            "price": draw(amounts), "vat_rate": draw(rates), "line_total": draw(amounts)}


@st.composite
def orders(draw, number: int):
    charges = {kind: (draw(st.one_of(st.just(Decimal("0.00")), positive)), draw(rates), draw(text))
               for kind in ChargeKind}
    return {
        "number": number, "pad": draw(st.integers(0, 8)), "order_date": draw(moments),
        "change_time": draw(moments), "status": draw(statuses), "email": draw(text), "company": draw(text),
        "billing": {p: draw(text) for p in ("firstname", "lastname", "street", "housenumber", "postcode", "city")},
        "billing_country": draw(countries),
        "shipping": draw(st.one_of(st.none(), st.fixed_dictionaries(
            {p: text.filter(str.strip) for p in ("street", "city")}))),
        "shipping_country": draw(countries),
        "lines": draw(st.lists(lines(), min_size=1, max_size=3)),
        "charges": charges, "total": draw(amounts),
        "fields": draw(st.lists(st.tuples(text.filter(str.strip), text), max_size=2)),
        "unknown": draw(st.dictionaries(st.sampled_from(["x_points", "x_gift", "x_note"]), text, max_size=2)),
        "cdata": draw(st.booleans()), "case": draw(st.sampled_from([str.upper, str.lower])),
        "padding": draw(st.sampled_from(["", " ", "\n  "])),
    }


@st.composite
def documents(draw):
    numbers = draw(st.lists(st.integers(1, 10**9), min_size=1, max_size=4, unique=True))
    specs = [draw(orders(n)) for n in numbers]
    rows = []
    for spec in specs:
        order_rows, child_rows = render(spec)
        rows.append(['<row type="order">', *draw(st.permutations(order_rows)), "</row>"])
        rows.append(child_rows)
    return specs, ('<?xml version="1.0" encoding="UTF-8"?>\n<rows shop="1817700">'
                   + "".join("".join(r) for r in rows) + "</rows>").encode("utf-8")


def value(spec, v) -> str:
    v = format(v, "f") if isinstance(v, Decimal) else str(v)
    pad = spec["padding"]
    if spec["cdata"] and "]]>" not in v:
        return f"<![CDATA[{pad}{v}{pad}]]>"
    return escape(pad + v + pad)


def render(spec) -> tuple[list[str], list[str]]:
    order_id = f"1817700_{spec['number']:0{spec['pad']}d}"
    cols = {"order_id": order_id, "order_number": spec["number"],
            "order_date": spec["order_date"].strftime("%Y%m%d%H%M%S"),
            "change_time": spec["change_time"].strftime("%Y%m%d%H%M%S"), "order_status": spec["status"],
            "email": spec["email"], "company": spec["company"], "total": spec["total"],
            "billing_country": spec["case"](spec["billing_country"]),
            **{f"billing_{k}": v for k, v in spec["billing"].items()}, **spec["unknown"]}
    if spec["shipping"]:
        cols |= {f"shipping_{k}": v for k, v in spec["shipping"].items()}
        cols["shipping_country"] = spec["shipping_country"]
    names = {ChargeKind.SHIPPING: ("shipping_cost", "shipping_vat_rate", "shipping_method"),
             ChargeKind.PAYMENT: ("payment_cost", "payment_vat_rate", "payment_method"),
             ChargeKind.DISCOUNT: ("voucher_amount", "voucher_vat_rate", "voucher_code")}
    for kind, (amount, rate, description) in spec["charges"].items():
        cols |= dict(zip(names[kind], (amount, rate, description)))
    order_cols = [f"<col name={quoteattr(k)}>{value(spec, v)}</col>" for k, v in cols.items()]
    children = []
    for line in spec["lines"]:
        children.append(f'<row type="orderline" order_id="{order_id}">'
                        + "".join(f"<col name={quoteattr(k)}>{value(spec, v)}</col>" for k, v in line.items())
                        + "</row>")
    for name, field_value in spec["fields"]:
        children.append(f'<row type="customer_field" order_id="{order_id}"><col name="name">{value(spec, name)}'
                        f'</col><col name="value">{value(spec, field_value)}</col></row>')
    return order_cols, children


def check(order: WebshopOrder, spec) -> None:
    assert order.order_id == f"1817700_{spec['number']:0{spec['pad']}d}"
    assert order.number == str(spec["number"])
    assert (order.order_date, order.change_time) == (spec["order_date"], spec["change_time"])
    assert order.order_status == spec["status"]
    assert (order.customer.email, order.customer.company) == (spec["email"].strip(), spec["company"].strip())
    assert order.billing.country == spec["billing_country"]
    assert order.billing.first_name == spec["billing"]["firstname"].strip()
    assert order.billing.postcode == spec["billing"]["postcode"].strip()
    if spec["shipping"]:
        assert order.shipping.city == spec["shipping"]["city"].strip()
        assert order.shipping.country == spec["shipping_country"]
    else:
        assert order.shipping is None
    assert order.total == spec["total"] and isinstance(order.total, Decimal)
    assert [(l.article_code, l.description, l.quantity, l.unit_price, l.vat_rate, l.line_total)
            for l in order.lines] == [
        (l["productid"].strip(), l["description"].strip(), l["quantity"], l["price"],
         expected_rate(l["vat_rate"]), l["line_total"]) for l in spec["lines"]]
    assert all(type(v) is Decimal for l in order.lines for v in (l.quantity, l.unit_price, l.line_total))
    assert order.charges == tuple(Charge(kind, amount, expected_rate(rate), description.strip())
                                  for kind, (amount, rate, description) in spec["charges"].items() if amount)
    assert order.customer.extra_fields == tuple((n.strip(), v.strip()) for n, v in spec["fields"] if v.strip())
    assert order.extra == {k: v.strip() for k, v in spec["unknown"].items()}


@SETTINGS
@given(documents())
def test_a_generated_document_reads_back_to_exactly_the_generated_values(generated):
    specs, xml = generated
    orders, rejected = read_orders(xml)
    assert rejected == []
    assert len(orders) == len(specs)
    for order, spec in zip(orders, specs):
        check(order, spec)


DEMO = resources.files("interfaces.demo").joinpath("orders.xml").read_bytes()


@st.composite
def corruptions(draw):
    xml = draw(st.one_of(st.just(DEMO), documents().map(lambda g: g[1])))
    at = draw(st.integers(0, len(xml)))
    kind = draw(st.sampled_from(["truncate", "delete", "insert", "replace", "value", "duplicate"]))
    if kind == "truncate":
        return xml[:at]
    end = draw(st.integers(at, min(len(xml), at + 200)))
    if kind == "delete":
        return xml[:at] + xml[end:]
    if kind == "insert":
        return xml[:at] + draw(st.binary(min_size=1, max_size=20)) + xml[at:]
    if kind == "replace":
        return xml[:at] + draw(st.binary(min_size=1, max_size=1)) + xml[at + 1:]
    if kind == "duplicate":
        return xml[:end] + xml[at:end] + xml[end:]
    # a column value replaced by anything a shop might send
    start = xml.find(b"<col", at)
    if start < 0:
        return xml
    open_end, close = xml.find(b">", start), xml.find(b"</col>", start)
    junk = escape(draw(st.one_of(text, st.sampled_from(["-1", "1e9", "NaN", "", "99999999999", "２"])))).encode()
    return xml[:open_end + 1] + junk + xml[close:] if 0 < open_end < close else xml


@SETTINGS
@given(corruptions())
def test_a_corrupted_document_yields_orders_rejections_or_the_one_line_document_error(xml):
    try:
        orders, rejected = read_orders(xml)
    except MyShopDocumentError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert all(isinstance(o, WebshopOrder) for o in orders)
    assert all(isinstance(r, RejectedOrder) and r.reason and "\n" not in r.reason for r in rejected)
    assert all(type(l.quantity) is Decimal and type(l.unit_price) is Decimal for o in orders for l in o.lines)
