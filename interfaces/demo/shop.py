"""The demo shop: about fifty myShop orders for the demo administration (administration.py), each with
what should become of it, served by the simulator in the order document of reference §4.

Hand-made orders tell the stories (a customer recognised by code, by an address in a
`;`-list, by the invoice or confirmation e-mail, by e-mail and postcode, by a VAT number
without prefix, a KvK number that lost its zero, a name written with another legal form; new
private and business customers in NL, BE and DE; an unknown article, a line without article
code, a recipe, a gift card at 0 % VAT without article code; an order typed into SnelStart by hand before; an
ambiguous and an inactive customer; an abandoned checkout and a broken order). Generated
orders of known and new customers fill the days around them. Everything follows from the seed
and the moment the shop opens (`now`), so a test knows what each order must give.
"""
from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from decimal import Decimal

from domain.customer import Relation, normalise_country, normalise_postcode, split_emails
from domain.money import cents
from domain.vat import split_together, vat_in
from infrastructure.simulators.myshop.order_book import XML_DECLARATION
from interfaces.demo.administration import ACCOUNTANT_EMAIL, BOOKED_BY_HAND, DEMO_SEED, SHARED_EMAIL
from infrastructure.snelstart.snapshot import Snapshot

DEMO_SHOP_ID = "1817700"
FIRST_NUMBER, LAST_NUMBER = 3001, 3052

# (productid, description, quantity, unit price incl. VAT, VAT rate)
Line = tuple[str, str, str, str, str]
# What the demo table says about the customer; the words of interfaces/demo.py.
CODE, EMAIL, EMAIL_POSTCODE, VAT, KVK, NAME, NEW = ("customer code", "e-mail", "e-mail + postcode", "VAT number",
                                                   "KvK number", "name", "new customer")


@dataclass(frozen=True)
class Buyer:
    email: str
    first: str
    last: str
    street: str
    number: str
    postcode: str
    city: str
    country: str = "NL"
    company: str = ""
    vat: str = ""
    coc: str = ""
    fields: tuple[tuple[str, str], ...] = ()  # myShop's extra customer fields (klantnummer, …)


@dataclass(frozen=True)
class DemoOrder:
    """One order of the demo shop and what the import must make of it."""

    number: int
    story: str
    buyer: Buyer
    lines: tuple[Line, ...]
    expected: str  # created | skipped | failed | left out
    recognised_by: str = ""  # for created orders: how the customer was recognised
    customer: int | None = None  # the relation it must be booked on; None: a new one
    reason: str = ""  # for skipped and failed orders: a part of the reason
    status: str = "processing"
    payment_method: str = "ideal"
    shipping: str = "0.00"
    payment_cost: str = "0.00"
    voucher: tuple[str, str] = ("", "0.00")  # code, amount incl. VAT
    deliver_to: Buyer | None = None
    placed: datetime = datetime(2000, 1, 1)
    changed: datetime = datetime(2000, 1, 1)

    @property
    def order_id(self) -> str:
        return f"{DEMO_SHOP_ID}_{self.number:05d}"


def _b(email: str, first: str, last: str, street: str, postcode: str, city: str, country: str = "NL",
       **kw) -> Buyer:
    name, _, number = street.rpartition(" ")
    return Buyer(email, first, last, name, number, postcode, city, country, **kw)


BEANS, LUNGO, DECAF = ("ART-1001", "Koffiebonen Espresso 1 kg", "24.95", "9"), \
    ("ART-1002", "Koffiebonen Lungo 500 g", "12.95", "9"), ("ART-1003", "Koffiebonen Decafe 500 g", "13.95", "9")
FILTER, TEA = ("ART-1010", "Filterkoffie gemalen 250 g", "5.95", "9"), ("ART-1020", "Thee Earl Grey 100 g", "7.50", "9")
MUG, GRINDER = ("ART-2001", "Koffiemok wit", "8.50", "21"), ("ART-2040", "Koffiemolen RVS", "49.95", "21")
CUPS, FROTHER = ("ART-2100", "Espressokopjes set van 6", "19.95", "21"), ("ART-2200", "Melkopschuimer", "34.95", "21")
COLD_BREW, SAMPLER = ("ART-3001", "Cold brew krat 6 flessen", "17.95", "9"), \
    ("ART-3002", "Proefpakket koffie en mok", "19.95", "21")
