"""Messages that say what to do, exit codes that mean something, and `explain` that explains
(issue #20, items 7–9)."""
from __future__ import annotations

import json
import re


def _setting(installation, old: str, new: str) -> None:
    text = installation.config.read_text()
    assert old in text
    installation.config.write_text(text.replace(old, new))


def test_an_unreachable_shop_says_what_to_check(installation, shop):
    shop.stop()
    result = installation.sconnect("run")
    assert result.returncode == 75
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("run stopped: myShop (127.0.0.1:")
    assert "is the shop up, and is myshop.base_url right" in line and "test-connection" in line


def test_a_template_snelstart_lacks_names_the_ones_it_has(installation):
    _setting(installation, 'template = "Webshop"', 'template = "Webwinkel"')
    result = installation.sconnect("run")
    assert result.returncode == 78, result.stderr
    assert result.stderr.strip().startswith("configuration error: profiles.shop1.sales.template: 'Webwinkel' not "
                                            "found in SnelStart; its verkoopordersjablonen are: 'Webshop'")
    assert len(installation.sales_orders()) == 1  # the one there before: no order tried, none held
    assert json.loads(installation.sconnect("history", "--json", check=True).stdout) == []
    checks = {c["part"]: c for c in json.loads(installation.sconnect("test-connection", "--json").stdout)}
    assert "its verkoopordersjablonen are: 'Webshop'" in checks["profiles.shop1.sales.template"]["message"]


def test_explain_of_an_order_the_shop_lacks_is_exit_2(installation):
    result = installation.sconnect("explain", "99")
    assert result.returncode == 2 and result.stderr.strip() == "order 99 is not in myShop shop 1817700"


def test_explain_says_who_the_customer_is_even_when_an_article_fails(installation):
    _setting(installation, '[profiles.shop1.articles]', '[profiles.shop1.articles]\nprocessing = "manual"')
    _setting(installation, 'default_article_code = "WEB"', 'default_article_code = "BESTAATNIET"')
    data = json.loads(installation.sconnect("explain", "12", "--json", check=True).stdout)
    assert "BESTAATNIET" in data["refused"]
    assert "BESTAATNIET" not in data["customer"]["explanation"]  # the customer line is about the customer
    text = installation.sconnect("explain", "12", check=True).stdout
    customer = next(line for line in text.splitlines() if line.startswith("customer:"))
    assert "recognition smart" in customer and "BESTAATNIET" not in customer
    assert re.search(r"would fail: .*BESTAATNIET", " ".join(text.split()))


def test_explain_shows_the_template_by_name_the_history_in_words_and_no_empty_column(installation):
    assert installation.run_json()[0] == 0
    text = installation.sconnect("explain", "12", check=True).stdout
    assert "verkoopordersjabloon 'Webshop'" in text and "tpl-" not in text
    assert "attempt(s)" not in text and re.search(r"history: booked as verkooporder \d+", text)
    header = next(line for line in text.splitlines() if "article" in line and "description" in line)
    cells = [c.strip() for c in header.strip("┃│ ").split("┃" if "┃" in header else "│")]
    assert all(cells) and "recipe" not in header  # no empty column, no recipe column without recipes
