"""A b2b profile cannot book costs as cost types: the API has none, so the configuration says so
when it is read (exit 78), naming the setting and what to write instead."""
from __future__ import annotations

import pytest

from domain.errors import ConfigurationError
from domain.settings import ChargeMode
from infrastructure.config import load_config

PROFILE = """
[profiles.shop1.snelstart]
kind = "{kind}"
{connection}

[profiles.shop1.myshop]
shop_id = "1817700"
private_key = "geheim-123"
start_from = "2024-03-01T00:00:00"

[profiles.shop1.sales]
template = "Webshop"
{charges}
"""
B2B = 'subscription_key = "sub-key-123"\nclient_key = "client-key-123"'


def load(tmp_path, charges: str, kind: str = "b2b", connection: str = B2B):
    path = tmp_path / "config.toml"
    path.write_text(PROFILE.format(kind=kind, connection=connection, charges=charges), encoding="utf-8")
    path.chmod(0o600)
    return load_config(path, {})


@pytest.mark.parametrize("setting", ["shipping_costs", "payment_costs", "discount"])
@pytest.mark.parametrize("cost_type", ["cost_type_1", "cost_type_2"])
def test_cost_types_are_refused_for_b2b_naming_the_setting(tmp_path, setting, cost_type):
    with pytest.raises(ConfigurationError) as error:
        load(tmp_path, f'{setting} = "{cost_type}"')

    assert str(error.value) == (f'profiles.shop1.sales.{setting}: {cost_type} is not available with snelstart.kind '
                                '"b2b" (the B2B API has no footer cost types); book it as a line: '
                                '{ line = "<article code>" }')


def test_lines_are_fine_for_b2b(tmp_path):
    config = load(tmp_path, 'shipping_costs = { line = "VERZEND" }\npayment_costs = { line = "BETAAL" }')

    assert config.profile().settings.sales.payment_costs.mode is ChargeMode.LINE
    assert config.profile().snelstart.base_url == "https://b2bapi.snelstart.nl/v2/"


def test_other_kinds_keep_their_cost_types(tmp_path):
    config = load(tmp_path, 'payment_costs = "cost_type_1"', kind="memory", connection='database = "a.json"')

    assert config.profile().settings.sales.payment_costs.mode is ChargeMode.COST_TYPE_1


def test_rate_limit_names_the_keys_product(tmp_path):
    assert load(tmp_path, "").profile("shop1").snelstart.rate_limit == "production"
    assert load(tmp_path, "", connection=B2B + '\nrate_limit = "test"').profile("shop1").snelstart.rate_limit == "test"
    with pytest.raises(ConfigurationError) as error:
        load(tmp_path, "", connection=B2B + '\nrate_limit = "gratis"')
    assert ("profiles.shop1.snelstart.rate_limit: 'gratis' is not one of production (Productie/Maatwerk: 500 calls "
            "a minute, 5.000 an hour), test (Ontwikkeling & Test: 100 calls a minute, 1.000 an hour)") in str(error.value)
