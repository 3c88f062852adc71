"""`sconnect reconcile` and `sconnect run --dry-run` as a user runs them (SPEC §8, §11): on the
embedded default (and the b2b kind in test_reconcile_b2b.py), against the demo shop."""
from __future__ import annotations

import hashlib
import io
import json
import sqlite3
from datetime import datetime

import pytest
from rich.console import Console

from application.findings import Finding
from application.reconcile import ReconcileReport
from infrastructure.clock import SystemClock
from infrastructure.state import SqliteStateStore
from installation import Installation
from interfaces.cli_reconcile import findings
from profiles import NO_SHOP

pytestmark = pytest.mark.slow


def reconcile_json(installation, *args) -> tuple[int, dict]:
    result = installation.sconnect("reconcile", "--json", *args)
    assert result.returncode in (0, 3), result.stderr
    return result.returncode, json.loads(result.stdout)


def kinds(report: dict) -> list[tuple]:
    return [(f["kind"], f["order"], tuple(f["sales_orders"])) for f in report["findings"]]


def delete_sales_order(installation, number: int) -> None:
    """A bookkeeper deletes the sales order in SnelStart."""
    db = sqlite3.connect(installation.admin_file)
    with db:
        db.execute("DELETE FROM tblVerkooporderRegel WHERE nummer = ?", (number,))
        db.execute("DELETE FROM tblVerkooporder WHERE nummer = ?", (number,))
    db.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_nothing_to_report_after_a_run_then_a_deleted_order_is_booked_again(installation):
    installation.sconnect("run", check=True)
    code, report = reconcile_json(installation)
    assert (code, report["findings"]) == (0, [])
    assert report["checked"] == {"history": 5, "snelstart": 6, "shop": 6}

    delete_sales_order(installation, 2)  # order 12's
    code, report = reconcile_json(installation)
    assert code == 3 and kinds(report) == [("missing_in_snelstart", "12", (2,))]

    piped = installation.sconnect("reconcile", "--rebook", "12")  # no terminal, no --yes
    assert piped.returncode == 2 and "add --yes" in piped.stderr and "nothing changed" in piped.stderr
    refused = installation.sconnect("reconcile", "--rebook", "13", "--yes")
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("nothing changed: SnelStart still has sales order 3 with betalingskenmerk 13: "
                                      "order 13 is not missing; nothing to book again")
    done = installation.sconnect("reconcile", "--rebook", "12", "--yes")
    assert done.returncode == 0 and "order 12 will be booked again by the next run" in done.stdout

    code, run = installation.run_json()
    assert code == 0 and [(o["order"], o["status"]) for o in run["orders"]] == [("12", "created")]
    assert [o.payment_reference for o in installation.sales_orders()].count("12") == 1
    code, report = reconcile_json(installation)
    assert (code, report["findings"], report["checked"]["snelstart"]) == (0, [], 6)


def test_a_change_in_the_shop_is_warned_by_the_run_and_listed_until_acknowledged(installation, shop):
    installation.sconnect("run", check=True)
    shop.update_order("1817700_00012", order_status="cancelled", change_time="20991231120000")
    code, run = installation.run_json()
    [entry] = run["orders"]
    assert (code, entry["order"], entry["status"]) == (0, "12", "changed_in_shop")
    assert entry["warnings"][0].startswith("changed in the shop after it was booked as sales order 2: cancelled")
    log = installation.sconnect("log").stdout
    assert "order 12: warning: changed in the shop after it was booked as sales order 2: cancelled" in log

    code, report = reconcile_json(installation)
    assert code == 3 and kinds(report) == [("changed_in_shop", "12", (2,))]
    acknowledged = installation.sconnect("reconcile", "--ack", "12")
    assert acknowledged.returncode == 0 and "acknowledged" in acknowledged.stdout
    assert reconcile_json(installation)[0] == 0
    assert installation.sconnect("reconcile", "--ack", "13").returncode == 2  # nothing changed there


