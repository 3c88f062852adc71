"""The demo administration: a SnelStart administration of a coffee webshop, generated from a seed.

A cast of hand-made relations carries the cases recognition has to get right (and that the
demo shop's orders point at); a few hundred generated Dutch, Belgian and German relations
around them make it look like a real administration, with the untidiness real ones have:
several addresses in one e-mail field, the bookkeeper's address in the invoice cc of many
relations, VAT numbers typed without their country prefix, legal forms written every which
way, inactive relations and suppliers. The same seed always gives the same snapshot.
"""
from __future__ import annotations

import random
from datetime import datetime
from decimal import Decimal

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress, normalise_coc, normalise_vat
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from infrastructure.snelstart.snapshot.model import Snapshot, StoredSalesOrder, StoredSalesOrderLine

DEMO_SEED = 20240301
RELATION_COUNT = 300
FIRST_GENERATED_CODE = 1101

# The bookkeeper who gets a copy of the invoices of many customers: an address that is in
# SnelStart but belongs to no single relation.
ACCOUNTANT_EMAIL = "boekhouding@smit-administraties.nl"
# One family, two relations (the household and the rental business), one mailbox.
SHARED_EMAIL = "info@bakker-familie.nl"

HIGH, LOW, ZERO_RATED = "og-hoog", "og-laag", "og-nul"
WEB_TEMPLATE = "tpl-web"


def _address(person: str, street: str, postcode: str, city: str, country: str = "NL") -> RelationAddress:
    return RelationAddress(person, street, postcode, city, country)


def _invoice(email: str, cc: str = "") -> EmailSetting:
    return EmailSetting(True, email, cc)


# The cast: every relation here is an order's counterpart in interfaces/demo/shop.py.
CAST: tuple[Relation, ...] = (
    Relation(1001, "Koffiebranderij De Vries B.V.",
             _address("Jan de Vries", "Keizersgracht 12A", "1015 CJ", "Amsterdam"),
             email="inkoop@devries-koffie.nl", phone="0201234567", vat_number="NL812345678B01",
             coc_number="34123456", payment_term=30,
             invoice_email=_invoice("facturen@devries-koffie.nl", ACCOUNTANT_EMAIL)),
    # Two addresses in one field, as SnelStart allows.
    Relation(1002, "Jan Jansen", _address("Jan Jansen", "Oudegracht 101", "3511 AD", "Utrecht"),
             email="jan@jansen-online.nl; j.jansen@gmail.com", phone="0612345678", payment_term=14),
    # No relation e-mail at all: only the invoice e-mail knows them.
    Relation(1003, "Tuincentrum Groenrijk", _address("Marieke Groen", "Zuidweg 45", "2671 MN", "Naaldwijk"),
             coc_number="27123456", payment_term=14,
             invoice_email=_invoice("administratie@groenrijk.nl", ACCOUNTANT_EMAIL)),
    Relation(1004, "Familie Bakker", _address("Els Bakker", "Laan van Meerdervoort 200", "2517 BK", "Den Haag"),
             email=SHARED_EMAIL, phone="0703456789", payment_term=14),
    Relation(1005, "Bakker Verhuur", _address("Kees Bakker", "Herestraat 10", "9711 LM", "Groningen"),
             email=SHARED_EMAIL, phone="0501234567", coc_number="01234567", payment_term=14),
    # Orders are confirmed to another address than the relation's own.
    Relation(1006, "Café 't Hoekje", _address("Sanne de Wit", "Markt 3", "5611 EB", "Eindhoven"),
             email="hoekje@cafe-hoekje.nl", phone="0401234567", payment_term=14,
             confirmation_email=EmailSetting(True, "bestellingen@cafe-hoekje.nl")),
    Relation(1007, "Koffiebar Peeters BV", _address("Fleur Peeters", "Meir 50", "2000", "Antwerpen", "BE"),
             email="fleur@koffiebar-peeters.be", phone="+3232123456", vat_number="BE0123456749", payment_term=30),
    Relation(1008, "Lunchroom De Oude Molen", _address("Henk Molenaar", "Molenstraat 1", "6211 KX", "Maastricht"),
             email="oudemolen@lunchroom-oudemolen.nl", payment_term=14, inactive=True),
    # Typed without the NL prefix, as many bookkeepers do.
    Relation(1009, "Hotel Zeezicht B.V.", _address("Anouk Verburg", "Boulevard Bankert 5", "4382 AC", "Vlissingen"),
             email="info@hotelzeezicht.nl", phone="0118412345", vat_number="856712340B01", payment_term=30),
    # A KvK number of the old northern chambers: its leading zero is part of it.
    Relation(1010, "Drukkerij Van Dam", _address("Pieter van Dam", "Nieuwstad 14", "8011 BS", "Zwolle"),
             email="info@drukkerijvandam.nl", coc_number="05432109", payment_term=30),
    Relation(1011, "Bakkerij Van den Berg B.V.", _address("Ria van den Berg", "Voorstraat 20", "3512 AR", "Utrecht"),
             email="info@bakkerijvandenberg.nl", phone="0302345678", payment_term=14),
    Relation(1012, "Kaffeehaus Müller GmbH", _address("Anna Müller", "Hohe Straße 12", "50667", "Köln", "DE"),
             email="info@kaffeehaus-mueller.de", vat_number="DE812345674", payment_term=30),
    Relation(1013, "Fietsenmakerij Jansen Vof", _address("Kees Jansen", "Brink 8", "7411 BR", "Deventer"),
             email="kees@fietsenjansen.nl", payment_term=14),
    # Suppliers: relations too, and their codes are taken, but no sales order is for them.
    Relation(1014, "Koffiehandel Santos B.V.", _address("", "Waalhaven 4", "3089 JH", "Rotterdam"),
             email="verkoop@santos-koffie.nl", kinds=("Leverancier",)),
    Relation(1015, "Verpakkingen Noord BV", _address("", "Industrieweg 9", "9723 JC", "Groningen"),
             email="order@verpakkingen-noord.nl", kinds=("Leverancier",)),
    Relation(1016, "Rösterei Schmidt GmbH", _address("", "Hafenstraße 3", "20457", "Hamburg", "DE"),
             email="vertrieb@roesterei-schmidt.de", kinds=("Leverancier",)),
)