# A gift card carries no VAT when sold; the shop gives it no article code, so it goes on the
# profile's default article for 0 % (WEB-GEEN).
GIFT_CARD = ("", "Cadeaubon", "25.00", "0")
CATALOGUE = (BEANS, LUNGO, DECAF, FILTER, TEA, MUG, GRINDER, CUPS, FROTHER, SAMPLER)


def _line(article: tuple[str, str, str, str], quantity: int | str) -> Line:
    code, description, price, rate = article
    return code, description, str(quantity), price, rate


def _stories() -> list[DemoOrder]:
    de_vries = _b("inkoop@devries-koffie.nl", "Jan", "de Vries", "Keizersgracht 12", "1015 CJ", "Amsterdam",
                  company="Koffiebranderij De Vries B.V.")
    return [
        DemoOrder(3001, "the shop gives the SnelStart customer code", replace(
            de_vries, email="jan@devries-koffie.nl", fields=(("Klantnummer", "1001"),)),
            (_line(BEANS, 2), _line(GRINDER, 1)), "created", CODE, 1001, shipping="6.95",
            voucher=("WELKOM10", "10.00")),
        DemoOrder(3003, "the second address of a `;`-list", _b(
            "j.jansen@gmail.com", "Jan", "Jansen", "Oudegracht 101", "3511 AD", "Utrecht"),
            (_line(CUPS, 1), _line(BEANS, 1)), "created", EMAIL, 1002, payment_method="paypal", shipping="4.95",
            payment_cost="0.35"),
        DemoOrder(3005, "known by the invoice e-mail only", _b(
            "administratie@groenrijk.nl", "Marieke", "Groen", "Zuidweg 45", "2671 MN", "Naaldwijk",
            company="Tuincentrum Groenrijk"), (_line(MUG, 12), _line(FILTER, 6)), "created", EMAIL, 1003,
            payment_method="invoice"),
        DemoOrder(3007, "a shared mailbox, decided by the postcode", _b(
            SHARED_EMAIL, "Kees", "Bakker", "Herestraat 10", "9711 LM", "Groningen"),
            (_line(GRINDER, 1),), "created", EMAIL_POSTCODE, 1005, shipping="6.95"),
        DemoOrder(3008, "typed into SnelStart by hand before the koppeling", _b(
            "info@bakkerijvandenberg.nl", "Ria", "van den Berg", "Voorstraat 20", "3512 AR", "Utrecht",
            company="Bakkerij Van den Berg B.V."), (_line(LUNGO, 4),), "skipped",
            reason=f"betalingskenmerk {BOOKED_BY_HAND} already in SnelStart"),
        DemoOrder(3010, "known by the order confirmation e-mail", _b(
            "bestellingen@cafe-hoekje.nl", "Sanne", "de Wit", "Markt 3", "5611 EB", "Eindhoven",
            company="Café 't Hoekje"), (_line(BEANS, 3), _line(CUPS, 2)), "created", EMAIL, 1006),
        DemoOrder(3012, "a Belgian VAT number without BE", _b(
            "bestellingen@koffiebar-peeters.be", "Fleur", "Peeters", "Meir 50", "2000", "Antwerpen", "BE",
            company="Koffiebar Peeters", vat="0123.456.749"), (_line(BEANS, 6),), "created", VAT, 1007,
            payment_method="bancontact", shipping="9.95"),
        DemoOrder(3014, "SnelStart has the VAT number without NL", _b(
            "receptie@hotelzeezicht.nl", "Anouk", "Verburg", "Boulevard Bankert 5", "4382 AC", "Vlissingen",
            company="Hotel Zeezicht", vat="NL 8567.12.340.B01"), (_line(CUPS, 4), _line(MUG, 24)), "created",
            VAT, 1009, payment_method="invoice"),
        DemoOrder(3016, "a KvK number that lost its leading zero", _b(
            "p.vandam@gmail.com", "Pieter", "van Dam", "Nieuwstad 14", "8011 BS", "Zwolle",
            company="Drukkerij v. Dam", coc="5432109"), (_line(FILTER, 10),), "created", KVK, 1010,
            shipping="4.95"),
        DemoOrder(3018, "the same name with another legal form", _b(
            "bestellen@vdberg-bakkerij.nl", "Ria", "van den Berg", "Voorstraat 20", "3512 AR", "Utrecht",
            company="Bakkerij van den Berg BV"), (_line(LUNGO, 6),), "created", NAME, 1011),
        DemoOrder(3020, "a similar name (ü written as ue), Germany", _b(
            "bestellung@kaffeehaus-koeln.de", "Anna", "Müller", "Hohe Straße 12", "50667", "Köln", "DE",
            company="Kaffeehaus Mueller"), (_line(GRINDER, 2),), "created", NAME, 1012, shipping="12.50"),
        DemoOrder(3022, "V.O.F. in the shop, Vof in SnelStart", _b(
            "werkplaats@fietsenjansen.nl", "Kees", "Jansen", "Brink 8", "7411 BR", "Deventer",
            company="Fietsenmakerij Jansen V.O.F."), (_line(MUG, 4), _line(BEANS, 1)), "created", NAME, 1013),
        DemoOrder(3024, "the bookkeeper orders for a client (invoice cc of many)", _b(
            ACCOUNTANT_EMAIL, "Jan", "de Vries", "Keizersgracht 12", "1015 CJ", "Amsterdam",
            company="Koffiebranderij De Vries"), (_line(DECAF, 2),), "created", EMAIL_POSTCODE, 1001),
        DemoOrder(3026, "a shared mailbox from a third address: not guessed", _b(
            SHARED_EMAIL, "Els", "Bakker", "Coolsingel 40", "3011 AD", "Rotterdam"), (_line(TEA, 2),), "failed",
            reason=f"ambiguous customer: e-mail {SHARED_EMAIL} matches relations 1004, 1005"),
        DemoOrder(3028, "the customer is inactive in SnelStart", _b(
            "oudemolen@lunchroom-oudemolen.nl", "Henk", "Molenaar", "Molenstraat 1", "6211 KX", "Maastricht",
            company="Lunchroom De Oude Molen"), (_line(BEANS, 2),), "failed",
            reason="relation 1008 (Lunchroom De Oude Molen) matches by"),
        DemoOrder(3030, "an abandoned checkout", _b(
            "twijfelaar@outlook.com", "Tom", "Twijfel", "Kade 2", "1501 AA", "Zaandam"), (_line(GRINDER, 1),),
            "left out", status="aborted"),
        DemoOrder(3032, "a new private customer, and an article SnelStart lacks", _b(
            "sanne.visser1987@ziggo.nl", "Sanne", "Visser", "Vughterstraat 45", "5211 GA", "'s-Hertogenbosch"),
            (("ART-4100", "Barista melkkan 600 ml", "1", "16.95", "21"), _line(BEANS, 1)), "created", NEW,
            shipping="4.95"),
        DemoOrder(3034, "a new Belgian customer; a line without article code", _b(
            "lotte.claes.gent@telenet.be", "Lotte", "Claes", "Kortrijksesteenweg 310", "9051", "Sint-Denijs-Westrem",
            "BE"), (("", "Gravure op mok: 'Voor Oma'", "1", "4.50", "21"), _line(MUG, 1)), "created", NEW,
            payment_method="bancontact", shipping="6.95"),
        DemoOrder(3036, "a new German business with a VAT number", _b(
            "einkauf@cafe-sonnenschein.de", "Jonas", "Weber", "Maastrichter Straße 7", "52074", "Aachen", "DE",
            company="Café Sonnenschein GmbH", vat="DE 298 765 432"), (_line(BEANS, 10), _line(GRINDER, 1)),
            "created", NEW, shipping="14.95"),
        DemoOrder(3038, "a new Belgian business, VAT number without BE", _b(
            "info@brasseriedeklok.be", "Wout", "Maes", "Sint-Pieterskaai 3", "8310", "Sint-Kruis", "BE",
            company="Brasserie De Klok BV", vat="0456.789.123"), (_line(LUNGO, 8), _line(CUPS, 2)), "created",
            NEW, payment_method="invoice"),
        DemoOrder(3040, "a new customer who has a customer code already", _b(
            "m.dekker.utrecht@kpnmail.nl", "Marloes", "Dekker", "Twijnstraat 8", "3511 ZK", "Utrecht",
            fields=(("klantnummer", "1100"),)), (_line(TEA, 4),), "created", NEW, 1100),
        DemoOrder(3041, "broken: a line with a negative quantity", _b(
            "k.kapot@hotmail.com", "Karel", "Kapot", "Dijk 1", "1621 AA", "Hoorn"), (_line(MUG, -1),), "failed",
            reason="order line 1: quantity -1 is negative"),
        DemoOrder(3043, "a recipe: the crate brings the deposit on six bottles", _b(
            "hoekje@cafe-hoekje.nl", "Sanne", "de Wit", "Markt 3", "5611 EB", "Eindhoven",
            company="Café 't Hoekje"), (_line(COLD_BREW, 2),), "created", EMAIL, 1006),
        DemoOrder(3045, "gift cards at 0 % VAT, on the default article for 0 %", _b(
            "jan@jansen-online.nl", "Jan", "Jansen", "Oudegracht 101", "3511 AD", "Utrecht"),
            (_line(GIFT_CARD, 2),), "created", EMAIL, 1002),
        DemoOrder(3047, "a differing delivery address; the e-mail typed in capitals", _b(
            " Inkoop@DeVries-Koffie.nl ", "Jan", "de Vries", "Keizersgracht 12", "1015 CJ", "Amsterdam",
            company="Koffiebranderij De Vries B.V."), (_line(BEANS, 4), _line(SAMPLER, 2)), "created", EMAIL, 1001,
            payment_method="invoice", shipping="6.95", deliver_to=_b(
                "", "Lisa", "de Vries", "Haarlemmerstraat 80", "1013 EW", "Amsterdam",
                company="De Vries Koffiebar")),
    ]


