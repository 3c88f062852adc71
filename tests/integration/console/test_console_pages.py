"""The console's pages over a real installation (embedded administration, myShop simulator):
each does what the CLI's command does, through the same use case."""
from __future__ import annotations

import io
import os
import re

import openpyxl

from console_support import COMMENTED, KEY
from profiles import E2E_ARTICLES, E2E_SALES

# Articles kept by hand and a default article SnelStart does not have: the orders with an
# article SnelStart lacks fail, and (max_attempts 1) are held at once.
HOLDS = {"sales": {**E2E_SALES, "default_article_code": "BESTAATNIET"},
         "articles": {**E2E_ARTICLES, "processing": "manual"}}


def booked_and_held(browser):
    rows = browser.console.state.history("shop1")
    return ({r.order_number for r in rows if r.state.value == "booked"},
            {r.order_number for r in rows if r.state.value == "held"})


def test_run_now_books_the_orders_and_the_pages_show_them(console_at, shop):
    browser = console_at(shop.base_url, **HOLDS)
    page = browser.get("/")
    assert "Nu uitvoeren" in page.text and "Gereed" in page.text and "nog niet uitgevoerd" in page.text
    started = browser.post("/run/shop1", follow_redirects=False)
    assert started.status_code == 303
    browser.wait_for_runs()
    booked, held = booked_and_held(browser)
    assert booked and held  # the demo shop has orders that book and orders that cannot
    page = browser.get("/").text
    assert "Gereed" in page and f"{len(booked)} aangemaakt" in page
    # The information log, newest first, in the page's language: Dutch as the manual says it
    # (the state store keeps what the run wrote, which `sconnect log` shows).
    assert re.search(r"aangemaakt: verkooporder \d+ voor klant \d+", page) and "booked: verkooporder" not in page
    basic = browser.console.state.log_entries("shop1")
    assert any(e.message.startswith("booked: verkooporder") for e in basic)
    shown = re.findall(r"<td>([^<]*)</td></tr>", page)
    assert shown and not [m for m in shown if re.match(r"(booked|warning|failed|skipped):", m)]
    english = browser.get("/", headers={"accept-language": "en"}).text
    assert "booked: verkooporder" in english and "aangemaakt:" not in english
    workbook = openpyxl.load_workbook(io.BytesIO(browser.get("/log/export").content))["shop1"]
    assert any(str(row[5]).startswith("aangemaakt: verkooporder") for row in workbook.iter_rows(values_only=True))
    orders = browser.get("/orders?status=held").text
    assert all(f">{number}</a>" in orders for number in held)
    assert not any(f">{number}</a>" in orders for number in booked)
    assert browser.get("/orders?status=booked&van=2000-01-01").text.count('class="state booked"') == len(booked)
    assert "geen datum" in browser.get("/orders?van=gisteren").text


def test_an_explanation_and_a_retry_of_a_held_order(console_at, shop):
    browser = console_at(shop.base_url, **HOLDS)
    browser.post("/run/shop1")
    browser.wait_for_runs()
    booked, held = booked_and_held(browser)
    number = sorted(booked)[0]
    page = browser.get(f"/orders/shop1/{number}").text
    assert "Klantherkenning" in page and "geboekt" in page and KEY not in page
    stuck = sorted(held)[0]
    released = browser.post(f"/orders/shop1/{stuck}/retry?next=/orders")
    assert browser.console.state.get("shop1", stuck).state.value == "failed"  # what `sconnect retry` does
    assert "vrijgegeven" in released.text and released.url.path == "/orders"
    assert "niets vrijgegeven" in browser.post(f"/orders/shop1/{number}/retry").text


def test_run_now_on_a_busy_profile_says_busy(console_at):
    browser = console_at()
    state, now = browser.console.state, browser.console.clock.now()
    assert state.acquire_lock("shop1", "elsewhere:1:", now, 600)  # another machine's run holds it
    page = browser.post("/run/shop1").text
    assert "is al bezig" in page and not browser.console.runs.running("shop1")
    assert "ander programma" in page


def test_the_log_pages_exports_and_clears(console_at):
    browser = console_at()
    state, now = browser.console.state, browser.console.clock.now()
    for i in range(120):
        state.log("shop1", None, str(i), "basic", f"entry {i}", now)
    state.log("shop1", None, "7", "detailed", "a detailed step", now)
    first = browser.get("/").text
    assert "entry 119" in first and "entry 69" not in first and "Nieuwer" not in first
    older = re.search(r'href="(/\?ouder=[^"]+)" id="log-older"', first)[1]
    second = browser.get(older.replace("&amp;", "&")).text
    assert "entry 69<" in second and "entry 20<" in second and "entry 70<" not in second and "entry 19<" not in second
    third = browser.get(re.search(r'href="(/\?ouder=[^"]+)" id="log-older"', second)[1]).text
    assert "entry 0<" in third and 'id="log-older"' not in third  # the oldest page
    back = browser.get(re.search(r'href="(/\?nieuwer=[^"]+)" id="log-newer"', third)[1]).text
    assert "entry 69" in back and "entry 119" not in back
    assert "a detailed step" not in first and "a detailed step" in browser.get("/?uitgebreid=1").text
    workbook = browser.get("/log/export?uitgebreid=1")
    assert workbook.headers["content-disposition"].startswith("attachment")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content))["shop1"]
    assert sheet.max_row == 1 + 121
    assert "Leegmaken" in browser.get("/log/clear").text  # the question first
    assert state.log_entries("shop1")
    browser.post("/log/clear")
    assert state.log_entries("shop1") == []