_NL_PLACES = (("Amsterdam", "10"), ("Rotterdam", "30"), ("Den Haag", "25"), ("Utrecht", "35"),
              ("Eindhoven", "56"), ("Groningen", "97"), ("Zwolle", "80"), ("Haarlem", "20"), ("Leiden", "23"),
              ("Nijmegen", "65"), ("Arnhem", "68"), ("Breda", "48"), ("Tilburg", "50"), ("Amersfoort", "38"),
              ("Alkmaar", "18"), ("Leeuwarden", "89"), ("Enschede", "75"), ("Delft", "26"))
_BE_PLACES = (("Antwerpen", "2018"), ("Gent", "9000"), ("Brussel", "1000"), ("Leuven", "3000"),
              ("Brugge", "8000"), ("Hasselt", "3500"), ("Mechelen", "2800"))
_DE_PLACES = (("Köln", "50672"), ("Düsseldorf", "40213"), ("Aachen", "52062"), ("Münster", "48143"),
              ("Kleve", "47533"), ("Essen", "45127"))
_STREETS = {"NL": ("Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsstraat", "Hoofdstraat", "Schoolstraat",
                   "Julianastraat", "Beatrixlaan", "Wilhelminapark", "Nieuwe Gracht", "Lindelaan", "Zuidwal"),
            "BE": ("Kerkstraat", "Stationsstraat", "Veldstraat", "Grote Markt", "Lange Nieuwstraat", "Bondgenotenlaan"),
            "DE": ("Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Lindenallee", "Marktplatz", "Gartenweg")}
