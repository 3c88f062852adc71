"""Contract: a betalingskenmerk typed by hand with surrounding spaces is still found by the
exactly-once check. Were it missed, the order would be booked a second time."""
from __future__ import annotations

from decimal import Decimal

from infrastructure.snelstart.snapshot import load_snapshot


def test_a_betalingskenmerk_stored_with_surrounding_spaces_is_found(adapter_factory, contract_document, tmp_path):
    contract_document["verkooporders"][0]["betalingskenmerk"] = " 12 "  # order 1; order 4 holds "12"
    administration = adapter_factory.open(load_snapshot(contract_document), tmp_path)

    for asked in ("12", " 12", "12 "):
        found = administration.sales_orders_with_payment_reference(asked)
        assert sorted((ref.number, ref.relation_code) for ref in found) == [(1, 1001), (4, 1002)], asked
        assert all(ref.total_incl_vat == Decimal("8.50") for ref in found)
    assert administration.sales_orders_with_payment_reference("1") == []  # still exact, not a prefix
    if adapter_factory.reopen is not None:  # what is kept to look it up survives the file
        again = adapter_factory.reopen(tmp_path)
        assert sorted(ref.number for ref in again.sales_orders_with_payment_reference("12")) == [1, 4]


def test_the_betalingskenmerk_is_kept_as_typed(adapter_factory, contract_document, tmp_path):
    contract_document["verkooporders"][0]["betalingskenmerk"] = " 12 "
    administration = adapter_factory.open(load_snapshot(contract_document), tmp_path)

    kept = {order.number: order.payment_reference for order in administration.snapshot().sales_orders}

    assert kept[1] == " 12 " and kept[4] == "12"