def test_the_shop_unreachable_gives_exit_75_and_no_report(tmp_path):
    installation = Installation(tmp_path, NO_SHOP)
    result = installation.sconnect("reconcile", "--json")
    assert result.returncode == 75 and result.stdout == "" and "myShop" in result.stderr
    left_out = installation.sconnect("reconcile", "--json", "--no-shop")
    assert left_out.returncode == 0 and json.loads(left_out.stdout)["checked"]["shop"] is None


def test_rebook_and_ack_are_usage_errors_together(installation):
    result = installation.sconnect("reconcile", "--rebook", "12", "--ack", "12")
    assert result.returncode == 2 and "not both" in result.stderr


def test_a_dry_run_writes_nothing_anywhere(installation, shop):
    installation.sconnect("run", check=True)
    shop.add_order(30, change_time="20991231120000", email="nieuw@voorbeeld.nl")
    state, administration = installation.folder / "state.sqlite", installation.admin_file
    before = {p.name: digest(p) for p in installation.folder.iterdir() if p.is_file()}

    result = installation.sconnect("run", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["dry_run"] is True and report["would_create"] == 1 and report["busy"] is False
    [planned] = report["orders"]
    assert planned["order"] == "30" and planned["status"] == "would_create" and planned["customer_created"]
    assert {p.name: digest(p) for p in installation.folder.iterdir() if p.is_file()} == before
    assert digest(state) == before["state.sqlite"] and digest(administration) == before[administration.name]

    code, run = installation.run_json()  # the real run does what the dry run said
    assert [(o["order"], o["status"], o["customer_created"]) for o in run["orders"]] == [("30", "created", True)]


def test_a_dry_run_while_a_run_is_busy_takes_no_lock_and_says_so(installation, shop):
    installation.sconnect("run", check=True)
    with SqliteStateStore(installation.folder / "state.sqlite") as store:
        assert store.acquire_lock("shop1", "other-host:4242:", SystemClock().now(), 1800)
    before = digest(installation.folder / "state.sqlite")
    result = installation.sconnect("run", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "a run of profile shop1 is busy right now (other-host:4242:)" in result.stdout
    assert digest(installation.folder / "state.sqlite") == before
    assert installation.sconnect("run").returncode == 75  # the lock is still the other run's


def test_a_dry_run_without_a_state_file_creates_none(installation):
    result = installation.sconnect("run", "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["would_create"] == 5
    assert not (installation.folder / "state.sqlite").exists()


def test_the_table_reads_at_80_columns_and_prints_shop_text_as_text():
    report = ReconcileReport("shop1", datetime(2024, 3, 1), 3, 3, 3, [
        Finding("missing_in_snelstart", "12", (17,), "booked as sales order 17, which SnelStart no longer has "
                "dated from 2024-03-01 (deleted, or its date changed by hand); `sconnect reconcile --rebook 12` "
                "books it again at the next run"),
        Finding("changed_in_shop", "13", (18,), "changed in the shop after it was booked as sales order 18: "
                "line [red]GRATIS[/red] added (1 × 0.00)")])
    out = io.StringIO()
    findings(Console(file=out, width=80, force_terminal=True, color_system=None), report)
    text = out.getvalue()
    assert all(len(line) <= 80 for line in text.splitlines()), text
    assert "[red]GRATIS[/red]" in text  # as typed in the shop, not as rich markup
    assert "missing in SnelStart" in text and "2 finding(s): 1 missing in SnelStart, 1 changed in shop." in text


def test_piped_findings_are_one_line_each_never_wrapped(capsys):
    detail = "SnelStart has 2 sales orders with betalingskenmerk 12: 2, 7; " + "remove the extra one " * 8
    report = ReconcileReport("shop1", None, 1, 2, None, [Finding("booked_twice", "12", (2, 7), detail)])
    out = io.StringIO()
    findings(Console(file=out, width=80), report)
    assert out.getvalue().splitlines()[0] == ("Orders: 1 in the history, 2 sales orders in SnelStart, the shop left "
                                              "out (--no-shop).")
    assert capsys.readouterr().out == f"12\tbooked_twice\t2,7\t{detail}\n"
