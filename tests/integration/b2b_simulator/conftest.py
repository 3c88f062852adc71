"""Fixtures of the B2B simulator's tests: a running simulator on loopback and a bare client."""
from __future__ import annotations

import pytest
from b2b_sim_support import CLIENT_KEY, SUB_KEY, Api, sim_snapshot

from infrastructure.simulators.snelstart_b2b.server import B2BSimulator


@pytest.fixture
def start_sim():
    """Starts simulators with the test administration (options as keyword arguments); all stop at the end."""
    started: list[B2BSimulator] = []

    def start(snapshot=None, **options) -> B2BSimulator:
        options.setdefault("subscription_key", SUB_KEY)
        options.setdefault("client_key", CLIENT_KEY)
        sim = B2BSimulator(sim_snapshot() if snapshot is None else snapshot, **options).start()
        started.append(sim)
        return sim
    yield start
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(start_sim) -> B2BSimulator:
    return start_sim()


@pytest.fixture
def api(sim):
    client = Api(sim)
    yield client
    client.close()


@pytest.fixture(scope="module")
def read_api():
    """One simulator for a module's tests that only read (writing tests use `api`)."""
    sim = B2BSimulator(sim_snapshot(), subscription_key=SUB_KEY, client_key=CLIENT_KEY).start()
    client = Api(sim)
    yield client
    client.close()
    sim.stop()