_FIRST = {"NL": ("Anna", "Bram", "Daan", "Eva", "Femke", "Gijs", "Iris", "Joost", "Lieke", "Maarten", "Noor",
                 "Ruben", "Saskia", "Thijs", "Wouter", "Yvonne", "Koen", "Marloes"),
          "BE": ("Lotte", "Wout", "Jana", "Arne", "Elien", "Pieter-Jan", "Hanne", "Seppe"),
          "DE": ("Lukas", "Sophie", "Jonas", "Lena", "Felix", "Marie", "Jürgen", "Katrin")}
_LAST = {"NL": ("de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
                "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "van Dijk"),
         "BE": ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"),
         "DE": ("Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Schäfer", "Koch")}
_TRADES = {"NL": ("Bakkerij", "Koffiebar", "Lunchroom", "Hotel", "Restaurant", "Kapsalon", "Bloemenzaak",
                  "Boekhandel", "Tandartspraktijk", "Kantoorboekhandel", "Eetcafé", "Sportschool"),
           "BE": ("Bakkerij", "Brasserie", "Koffiebar", "Frituur", "Bistro", "Traiteur"),
           "DE": ("Bäckerei", "Café", "Konditorei", "Gasthaus", "Buchhandlung", "Hotel")}
# Legal forms written the ways they are found in real administrations (SPEC 6.2).
_FORMS = {"NL": ("B.V.", "BV", "bv", "V.O.F.", "Vof", "", "", "& Zn."), "BE": ("BV", "BVBA", "NV", "Comm.V", ""),
          "DE": ("GmbH", "GmbH & Co. KG", "KG", "e.K.", "")}
_PRIVATE_DOMAINS = {"NL": ("gmail.com", "hotmail.com", "ziggo.nl", "kpnmail.nl", "outlook.com"),
                    "BE": ("telenet.be", "gmail.com", "skynet.be"), "DE": ("web.de", "gmx.de", "t-online.de")}
_TLD = {"NL": "nl", "BE": "be", "DE": "de"}


def _registered(vat: str, coc: str, country: str) -> set[str]:
    return {normalise_vat(vat, country), "kvk:" + normalise_coc(coc, country)} - {"", "kvk:"}


_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})


def _slug(text: str) -> str:
    folded = text.lower().translate(_ASCII)
    return "".join(c for c in folded if c.isascii() and c.isalnum())


