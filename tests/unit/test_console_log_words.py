"""The information log in the console's Dutch (interfaces/console/log_words.py): the lines a
normal run writes, as the run writes them (application/book_order.py), put into the manual's
words; a line without a translation shown as stored, and names never changed."""
from __future__ import annotations

from interfaces.console.log_words import dutch, in_language

UNSPLIT = ("warning: sales.shipping_costs: one article for every rate (VERZEND) books the shipping costs of 6.95 at "
           "21% VAT; split over the goods' rates (3.47 at 9%, 3.48 at 21%) the order would declare 0.32 less VAT: name "
           "an article per rate, sales.shipping_costs = { line = { \"21\" = \"VERZEND\", \"9\" = \"…\" } }")


def test_the_lines_of_a_normal_run_in_dutch():
    assert dutch("created: sales order 5 for customer 1010 (new)") == "aangemaakt: verkooporder 5 voor klant 1010 (nieuw)"
    assert dutch("created: sales order 2 for customer 1001") == "aangemaakt: verkooporder 2 voor klant 1001"
    assert dutch("skipped: betalingskenmerk 12 already in SnelStart (order 3)") == \
        "overgeslagen: betalingskenmerk 12 staat al in SnelStart (verkooporder 3)"
    assert dutch(UNSPLIT) == (
        "waarschuwing: Verzendkosten (sales.shipping_costs): één artikel voor alle tarieven (VERZEND) boekt de "
        "verzendkosten van 6,95 tegen 21% btw; verdeeld over de tarieven van de artikelen (3,47 tegen 9%, 3,48 tegen "
        "21%) zou de order 0,32 minder btw aangeven: kies bij Instellingen een artikel per btw-tarief")
    assert dutch("totals checked: shop 96.80 incl. VAT, SnelStart 96.80: equal") == \
        "totalen gecontroleerd: webshop 96,80 incl. btw, SnelStart 96,80: gelijk"
    assert dutch("customer: recognition smart; customer code 1003 → relation 1003 (Tuincentrum Groenrijk)") == \
        "klant: herkenning slim; klantcode 1003 → relatie 1003 (Tuincentrum Groenrijk)"


def test_a_line_without_a_translation_keeps_its_facts():
    assert dutch("failed: SnelStart answered 503 (held: too many attempts)") == \
        "mislukt: SnelStart answered 503 (vastgehouden: te veel pogingen)"
    assert dutch("something new 2.50") == "something new 2.50"  # unknown: as stored, amount and all
    # Names and descriptions are data: a customer called "Bakker 2.0 B.V." keeps its dot.
    assert dutch("customer 1009 created: Bakker 2.0 B.V.") == "klant 1009 aangemaakt: Bakker 2.0 B.V."
    assert dutch("line without article code 'Kaart 1.5' booked on WEB") == \
        "regel zonder artikelcode 'Kaart 1.5' geboekt op WEB"


def test_english_is_the_line_as_stored():
    assert in_language("created: sales order 2 for customer 1001", "en") == "created: sales order 2 for customer 1001"
    assert in_language(None, "nl") is None and in_language("", "nl") == ""
