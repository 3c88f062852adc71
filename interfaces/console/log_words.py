"""The information log in the console's language (manual §3.3).

The state store keeps each log line as the run wrote it, in English: `sconnect log`, the
export the helpdesk reads and the CLI's tests all rest on that text. The console shows the
bookkeeper Dutch, so what a normal run writes is put into the manual's words here, when a line
is shown. A line (or part of one) without a translation is shown as it was written — never
guessed at: the facts in it (numbers, amounts, names) stay exactly as stored.

Amounts are written the Dutch way ("6,95"); setting names (`sales.shipping_costs`) get the
name of their field under Instellingen, with the key after it, so the bookkeeper can find both.
"""
from __future__ import annotations

import re
from collections.abc import Callable

# The fields of Instellingen a log line may name (interfaces/console/settings_form.py's labels).
SETTINGS_NL = {
    "sales.shipping_costs": "Verzendkosten", "sales.payment_costs": "Betalingskosten",
    "sales.discount": "Kortingsbedrag", "sales.default_article_code": "Standaard artikelcode",
    "sales.template": "Verkoopsjabloon", "sales.unique_payment_reference": "Betalingskenmerk uniek",
    "articles.revenue_group": "Omzetgroep", "articles.processing": "Verwerking artikelen",
    "customers.default_customer_code": "Standaard klantcode",
}
CHARGES_NL = {"shipping costs": "verzendkosten", "payment costs": "betalingskosten", "discount": "korting"}
NUMBERS = {"amount", "rate", "shares", "effect", "shop", "ss", "d", "parts"}  # groups holding amounts
AMOUNT = re.compile(r"(?<![\w.])(-?\d+)\.(\d+)(?![\w.])")


def amounts(text: str) -> str:
    """6.95 → 6,95 and 5.5% → 5,5% (never inside a word, code or version number)."""
    return AMOUNT.sub(r"\1,\2", text)


def setting(key: str) -> str:
    name = SETTINGS_NL.get(key)
    return f"{name} ({key})" if name else key


def _unsplit(g: dict) -> str:
    how = g["how"]
    how = (f"één artikel voor alle tarieven ({g['article']})" if g["article"]
           else how.replace("cost type", "kostensoort"))
    effect = g["effect"]
    effect = ("dezelfde btw, maar niet dezelfde omzet per tarief" if effect.startswith("the same VAT")
              else effect.replace(" more VAT", " meer btw").replace(" less VAT", " minder btw"))
    return (f"{setting(g['key'])}: {how} boekt de {CHARGES_NL.get(g['charge'], g['charge'])} van "
            f"{g['amount']} tegen {g['rate']} btw; verdeeld over de tarieven van de artikelen "
            f"({g['shares'].replace(' at ', ' tegen ')}) zou de order {effect} aangeven: kies bij Instellingen een "
            f"artikel per btw-tarief")


