"""The embedded benchmark's data: a large administration and a myShop order document for it.

Deterministic for a seed. The administration is bench/recognition_administration.py's relations
with the demo administration's articles, revenue groups and templates. The orders are the
everyday mix of a webshop: mostly returning customers found by e-mail, some customers found by
their klantcode, some new ones, a few articles (one with a recipe, a few the administration
does not have yet), shipping costs on most orders, payment costs and vouchers on some.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources
from xml.sax.saxutils import escape

from domain.customer import Relation
from domain.money import cents
from infrastructure.snelstart.snapshot import Snapshot, parse_snapshot_json

from recognition_administration import FIRST_NAMES, SURNAMES, _postcode, generate_administration, split_first

SHOP = "1817700"
FIRST_ORDER_NUMBER = 100_001
FIRST_CHANGE = datetime(2024, 3, 1, 8, 0, 0)
START_FROM = "2024-01-01T00:00:00"

# (code, description, unit price incl. VAT, VAT rate): what the demo administration sells.
ARTICLES = (("ART-1001", "Koffiebonen Espresso 1 kg", "24.95", "9"),
            ("ART-1002", "Koffiebonen Lungo 500 g", "12.95", "9"),
            ("ART-2001", "Koffiemok wit", "8.50", "21"))
RECIPE_ARTICLE = ("ART-3001", "Cold brew krat 6 flessen", "17.50", "9")  # a recipe: expanded on booking
NEW_ARTICLES = 12  # codes the administration lacks: created on their first order, found after


def demo_snapshot() -> Snapshot:
    text = resources.files("interfaces.demo").joinpath("administration.json").read_text("utf-8")
    return parse_snapshot_json(text)


def administration(relations: int, seed: int) -> tuple[Snapshot, list[Relation], dict[str, int]]:
    """`relations` generated relations plus the demo administration's articles and templates."""
    generated, facts = generate_administration(relations, seed)
    demo = demo_snapshot()
    snapshot = Snapshot(relations=tuple(generated), articles=demo.articles, revenue_groups=demo.revenue_groups,
                        templates=demo.templates)
    return snapshot, generated, facts


@dataclass(frozen=True)
class Shop:
    xml: bytes
    mix: dict[str, int]
    lines: int


def known_customers(relations: list[Relation]) -> list[Relation]:
    """Active relations whose (first) e-mail address no other relation has in its e-mail field:
    orders from them are recognised in the first e-mail pass, as most returning customers are."""
    uses = Counter(split_first(r.email) for r in relations)
    return [r for r in relations if not r.inactive and "@" in r.email and uses[split_first(r.email)] == 1]


def orders_document(relations: list[Relation], count: int, seed: int) -> Shop:
    """An `orders/list` answer (reference §4) with `count` orders, oldest change first."""
    rnd = random.Random(seed)
    known = known_customers(relations)
    mix: Counter = Counter()
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<rows shop="{SHOP}" change_time="20010101010101" '
             f'count="{count}">']
    line_count = 0
    for n in range(count):
        number = FIRST_ORDER_NUMBER + n
        order_id = f"{SHOP}_{number:07d}"
        moment = (FIRST_CHANGE + timedelta(seconds=37 * n)).strftime("%Y%m%d%H%M%S")
        kind = rnd.random()
        extra: list[tuple[str, str]] = []
        if kind < 0.75:
            label, customer = "known customer by e-mail", rnd.choice(known)
            columns = _customer_columns(customer, split_first(customer.email))
        elif kind < 0.82:
            label, customer = "known customer by klantcode", rnd.choice(known)
            columns = _customer_columns(customer, f"anders{n}@webshopklant.nl")
            extra.append(("klantcode", str(customer.code)))
        else:
            label = "new customer"
            columns = _new_customer_columns(rnd, n)
        mix[label] += 1
        lines = _lines(rnd, mix)
        line_count += len(lines)
        goods = sum((cents(Decimal(qty) * Decimal(price)) for _, _, qty, price, _ in lines), Decimal("0"))
        shipping = Decimal("0.00") if goods >= Decimal("75") else Decimal("6.95")
        payment = Decimal("0.35") if rnd.random() < 0.1 else Decimal("0.00")
        voucher = Decimal("5.00") if rnd.random() < 0.05 else Decimal("0.00")
        mix["with shipping costs"] += shipping > 0
        mix["with payment costs"] += payment > 0
        mix["with a voucher"] += voucher > 0
        columns.update({
            "order_id": order_id, "order_number": str(number), "order_date": moment, "change_time": moment,
            "order_status": rnd.choice(("new", "processing")), "payment_status": "paid",
            "payment_method": "ideal", "currency": "EUR",
            "shipping_method": "PostNL", "shipping_cost": str(shipping), "shipping_vat_rate": "21",
            "payment_cost": str(payment), "payment_vat_rate": "21",
            "voucher_code": "WELKOM5" if voucher else "", "voucher_amount": str(voucher), "voucher_vat_rate": "21",
            "total": str(goods + shipping + payment - voucher)})
        parts.append(_row('type="order"', columns))
        for code, description, qty, price, rate in lines:
            parts.append(_row(f'type="orderline" order_id="{order_id}"', {
                "productid": code, "description": description, "quantity": qty, "price": price,
                "vat_rate": rate, "line_total": str(cents(Decimal(qty) * Decimal(price)))}))
        for name, value in extra:
            parts.append(_row(f'type="customer_field" order_id="{order_id}"', {"name": name, "value": value}))
    parts.append("</rows>\n")
    return Shop("\n".join(parts).encode("utf-8"), dict(mix), line_count)


def _customer_columns(relation: Relation, email: str) -> dict[str, str]:
    address = relation.establishment
    street, _, number = address.street.rpartition(" ")
    return {"email": email, "company": relation.name, "billing_street": street or address.street,
            "billing_housenumber": number, "billing_postcode": address.postcode, "billing_city": address.city,
            "billing_country": address.country, "vat_number": ""}


def _new_customer_columns(rnd: random.Random, n: int) -> dict[str, str]:
    country = rnd.choice(("NL",) * 8 + ("BE", "DE"))
    return {"email": f"nieuw{n}@webshopklant.nl", "company": "",
            "billing_firstname": rnd.choice(FIRST_NAMES), "billing_lastname": rnd.choice(SURNAMES),
            "billing_street": "Nieuwe Weg", "billing_housenumber": str(1 + n % 300),
            "billing_postcode": _postcode(rnd, country), "billing_city": "Nieuwstad", "billing_country": country}


def _lines(rnd: random.Random, mix: Counter) -> list[tuple[str, str, str, str, str]]:
    lines = []
    for code, description, price, rate in rnd.sample(ARTICLES, rnd.choice((1, 1, 2, 2, 3))):
        lines.append((code, description, str(rnd.choice((1, 1, 1, 2, 3))), price, rate))
    if rnd.random() < 0.03:
        code, description, price, rate = RECIPE_ARTICLE
        lines.append((code, description, "1", price, rate))
        mix["with a recipe"] += 1
    if rnd.random() < 0.02:
        k = rnd.randrange(NEW_ARTICLES)
        lines.append((f"NIEUW-{k:03d}", f"Nieuw in het assortiment {k}", "1", "14.95", "21"))
        mix["with an article SnelStart lacks"] += 1
    return lines


def _row(attributes: str, columns: dict[str, str]) -> str:
    cols = "".join(f'<col name="{name}">{escape(value)}</col>' for name, value in columns.items())
    return f"<row {attributes}>{cols}</row>"
