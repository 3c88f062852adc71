"""The shop's answer as a user meets it through `sconnect`: either layout books the same, a
Windows-1252 byte is a warning on its order (run --json, history, log), and an answer that cannot
be read is exit 76 in one line that says the shop answered."""
from __future__ import annotations

import json

from infrastructure.myshop import protocol as p
from infrastructure.simulators.myshop.server import MyShopSimulator
from installation import KEY, Installation, demo_text
from profiles import SHOP

REPAIRED = "the shop's text had bytes that are not valid UTF-8, read as Windows-1252"


def test_an_answer_in_a_column_set_books_exactly_what_named_columns_book(installation, tmp_path):
    named_code, named = installation.run_json()
    other = tmp_path / "column-set"
    other.mkdir()
    with MyShopSimulator(demo_text("interfaces.demo", "orders.xml").encode(), shop_id=SHOP, key=KEY,
                         layout="column-set") as column_set_shop:
        twin = Installation(other, column_set_shop.base_url)
        code, report = twin.run_json()
        assert column_set_shop.list_requests()  # it was this shop that answered
    assert (named_code, code) == (0, 0) and named["created"] == 5
    assert report == named
    assert twin.sales_orders() == installation.sales_orders()
    assert [(r.code, r.name, r.email) for r in twin.snapshot().relations] == [
        (r.code, r.name, r.email) for r in installation.snapshot().relations]


def test_a_windows_1252_remark_is_booked_with_a_warning_seen_in_run_history_and_log(installation, shop):
    shop.update_order("1817700_00014", remark="Caf\u00e9 om de hoek")
    shop.book.write_in("1817700_00014", "remark", "cp1252")
    code, report = installation.run_json()
    assert code == 0 and report["created"] == 5
    warned = {o["order"]: o.get("warnings", []) for o in report["orders"]}
    assert [w for w in warned["14"] if w.startswith(REPAIRED)] == [
        f"{REPAIRED}: remark 'Caf\u00e9 om de hoek'; check it in SnelStart"]
    assert not any(REPAIRED in w for n, ws in warned.items() if n != "14" for w in ws)
    history = {h["order"]: h for h in json.loads(installation.sconnect("history", "--json", check=True).stdout)}
    assert any(w.startswith(REPAIRED) for w in history["14"]["warnings"])
    assert REPAIRED in installation.sconnect("log", check=True).stdout.replace("\n", " ")
    [booked] = [o for o in installation.sales_orders() if o.payment_reference == "14"]
    assert booked.memo == "Caf\u00e9 om de hoek"


def test_an_answer_that_cannot_be_read_is_exit_76_and_says_the_shop_answered(tmp_path, httpserver):
    httpserver.expect_request("/RPC/id").respond_with_data(p.rpc_id_body("ABCDEF0123456789"))
    httpserver.expect_request("/RPC/orders/list").respond_with_data("<rows><order><id>12</id></order></rows>")
    installation = Installation(tmp_path, httpserver.url_for("/RPC/"))
    run = installation.sconnect("run")
    assert run.returncode == 76, run.stdout + run.stderr
    [line] = run.stderr.strip().splitlines()
    assert "answered, but the answer is in neither known layout" in line and "<order>" in line
    # ... that nothing was booked, and what to do about it.
    assert "; nothing was booked. S-Connect does not know this form yet: please send this line" in line
    assert "could not be reached" not in line and "Traceback" not in run.stderr
    _, report = installation.run_json()
    assert report["unreadable_answer"] is True and report["created"] == 0
    assert installation.sconnect("test-connection").returncode == 76
