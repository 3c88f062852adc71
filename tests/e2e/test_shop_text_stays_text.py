"""Shop text stays text: whatever a customer types into a webshop order — rich markup like
`[/x]` or `[link=…]` — is printed as the characters it is by every
command that shows it, never read as markup (a crash) or turned into a clickable link."""
from __future__ import annotations

import json

import pytest

EVIL = "https://evil.example/pay"
LINK = f"[link={EVIL}]Factuur openen[/link]"
CLOSE = "[/x]"
CHANGED = "20240305120000"

# Every text column of an order, each carrying markup-like text (the country and the numbers
# must stay valid for the order to be booked).
EVERY_FIELD = {
    "company": f"{LINK} B.V.", "billing_firstname": CLOSE, "billing_lastname": "[bold]Klant[/bold]",
    "billing_street": LINK, "billing_housenumber": "1", "billing_housenumber_addition": "[/]",
    "billing_postcode": "1234 AB", "billing_city": "[red]Utrecht", "phone": "[blink]0612345678",
    "shipping_company": "[/bold]", "shipping_firstname": "[i]Piet", "shipping_lastname": CLOSE,
    "shipping_street": LINK, "shipping_housenumber": "2", "shipping_postcode": "1234 AB",
    "shipping_city": "[@click=app.bell]Utrecht", "shipping_method": LINK, "payment_method": CLOSE,
    "payment_reference": "[/x]-88", "voucher_code": LINK, "remark": f"{LINK} {CLOSE}",
    "customer_id": "[/x]", "vat_number": "", "coc_number": "",
}
LINES = ((CLOSE, LINK, "1", "24.95", "21"), ("ART-1001", "[/red][link=x]", "2", "10.00", "9"))


@pytest.fixture
def marked_up(installation, shop):
    # Order 40: markup-like text in every field, booked; 41: a reason quoting shop text that closes
    # a tag nobody opened; 42: a reason quoting a link.
    shop.add_order(40, change_time=CHANGED, email=f"klant{CLOSE}@example.nl", lines=LINES,
                   customer_fields=((LINK, CLOSE), ("kvk", LINK)), **EVERY_FIELD)
    shop.add_order(41, change_time=CHANGED, billing_country=CLOSE, billing_city=LINK)
    shop.add_order(42, change_time=CHANGED, order_date="[link=http://e.vl]x[/link]")
    # A terminal shows what rich would send it: colours, and links as OSC 8 sequences.
    installation.env.update(TTY_COMPATIBLE="1", COLUMNS="400")
    return installation


def _shown(result, codes=(0, 3)) -> str:
    assert result.returncode in codes, result.stderr
    text = result.stdout + result.stderr
    assert "MarkupError" not in text and "unexpected error" not in text and "Traceback" not in text
    assert "\x1b]8;" not in text, "shop text became a terminal link"
    assert "\x1b\\" not in text.replace("\x1b\\\\", "")
    return text


def test_markup_like_shop_text_is_printed_as_text_by_every_command(marked_up):
    run = _shown(marked_up.sconnect("run"))
    assert "[/X]" in run  # the failed order's reason, as the characters it is
    report = json.loads(marked_up.sconnect("history", "--json", check=True).stdout)
    states = {h["order"]: h["state"] for h in report}
    assert states["40"] == "booked" and states["41"] == "failed"
    history = _shown(marked_up.sconnect("history"))
    assert "[/X]" in history and "order_date '[link=http://e.vl]x[/link]'" in history
    # Every later command too (the issue: one stored reason broke `history` for good).
    log = _shown(marked_up.sconnect("log"))
    assert "[/X]" in log
    detailed = _shown(marked_up.sconnect("log", "--detailed"))
    assert LINK in detailed  # the customer's company name, as the recognition step quotes it
    _shown(marked_up.sconnect("status"))
    explain = _shown(marked_up.sconnect("explain", "40"))
    assert LINK in explain and "[/red][link=x]" in explain
    # An order that cannot be read: its one-line error, quoting the shop's text as it is.
    unreadable = _shown(marked_up.sconnect("explain", "41"), codes=(0,))  # explained: it would fail
    assert "billing_country '[/X]'" in unreadable
    _shown(marked_up.sconnect("run"))
