"""The b2b adapter against the B2B API simulator on 127.0.0.1: a small administration, a
simulator per test, and adapters whose sleeps are recorded instead of waited."""
from __future__ import annotations

import copy

import pytest
from b2b_world import CLIENT_KEY, DOCUMENT, SUBSCRIPTION_KEY

from infrastructure.snelstart.b2b.administration import B2BAdministration
from infrastructure.snelstart.b2b.retry import RetryPolicy
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.snapshot import Snapshot, load_snapshot


@pytest.fixture
def document() -> dict:
    return copy.deepcopy(DOCUMENT)


@pytest.fixture
def snapshot(document) -> Snapshot:
    return load_snapshot(document)


@pytest.fixture
def simulator_options() -> dict:
    return {}


@pytest.fixture
def api(snapshot, simulator_options):
    with B2BSimulator(snapshot, subscription_key=SUBSCRIPTION_KEY, client_key=CLIENT_KEY,
                      **simulator_options) as simulator:
        yield simulator


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def adapter_for(api, sleeps):
    """A new adapter (one run) on the simulator; keyword arguments override its settings."""
    made: list[B2BAdministration] = []

    def make(**overrides) -> B2BAdministration:
        values = dict(base_url=api.base_url, token_url=api.token_url, subscription_key=SUBSCRIPTION_KEY,
                      client_key=CLIENT_KEY, sleep=sleeps.append, policy=RetryPolicy(attempts=4))
        values.update(overrides)
        adapter = B2BAdministration(values.pop("base_url"), values.pop("token_url"), values.pop("subscription_key"),
                                    values.pop("client_key"), **values)
        made.append(adapter)
        return adapter

    yield make
    for adapter in made:
        adapter.close()


@pytest.fixture
def adapter(adapter_for) -> B2BAdministration:
    return adapter_for()