# (pattern, Dutch) for a whole line or the part after "warning: ", "failed: ", "skipped: ".
# A replacement is a format string over the named groups, or a function of them (a dict; the
# groups in NUMBERS with their amounts in Dutch, the rest — names, codes, descriptions — as stored).
Rule = tuple[re.Pattern, "str | Callable[[dict], str]"]
PARTS: list[Rule] = [(re.compile(p), nl) for p, nl in [
    # Each line as the current version writes it, and as older versions wrote it (the log keeps
    # four weeks: lines of before an upgrade are shown too).
    (r"^(?:booked: verkooporder|created: sales order) (?P<n>\d+) for (?:klant|customer) (?P<c>\d+)(?P<new> \(new\))?"
     r"(?P<found> \(found in SnelStart after an interrupted attempt\))?$",
     lambda g: (f"aangemaakt: verkooporder {g['n']} voor klant {g['c']}" + (" (nieuw)" if g["new"] else "")
                + (" (gevonden in SnelStart na een onderbroken poging)" if g["found"] else ""))),
    (r"^betalingskenmerk (?P<n>\S+) already in SnelStart \(order (?P<o>\d+)\)$",
     "betalingskenmerk {n} staat al in SnelStart (verkooporder {o})"),
    (r"^betalingskenmerk (?P<n>\S+): no (?:verkooporder|sales order) in SnelStart yet$",
     "betalingskenmerk {n}: nog geen verkooporder in SnelStart"),
    (r"^betalingskenmerk (?P<n>\S+) already on SnelStart order\(s\) (?P<o>.+): booked all the same "
     r"\(sales\.unique_payment_reference is off\)$",
     "betalingskenmerk {n} staat al op verkooporder(s) {o} in SnelStart: toch geboekt (Betalingskenmerk uniek "
     "staat uit)"),
    (r"^(?P<key>sales\.\w+): (?P<how>one article for every rate \((?P<article>[^)]*)\)|cost type \d) books the "
     r"(?P<charge>shipping costs|payment costs|discount) of (?P<amount>\S+) at (?P<rate>\S+) VAT; split over the "
     r"goods' rates \((?P<shares>[^)]*)\) the order would declare (?P<effect>.+?): name an article per rate, "
     r"(?P<table>.+)$", _unsplit),
    (r"^(?P<charge>shipping costs|payment costs|discount) (?P<amount>\S+) incl\. VAT left out of the sales order: "
     r"(?P<key>\S+) is not set$",
     lambda g: (f"{CHARGES_NL[g['charge']]} {g['amount']} incl. btw niet op de verkooporder: {setting(g['key'])} is "
                f"niet ingevuld")),
    (r"^totals differ: shop (?P<shop>\S+) incl\. VAT, SnelStart (?P<ss>\S+) \(difference (?P<d>\S+)\)$",
     "totalen wijken af: webshop {shop} incl. btw, SnelStart {ss} (verschil {d})"),
    (r"^changed in the shop after it was booked as sales order (?P<n>\d+): (?P<what>.+); not booked again "
     r"\(see sconnect reconcile\)$",
     "gewijzigd in de webshop nadat het als verkooporder {n} is geboekt: {what}; niet opnieuw geboekt (zie Controle)"),
    (r"^run stopped on request; the remaining orders wait for the next run$",
     "uitvoering gestopt op verzoek; de overige orders komen de volgende keer aan de beurt"),
    # the detailed steps (Uitgebreide informatie)
    (r"^customer (?P<c>\d+) recognised$", "klant {c} herkend"),
    (r"^customer (?P<c>\d+) created: (?P<name>.+)$", "klant {c} aangemaakt: {name}"),
    (r"^new klant (?P<c>\d+): (?P<name>.+)$", "klant {c} aangemaakt: {name}"),
    (r"^customer (?P<c>\d+) updated from the order$", "klant {c} bijgewerkt uit de order"),
    (r"^new customer with the next free relation code$", "nieuwe klant met de eerstvolgende vrije klantcode"),
    (r"^article (?P<a>\S+) created$", "artikel {a} aangemaakt"),
    (r"^article (?P<a>\S+) updated$", "artikel {a} bijgewerkt"),
    (r"^line without article code '(?P<desc>.*)' booked on (?P<a>\S+)$",
     "regel zonder artikelcode '{desc}' geboekt op {a}"),
    (r"^(?P<charge>shipping costs|payment costs|discount) (?P<amount>\S+) booked as cost type (?P<k>\d)$",
     lambda g: f"{CHARGES_NL[g['charge']]} {g['amount']} geboekt als kostensoort {g['k']}"),
    (r"^(?:verkooporder|sales order) planned: (?P<n>\d+) line\(s\)(?:, (?P<r>\d+) from recipes)?, "
     r"prices (?P<vat>\S+) VAT, "
     r"description '(?P<desc>.*)'$",
     lambda g: (f"verkooporder gepland: {g['n']} regel(s)" + (f", waarvan {g['r']} uit recepten" if g["r"] else "")
                + f", prijzen {g['vat']} btw, omschrijving '{g['desc']}'")),
    (r"^totals checked: shop (?P<shop>\S+) incl\. VAT, SnelStart (?P<ss>\S+?)(?P<recipe> \(recipe lines left out\))?"
     r": (?P<v>equal|different)$",
     lambda g: (f"totalen gecontroleerd: webshop {g['shop']} incl. btw, SnelStart {g['ss']}"
                + (" (zonder receptregels)" if g["recipe"] else "") + (": gelijk" if g["v"] == "equal" else ": anders"))),
    (r"^VAT as SnelStart declares it: (?P<parts>.+?)(?: \(shop: (?P<shop>\S+) in all\))?$",
     lambda g: (f"btw zoals SnelStart die aangeeft: {g['parts'].replace(' at ', ' tegen ')}"
                + (f" (webshop: {g['shop']} in totaal)" if g["shop"] else ""))),
    (r"^back in the shop as it was booked$", "weer in de webshop zoals het is geboekt"),
    (r"^(?P<charge>shipping costs|payment costs|discount) (?P<amount>\S+) split over the rates of the goods: "
     r"(?P<shares>.+)$",
     lambda g: (f"{CHARGES_NL[g['charge']]} {g['amount']} verdeeld over de tarieven van de artikelen: "
                f"{g['shares'].replace(' at ', ' tegen ')}")),
    (r"^recipe of (?P<a>\S+) expanded: (?P<n>\d+) lines?$",
     lambda g: f"recept van {g['a']} uitgeklapt: {g['n']} regel{'s' if g['n'] != '1' else ''}"),
    (r"^new customer with relation code (?P<c>\d+) \(the shop's customer code\)$",
     "nieuwe klant met klantcode {c} (de klantcode uit de webshop)"),
    # why an order failed, as a normal run meets it
    (r"^order line (?P<n>\d+): quantity (?P<q>\S+) is negative$", "orderregel {n}: aantal {q} is negatief"),
    (r"^ambiguous customer: e-mail (?P<e>\S+) matches relations (?P<r>[\d, ]+)$",
     "klant niet eenduidig: e-mailadres {e} past bij de relaties {r}"),
    (r"^relation (?P<c>\d+) \((?P<name>.*)\) matches by e-mail and name but is inactive in SnelStart: activate it, "
     r"or change it \(or the order\) so it no longer matches and a new relation is made$",
     "relatie {c} ({name}) past op e-mailadres en naam, maar is non-actief in SnelStart: activeer de relatie, of "
     "wijzig haar (of de order) zodat ze niet meer past en er een nieuwe relatie wordt aangemaakt"),
]]
# How the customer was recognised (the detailed "customer: …" line): its steps, part by part.
# Names, e-mail addresses and postcodes between the words stay as they are.
RECOGNITION = [(re.compile(p), nl) for p, nl in [
    (r"\brecognition (\w+)", lambda m: "herkenning " + {"smart": "slim"}.get(m[1], m[1])),
    (r"no active relation has it as relation, invoice or quote/confirmation/reminder e-mail",
     "geen actieve relatie heeft het als e-mailadres (relatie, factuur of offerte/bevestiging/aanmaning)"),
    (r"\(relation e-mail\)", "(e-mailadres van de relatie)"),
    (r"no active relation with this (name|postcode)",
     lambda m: "geen actieve relatie met deze " + {"name": "naam"}.get(m[1], m[1])),
    (r"no customer code in the order", "geen klantcode in de order"),
    (r"no VAT number in the order", "geen btw-nummer in de order"),
    (r"no KvK number in the order", "geen KvK-nummer in de order"),
    (r"no e-mail in the order", "geen e-mailadres in de order"),
    (r"no name in the order", "geen naam in de order"),
    (r"\(invoice e-mail\)", "(e-mailadres voor facturen)"),
    (r"\(quote/confirmation/reminder e-mail\)", "(e-mailadres voor offertes, bevestigingen en aanmaningen)"),
    (r"\(inactive (\d+) ignored\)", r"(non-actieve \1 niet meegeteld)"),
    (r"no active relation", "geen actieve relatie"),
    (r"\bno relation (\d+)", r"geen relatie \1"),
    (r"\brelations ([\d, ]+\d), narrowed by billing and delivery postcode (\S+) to (\d+)",
     r"relaties \1, met factuur- en verzendpostcode \2: \3"),
    (r"\brelations ([\d, ]+\d), none has billing and delivery postcode (\S+); undecided between ([\d, ]+\d), "
     r"the walk goes on", r"relaties \1, geen met factuur- en verzendpostcode \2; geen keuze tussen \3, verder zoeken"),
    (r"\brelations ([\d, ]+\d)", r"relaties \1"),
    (r"\bVAT number (\S+)", r"btw-nummer \1"),
    (r"\bKvK number (\S+)", r"KvK-nummer \1"),
    (r"\bcustomer code (\d+)", r"klantcode \1"),
    (r" with the same name\b", " met dezelfde naam"),
    (r" with a similar name \(score", " met een gelijkende naam (score"),
    (r"→ new relation with code (\d+)$", r"→ nieuwe relatie met code \1"),
    (r"→ new relation$", "→ nieuwe relatie"),
    (r"\brelation (\d+)", r"relatie \1"),
    (r"(^|; )name '", r"\1naam '"),
]]


