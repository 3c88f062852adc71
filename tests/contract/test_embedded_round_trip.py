"""The embedded administration and the snapshot format: a dump loads back into the same dump, and
a load that fails halfway leaves the administration as it was (one transaction)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import SConnectError
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.snapshot import Snapshot, load_snapshot, parse_snapshot_json, snapshot_json


def test_load_dump_load_dump_gives_identical_text(tmp_path, contract_document):
    with EmbeddedAdministration.create(tmp_path / "first.sqlite", load_snapshot(contract_document)) as first:
        dumped = snapshot_json(first.snapshot())
    with EmbeddedAdministration.create(tmp_path / "second.sqlite", parse_snapshot_json(dumped)) as second:
        again = snapshot_json(second.snapshot())

    assert again == dumped
    assert dumped == snapshot_json(load_snapshot(contract_document))  # complete: nothing lost on the way


def test_loading_over_an_administration_replaces_all_of_it(tmp_path, contract_snapshot):
    path = tmp_path / "admin.sqlite"
    EmbeddedAdministration.create(path, contract_snapshot).close()
    smaller = Snapshot(contract_snapshot.relations[:2], (), contract_snapshot.revenue_groups)

    with EmbeddedAdministration.create(path, smaller) as administration:
        assert administration.snapshot() == smaller
        assert administration.relation_by_code("1003") is None
        assert administration.sales_orders_with_payment_reference("12") == []


def test_a_load_that_fails_halfway_changes_nothing(tmp_path, contract_snapshot):
    path = tmp_path / "admin.sqlite"
    EmbeddedAdministration.create(path, contract_snapshot).close()
    with EmbeddedAdministration(path) as administration:
        before = snapshot_json(administration.snapshot())
    # Not a document load_snapshot would pass: a sales order of a relation that does not exist.
    # The relations, articles and orders before it are written first, then the transaction fails.
    broken = replace(contract_snapshot, sales_orders=contract_snapshot.sales_orders + (
        replace(contract_snapshot.sales_orders[0], number=99, relation_code=4242, id="o-99"),))

    with pytest.raises(SConnectError, match="cannot be loaded"):
        EmbeddedAdministration.create(path, broken)

    with EmbeddedAdministration(path) as administration:
        assert snapshot_json(administration.snapshot()) == before
