"""`run --dry-run` (SPEC §8): every order the run would take, planned — would_create with how
the customer was recognised, the new articles and the planned total; would_skip and would_fail
with the reason — and nothing written anywhere: the state file and the administration are
byte for byte and row for row what they were."""
from __future__ import annotations

import hashlib
from dataclasses import replace

from application.dry_run import DryRun
from domain.matching import strategy_for
from fakes import line, make_order
from infrastructure.state.read_only import ReadOnlyStateStore


def files(world) -> dict[str, str]:
    folder = world.state.path.parent
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def dry_run(world):
    """As `sconnect run --dry-run` does it: the state opened read-only, no lock taken."""
    world.state.close()
    before, admin = files(world), world.administration.snapshot()
    with ReadOnlyStateStore(world.state.path, clock=world.clock) as state:
        report = DryRun(world.settings, world.shop, world.administration, state, world.clock,
                        strategy_for(world.settings.customers)).run()
    assert files(world) == before and world.administration.snapshot() == admin  # nothing written
    return report


def by_order(report) -> dict[str, dict]:
    return {o["order"]: o for o in report.to_json()["orders"]}


def test_every_order_planned_and_nothing_written(world):
    world.run()  # a state file as a real run leaves it
    world.shop.orders = [make_order(12, email="inkoop@devries.nl", shipping="6.95"),
                         make_order(9, email="inkoop@devries.nl"),
                         make_order(13, email="dubbel@example.nl"),
                         make_order(14, email="nieuw@example.nl", lines=[line("ART-9999", "1", "12.50", "21")])]
    report = dry_run(world)

    data = report.to_json()
    assert (data["dry_run"], data["would_create"], data["would_skip"], data["would_fail"]) == (True, 2, 1, 1)
    orders = by_order(report)
    warnings = orders["12"].pop("warnings")
    assert orders["12"] == {"order": "12", "status": "would_create", "customer": 1001, "customer_created": False,
                            "recognised_by": "email", "new_articles": [], "total": "56.85"}
    assert [w.split(":")[0] for w in warnings] == ["sales.shipping_costs"]  # as the run would warn
    assert orders["9"] == {"order": "9", "status": "would_skip",
                           "reason": "betalingskenmerk 9 already in SnelStart (order 1)"}
    assert orders["13"]["status"] == "would_fail" and "ambiguous customer" in orders["13"]["reason"]
    assert orders["14"]["new_articles"] == ["ART-9999"] and orders["14"]["customer_created"] is True
    assert orders["14"]["recognised_by"] == "new" and orders["14"]["customer"] == 1004
    assert world.state.history("shop1") == [] and world.state.cursor("shop1") is None


def test_a_new_customer_and_a_new_article_are_planned_once_as_the_run_would_create_them(world):
    new = dict(email="nieuw@example.nl", lines=[line("ART-9999", "1", "12.50", "21")])
    world.shop.orders = [make_order(14, **new), make_order(15, **new)]
    orders = by_order(dry_run(world))
    assert (orders["14"]["customer"], orders["14"]["customer_created"], orders["14"]["new_articles"]) == (
        1004, True, ["ART-9999"])
    assert (orders["15"]["customer"], orders["15"]["customer_created"], orders["15"]["new_articles"]) == (
        1004, False, [])
    assert orders["15"]["recognised_by"] == "email"
    real = world.run()
    assert [(o.customer, o.customer_created) for o in real.outcomes] == [(1004, True), (1004, False)]


def test_a_dry_run_while_a_real_run_is_busy_says_so_and_leaves_the_lock(world):
    world.state.acquire_lock("shop1", "other-host:4242:", world.clock.now(), 1800)
    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    report = dry_run(world)
    assert report.to_json()["busy"] is True and "is busy right now (other-host:4242:)" in report.warnings[0]
    assert report.to_json()["would_create"] == 1
    world.state = type(world.state)(world.state.path, world.clock)
    assert world.state.lock_holder("shop1", world.clock.now()) == "other-host:4242:"


def test_failed_orders_are_planned_again_as_the_run_fetches_them_by_number(world):
    world.shop.orders = [make_order(13, email="dubbel@example.nl")]
    world.run()
    world.clock.advance(hours=2)
    world.shop.archive, world.shop.orders = world.shop.orders, []
    [planned] = dry_run(world).orders
    assert (planned.order, planned.status) == ("13", "would_fail")


def test_a_booked_order_changed_in_the_shop_is_shown_with_the_runs_warning(world):
    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    world.run()
    world.shop.orders = [replace(world.shop.orders[0], lines=(line("ART-1001", "3", "24.95", "9"),))]
    orders = by_order(dry_run(world))
    assert orders["12"]["status"] == "would_skip" and orders["12"]["reason"] == "already booked as sales order 2"
    assert "quantity of ART-1001 2 → 3" in orders["12"]["warnings"][0]
