"""The relations' copy kept between runs (infrastructure/snelstart/b2b/relation_copy.py): what is
written reads back as the same relation, every field; only fields that differ from their default
are written, and a copy written whole (every field, as the first S-Connect to keep one did)
reads the same."""
from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from domain.customer import EmailSetting, Relation, RelationAddress
from infrastructure.snelstart.b2b import relation_copy

BARE = Relation(1001, "Bakkerij Zoet")
FULL = Relation(1002, "Zwanenburg Hoveniers", RelationAddress("An Klant", "Kwakelpad 17", "1431 AB", "Aalsmeer", "NL"),
                RelationAddress("", "Postbus 4", "1430 AA", "Aalsmeer", "BE"), "an@x.nl; info@x.nl", "0297-123456",
                "NL001234567B01", "01234567", 0, EmailSetting(True, "factuur@x.nl", "cc@x.nl"),
                EmailSetting(False, "offerte@x.nl"), EmailSetting(True), EmailSetting(), (("Branche", "Tuin"),),
                True, ("Klant", "Leverancier"), "3f2a9c1e-0000-4000-8000-000000000001")


@pytest.mark.parametrize("relation", [BARE, FULL, Relation(7, "", kinds=())])
def test_a_relation_reads_back_as_it_was_written(relation):
    back = relation_copy.loads(relation_copy.dumps(relation))
    assert back == relation and back.id == relation.id  # `id` is left out of ==


def test_only_what_differs_from_the_default_is_written_and_a_copy_written_whole_reads_the_same():
    assert json.loads(relation_copy.dumps(BARE)) == {"code": 1001, "name": "Bakkerij Zoet"}
    whole = json.dumps(asdict(FULL), ensure_ascii=False)
    assert relation_copy.loads(whole) == FULL and relation_copy.loads(json.dumps(asdict(BARE))) == BARE
