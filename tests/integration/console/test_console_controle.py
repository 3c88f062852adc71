"""The Controle tab: `sconnect reconcile`'s use case in the browser — its findings, and its
repairs refused where they do not apply (nothing changed), as the command refuses them."""
from __future__ import annotations

import sqlite3

from profiles import E2E_ARTICLES, E2E_SALES

HOLDS = {"sales": {**E2E_SALES, "default_article_code": "BESTAATNIET"},
         "articles": {**E2E_ARTICLES, "processing": "manual"}}


def test_the_report_lists_what_reconcile_finds_and_a_repair_that_does_not_apply_changes_nothing(console_at, shop):
    browser = console_at(shop.base_url, **HOLDS)
    assert "Controleren" in browser.get("/controle").text and 'id="findings"' not in browser.get("/controle").text
    browser.post("/run/shop1")
    browser.wait_for_runs()
    held = sorted(r.order_number for r in browser.console.state.history("shop1") if r.state.value == "held")
    booked = sorted(r.order_number for r in browser.console.state.history("shop1") if r.state.value == "booked")
    assert "Niets te melden" in browser.get("/controle?controleer=1&van=2000-01-01").text
    question = browser.get(f"/controle/shop1/{booked[0]}/rebook")  # SnelStart still has it: nothing to rebook
    assert "niets gewijzigd" in question.text
    assert "niets gewijzigd" in browser.post(f"/controle/shop1/{booked[0]}/ack").text
    assert browser.console.state.get("shop1", booked[0]).state.value == "booked"
    forgotten = booked[-1]  # SnelStart has its sales order; the history loses it
    with sqlite3.connect(browser.console.config().state_path) as db:
        db.execute("DELETE FROM processed_order WHERE order_number = ?", (forgotten,))
    page = browser.get("/controle?controleer=1&van=2000-01-01").text
    assert 'id="findings"' in page and "niet in de historie" in page and f"<td>{forgotten}</td>" in page
    assert held and not any(f"<td>{number}</td>" in page for number in held)
    assert "Gereed" in browser.get("/").text
