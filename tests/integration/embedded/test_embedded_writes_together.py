"""A chunk's writes in one transaction of the embedded administration (begin/commit_writes):
invisible to others until the one commit, undone whole when abandoned, and a write refused
or broken off inside it undone alone (a savepoint) — through the real SQLite3 ODBC driver."""
from __future__ import annotations

import pytest

from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.odbc.sqlite import connect_sqlite

from embedded_support import demo_snapshot, new_relation, order_plan


def test_the_writes_of_a_chunk_are_seen_by_others_only_after_its_one_commit(tmp_path):
    path = tmp_path / "administration.sqlite"
    EmbeddedAdministration.create(path, demo_snapshot()).close()
    with EmbeddedAdministration(path) as writer, EmbeddedAdministration(path) as other:
        orders_before = len(other.snapshot().sales_orders)
        writer.begin_writes()
        relation = writer.create_relation(new_relation("Anna Jansen"))
        created = writer.create_sales_order(order_plan("5001", relation.code))
        assert writer.sales_orders_with_payment_reference("5001")  # the run's own reads see them
        assert other.relation_by_code(str(relation.code)) is None and not other.sales_orders_with_payment_reference("5001")
        writer.commit_writes()
        assert other.relation_by_code(str(relation.code)) is not None
        assert [ref.number for ref in other.sales_orders_with_payment_reference("5001")] == [created.number]
        writer.begin_writes()
        writer.create_sales_order(order_plan("5002", relation.code))
        writer.abandon_writes()
        assert len(other.snapshot().sales_orders) == orders_before + 1


def test_a_write_broken_off_inside_the_chunk_is_undone_alone(tmp_path):
    db = connect_sqlite(tmp_path / "plain.sqlite")
    db.execute("CREATE TABLE t (x INTEGER)")
    db.begin()
    with db.write():
        db.execute("INSERT INTO t (x) VALUES (1)")
    with pytest.raises(RuntimeError), db.write():  # e.g. a sales order's header without its lines
        db.execute("INSERT INTO t (x) VALUES (2)")
        raise RuntimeError("killed between header and lines")
    with db.write():
        db.execute("INSERT INTO t (x) VALUES (3)")
    db.commit()
    assert sorted(row[0] for row in db.rows("SELECT x FROM t")) == [1, 3]
    db.close()