class _Generator:
    """Relations around the cast, each unique in the way the demo orders rely on: no generated
    relation shares an e-mail address or an establishment postcode with the cast."""

    def __init__(self, seed: int):
        self.rnd = random.Random(seed)
        self.emails = {e.strip() for r in CAST for e in r.email.split(";") if e.strip()} | {ACCOUNTANT_EMAIL}
        self.postcodes = {r.establishment.postcode for r in CAST}
        # VAT and KvK numbers, normalised as recognition compares them: each one is unique.
        self.numbers = set().union(*(_registered(r.vat_number, r.coc_number, r.establishment.country)
                                     for r in CAST))

    def _unique_email(self, local: str, domain: str) -> str:
        email, n = f"{local}@{domain}", 1
        while email in self.emails:
            n += 1
            email = f"{local}{n}@{domain}"
        self.emails.add(email)
        return email

    def _place(self, country: str) -> tuple[str, str]:
        while True:
            if country == "NL":
                city, prefix = self.rnd.choice(_NL_PLACES)
                letters = self.rnd.choice("ABCEGHJKLMNPRTVWXZ") + self.rnd.choice("ABCDEGHJKLMNPRTVWXZ")
                postcode = f"{prefix}{self.rnd.randint(11, 99)} {letters}"
            else:
                city, postcode = self.rnd.choice(_BE_PLACES if country == "BE" else _DE_PLACES)
            if postcode not in self.postcodes:
                return city, postcode

    def relation(self, code: int) -> Relation:
        rnd = self.rnd
        country = rnd.choices(("NL", "BE", "DE"), weights=(75, 15, 10))[0]
        first, last = rnd.choice(_FIRST[country]), rnd.choice(_LAST[country])
        city, postcode = self._place(country)
        street = f"{rnd.choice(_STREETS[country])} {rnd.randint(1, 220)}"
        business = rnd.random() < 0.6
        vat = coc = ""
        if business:
            trade = rnd.choice(_TRADES[country])
            base = f"{trade} {last[0].upper() + last[1:] if country == 'NL' else last}"
            name = f"{base} {rnd.choice(_FORMS[country])}".strip()
            email = self._unique_email(rnd.choice(("info", "bestellingen", "inkoop", "administratie")),
                                       f"{_slug(base)}.{_TLD[country]}")
            vat, coc = self._registration(country)
        else:
            name = f"{first} {last}"
            email = self._unique_email(f"{_slug(first)}.{_slug(last)}", rnd.choice(_PRIVATE_DOMAINS[country]))
        if rnd.random() < 0.06:  # a second address in the same field
            email += "; " + self._unique_email(_slug(first), email.split("@", 1)[1])
        invoice = EmailSetting()
        if business and rnd.random() < 0.2:
            invoice = _invoice(email.split(";")[0], ACCOUNTANT_EMAIL if country == "NL" else "")
        return Relation(code, name, _address(f"{first} {last}", street, postcode, city, country), email=email,
                        phone=f"0{rnd.randint(100000000, 699999999)}", vat_number=vat, coc_number=coc,
                        payment_term=rnd.choice((14, 14, 30)), invoice_email=invoice,
                        inactive=rnd.random() < 0.03)

    def _registration(self, country: str) -> tuple[str, str]:
        while True:
            vat, coc = self._numbers(country)
            numbers = _registered(vat, coc, country)
            if not numbers & self.numbers:
                self.numbers |= numbers
                return vat, coc

    def _numbers(self, country: str) -> tuple[str, str]:
        rnd = self.rnd
        if country == "NL":
            number = f"{rnd.randint(100000000, 999999999)}B0{rnd.randint(1, 3)}"
            # About one in five typed without prefix: recognition adds NL from the address.
            vat = number if rnd.random() < 0.2 else f"NL{number}"
            return (vat if rnd.random() < 0.7 else ""), f"{rnd.randint(1000000, 99999999):08d}"
        if country == "BE":
            return f"BE0{rnd.randint(200000000, 999999999)}", ""
        return f"DE{rnd.randint(100000000, 999999999)}", f"HRB {rnd.randint(1000, 99999)}"


def demo_relations(seed: int = DEMO_SEED, count: int = RELATION_COUNT) -> tuple[Relation, ...]:
    generator = _Generator(seed)
    generated = tuple(generator.relation(code) for code in range(FIRST_GENERATED_CODE,
                                                                  FIRST_GENERATED_CODE + count - len(CAST)))
    return CAST + generated


def _article(code: str, description: str, price: str, group: str, *, ean: str = "", inactive: bool = False,
             recipe: Recipe | None = None) -> Article:
    extra = (("EAN", ean),) if ean else ()
    return Article(code, description, Decimal(price), group, extra, inactive, recipe, f"a-{code.lower()}")


