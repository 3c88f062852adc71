"""Property: whatever the shop returns again, whatever fails on the way, booking the same order
twice never yields two sales orders — and every order is eventually booked."""
from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from use_case_world import World
from fakes import make_order


class Flaky:
    """A Gateway that fails the calls it is told to, once each (a lost answer, a refusal)."""

    def __init__(self, inner, failures: set[tuple[str, int]], after: bool):
        self.inner, self.failures, self.after, self.calls = inner, set(failures), after, Counter()

    def __getattr__(self, name):
        attr = getattr(self.inner, name)
        if not name.startswith("create_"):
            return attr

        def call(*args, **kwargs):
            self.calls[name] += 1
            key = (name, self.calls[name])
            if key in self.failures and not self.after:
                self.failures.discard(key)
                raise RuntimeError(f"{name} failed")
            result = attr(*args, **kwargs)
            if key in self.failures:  # written, but the answer is lost
                self.failures.discard(key)
                raise TimeoutError(f"{name}: no answer")
            return result
        return call


runs = st.lists(st.tuples(st.sets(st.integers(9, 16), min_size=1),  # which orders the shop returns
                          st.sets(st.tuples(st.sampled_from(["create_sales_order", "create_relation"]),
                                            st.integers(1, 3)), max_size=2),
                          st.booleans()),
                min_size=1, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(runs=runs, unique=st.booleans())
def test_no_order_is_ever_booked_twice(runs, unique):
    from dataclasses import replace

    with tempfile.TemporaryDirectory() as folder:
        world = World(Path(folder))
        world.settings = replace(world.settings, max_attempts=100,
                                 sales=replace(world.settings.sales, unique_payment_reference=unique))
        # SnelStart already has a sales order with betalingskenmerk 9 (someone else's).
        orders = {n: make_order(n, email=f"klant{n % 3}@example.nl", change_time=world.clock.now())
                  for n in range(9, 17)}
        for returned, failures, after in runs:
            world.shop.orders = [orders[n] for n in sorted(returned)]
            world.run(gateway=Flaky(world.administration, failures, after))
            world.clock.advance(minutes=1)
        world.shop.orders = list(orders.values())
        world.run()  # a clean run at the end
        counts = Counter(o.payment_reference for o in world.administration.snapshot().sales_orders)
        expected = {n: 1 for n in orders}
        if not unique:
            expected[9] = 2  # the other one, and ours: booked, once
        assert {n: counts[str(n)] for n in orders} == expected
        ours = world.state.get("shop1", "9")
        assert ours.state.value == ("skipped" if unique else "booked")
        if not unique:
            assert ours.sales_order != 1
        world.state.close()
