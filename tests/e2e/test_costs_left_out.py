"""Costs the shop charges that no setting books are said out loud: by `config check`, by
`test-connection` (naming the orders) and by every run that books orders without them — not only
as a warning on each order (issue #20: order 15 booked at 49.95 instead of 56.90)."""
from __future__ import annotations

import json
import re


def _without_cost_settings(installation) -> None:
    text = installation.config.read_text()
    text = re.sub(r"^(shipping_costs|payment_costs|discount) = .*\n", "", text, flags=re.M)
    installation.config.write_text(text)


def test_config_check_says_which_costs_no_setting_books(installation):
    _without_cost_settings(installation)
    result = installation.sconnect("config", "check", check=True)
    assert ("note: profile shop1: sales.shipping_costs, sales.payment_costs, sales.discount not set: shipping "
            "costs, payment costs, vouchers (discount) the shop charges are left out of SnelStart") in \
        " ".join(result.stdout.split())
    data = json.loads(installation.sconnect("config", "check", "--json", check=True).stdout)
    assert len(data["warnings"]) == 1 and "sales.shipping_costs" in data["warnings"][0]


def test_with_every_cost_booked_config_check_has_nothing_to_say(installation):
    data = json.loads(installation.sconnect("config", "check", "--json", check=True).stdout)
    assert data["warnings"] == []


def test_test_connection_names_the_orders_that_charge_an_unbooked_cost(installation):
    _without_cost_settings(installation)
    checks = {c["part"]: c for c in json.loads(installation.sconnect("test-connection", "--json").stdout)}
    shipping = checks["profiles.shop1.sales.shipping_costs"]
    assert shipping["ok"] and shipping["warning"]
    assert "15 (6.95)" in shipping["message"] and "left out of SnelStart" in shipping["message"]
    assert "set sales.shipping_costs to" in shipping["message"]


def test_the_first_run_says_so_for_the_run_as_a_whole(installation):
    _without_cost_settings(installation)
    code, report = installation.run_json()
    assert code == 0
    [shipping] = [w for w in report["warnings"] if "shipping costs that no setting books" in w]
    assert "15 (6.95)" in shipping
    fifteen = next(o for o in report["orders"] if o["order"] == "15")
    assert any("left out" in w for w in fifteen["warnings"])
    log = installation.sconnect("log", check=True).stdout
    assert "shipping costs that no setting books" in log
