"""A large, realistic SnelStart administration and a stream of webshop orders for it.

Deterministic for a seed. Realistic where it matters for recognition: Dutch, Belgian and German
postcodes with business parks (many relations on one postcode), common Dutch names, legal
forms, branches and resellers sharing an e-mail address, accountants whose address sits in the
invoice cc of hundreds of relations, `;`-lists, VAT numbers with and without prefix, KvK
numbers that lost their leading zero, inactive relations.
"""
from __future__ import annotations

import random
from collections import Counter

from domain.customer import EmailSetting, Relation, RelationAddress
from domain.order import Address, CustomerData

SURNAMES = ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
            "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
            "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs",
            "de Haan", "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin",
            "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "van de Ven", "Hoekstra", "Maas",
            "Verhoeven", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "Peeters", "Müller",
            "Schmidt", "Claes", "Goossens", "Wouters", "Dubois", "Lambert", "Çelik", "Yılmaz")
FIRST_NAMES = ("Jan", "Piet", "Kees", "Anna", "Maria", "Sanne", "Lisa", "Emma", "Daan", "Sem", "Lucas", "Julia",
               "Sophie", "Thomas", "Ruben", "Femke", "Eva", "Bram", "Noor", "Tim", "Lotte", "Jeroen", "Marieke",
               "René", "Chloé", "Zoë", "Jürgen", "Søren", "Inge", "Henk")
TRADES = ("Bakkerij", "Slagerij", "Installatiebedrijf", "Autobedrijf", "Schildersbedrijf", "Hoveniersbedrijf",
          "Bouwbedrijf", "Transportbedrijf", "Kapsalon", "Bloemenhandel", "Fietsenwinkel", "Drukkerij",
          "Adviesbureau", "Timmerbedrijf", "Loodgietersbedrijf", "Café", "Restaurant", "Tandartspraktijk",
          "Fysiotherapie", "Dierenkliniek", "Groothandel", "Kinderopvang", "Stichting", "Vereniging")
LEGAL_FORMS = ("B.V.", "BV", "B.V.", "V.O.F.", "vof", "", "", "", "& Zn.", "en Zonen", "Holding B.V.", "GmbH")
MAIL_HOSTS = ("gmail.com", "hotmail.com", "outlook.com", "ziggo.nl", "kpnmail.nl", "live.nl", "icloud.com")
COUNTRIES = ("NL",) * 22 + ("BE", "DE")


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum())


def _postcode(rnd: random.Random, country: str) -> str:
    # Squared draws crowd the low numbers: business parks and city centres with many relations.
    skew = rnd.random() ** 2
    if country == "NL":
        number = 1000 + int(skew * 8999)
        letters = "ABCDEGHJKLMNPRSTVWXZ"
        return f"{number} {letters[int(rnd.random() ** 2 * 20)]}{rnd.choice(letters)}"
    return f"{1000 + int(skew * 8999)}" if country == "BE" else f"{10000 + int(skew * 89999):05d}"


def _vat(rnd: random.Random, country: str) -> str:
    digits = f"{rnd.randrange(10 ** 9):09d}"
    number = {"NL": f"{digits}B01", "BE": f"0{digits}", "DE": digits}[country]
    style = rnd.random()
    if style < 0.5:
        return country + number
    if style < 0.8:
        return number
    return f"{country} {number[:4]}.{number[4:]}"