ARTICLES: tuple[Article, ...] = (
    _article("ART-0999", "Huismelange (uit assortiment)", "11.95", LOW, inactive=True),
    _article("ART-1001", "Koffiebonen Espresso 1 kg", "24.95", LOW, ean="8712345678906"),
    _article("ART-1002", "Koffiebonen Lungo 500 g", "12.95", LOW, ean="8712345678913"),
    _article("ART-1003", "Koffiebonen Decafe 500 g", "13.95", LOW, ean="8712345678920"),
    _article("ART-1010", "Filterkoffie gemalen 250 g", "5.95", LOW),
    _article("ART-1020", "Thee Earl Grey 100 g", "7.50", LOW),
    _article("ART-2001", "Koffiemok wit", "8.50", HIGH),
    _article("ART-2040", "Koffiemolen RVS", "49.95", HIGH),
    _article("ART-2100", "Espressokopjes set van 6", "19.95", HIGH),
    _article("ART-2200", "Melkopschuimer", "34.95", HIGH),
    # SnelStart recipes: the crate always brings the deposit on its six bottles; the sampler
    # may be split into its parts ("keuze"), which the demo profile leaves whole.
    _article("ART-3001", "Cold brew krat 6 flessen", "17.95", LOW,
             recipe=Recipe(RecipePlacement.ALWAYS, (RecipeLine("STATIEGELD", Decimal("6")),))),
    _article("ART-3002", "Proefpakket koffie en mok", "19.95", HIGH,
             recipe=Recipe(RecipePlacement.CHOICE, (RecipeLine("ART-1002", Decimal("1")),
                                                     RecipeLine("ART-2001", Decimal("1"))))),
    # Gift cards carry no VAT when sold: it is due when they are spent.
    _article("CADEAUBON", "Cadeaubon", "25.00", ZERO_RATED),
    _article("STATIEGELD", "Statiegeld fles", "0.15", ZERO_RATED),
    # Shipping, payment costs and vouchers follow the goods, so each has an article per rate
    # (SPEC §4: split over the rates of the goods); so has a line without article code.
    _article("VERZEND", "Verzendkosten", "6.95", HIGH),
    _article("VERZEND-LAAG", "Verzendkosten (9% btw)", "0.00", LOW),
    _article("BETAAL", "Betaalkosten", "0.35", HIGH),
    _article("BETAAL-LAAG", "Betaalkosten (9% btw)", "0.00", LOW),
    _article("KORTING", "Korting", "0.00", HIGH),
    _article("KORTING-LAAG", "Korting (9% btw)", "0.00", LOW),
    _article("WEB", "Webshopartikel", "0.00", HIGH),
    _article("WEB-LAAG", "Webshopartikel (9% btw)", "0.00", LOW),
    _article("WEB-GEEN", "Webshopartikel zonder btw", "0.00", ZERO_RATED),
)

REVENUE_GROUPS = (RevenueGroup(HIGH, 1, "Omzet hoog", "Hoog"), RevenueGroup(LOW, 2, "Omzet laag", "Laag"),
                  RevenueGroup(ZERO_RATED, 3, "Omzet nul", "Geen"))
TEMPLATES = (SalesTemplate(WEB_TEMPLATE, "Webshop", False, number=1),
             SalesTemplate("tpl-zakelijk", "Zakelijk", True, number=2))

# Shop order 3008 was typed into SnelStart by hand before the koppeling was switched on: its
# betalingskenmerk is there, so the import skips it instead of booking it twice.
BOOKED_BY_HAND = "3008"


def _earlier_order(number: int, relation: Relation, reference: str, day: str,
                   lines: tuple[tuple[str, str, str, str], ...]) -> StoredSalesOrder:
    stored = tuple(StoredSalesOrderLine(code, description, Decimal(qty), Decimal(price),
                                        total=Decimal(qty) * Decimal(price)) for code, description, qty, price in lines)
    return StoredSalesOrder(number, relation.code, datetime.fromisoformat(day), WEB_TEMPLATE,
                            payment_reference=reference, description=f"Webshop-order {reference}",
                            invoice_address=relation.establishment, delivery_address=relation.establishment,
                            lines=stored, total_incl_vat=sum((line.total for line in stored), Decimal("0")),
                            id=f"o-{number}")


def demo_administration(seed: int = DEMO_SEED, relations: int = RELATION_COUNT) -> Snapshot:
    """The demo's SnelStart administration; the same seed and size give the same snapshot."""
    everyone = demo_relations(seed, relations)
    by_code = {r.code: r for r in everyone}
    orders = (
        _earlier_order(1, by_code[1001], "2987", "2024-02-20T14:05:00",
                       (("ART-1001", "Koffiebonen Espresso 1 kg", "2", "24.95"),
                        ("VERZEND", "Verzendkosten", "1", "6.95"))),
        _earlier_order(2, by_code[1006], "2995", "2024-02-27T09:30:00",
                       (("ART-2100", "Espressokopjes set van 6", "1", "19.95"),)),
        _earlier_order(3, by_code[1011], BOOKED_BY_HAND, "2024-03-01T08:12:00",
                       (("ART-1002", "Koffiebonen Lungo 500 g", "4", "12.95"),)),
    )
    return Snapshot(everyone, ARTICLES, REVENUE_GROUPS, TEMPLATES, orders)
