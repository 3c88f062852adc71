"""A run gives its profile's lock back whatever fails after it took it — the state database too.
In the long-running scheduler the holder stays alive, so a lock left behind would make every
later run of the profile (and `sconnect run`) say Busy."""
from __future__ import annotations

import pytest

from domain.errors import ServiceUnavailable
from infrastructure.state.process import this_process


class StateWith:
    """The real state store, but for the methods given (a database busy past its timeout, …)."""

    def __init__(self, inner, **methods):
        self._inner, self._methods = inner, methods

    def __getattr__(self, name):
        return self._methods.get(name) or getattr(self._inner, name)


def busy(*_args, **_kwargs):
    raise ServiceUnavailable("state database state.sqlite is not available: database is locked")


@pytest.mark.parametrize("failing", ["start_run", "finish_run"])
def test_a_state_database_failing_at_the_start_or_the_end_of_a_run_leaves_no_lock(world, failing):
    world.shop("shop1", [12])
    state = StateWith(world.state, **{failing: busy})
    with pytest.raises(ServiceUnavailable, match="database is locked"):
        world.import_orders("shop1", state=state, holder=this_process()).run()
    assert world.state.lock_holder("shop1", world.clock.now()) is None
    # And the next run (the database is back) is not Busy: it books the order once.
    report = world.import_orders("shop1", holder="another-process:1:").run()
    assert report.error == "" and world.shops["shop1"].booked() == ["12"]


def test_a_run_whose_lock_cannot_be_taken_leaves_the_others_lock_alone(world):
    world.shop("shop1", [12])
    assert world.state.acquire_lock("shop1", this_process(), world.clock.now(), 1800)
    state = StateWith(world.state, start_run=busy)
    with pytest.raises(Exception, match="already running"):
        world.import_orders("shop1", state=state, holder="scheduler:1:").run()
    assert world.state.lock_holder("shop1", world.clock.now()) == this_process()
