"""A profile's history belongs to the SnelStart administration it was made in: pointed at another
one, a run stops (exit 78) instead of taking that history's orders for done and booking nothing."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.errors import AdministrationChanged
from fakes import make_order
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import load_snapshot
from use_case_world import SNAPSHOT


def administration(administration_id: str, name: str = "") -> MemoryAdministration:
    return MemoryAdministration(replace(load_snapshot(SNAPSHOT), administration_id=administration_id,
                                        administration_name=name))


def test_another_administration_under_an_existing_history_stops_the_run_naming_both(world):
    world.shop.orders.append(make_order(12))
    test = administration("test-1", "Koffie test")
    world.run(administration=test, gateway=test)
    assert world.state.bound_administration("shop1").administration.key == "memory:test-1"

    real = administration("real-2", "Koffie BV")
    world.shop.orders.append(make_order(13))
    with pytest.raises(AdministrationChanged) as stopped:
        world.run(administration=real, gateway=real)

    message = str(stopped.value)
    assert "'Koffie test' (memory:test-1)" in message and "'Koffie BV' (memory:real-2)" in message
    assert "\n" not in message
    assert real.snapshot().sales_orders == load_snapshot(SNAPSHOT).sales_orders  # nothing was booked there
    assert world.state.lock_holder("shop1", world.clock.now()) is None  # and the lock was given back
    assert world.state.last_run("shop1")["summary"]["created"] == 1  # no run recorded for the refusal


def test_the_same_administration_renamed_or_moved_goes_on(world):
    world.shop.orders.append(make_order(12))
    world.run(administration=administration("a1", "Koffie"), gateway=administration("a1", "Koffie"))
    renamed = administration("a1", "Koffie BV")
    report = world.run(administration=renamed, gateway=renamed)
    assert report.error == "" and report.unchanged == 1
    assert world.state.bound_administration("shop1").administration.name == "Koffie BV"


def test_without_a_history_the_profile_is_simply_bound_to_the_new_administration(world):
    first = administration("a1")
    world.state.bind_administration("shop1", first.identity())
    second = administration("a2")
    world.shop.orders.append(make_order(12))
    report = world.run(administration=second, gateway=second)
    assert report.count("created") == 1
    assert world.state.bound_administration("shop1").administration.key == "memory:a2"


def test_an_administration_that_cannot_tell_who_it_is_is_not_checked(world):
    world.shop.orders.append(make_order(12))
    assert world.administration.identity() is None
    assert world.run().count("created") == 1
    assert world.state.bound_administration("shop1") is None
