"""`embedded load` validates every required field of the snapshot (docs/snapshot.md): a field
left out is refused with one line naming it, and nothing is loaded."""
from __future__ import annotations

import copy

import pytest

from infrastructure.snelstart.snapshot import SnapshotError, load_snapshot

DOCUMENT = {
    "artikelomzetgroepen": [{"id": "og-hoog", "nummer": 1, "omschrijving": "Omzet hoog", "btwSoort": "Hoog"}],
    "verkoopordersjablonen": [{"id": "tpl-web", "nummer": 2, "omschrijving": "Webshop"}],
    "relaties": [{"relatiecode": 1001, "naam": "Bakkerij De Vries", "extraVeldenKlant": [{"naam": "webshop",
                                                                                           "waarde": "ja"}]}],
    "artikelen": [
        {"artikelcode": "KRAT", "omschrijving": "Krat", "verkoopprijs": "18.00", "artikelOmzetgroep": "og-hoog",
         "extraVelden": [{"naam": "EAN", "waarde": "871"}],
         "recept": {"plaatsen": "altijd", "regels": [{"artikelcode": "FLES", "aantal": "6"}]}},
        {"artikelcode": "FLES", "omschrijving": "Fles", "verkoopprijs": "0.15"}],
    "verkooporders": [{"nummer": 1, "relatie": 1001, "datum": "2024-03-01T10:15:23",
                       "verkoopordersjabloon": "tpl-web", "regels": []}],
}
REQUIRED = [
    ("artikelomzetgroepen", 0, "nummer"), ("artikelomzetgroepen", 0, "omschrijving"),
    ("verkoopordersjablonen", 0, "omschrijving"),
    ("relaties", 0, "relatiecode"), ("relaties", 0, "naam"),
    ("relaties", 0, "extraVeldenKlant", 0, "naam"),
    ("artikelen", 0, "artikelcode"), ("artikelen", 0, "omschrijving"),
    ("artikelen", 0, "extraVelden", 0, "naam"), ("artikelen", 0, "recept", "regels", 0, "artikelcode"),
    ("verkooporders", 0, "nummer"), ("verkooporders", 0, "relatie"), ("verkooporders", 0, "datum"),
]


def _path(steps: tuple) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text


def test_the_document_is_whole():
    assert len(load_snapshot(DOCUMENT).articles) == 2


@pytest.mark.parametrize("steps", REQUIRED, ids=_path)
def test_a_required_field_left_out_is_named_in_one_line(steps):
    document = copy.deepcopy(DOCUMENT)
    parent = document
    for step in steps[:-1]:
        parent = parent[step]
    del parent[steps[-1]]
    with pytest.raises(SnapshotError) as refused:
        load_snapshot(document)
    assert str(refused.value) == f"{_path(steps)}: required"
