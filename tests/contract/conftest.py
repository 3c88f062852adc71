"""The SnelStart adapter contract: every adapter is tested against the same administration.

Adding an adapter = one line in ADAPTERS. `open` gets the administration's starting contents
(a Snapshot) and a private folder, and returns an object that is both `Administration` and
`Gateway` and can `.snapshot()`; `reopen`, when given, reads the same administration back
from wherever the adapter keeps it (a file, a database) for the persistence checks.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, Protocol

import pytest

from application.ports import Administration, Gateway
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.memory import FileAdministration, MemoryAdministration
from infrastructure.snelstart.snapshot import Snapshot, load_snapshot
from b2b_support import open_b2b, stop_b2b_simulators  # noqa: F401 (the fixture stops the simulators)
from classic_support import (close_classic_administrations, open_classic, open_classic_sql,  # noqa: F401 (fixture)
                             reopen_classic, reopen_classic_sql)


class ContractAdapter(Administration, Gateway, Protocol):
    def snapshot(self) -> Snapshot: ...


@dataclass(frozen=True)
class AdapterFactory:
    name: str
    open: Callable[[Snapshot, Path], ContractAdapter]
    reopen: Callable[[Path], ContractAdapter] | None = None
    # What the administration genuinely cannot do (capability → why); the tests that need it
    # (NEEDS below) are skipped for this adapter with that reason.
    cannot: Mapping[str, str] = field(default_factory=dict)


# What SnelStart desktop's Gateway cannot do, whichever way it opens the administration.
CLASSIC_CANNOT = {
    "cost types": "the SnelStart Gateway has no documented method for a sales order's cost types (refused at "
                  "configuration load)",
    "creating articles": "the SnelStart Gateway has no documented method to create an article (refused at "
                         "configuration load; unknown articles go on sales.default_article_code)",
    "changing articles": "the SnelStart Gateway has no documented method to change an article",
    "order addresses": "mtdGWayVerkoopOrderAanmakenE takes no addresses: SnelStart fills them from the customer "
                       "card (sales.addresses = from_order is refused at configuration load)",
    "amounts kept as typed": "the classic-shaped database keeps amounts as numbers, as SnelStart's columns do: "
                             "8.50 reads back as 8.5 (equal as an amount, not as text)",
}

ADAPTERS = [
    AdapterFactory("memory", lambda snapshot, folder: MemoryAdministration.from_snapshot(snapshot)),
    AdapterFactory("file", lambda snapshot, folder: FileAdministration.create(folder / "admin.json", snapshot),
                   reopen=lambda folder: FileAdministration(folder / "admin.json")),
    AdapterFactory("embedded", lambda snapshot, folder: EmbeddedAdministration.create(folder / "admin.sqlite", snapshot),
                   reopen=lambda folder: EmbeddedAdministration(folder / "admin.sqlite")),
    AdapterFactory("b2b", open_b2b, cannot={
        "template numbers": "the B2B API's templates have no number (resolved by id or description)",
        "recipe placement": "the B2B API has no recipe placing setting: every hoofdartikel reads as 'altijd'",
        "cost types": "the B2B API has no footer cost types (refused; book them as lines)",
        "refusing an invalid VAT number": "b2b writes the relation without a VAT number SnelStart refuses, "
                                          "and warns (issue 7)",
        "a betalingskenmerk with spaces": "the B2B API's $filter compares Betalingskenmerk exactly (' 12 ' is not "
                                          "'12') and documents no trim(): one typed by hand with spaces is missed",
    }),
    AdapterFactory("classic", open_classic, reopen=reopen_classic, cannot=CLASSIC_CANNOT),
    AdapterFactory("classic-sql", open_classic_sql, reopen=reopen_classic_sql, cannot=CLASSIC_CANNOT),
]

# The capabilities each contract test needs beyond the ports (see AdapterFactory.cannot).
NEEDS = {
    "test_template_by_id_number_or_description": ("template numbers",),
    "test_template_id_wins_over_number": ("template numbers",),
    "test_recipes_come_back_intact": ("recipe placement",),
    "test_dump_equals_what_was_written": ("cost types",),
    "test_total_with_prices_incl_vat": ("cost types",),
    "test_total_with_prices_excl_vat_computes_vat_per_rate": ("cost types",),
    "test_every_plan_field_is_stored": ("cost types",),
    "test_create_relation_refuses_a_vat_number_with_other_than_letters_and_digits":
        ("refusing an invalid VAT number",),
    "test_a_betalingskenmerk_stored_with_surrounding_spaces_is_found": ("a betalingskenmerk with spaces",),
    "test_untouched_administration_dumps_what_was_loaded": ("template numbers", "recipe placement",
                                                            "amounts kept as typed"),
    "test_create_article": ("creating articles",),
    "test_create_article_writes_the_code_in_the_extra_code_field_too": ("creating articles",),
    "test_create_article_refuses_a_code_in_use": ("creating articles",),
    "test_create_article_requires_a_description_and_an_existing_revenue_group": ("creating articles",),
    "test_update_article_changes_description_and_price": ("changing articles",),
    "test_update_article_keeps_the_recipe": ("changing articles",),
    "test_update_of_an_unknown_article_is_refused": ("changing articles",),
    "test_addresses_come_from_the_customer_card_when_the_plan_has_none": ("order addresses",),
    "test_every_plan_field_without_cost_types_is_stored": ("order addresses",),
    "test_every_kind_takes_the_same_article_codes": ("creating articles",),
    "test_an_article_description_takes_250_characters": ("creating articles",),
}
# The cases of a parametrized test that need what its other cases do not: (test, a word of the
# case's id) → capabilities.
NEEDS_IN_CASE = {
    ("test_a_sales_order_field_takes_its_limit_and_refuses_one_character_more", "adres."): ("order addresses",),
}


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        factory = getattr(getattr(item, "callspec", None), "params", {}).get("adapter_factory")
        if not isinstance(factory, AdapterFactory):
            continue
        needs = [*NEEDS.get(item.originalname, ()),
                 *(need for (name, word), needed in NEEDS_IN_CASE.items()
                   if name == item.originalname and word in item.callspec.id for need in needed)]
        lacking = [factory.cannot[need] for need in needs if need in factory.cannot]
        if lacking:
            item.add_marker(pytest.mark.skip(reason=f"{factory.name}: " + "; ".join(lacking)))


def _address(contact: str, street: str, postcode: str, city: str, country: str = "NL") -> dict:
    return {"contactpersoon": contact, "straat": street, "postcode": postcode, "plaats": city, "land": country}


def _mail(email: str = "", cc: str = "", send: bool = True) -> dict:
    return {"shouldSend": send, "email": email, "ccEmail": cc}


def _line(code: str, description: str, quantity: str, price: str, total: str) -> dict:
    return {"artikelcode": code, "omschrijving": description, "aantal": quantity, "stuksprijs": price,
            "kortingsPercentage": "0", "totaal": total}


def _order(number: int, relation: int, date: str, template: str, reference: str) -> dict:
    return {"id": f"o-{number}", "nummer": number, "relatie": relation, "datum": date,
            "verkoopordersjabloon": template, "betalingskenmerk": reference,
            "omschrijving": f"Webshop-order {reference}", "verkooporderBtwIngaveModel": "Inclusief",
            "regels": [_line("ART-2001", "Koffiemok wit", "1", "8.50", "8.50")], "totaalInclusiefBtw": "8.50"}


# Stored values are deliberately untidy (case, spaces, `;`-lists): SnelStart users type them.
CONTRACT_DOCUMENT = {
    "artikelomzetgroepen": [
        {"id": "og-hoog", "nummer": 1, "omschrijving": "Omzet hoog", "btwSoort": "Hoog"},
        {"id": "og-laag", "nummer": 2, "omschrijving": "Omzet laag", "btwSoort": "Laag"},
        {"id": "og-nul", "nummer": 3, "omschrijving": "Omzet nul", "btwSoort": "Geen"},
    ],
    "verkoopordersjablonen": [
        {"id": "tpl-web", "nummer": 1, "omschrijving": "Webshop", "prijsIngaveExclusiefBtw": False},
        {"id": "tpl-zakelijk", "nummer": 2, "omschrijving": "Zakelijk", "prijsIngaveExclusiefBtw": True},
        {"id": "2", "nummer": 7, "omschrijving": "Oud sjabloon", "nonactief": True},
    ],
    "relaties": [
        {"id": "r-1001", "relatiecode": 1001, "naam": "Bakkerij De Vries B.V.",
         "vestigingsAdres": _address("Jan de Vries", "Keizersgracht 12A", "1015 CJ", "Amsterdam"),
         "email": " Inkoop@DeVries.nl ", "btwNummer": "NL123456789B01", "kvkNummer": "12345678",
         "krediettermijn": 30, "factuurEmailVersturen": _mail("facturen@devries.nl"),
         "extraVeldenKlant": [{"naam": "webshop", "waarde": "ja"}]},
        {"relatiecode": 1002, "naam": "Jan Jansen",
         "vestigingsAdres": _address("Jan Jansen", "Oudegracht 101", "3511 AD", "Utrecht"),
         "email": "jan@jansen-online.nl; J.Jansen@Gmail.com"},
        {"relatiecode": 1003, "naam": "Tuincentrum Groenrijk",
         "vestigingsAdres": _address("", "Zuidweg 45", "2671MN", "Naaldwijk"),
         "factuurEmailVersturen": _mail("administratie@groenrijk.nl", "Boekhouder@groenrijk.nl")},
        {"relatiecode": 1004, "naam": "Familie Bakker",
         "vestigingsAdres": _address("Els Bakker", "Laan van Meerdervoort 200", "2517 BK", "Den Haag"),
         "email": "info@bakker-familie.nl", "btwNummer": "123456789B02"},
        {"relatiecode": 1005, "naam": "Bakker Verhuur",
         "vestigingsAdres": _address("Kees Bakker", "Herestraat 10", "9711 LM", "Groningen"),
         "email": "info@bakker-familie.nl", "kvkNummer": "1234567"},
        {"relatiecode": 1006, "naam": "Café 't Hoekje",
         "vestigingsAdres": _address("", "Markt 3", "5611 EB", "Eindhoven"),
         "offerteEmailVersturen": _mail("offerte@hoekje.nl"),
         "bevestigingsEmailVersturen": _mail("", "Bestellingen@Hoekje.nl"),
         "aanmaningEmailVersturen": _mail("eigenaar@hoekje.nl;boekhouding@hoekje.nl")},
        {"relatiecode": 1007, "naam": "Koffiebar Peeters",
         "vestigingsAdres": _address("Fleur Peeters", "Grote Markt 1", "1000", "Brussel", "BE"),
         "email": "fleur@peeters.be", "btwNummer": "BE0123456749"},
        {"relatiecode": 1008, "naam": "Café Lausanne",
         "vestigingsAdres": _address("", "Rue de Bourg 1", "1000", "Lausanne", "CH")},
        {"relatiecode": 1009, "naam": "De Oude Molen", "nonactief": True,
         "vestigingsAdres": _address("", "Molenstraat 1", "6211 KX", "Maastricht"),
         "email": "oudemolen@example.nl", "kvkNummer": "87654321"},
        {"relatiecode": 2001, "relatiesoort": ["Leverancier"], "naam": "Koffie Import B.V.",
         "vestigingsAdres": _address("", "Havenweg 2", "3011 AA", "Rotterdam")},
    ],
    "artikelen": [
        {"id": "a-1001", "artikelcode": "ART-1001", "omschrijving": "Koffiebonen Espresso 1 kg",
         "verkoopprijs": "24.95", "artikelOmzetgroep": "og-laag",
         "extraVelden": [{"naam": "EAN", "waarde": "8712345678906"}]},
        {"artikelcode": "ART-2001", "omschrijving": "Koffiemok wit", "verkoopprijs": "8.50",
         "artikelOmzetgroep": "og-hoog"},
        {"artikelcode": "ART-3001", "omschrijving": "Cold brew krat 6 flessen", "verkoopprijs": "17.50",
         "artikelOmzetgroep": "og-laag",
         "recept": {"plaatsen": "altijd", "regels": [{"artikelcode": "STATIEGELD", "aantal": "6"}]}},
        {"artikelcode": "ART-3002", "omschrijving": "Proefpakket", "verkoopprijs": "19.95",
         "artikelOmzetgroep": "og-hoog",
         "recept": {"plaatsen": "keuze", "regels": [{"artikelcode": "ART-1001", "aantal": "0.5"},
                                                    {"artikelcode": "ART-2001", "aantal": "2"}]}},
        {"artikelcode": "ART-0999", "omschrijving": "Huismelange (oud)", "verkoopprijs": "11.95",
         "artikelOmzetgroep": "og-laag", "isNonActief": True,
         "extraVelden": [{"naam": "EAN", "waarde": "8700000000001"}]},
        {"artikelcode": "STATIEGELD", "omschrijving": "Statiegeld fles", "verkoopprijs": "0.15",
         "artikelOmzetgroep": "og-nul"},
    ],
    "verkooporders": [
        _order(1, 1001, "2024-03-01T10:15:23", "tpl-web", "12"),
        _order(2, 1001, "2024-03-05T09:00:00", "tpl-zakelijk", "13"),
        _order(3, 1002, "2024-03-02T08:00:00", "tpl-zakelijk", "14"),
        _order(4, 1002, "2024-03-02T08:00:00", "tpl-web", "12"),  # same moment: the higher number is later
        _order(5, 1003, "2024-03-03T08:00:00", "", "15"),  # no template
    ],
}


@pytest.fixture
def contract_document() -> dict:
    return copy.deepcopy(CONTRACT_DOCUMENT)


@pytest.fixture
def contract_snapshot(contract_document: dict) -> Snapshot:
    return load_snapshot(contract_document)


@pytest.fixture(params=ADAPTERS, ids=lambda factory: factory.name)
def adapter_factory(request) -> AdapterFactory:
    return request.param


@pytest.fixture
def administration(adapter_factory: AdapterFactory, contract_snapshot: Snapshot, tmp_path: Path) -> ContractAdapter:
    return adapter_factory.open(contract_snapshot, tmp_path)