def test_settings_are_saved_with_comments_kept_and_checked_by_the_configuration_rules(console_at):
    browser = console_at()
    config = browser.console.config().path
    page = browser.get("/instellingen/shop1").text
    assert "Aansluiting SnelStart – Verkopen" in page and 'value="Webshop"' in page
    saved = browser.post("/instellingen/shop1", {"sales.template": "Webshop", "sales.unique_payment_reference": "on",
                                                 "customers.default_payment_term": "30", "description": "e2e shop",
                                                 "planning.interval": "15m"})
    assert saved.status_code == 200 and "Opgeslagen" in saved.text
    text = config.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED) and "default_payment_term = 30" in text and 'interval = "15m"' in text
    refused = browser.post("/instellingen/shop1", {"sales.template": "Webshop", "customers.default_payment_term": "5000"})
    assert refused.status_code == 422 and 'id="problem-customers.default_payment_term"' in refused.text
    assert config.read_text(encoding="utf-8") == text  # nothing written


def test_a_secret_is_never_sent_to_the_browser_and_can_be_replaced(console_at, monkeypatch):
    browser = console_at()
    page = browser.get("/instellingen/shop1").text
    assert KEY not in page and "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY" in page
    monkeypatch.delenv("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY")
    config = browser.console.config().path
    browser.post("/instellingen/shop1", {"sales.template": "Webshop", "sales.unique_payment_reference": "on",
                                         "description": "e2e shop", "myshop.private_key": "new-secret-99"})
    assert 'private_key = "new-secret-99"' in config.read_text(encoding="utf-8")
    assert oct(os.stat(config).st_mode & 0o077) == "0o0"
    page = browser.get("/instellingen/shop1").text
    assert "new-secret-99" not in page and "ingesteld (in het configuratiebestand)" in page


def test_english_by_the_browser_and_dutch_by_the_link(console_at):
    browser = console_at()
    assert "Run now" in browser.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).text
    assert "Nu uitvoeren" in browser.get("/", headers={"accept-language": "fr, nl;q=0.5"}).text
    browser.get("/taal/nl?next=/orders")
    assert "Filteren" in browser.get("/orders", headers={"accept-language": "en"}).text
    assert "S-Connect" in browser.get("/over").text


def test_version_and_the_newest_on_the_package_index_as_the_command_shows_them(console_at, monkeypatch, tmp_path):
    from pytest_httpserver import HTTPServer

    from interfaces.version import installed_version

    index = HTTPServer(host="127.0.0.1", port=0)
    index.start()
    try:
        index.expect_request("/simple/sconnect-myshop/").respond_with_json({"name": "sconnect-myshop",
                                                                             "versions": ["99.1"], "files": []})
        monkeypatch.setenv("SCONNECT_INDEX_URL", index.url_for("/simple/"))
        browser = console_at()
        page = browser.get("/over").text
        assert f"S-Connect {installed_version()}" in page and "Controleren op een nieuwe versie" in page
        # Not published (no [upgrade] package): nothing is looked up, and the page says so (issue #20).
        assert "staat niet in een pakketbron" in browser.get("/over?controleer=1").text
        config = next(tmp_path.rglob("config.toml"))
        config.write_text(config.read_text(encoding="utf-8") + '\n[upgrade]\npackage = "sconnect-myshop"\n',
                          encoding="utf-8")
        checked = browser.get("/over?controleer=1").text
        assert "99.1 staat klaar" in checked and "--index-url" in checked and "sconnect-myshop" in checked
    finally:
        index.clear()
        index.stop()


def test_shop_text_stays_text_in_the_page(console_at):
    browser = console_at()
    state = browser.console.state
    state.record_failed("shop1", "66", "1817700_66", "name <script>alert(1)</script> \u202eevil\x1b[2J", 5)
    page = browser.get("/orders").text
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page and "\x1b" not in page and "\\u202eevil\\x1b[2J" in page


def test_the_language_link_goes_back_only_to_a_page_of_the_console(console_at):
    browser = console_at()
    for elsewhere in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        answer = browser.get(f"/taal/en?next={elsewhere}", follow_redirects=False)
        assert answer.headers["location"] == "/", elsewhere
    assert browser.get("/taal/en?next=/orders", follow_redirects=False).headers["location"] == "/orders"
