"""Exactly once (SPEC §10): the run is killed (SIGKILL) or fails at each step in turn; a clean
rerun then books every order exactly once and loses none."""
from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

DRIVER = Path(__file__).with_name("crash_driver.py")
EXPECTED = {"12", "13", "14", "15", "17"}  # the demo shop's orders; 16 is an abandoned checkout

# The run books a chunk at a time (application/chunk.py; the driver's chunks are two orders):
# the chunk's claims in one durable commit, its writes in one embedded transaction committed once,
# then its booked records.
POINTS = [
    "state.claim_many:after",
    "gateway.begin_writes:after",
    "gateway.create_relation:before",
    "gateway.create_relation:after",
    "gateway.create_article:after",
    "gateway.create_sales_order:before",
    "gateway.create_sales_order:after",
    "gateway.commit_writes:before",
    "gateway.commit_writes:after",
    "state.record_booked_many:before",
    "state.record_booked_many:after",
    "state.set_cursor:before",
]


def crash(installation, point: str, nth: int, mode: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DRIVER), str(installation.config), point, str(nth), mode],
                          env=installation.env, cwd=installation.folder, capture_output=True, text=True,
                          timeout=120)


def assert_booked_exactly_once(installation) -> None:
    counts = Counter(o.payment_reference for o in installation.sales_orders())
    assert {ref: n for ref, n in counts.items() if ref in EXPECTED} == {ref: 1 for ref in EXPECTED}
    history = installation.sconnect("history", "--json", check=True).stdout
    import json
    states = {row["order"]: row["state"] for row in json.loads(history)}
    assert states == {ref: "booked" for ref in EXPECTED}


# (point, nth): the first call of every step, and the second where a run makes two
# (two orders, two new customers, two new articles): a crash in the middle of the run.
KILLS = [(p, 1) for p in POINTS] + [(p, 2) for p in POINTS if p != "state.set_cursor:before"]


@pytest.mark.slow
@pytest.mark.parametrize("point,nth", KILLS)
def test_killed_at_any_step_then_rerun_books_every_order_once(installation, point, nth):
    crashed = crash(installation, point, nth, "kill")
    assert crashed.returncode == -9, crashed.stderr  # it really died at that step
    code, report = installation.run_json()
    assert code == 0, report
    assert_booked_exactly_once(installation)
    # and a third run finds nothing left to do
    code, report = installation.run_json()
    assert (code, report["created"], report["failed"]) == (0, 0, 0)
    assert_booked_exactly_once(installation)


@pytest.mark.slow
@pytest.mark.parametrize("point", [p for p in POINTS if p.startswith("gateway.") and "begin_writes" not in p])
def test_a_write_that_raises_fails_that_order_alone_and_the_rerun_books_it_once(installation, point):
    crashed = crash(installation, point, 1, "raise")
    assert crashed.returncode == 0, crashed.stderr  # the run went on with the other orders
    code, report = installation.run_json()
    assert code == 0, report
    assert_booked_exactly_once(installation)


@pytest.mark.slow
@pytest.mark.parametrize("point", ["gateway.create_sales_order:after", "gateway.commit_writes:after",
                                   "state.record_booked_many:before"])
def test_without_unique_payment_reference_a_crash_after_the_write_still_books_once(installation, point):
    # Here a betalingskenmerk already in SnelStart is no reason to skip: only the record that
    # the write started keeps the rerun from writing the order a second time.
    installation.config.write_text(installation.config.read_text().replace(
        'template = "Webshop"', 'template = "Webshop"\nunique_payment_reference = false'))
    crashed = crash(installation, point, 2, "kill")
    assert crashed.returncode == -9, crashed.stderr
    code, report = installation.run_json()
    assert code == 0, report
    assert_booked_exactly_once(installation)



@pytest.mark.slow
def test_a_run_killed_before_sending_never_takes_over_an_older_order_with_the_same_betalingskenmerk(installation, shop):
    # SnelStart already has sales order 1 with betalingskenmerk 9 (the demo administration);
    # without unique_payment_reference the shop's own order 9 must still be booked, once.
    installation.config.write_text(installation.config.read_text().replace(
        'template = "Webshop"', 'template = "Webshop"\nunique_payment_reference = false'))
    shop.add_order(9, change_time="20240101000000", email="inkoop@devries.nl", status="processing")
    crashed = crash(installation, "gateway.create_sales_order:before", 1, "kill")
    assert crashed.returncode == -9, crashed.stderr
    code, report = installation.run_json()
    assert code == 0, report
    nines = sorted(o.number for o in installation.sales_orders() if o.payment_reference == "9")
    assert len(nines) == 2 and nines[0] == 1
    import json
    history = {row["order"]: row for row in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    assert history["9"]["state"] == "booked" and history["9"]["sales_order"] == nines[1]


# Inside the embedded administration's own write transaction: after a sales order's header,
# after its lines, after a new relation's row — before any of it is committed.
INSIDE_A_WRITE = [("insert.tblVerkooporder:after", "sales orders"),
                  ("insert.tblVerkooporderRegel:after", "sales orders"),
                  ("insert.tblRelatie:after", "relations")]


@pytest.mark.slow
@pytest.mark.parametrize("point,what", INSIDE_A_WRITE)
@pytest.mark.parametrize("nth", [1, 2])
def test_killed_inside_a_snelstart_write_leaves_nothing_half_written_and_the_rerun_books_once(
        installation, point, what, nth):
    before = installation.snapshot()
    crashed = crash(installation, point, nth, "kill")
    assert crashed.returncode == -9, crashed.stderr
    after = installation.snapshot()
    # The write in hand is gone as a whole, and with it the writes of its chunk (one transaction);
    # those of a chunk committed before it stay, whole (lines included).
    counts = {"sales orders": (len(before.sales_orders), len(after.sales_orders)),
              "relations": (len(before.relations), len(after.relations))}
    assert counts[what][0] <= counts[what][1] < counts[what][0] + nth
    assert all(order.lines for order in after.sales_orders)
    code, report = installation.run_json()
    assert code == 0, report
    assert_booked_exactly_once(installation)
