"""Which administration the koppelsleutel opens: companyInfo's administratieIdentifier, the key a
profile's history is bound to."""
from __future__ import annotations

import pytest
from b2b_world import CLIENT_KEY, SUBSCRIPTION_KEY

from infrastructure.simulators.snelstart_b2b.server import B2BSimulator

GUID = "3F2504E0-4F89-11D3-9A0C-0305E82C3301"


@pytest.mark.parametrize("simulator_options", [{"administration_id": GUID, "administration_name": "Koffie BV"}])
def test_the_identity_is_the_administrations_identifier(adapter):
    identity = adapter.identity()
    assert identity.key == f"b2b:{GUID.lower()}" and identity.name == "Koffie BV"
    assert str(identity) == f"'Koffie BV' (b2b:{GUID.lower()})"


def test_two_administrations_are_told_apart(adapter_for, snapshot):
    with B2BSimulator(snapshot, subscription_key=SUBSCRIPTION_KEY, client_key=CLIENT_KEY) as other:
        elsewhere = adapter_for(base_url=other.base_url, token_url=other.token_url)
        assert elsewhere.identity() != adapter_for().identity()
    assert adapter_for().identity() == adapter_for().identity()  # the same one, asked twice
