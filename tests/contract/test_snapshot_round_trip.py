"""Contract: what an adapter holds dumps to the snapshot format, and loads back unchanged."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain.article import NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.snelstart.snapshot import dump_snapshot, load_snapshot


def write_things(administration) -> None:
    relation = administration.create_relation(NewRelation(
        "Pieters Webwinkel", RelationAddress("Piet", "Dorpsstraat 7", "1234 AB", "Ergens", "NL"),
        email="piet@pieters.nl", vat_number="NL001234567B01", payment_term=14))
    administration.create_article(NewArticle("8711111111111", "Kopje", Decimal("4.50"), "og-hoog",
                                             code_field="EAN"))
    administration.update_relation(1002, NewRelation("Jan Jansen", RelationAddress("Jan", "Nieuwegracht 1",
                                                                                   "3512 LA", "Utrecht", "NL")))
    administration.create_sales_order(SalesOrderPlan(
        "20", relation.code, "tpl-zakelijk", datetime(2024, 3, 10, 12, 30, 5), "Webshop-order 20", True,
        lines=(PlanLine("8711111111111", Decimal("2"), None, Decimal("3.7190"), Decimal("21")),
               PlanLine("ART-3001", Decimal("1"), "Cold brew", None)),
        cost_type_1=Decimal("0.2893"), cost_type_1_vat_rate=Decimal("21"), memo="via myShop"))


def test_untouched_administration_dumps_what_was_loaded(administration, contract_document):
    assert dump_snapshot(administration.snapshot()) == dump_snapshot(load_snapshot(contract_document))


def test_dump_equals_what_was_written(administration, adapter_factory, tmp_path):
    write_things(administration)
    dumped = dump_snapshot(administration.snapshot())

    assert (dumped["relaties"][-1]["relatiecode"], dumped["relaties"][-1]["naam"]) == (2002, "Pieters Webwinkel")
    assert any(a["artikelcode"] == "8711111111111" and a["extraVelden"] == [{"naam": "EAN",
                                                                             "waarde": "8711111111111"}]
               for a in dumped["artikelen"])
    assert dumped["verkooporders"][-1]["betalingskenmerk"] == "20"
    assert dumped["verkooporders"][-1]["memo"] == "via myShop"

    fresh_folder = tmp_path / "fresh"
    fresh_folder.mkdir()
    fresh = adapter_factory.open(load_snapshot(dumped), fresh_folder)
    assert dump_snapshot(fresh.snapshot()) == dumped

    if adapter_factory.reopen is not None:
        assert dump_snapshot(adapter_factory.reopen(tmp_path).snapshot()) == dumped
