"""Contract: a chunk's exactly-once check in one call says, per betalingskenmerk, exactly what
the single look-up says — every reference asked is a key ([] when none), and a sales order
written a moment ago is found (never answered from a cache)."""
from __future__ import annotations

from decimal import Decimal

from domain.sales_order import PlanLine
from infrastructure.snelstart.snapshot import load_snapshot
from test_gateway_sales_orders import plan


def test_every_reference_asked_is_answered_as_the_single_look_up_answers_it(administration):
    asked = ["12", "13", "99", "1", "12"]

    found = administration.sales_orders_with_payment_references(asked)

    assert set(found) == {"12", "13", "99", "1"}
    for reference in found:
        assert found[reference] == administration.sales_orders_with_payment_reference(reference), reference
    assert sorted((ref.number, ref.relation_code) for ref in found["12"]) == [(1, 1001), (4, 1002)]
    assert all(ref.total_incl_vat == Decimal("8.50") for ref in found["12"])
    assert found["99"] == [] and found["1"] == []  # exact, not a prefix
    assert administration.sales_orders_with_payment_references([]) == {}


def test_a_sales_order_just_written_is_found_by_the_next_batch(administration):
    assert administration.sales_orders_with_payment_references(["20", "13"])["20"] == []

    created = administration.create_sales_order(plan([PlanLine("ART-2001", Decimal("1"), "Mok", Decimal("8.50"))]))

    found = administration.sales_orders_with_payment_references(["20", "13"])
    assert [(ref.number, ref.relation_code) for ref in found["20"]] == [(created.number, 1001)]
    assert [ref.number for ref in found["13"]] == [2]


def test_more_references_than_one_statement_holds(adapter_factory, contract_document, tmp_path):
    # 260 references: more than one query's worth for the embedded kind (256 a statement).
    contract_document["verkooporders"][1]["betalingskenmerk"] = "5300"
    administration = adapter_factory.open(load_snapshot(contract_document), tmp_path)
    asked = [str(n) for n in range(5000, 5260)] + ["12", " 5300 "]

    found = administration.sales_orders_with_payment_references(asked)

    assert set(found) == set(asked)
    assert sorted(ref.number for ref in found["12"]) == [1, 4]
    assert [ref.number for ref in found[" 5300 "]] == [2]
    assert all(found[r] == [] for r in asked[:260])
