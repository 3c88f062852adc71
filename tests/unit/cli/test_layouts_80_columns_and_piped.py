"""Every command's output through rich's console at 80 columns and as a pipe (issue #20, item 4).

At 80 columns no line is longer than the terminal, no fact is cut off (no "…"), a time is never
split over two lines, and long texts wrap at words. Piped, nothing is ever wrapped: one order,
one log entry, one status per line, whole — scripts and `grep` read it."""
from __future__ import annotations

import io
import re
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from rich.console import Console

from application.ports import LogEntry, OrderState, ProcessedOrder, RunRecord
from application.run_report import OrderOutcome, RunReport
from interfaces import layout, render, render_explain, render_log, render_status
from interfaces.demo.report import again, outcomes

LONG = ("shipping costs 6.95 incl. VAT left out of the sales order: sales.shipping_costs is not set; the "
        "bookkeeper misses this amount, so set it to a line article or a cost type in the configuration file")
REASON = "ambiguous customer: e-mail info@bakker-familie.nl matches relations 1004, 1005 (both Klant, both active)"
WHEN = datetime(2026, 12, 6, 11, 28)
COMMAND = "/home/anna/s-connect/.venv/bin/sconnect --config /home/anna/winkel/config.toml retry 18"


def at_80() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, width=80, force_terminal=True, color_system=None), buffer


def piped() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return layout.console(file=buffer), buffer


def fits(text: str) -> str:
    for row in text.splitlines():
        # A command to copy is the one exception: rich never breaks it (the terminal folds it on
        # screen, and copying it gives one line).
        assert len(row) <= 80 or row.strip() == COMMAND, row
    assert "…" not in text, "a fact was cut off"
    return " ".join(text.split())  # the words, as read


def report() -> RunReport:
    return RunReport("shop1", [OrderOutcome("15", "created", 17, 1398, True, warnings=(LONG,)),
                               OrderOutcome("18", "failed", reason=REASON, held=True),
                               OrderOutcome("19", "skipped", reason="betalingskenmerk 19 already in SnelStart")],
                     unchanged=1, held=["18"])


def rows() -> list[ProcessedOrder]:
    return [ProcessedOrder("shop1", "15", "x15", OrderState.BOOKED, 0, None, 17, 1398, Decimal("56.90"),
                           Decimal("49.95"), warnings=(LONG,), updated_at=WHEN),
            ProcessedOrder("shop1", "18", "x18", OrderState.HELD, 3, last_error=REASON, updated_at=WHEN)]


def test_the_run_report_at_80_columns():
    out, buffer = at_80()
    render.run_report(out, report(), COMMAND)
    words = fits(buffer.getvalue())
    assert "verkooporder 17, klant 1398 (new)" in words and LONG in words and REASON in words
    assert COMMAND in buffer.getvalue()  # on a line of its own, never broken by rich


def test_the_run_report_piped_is_one_line_per_order():
    out, buffer = piped()
    render.run_report(out, report(), COMMAND)
    text = buffer.getvalue()
    assert any(LONG in row and row.lstrip("│ ").startswith("15") for row in text.splitlines())
    assert any(REASON in row and "held" in row for row in text.splitlines())
    assert COMMAND in text.splitlines()[-1]


def test_history_at_80_columns_keeps_dates_whole_and_wraps_notes_at_words():
    out, buffer = at_80()
    render.history(out, rows())
    text = buffer.getvalue()
    words = fits(text)
    assert "2026-12-06 11:28" in text  # never split over two lines
    assert "verkooporder 17, klant 1398, total 56.90" in words and LONG in words and REASON in words
    assert re.search(r"^18 +held +3 failures, 2026-12-06 11:28", text, re.M)


def test_history_piped_is_one_line_per_order():
    out, buffer = piped()
    render.history(out, rows())
    lines = buffer.getvalue().splitlines()
    assert any(LONG in row and "2026-12-06 11:28" in row for row in lines)
    assert any(REASON in row and "held" in row for row in lines)


def status() -> dict:
    return {"profile": "shop1", "description": "www.voorbeeld.nl", "interval": "15m",
            "next_run": "2026-12-06T11:45:00", "state": "ready", "due": False,
            "last_run": {"at": "2026-12-06T11:30:00", "finished_at": "2026-12-06T11:31:00", "created": 5,
                         "skipped": 0, "failed": 1, "unchanged": 0},
            "held": {"count": 1, "orders": ["18"], "release": COMMAND}}


def test_status_at_80_columns_is_a_block_with_whole_times():
    out, buffer = at_80()
    render_status.status(out, [status()])
    text = buffer.getvalue()
    fits(text)
    assert text.splitlines()[0] == "shop1 (www.voorbeeld.nl): Gereed / Ready"
    assert "every 15m, next run 2026-12-06 11:45" in text and "2026-12-06 11:30: booked 5" in text
    assert COMMAND in text


def test_status_piped_is_the_one_status_line():
    out, buffer = piped()
    render_status.status(out, [status()])
    [line] = buffer.getvalue().splitlines()
    assert line.startswith("shop1 (www.voorbeeld.nl): Gereed / Ready; every 15m, next run 2026-12-06 11:45; ")
    assert line.endswith(COMMAND)