def _generated(snapshot: Snapshot, numbers: list[int], rnd: random.Random) -> list[DemoOrder]:
    """Everyday orders: two of three from known customers (found by their e-mail), the rest new."""
    relations = list(snapshot.relations)
    users = _address_users(relations)
    known = [r for r in relations if r.code > 1100 and not r.inactive and "Klant" in r.kinds
             and all(users[e] == 1 for e in split_emails(r.email))]
    picks = rnd.sample(known, k=len(numbers) * 2 // 3)
    taken = {(normalise_country(r.establishment.country), normalise_postcode(r.establishment.postcode))
             for r in relations}
    orders = []
    for n, number in enumerate(numbers):
        lines = tuple(_line(a, rnd.randint(1, 3)) for a in rnd.sample(CATALOGUE, k=rnd.randint(1, 3)))
        subtotal = sum((Decimal(q) * Decimal(p) for _, _, q, p, _ in lines), Decimal("0"))
        shipping = "0.00" if subtotal >= 50 else "4.95"
        voucher = ("NAJAAR5", "5.00") if rnd.random() < 0.15 else ("", "0.00")
        method = rnd.choice(("ideal", "ideal", "ideal", "paypal", "banktransfer"))
        if n < len(picks):
            buyer, step, customer = _known_buyer(picks[n]), EMAIL, picks[n].code
        else:
            buyer, step, customer = _new_buyer(rnd, n, users, taken), NEW, None
        orders.append(DemoOrder(number, "everyday order", buyer, lines, "created", step, customer,
                                payment_method=method, shipping=shipping, voucher=voucher,
                                payment_cost="0.35" if method == "paypal" else "0.00"))
    return orders


def _address_users(relations: list[Relation]) -> dict[str, int]:
    """How many relations use each e-mail address, in any of their e-mail fields."""
    users: dict[str, int] = {}
    for r in relations:
        mine = set(split_emails(r.email))
        for setting in (r.invoice_email, r.quote_email, r.confirmation_email, r.reminder_email):
            mine.update(setting.addresses())
        for email in mine:
            users[email] = users.get(email, 0) + 1
    return users


def _known_buyer(relation: Relation) -> Buyer:
    address = relation.establishment
    first, _, last = address.contact_person.partition(" ")
    business = relation.name != address.contact_person
    return _b(split_emails(relation.email)[0], first, last, address.street, address.postcode, address.city,
              address.country, company=relation.name if business else "")


_NEW_NAMES = (("Floor", "Kuipers"), ("Mees", "Dijkstra"), ("Tessa", "Hoekstra"), ("Luuk", "Prins"),
              ("Julia", "Koster"), ("Sem", "Postma"), ("Fenna", "Veenstra"), ("Jesse", "Wolters"),
              ("Roos", "Kramer"), ("Tim", "Scholten"))
_NEW_PLACES = (("Apeldoorn", "73"), ("Almere", "13"), ("Hilversum", "12"), ("Gouda", "28"), ("Venlo", "59"))


def _new_buyer(rnd: random.Random, n: int, users: dict[str, int], taken: set[tuple[str, str]]) -> Buyer:
    """A private customer SnelStart cannot know: an unused e-mail and a postcode where no
    relation is established, so no step of recognition can find one."""
    first, last = _NEW_NAMES[n % len(_NEW_NAMES)]
    email = f"{first.lower()}.{last.lower()}{rnd.randint(10, 99)}@outlook.com"
    while email in users:
        email = f"{first.lower()}.{last.lower()}{rnd.randint(100, 999)}@outlook.com"
    city, prefix = rnd.choice(_NEW_PLACES)
    postcode = f"{prefix}{rnd.randint(11, 99)} {rnd.choice('ABEGHKLMNPRTVWXZ')}{rnd.choice('ABEGHKLMNPRTVWXZ')}"
    while ("NL", normalise_postcode(postcode)) in taken:
        postcode = f"{prefix}{rnd.randint(11, 99)} AA"
    return _b(email, first, last, f"{rnd.choice(('Parkweg', 'Vijverlaan', 'Esdoornstraat'))} {rnd.randint(1, 99)}",
              postcode, city)


def demo_orders(snapshot: Snapshot, now: datetime, seed: int = DEMO_SEED) -> list[DemoOrder]:
    """The shop's orders, placed over the two days before `now` (Amsterdam wall clock)."""
    rnd = random.Random(seed)
    stories = {o.number: o for o in _stories()}
    others = [n for n in range(FIRST_NUMBER, LAST_NUMBER + 1) if n not in stories]
    everything = {**stories, **{o.number: o for o in _generated(snapshot, others, rnd)}}
    start = now.replace(microsecond=0) - timedelta(days=2)
    step = timedelta(days=2) / (LAST_NUMBER - FIRST_NUMBER + 2)
    orders = []
    for i, number in enumerate(sorted(everything)):
        placed = start + step * i
        orders.append(replace(everything[number], placed=placed.replace(microsecond=0),
                              changed=(placed + timedelta(minutes=7)).replace(microsecond=0)))
    return orders


def second_run(orders: list[DemoOrder], now: datetime) -> tuple[list[DemoOrder], int, int]:
    """The shop an hour later: order 3003 shipped (so it is sent again) and one new order.
    Returns the orders, the number re-sent and the new number."""
    resent, late = 3003, LAST_NUMBER + 1
    changed = [replace(o, status="completed", changed=now) if o.number == resent else o for o in orders]
    groenrijk = next(o for o in orders if o.number == 3005)
    changed.append(replace(groenrijk, number=late, story="a new order while the first run was done",
                           lines=(_line(COLD_BREW, 1), _line(MUG, 6)), placed=now, changed=now))
    return changed, resent, late


# The order document (reference §4) -----------------------------------------------------------

def _gross(order: DemoOrder) -> dict[Decimal, Decimal]:
    """What the customer pays per VAT rate. The demo shop declares VAT as a Dutch bookkeeper
    does (SPEC §4): shipping, payment costs and the voucher follow the goods, split over their
    rates (the cents as S-Connect books them), so SnelStart's VAT and the shop's agree."""
    goods: dict[Decimal, Decimal] = {}
    for _, _, q, p, rate in order.lines:
        goods[Decimal(rate)] = goods.get(Decimal(rate), Decimal("0")) + cents(Decimal(q) * Decimal(p))
    costs = [amount for amount in (Decimal(order.shipping), Decimal(order.payment_cost), -Decimal(order.voucher[1]))
             if amount]
    weights = {rate: amount for rate, amount in goods.items() if amount > 0}
    gross = dict(goods)
    for split in (split_together(costs, weights) if weights else [{Decimal("21"): c} for c in costs]):
        for rate, amount in split.items():
            gross[rate] = gross.get(rate, Decimal("0")) + amount
    return gross


def _columns(order: DemoOrder) -> dict[str, str]:
    b, d = order.buyer, order.deliver_to
    gross = _gross(order)
    total = sum(gross.values(), Decimal("0"))
    vat = sum((vat_in(amount, rate) for rate, amount in gross.items()), Decimal("0"))
    stamp = "%Y%m%d%H%M%S"
    columns = {
        "order_id": order.order_id, "order_number": str(order.number), "order_date": order.placed.strftime(stamp),
        "change_time": order.changed.strftime(stamp), "order_status": order.status, "payment_status": "paid",
        "payment_method": order.payment_method, "currency": "EUR", "email": b.email, "company": b.company,
        "vat_number": b.vat, "coc_number": b.coc, "billing_firstname": b.first, "billing_lastname": b.last,
        "billing_street": b.street, "billing_housenumber": b.number, "billing_postcode": b.postcode,
        "billing_city": b.city, "billing_country": b.country, "shipping_method": "PostNL" if b.country == "NL"
        else "DHL", "shipping_cost": order.shipping, "shipping_vat_rate": "21.00",
        "payment_cost": order.payment_cost, "payment_vat_rate": "21.00", "voucher_code": order.voucher[0],
        "voucher_amount": order.voucher[1], "voucher_vat_rate": "21.00", "total": str(total),
        "total_vat": str(vat), "remark": ""}
    if d is not None:
        columns |= {"shipping_company": d.company, "shipping_firstname": d.first, "shipping_lastname": d.last,
                    "shipping_street": d.street, "shipping_housenumber": d.number, "shipping_postcode": d.postcode,
                    "shipping_city": d.city, "shipping_country": d.country}
    return columns


def orders_xml(orders: list[DemoOrder]) -> bytes:
    """The simulator's shop: an `orders/list` answer holding every order."""
    root = ET.Element("rows", shop=DEMO_SHOP_ID, change_time="20010101010101", count=str(len(orders)))
    for index, order in enumerate(orders):
        _row(root, {"type": "order", "index": str(index)}, _columns(order))
        for n, (code, description, quantity, price, rate) in enumerate(order.lines):
            total = cents(Decimal(quantity) * Decimal(price))
            _row(root, {"type": "orderline", "order_id": order.order_id, "index": str(n)},
                 {"productid": code, "description": description, "quantity": quantity, "price": price,
                  "vat_rate": rate, "line_total": str(total)})
        for name, value in order.buyer.fields:
            _row(root, {"type": "customer_field", "order_id": order.order_id}, {"name": name, "value": value})
    return (XML_DECLARATION + ET.tostring(root, encoding="unicode")).encode("utf-8")


def _row(root: ET.Element, attributes: dict[str, str], columns: dict[str, str]) -> None:
    row = ET.SubElement(root, "row", attributes)
    for name, value in columns.items():
        ET.SubElement(row, "col", name=name).text = value

