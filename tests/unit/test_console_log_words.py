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


def test_the_words_of_today_and_of_before_an_upgrade_both_read_in_dutch():
    # The run writes SnelStart's own words since issue #20; the log keeps lines from before too.
    assert dutch("booked: verkooporder 5 for klant 1010 (new)") == "aangemaakt: verkooporder 5 voor klant 1010 (nieuw)"
    assert dutch("new klant 1009: Bakker 2.0 B.V.") == "klant 1009 aangemaakt: Bakker 2.0 B.V."
    assert dutch("betalingskenmerk 12: no verkooporder in SnelStart yet") == \
        "betalingskenmerk 12: nog geen verkooporder in SnelStart"
    assert dutch("verkooporder planned: 3 line(s), 1 from recipes, prices incl. VAT, description 'Order 12'") == \
        "verkooporder gepland: 3 regel(s), waarvan 1 uit recepten, prijzen incl. btw, omschrijving 'Order 12'"
    assert dutch("sales order planned: 2 line(s), prices inclusive VAT, description 'Order 9'") == \
        "verkooporder gepland: 2 regel(s), prijzen inclusive btw, omschrijving 'Order 9'"


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


def test_why_an_order_failed_in_the_demo_in_dutch():
    assert dutch("failed: order line 1: quantity -1 is negative") == "mislukt: orderregel 1: aantal -1 is negatief"
    assert dutch("failed: ambiguous customer: e-mail info@bakker-familie.nl matches relations 1004, 1005") == \
        "mislukt: klant niet eenduidig: e-mailadres info@bakker-familie.nl past bij de relaties 1004, 1005"
    inactive = ("failed: relation 1008 (Lunchroom De Oude Molen) matches by e-mail and name but is inactive in "
                "SnelStart: activate it, or change it (or the order) so it no longer matches and a new relation is made")
    assert dutch(inactive).startswith("mislukt: relatie 1008 (Lunchroom De Oude Molen) past op e-mailadres en naam, "
                                      "maar is non-actief in SnelStart: activeer de relatie")
    assert dutch("customer: recognition smart; e-mail a@b.nl (invoice e-mail): relations 1004, 1005, narrowed by "
                 "billing and delivery postcode 9711LM to 1005 → relation 1005 (Bakker Verhuur)") == (
        "klant: herkenning slim; e-mail a@b.nl (e-mailadres voor facturen): relaties 1004, 1005, met factuur- en "
        "verzendpostcode 9711LM: 1005 → relatie 1005 (Bakker Verhuur)")
