"""`sconnect test-connection` for b2b: which administration the koppelsleutel opens, and one
clear line per failure — naming whose key it is, the missing scope, or the unreachable host."""
from __future__ import annotations

import logging
import socket

import pytest
from b2b_world import CLIENT_KEY, SUBSCRIPTION_KEY

from application.test_connection import test_connection as run_test_connection
from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.snelstart.b2b.administration import B2BAdministration
from infrastructure.snelstart.b2b.retry import RetryPolicy


def test_a_good_connection_names_the_administration(api, adapter):
    assert "'Simulated administration'" in adapter.check_read()
    assert "relaties:write, artikelen:write, orders:write" in adapter.check_write()


def test_a_wrong_subscription_key_is_the_integrators(adapter_for):
    with pytest.raises(ConfigurationError) as error:
        adapter_for(subscription_key="wrong-subscription-key").check_read()

    message = str(error.value)
    assert message.startswith("snelstart.subscription_key:") and "developer portal" in message
    assert "wrong-subscription-key" not in message and "\n" not in message


def test_a_wrong_koppelsleutel_is_the_administration_owners(adapter_for):
    with pytest.raises(ConfigurationError) as error:
        adapter_for(client_key="wrong-koppelsleutel").check_read()

    message = str(error.value)
    assert message.startswith("snelstart.client_key: SnelStart refused the koppelsleutel")
    assert "wrong-koppelsleutel" not in message


@pytest.mark.parametrize("simulator_options", [{"scopes": ("relaties:read", "artikelen:read", "orders:read")}])
def test_a_koppeling_that_may_only_read_fails_the_write_check(api, adapter):
    assert "accepted" in adapter.check_read()
    with pytest.raises(ConfigurationError, match="relaties:write, artikelen:write, orders:write"):
        adapter.check_write()


@pytest.mark.parametrize("simulator_options", [{"scopes": ("relaties:read", "relaties:write")}])
def test_missing_read_scopes_are_named_before_a_run_meets_them(api, adapter):
    with pytest.raises(ConfigurationError, match="artikelen:read, orders:read"):
        adapter.check_read()


@pytest.mark.parametrize("simulator_options", [{"scopes": ("artikelen:read",)}])
def test_a_403_names_the_scope_the_call_needed(api, adapter):
    with pytest.raises(ConfigurationError, match="relaties:read") as error:
        adapter.relation_by_code("1001")
    assert "HTTP 403" in str(error.value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_snelstart_is_an_outage_not_a_setting(sleeps):
    port = free_port()
    adapter = B2BAdministration(f"http://127.0.0.1:{port}/v2/", f"http://127.0.0.1:{port}/b2b/token",
                                SUBSCRIPTION_KEY, CLIENT_KEY, sleep=sleeps.append, policy=RetryPolicy(attempts=2))

    with pytest.raises(ServiceUnavailable, match="could not be reached") as error:
        adapter.check_read()
    assert len(sleeps) == 1 and "\n" not in str(error.value)


class Shop:
    def check_connection(self):
        class Report:
            reachable, key_accepted, orders_since_start, message = True, True, 0, "shop ok"
        return Report()


def test_the_use_case_reports_each_part_with_its_reason(adapter_for, caplog):
    caplog.set_level(logging.DEBUG)
    from domain.settings import ProfileSettings, SalesSettings
    settings = ProfileSettings(id="shop1", sales=SalesSettings(template="Webshop"))

    good = adapter_for()
    checks = run_test_connection(settings, Shop(), lambda: good, good.check_read, good.check_write)
    assert [(c.part, c.ok) for c in checks] == [("myShop", True), ("SnelStart read", True),
                                                ("SnelStart write", True), ("profiles.shop1.sales.template", True),
                                                # no cost setting: said, for each cost the shop might charge
                                                ("profiles.shop1.sales.shipping_costs", True),
                                                ("profiles.shop1.sales.payment_costs", True),
                                                ("profiles.shop1.sales.discount", True)]

    bad = adapter_for(client_key="wrong-koppelsleutel")
    checks = run_test_connection(settings, Shop(), lambda: bad, bad.check_read, bad.check_write)
    assert [(c.part, c.ok, c.unreachable) for c in checks] == [("myShop", True, False),
                                                               ("SnelStart read", False, False)]
    assert CLIENT_KEY not in caplog.text and SUBSCRIPTION_KEY not in caplog.text
