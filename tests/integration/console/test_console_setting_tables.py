"""Instellingen's choices from the administration and its settings per VAT rate (manual §2.4–2.5):
the templates and revenue groups the profile's administration has, read through the same use
case as `config init`; a row per rate for revenue groups, costs and the default article; what
the page sends written into the file only where it changed, checked by the file's own rules."""
from __future__ import annotations

import re

from console_support import COMMENTED, form_fields


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select id="f-{re.escape(name)}" name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    return re.findall(r">([^<]+)</option>", select[1])


def test_templates_and_revenue_groups_are_chosen_from_the_administration(console_at):
    browser = console_at()
    page = browser.get("/instellingen/shop1").text
    assert "1: Webshop (prijzen incl. btw)" in options(page, "sales.template")
    for rate in ("21", "9", "0"):
        assert "1: Omzet hoog (btw hoog, 21%)" in options(page, f"articles.revenue_group[{rate}]")
    fields = form_fields(page, "settings-form")
    assert fields["sales.template"] == "Webshop" and fields["articles.revenue_group[9]"] == "Omzet laag"
    assert 'id="offer-problem"' not in page


def test_the_form_sent_as_shown_changes_nothing_in_the_file(console_at):
    browser = console_at()
    config = browser.console.config().path
    before = config.read_text(encoding="utf-8")
    fields = form_fields(browser.get("/instellingen/shop1").text, "settings-form")
    assert fields["sales.shipping_costs"] == "line" and fields["sales.shipping_costs.line"] == "VERZEND"
    assert fields["sales.payment_costs"] == "cost_type_1" and fields["sales.default_article_code"] == "WEB"
    saved = browser.post("/instellingen/shop1", fields)
    assert "Opgeslagen" in saved.text
    assert config.read_text(encoding="utf-8") == before


def test_a_row_per_rate_is_written_as_the_docs_write_it(console_at):
    browser = console_at()
    config = browser.console.config().path
    fields = form_fields(browser.get("/instellingen/shop1").text, "settings-form")
    fields.update({"sales.shipping_costs.line": "", "sales.shipping_costs.line[21]": "VERZEND",
                   "sales.shipping_costs.line[9]": "VERZEND-LAAG", "sales.payment_costs": "",
                   "sales.discount": "cost_type_2", "sales.default_article_code": "",
                   "sales.default_article_code[21]": "WEB", "sales.default_article_code[0]": "WEB-GEEN",
                   "articles.revenue_group[0]": "", "articles.revenue_group": ""})
    saved = browser.post("/instellingen/shop1", fields)
    assert "Opgeslagen" in saved.text, saved.text[-2000:]
    text = config.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED)
    assert 'shipping_costs = {line = {"21" = "VERZEND", "9" = "VERZEND-LAAG"}}' in text
    assert "payment_costs" not in text and 'discount = "cost_type_2"' in text
    assert 'default_article_code = {"21" = "WEB", "0" = "WEB-GEEN"}' in text
    assert 'revenue_group = {"21" = "Omzet hoog", "9" = "Omzet laag"}' in text
    sales = browser.console.config().profiles["shop1"].settings.sales
    assert sales.default_articles == {"21": "WEB", "0": "WEB-GEEN"}
    one_group = {**form_fields(browser.get("/instellingen/shop1").text, "settings-form"),
                 "articles.revenue_group": "Omzet hoog", "articles.revenue_group[21]": "",
                 "articles.revenue_group[9]": ""}
    assert "Opgeslagen" in browser.post("/instellingen/shop1", one_group).text
    assert 'revenue_group = "Omzet hoog"' in config.read_text(encoding="utf-8")


def test_a_table_filled_in_two_ways_is_refused_next_to_its_field(console_at):
    browser = console_at()
    config = browser.console.config().path
    before = config.read_text(encoding="utf-8")
    shown = form_fields(browser.get("/instellingen/shop1").text, "settings-form")
    for change, field in (({"articles.revenue_group": "Omzet hoog"}, "articles.revenue_group"),
                          ({"sales.shipping_costs": ""}, "sales.shipping_costs"),
                          ({"sales.discount.line": ""}, "sales.discount")):
        refused = browser.post("/instellingen/shop1", {**shown, **change})
        assert refused.status_code == 422 and f'id="problem-{field}"' in refused.text, change
        assert config.read_text(encoding="utf-8") == before
    # what was typed stays in the form, the rows per rate too
    again = form_fields(browser.post("/instellingen/shop1", {**shown, "articles.revenue_group": "Omzet hoog"}).text,
                        "settings-form")
    assert again["articles.revenue_group"] == "Omzet hoog" and again["articles.revenue_group[9]"] == "Omzet laag"


def test_an_administration_that_cannot_be_read_leaves_free_text(console_at, tmp_path):
    browser = console_at()
    (tmp_path / "administration.sqlite").unlink()
    page = browser.get("/instellingen/shop1").text
    assert 'id="offer-problem"' in page and "typ ze dan zelf in" in page
    assert '<input type="text" id="f-sales.template" name="sales.template" value="Webshop"' in page


def test_the_choices_are_kept_and_read_again_by_verbinding_testen(console_at, tmp_path):
    browser = console_at()
    assert "1: Webshop (prijzen incl. btw)" in options(browser.get("/instellingen/shop1").text, "sales.template")
    (tmp_path / "administration.sqlite").unlink()
    kept = browser.get("/instellingen/shop1").text  # read a moment ago: not read again for every page
    assert 'id="offer-problem"' not in kept and "1: Webshop (prijzen incl. btw)" in kept
    assert 'id="offer-problem"' in browser.post("/instellingen/shop1/test").text
