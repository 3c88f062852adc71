"""The run's closing line counts a booked order the shop changed since with the orders done
earlier, and says so: the table above lists it, and "fetched 0" alone would contradict it."""
from __future__ import annotations

import io

from rich.console import Console

from application.run_report import CHANGED_IN_SHOP, OrderOutcome, RunReport
from interfaces import render


def _printed(report: RunReport) -> str:
    buffer = io.StringIO()
    render.run_report(Console(file=buffer, width=80, color_system=None), report)
    return buffer.getvalue()


def test_a_change_in_the_shop_is_named_in_the_summary():
    changed = OrderOutcome("13", CHANGED_IN_SHOP, 3, 1009, warnings=("changed in the shop after it was booked as "
                                                                     "sales order 3: cancelled",))
    shown = _printed(RunReport("shop1", unchanged=2, changed=[changed]))
    # The state in words (docs/words.md); `run --json` keeps "changed_in_shop".
    assert "13 changed in shop" in shown
    assert " ".join(shown.split()).endswith("booked 0, skipped 0, failed 0; 2 done earlier (sent again by the shop, "
                                            "not booked again), 1 of them changed in the shop since (see sconnect "
                                            "reconcile)")


def test_without_a_change_the_summary_is_as_before():
    shown = _printed(RunReport("shop1", [OrderOutcome("40", "created", 7, 1011)], unchanged=1))
    assert " ".join(shown.split()).endswith("booked 1, skipped 0, failed 0; 1 done earlier (sent again by the shop, "
                                            "not booked again)")