def recognition(text: str) -> str:
    """The steps of recognition in Dutch; an outcome that is a failure (after the last "→ ") in
    the words of the failure."""
    before, arrow, outcome = text.rpartition(" → ")
    translated = _part(outcome) if arrow else outcome
    if arrow and translated != outcome:
        text, tail = before, arrow + translated
    else:
        tail = ""
    for pattern, nl in RECOGNITION:
        text = pattern.sub(nl, text)
    return text + tail


PREFIXES = [("warning: ", "waarschuwing: "), ("failed: ", "mislukt: "), ("skipped: ", "overgeslagen: "),
            ("run stopped: ", "uitvoering gestopt: "), ("customer: ", "klant: ")]
HELD = " (held: too many attempts)"


def _part(text: str) -> str:
    for pattern, nl in PARTS:
        m = pattern.match(text)
        if m:
            g = {k: (amounts(v) if k in NUMBERS else v) if v else "" for k, v in m.groupdict().items()}
            return nl(g) if callable(nl) else nl.format(**g)
    return text


def dutch(message: str) -> str:
    """A log line as the console shows it in Dutch; as stored where no translation is known."""
    for english, nl in PREFIXES:
        if message.startswith(english):
            rest, held = message[len(english):], ""
            if english == "failed: " and rest.endswith(HELD):
                rest, held = rest[:-len(HELD)], " (vastgehouden: te veel pogingen)"
            return nl + (recognition(rest) if english == "customer: " else _part(rest)) + held
    return _part(message)


def in_language(message: str | None, lang: str) -> str | None:
    return dutch(message) if lang == "nl" and message else message


def customer_in_language(explanation: str | None, lang: str) -> str | None:
    """How the customer was recognised (an order's *Uitleg*), in the page's language."""
    return recognition(explanation) if lang == "nl" and explanation else explanation