def generate_administration(count: int, seed: int) -> tuple[list[Relation], dict[str, int]]:
    rnd = random.Random(seed)
    accountants = [f"administratie@accountant{k}.nl" for k in range(60)]
    relations: list[Relation] = []
    facts: Counter = Counter()
    for i in range(count):
        code = 10_000 + i
        country = rnd.choice(COUNTRIES)
        surname = rnd.choice(SURNAMES)
        company = rnd.random() < 0.6
        if company:
            name = " ".join(p for p in (rnd.choice(TRADES), surname.title() if rnd.random() < 0.5 else surname,
                                        rnd.choice(LEGAL_FORMS)) if p)
            domain = f"{_slug(name)}{rnd.randrange(100)}.{country.lower()}"
            email = f"{rnd.choice(('info', 'inkoop', 'bestellingen', 'office'))}@{domain}"
        else:
            first = rnd.choice(FIRST_NAMES)
            name = f"{first} {surname}"
            domain = rnd.choice(MAIL_HOSTS)
            email = f"{_slug(first)}.{_slug(surname)}{rnd.randrange(10_000)}@{domain}"
        if relations and rnd.random() < 0.03:  # a branch or a reseller: an address already in use
            email = split_first(rnd.choice(relations).email)
            facts["shared e-mail"] += 1
        if rnd.random() < 0.05:
            email = f"{email}; {rnd.choice(('facturen', 'admin', 'post'))}@{domain}"
            facts["';'-lists"] += 1
        if rnd.random() < 0.15:
            email = email.upper() if rnd.random() < 0.5 else f" {email.title()} "
        invoice = EmailSetting()
        if company and rnd.random() < 0.35:
            invoice = EmailSetting(True, f"facturen@{domain}", "")
        if rnd.random() < 0.10:
            invoice = EmailSetting(True, invoice.email or email, rnd.choice(accountants))
            facts["accountant in invoice cc"] += 1
        reminder = EmailSetting(True, f"debiteuren@{domain}", "") if company and rnd.random() < 0.05 else EmailSetting()
        vat = _vat(rnd, country) if company and rnd.random() < 0.5 else ""
        coc = ""
        if company and country == "NL" and rnd.random() < 0.6:
            coc = f"{rnd.randrange(10 ** 8):08d}"
            coc = coc.lstrip("0") if rnd.random() < 0.02 else coc
        inactive = rnd.random() < 0.04
        facts["companies"] += company
        facts["inactive"] += inactive
        relations.append(Relation(code=code, name=name, email=email, vat_number=vat, coc_number=coc,
                                  establishment=RelationAddress(street="Hoofdstraat 1", postcode=_postcode(rnd, country),
                                                                city="Plaats", country=country),
                                  invoice_email=invoice, reminder_email=reminder, inactive=inactive))
    return relations, dict(facts)


def split_first(emails: str) -> str:
    return emails.split(";")[0].strip().lower()


def _typo(rnd: random.Random, name: str) -> str:
    i = rnd.randrange(1, max(2, len(name) - 1))
    return name[:i] + name[i + 1:]


def generate_orders(relations: list[Relation], count: int, seed: int):
    """(customer, billing, delivery) triples, the way the importer hands them to recognition."""
    rnd = random.Random(seed)
    by_email: dict[str, list[Relation]] = {}
    for r in relations:
        by_email.setdefault(split_first(r.email), []).append(r)
    shared = [rs for rs in by_email.values() if len(rs) > 1]
    orders, mix = [], Counter()
    for n in range(count):
        r = rnd.choice(relations)
        kind = rnd.random()
        billing = Address(company=r.name, postcode=r.establishment.postcode, country=r.establishment.country)
        delivery = billing
        extra: tuple[tuple[str, str], ...] = ()
        email, company, vat, coc = split_first(r.email), r.name, "", ""
        if kind < 0.45:
            label = "known e-mail"
            email = email.upper() if rnd.random() < 0.1 else email
            vat = r.vat_number if rnd.random() < 0.3 else ""
        elif kind < 0.53:
            label = "invoice e-mail"
            email = r.invoice_email.email or email
        elif kind < 0.60:
            label = "shared e-mail"
            branch = rnd.choice(rnd.choice(shared))
            email = split_first(branch.email)
            delivery = Address(street="Afleverweg 2", postcode=branch.establishment.postcode,
                               country=branch.establishment.country)
        elif kind < 0.68:
            label = "klantcode"
            extra = (("klantcode", str(r.code)),)
        elif kind < 0.71:
            label = "new klantcode"
            extra = (("Klantnr", str(900_000 + n)),)
            email = f"nieuw{n}@webshopklant.nl"
        elif kind < 0.83:
            label = "new e-mail, similar name"
            email, company = f"nieuw{n}@webshopklant.nl", _typo(rnd, r.name)
            billing = Address(company=company, postcode=r.establishment.postcode, country=r.establishment.country)
            delivery = billing
            coc = r.coc_number if rnd.random() < 0.2 else ""
        else:
            label = "new customer"
            email = f"nieuw{n}@webshopklant.nl"
            company = f"{rnd.choice(TRADES)} {rnd.choice(SURNAMES)} {n}" if rnd.random() < 0.5 else ""
            country = rnd.choice(COUNTRIES)
            billing = Address(company=company, first_name=rnd.choice(FIRST_NAMES), last_name=rnd.choice(SURNAMES),
                              postcode=_postcode(rnd, country), country=country)
            delivery = billing
        mix[label] += 1
        customer = CustomerData(email=email, company=company, vat_number=vat, coc_number=coc, extra_fields=extra)
        orders.append((customer, billing, delivery))
    return orders, dict(mix)