def log() -> tuple[list[LogEntry], dict]:
    step = ("customer: recognition smart: step 2 (e-mail) found relations 1004 and 1005 by the invoice e-mail "
            "info@bakker-familie.nl; narrowed by the postcode 1234 AB of the delivery address: none left; "
            "steps 3 to 5 found nothing either")
    entries = [LogEntry(WHEN, "shop1", 1, "18", "detailed", step), LogEntry(WHEN, "shop1", 1, "18", "basic", REASON)]
    return entries, {1: RunRecord(1, "shop1", WHEN, WHEN, {"created": 0, "skipped": 0, "failed": 1})}


def test_the_detailed_log_at_80_columns_wraps_at_words_under_the_message():
    out, buffer = at_80()
    render_log.print_log(out, *log())
    text = buffer.getvalue()
    words = fits(text)
    assert REASON in words and "narrowed by the postcode 1234 AB" in words
    continuation = [row for row in text.splitlines() if not row.startswith("2026")]
    assert continuation and all(row.startswith(" " * 20) for row in continuation)  # under the message
    assert not any(re.search(r"\w-$", row) for row in text.splitlines())  # no word cut at the edge


def test_the_log_piped_is_one_line_per_entry():
    out, buffer = piped()
    render_log.print_log(out, *log())
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 3 and lines[0].endswith("booked 0, skipped 0, failed 1")
    assert lines[2].endswith(f"order 18: {REASON}")


def explanation() -> SimpleNamespace:
    lines = [{"article": "ART-3001", "description": "Cold brew krat 6 flessen, de zomerse klassieker van het huis",
              "quantity": "2", "unit_price": "17.50", "vat_rate": "9", "recipe": False},
             {"article": "STATIEGELD", "description": "Statiegeld fles", "quantity": "12", "unit_price": "0.15",
              "vat_rate": "21", "recipe": True}]
    plan = {"template": "Webshop", "vat_entry": "Inclusief", "description": "Webshop-order 18",
            "payment_reference": "18", "lines": lines, "cost_type_1": "0", "cost_type_2": "0",
            "new_relation": None, "new_articles": [], "notes": [], "warnings": [LONG], "shop_total": "35.00",
            "planned_total": "36.80"}
    data = {"order": "18", "order_id": "1817700_00018",
            "history": {"state": "held", "attempts": 3, "sales_order": None, "last_error": REASON},
            "customer": {"explanation": "recognition smart: step 1 (customer code) …", "relation": 1001,
                         "new": False}, "refused": None, "plan": plan}
    return SimpleNamespace(to_json=lambda: data)


@pytest.mark.parametrize("make", [at_80, piped])
def test_explain_fits_and_says_it_in_words(make):
    out, buffer = make()
    render_explain.explanation(out, explanation())
    text = buffer.getvalue()
    words = " ".join(text.split())
    if make is at_80:
        for row in text.splitlines():
            assert len(row) <= 80, row
    assert "held after 3 failed attempts" in words and "verkoopordersjabloon 'Webshop' (prices incl. VAT)" in words
    assert "de zomerse klassieker van het huis" in words and LONG in words


def test_the_demo_table_at_80_columns_and_piped():
    orders = {"3026": SimpleNamespace(story="a shared mailbox from a third address: not guessed"),
              "3032": SimpleNamespace(story="a new private customer, and an article SnelStart lacks")}
    result = RunReport("demo", [OrderOutcome("3026", "failed", reason=REASON),
                                OrderOutcome("3032", "created", 31, 1385, True, recognised_by="new")])
    out, buffer = at_80()
    out.print(outcomes(out, result, orders, {}))
    words = fits(buffer.getvalue())
    assert "verkooporder 31, klant 1385 (new), nobody matched: a new customer" in words
    assert "case: a shared mailbox from a third address: not guessed" in words and REASON in words
    out, buffer = piped()
    out.print(outcomes(out, result, orders, {}))
    lines = buffer.getvalue().splitlines()
    assert any(row.startswith("│ 3026") and REASON in row and "not guessed" in row for row in lines)
    assert any(row.startswith("│ 3032") and "1385 (new)" in row for row in lines)


def test_the_demos_second_run_at_80_columns_and_piped():
    # The order number stays whole and the reason wraps under itself (it was cut to "…" at 80).
    result = RunReport("demo", [OrderOutcome("3026", "failed", reason=REASON),
                                OrderOutcome("3053", "created", 51, 1003, False)])
    out, buffer = at_80()
    out.print(again(result))
    words = fits(buffer.getvalue())
    assert f"3026 failed again: {REASON}" in words and "3053 booked: verkooporder 51 for klant 1003" in words
    out, buffer = piped()
    out.print(again(result))
    rows = [row.strip() for row in buffer.getvalue().splitlines()]
    assert f"3026 failed again: {REASON}" in rows and "3053 booked: verkooporder 51 for klant 1003" in rows
