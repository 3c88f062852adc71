"""The import-orders use case: one order's failure stays alone, the cursor never passes an
unfinished order, a leftover claim is resolved by asking SnelStart, nothing is booked twice."""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from application.ports import OrderState
from domain.errors import Busy
from fakes import D, GatewayWith, RejectedOrder, T0, line, make_order


def test_books_an_order_for_a_recognised_customer(world):
    world.shop.orders = [make_order(12, email="Inkoop@DeVries.nl ", shipping="6.95")]
    report = world.run()
    assert report.to_json()["created"] == 1
    outcome = report.outcomes[0]
    assert (outcome.customer, outcome.customer_created) == (1001, False)
    [booked] = world.sales_orders("12")
    assert booked.relation_code == 1001 and booked.total_incl_vat == world.shop.orders[0].total
    row = world.state.get("shop1", "12")
    assert row.state is OrderState.BOOKED and row.sales_order == booked.number


def test_a_failed_order_fails_alone_and_the_others_are_booked(world):
    world.shop.orders = [make_order(12), make_order(13, email="dubbel@example.nl"), make_order(14)]
    report = world.run()
    by_order = {o.order: o for o in report.outcomes}
    assert by_order["13"].status == "failed"
    assert "ambiguous customer" in by_order["13"].reason and "1002, 1003" in by_order["13"].reason
    assert by_order["12"].status == by_order["14"].status == "created"
    assert world.sales_orders("13") == []
    assert report.failed == 1


def test_rerun_books_nothing_twice(world):
    recent = world.clock.now() - timedelta(minutes=5)
    world.shop.orders = [make_order(12, change_time=recent), make_order(14, change_time=recent)]
    world.run()
    world.clock.advance(minutes=1)  # within the overlap window: the shop returns both again
    report = world.run()
    assert report.outcomes == [] and report.unchanged == 2
    assert len(world.sales_orders("12")) == len(world.sales_orders("14")) == 1


def test_an_order_already_in_snelstart_is_skipped_with_the_reason(world):
    world.shop.orders = [make_order(9)]
    [outcome] = world.run().outcomes
    assert outcome.status == "skipped"
    assert outcome.reason == "betalingskenmerk 9 already in SnelStart (order 1)"
    assert len(world.sales_orders("9")) == 1


def test_without_unique_payment_reference_the_order_is_booked_anyway(world):
    world.settings = replace(world.settings, sales=replace(world.settings.sales, unique_payment_reference=False))
    world.shop.orders = [make_order(9)]
    assert world.run().outcomes[0].status == "created"
    assert len(world.sales_orders("9")) == 2


def test_leftover_claim_is_resolved_by_the_betalingskenmerk_not_written_again(world):
    from application.book_order import prepare

    crashed = make_order(15, email="inkoop@devries.nl")
    # What a run killed between the SnelStart write and the record leaves behind: a claim in
    # 'booking', and the sales order in SnelStart.
    world.state.claim("shop1", "15", crashed.order_id, "hash", crashed.change_time)
    world.state.mark_writing("shop1", "15", 0)
    prepared = prepare(crashed, world.settings, world.use_case().matcher, world.administration)
    world.gateway.create_sales_order(replace(prepared.plan.sales_order, relation_code=1001))
    assert world.state.get("shop1", "15").state is OrderState.BOOKING

    world.shop.orders = [crashed]
    [outcome] = world.run().outcomes
    assert (outcome.status, outcome.customer) == ("created", 1001)
    assert len(world.sales_orders("15")) == 1
    assert world.state.get("shop1", "15").state is OrderState.BOOKED
    assert any("interrupted attempt" in e.message for e in world.state.log_entries("shop1"))


def test_cursor_never_moves_past_an_unfinished_order(world):
    bad = make_order(13, email="dubbel@example.nl", change_time=T0 + timedelta(minutes=3))
    good = make_order(14, change_time=T0 + timedelta(minutes=30))
    world.shop.orders = [bad, good]
    world.run()
    assert world.state.cursor("shop1") == bad.change_time
    # The user fixes SnelStart (the second relation becomes inactive); the order comes back and is booked.
    world.administration.update_relation(1003, _as_new(world.administration.relation_by_code("1003"), "b@example.nl"))
    world.clock.advance(hours=2)
    [outcome] = world.run().outcomes
    assert (outcome.order, outcome.status) == ("13", "created")
    # Everything finished: the newest change the shop reported, minus the overlap.
    assert world.state.cursor("shop1") == good.change_time - timedelta(minutes=10)


def _as_new(relation, email):
    from domain.customer import NewRelation
    return NewRelation(name=relation.name, establishment=relation.establishment, email=email)


def test_an_order_that_keeps_failing_is_held_and_then_the_cursor_moves_on(world):
    bad = make_order(13, email="dubbel@example.nl")
    world.shop.orders = [bad]
    outcomes = []
    for _ in range(3):
        outcomes += world.run().outcomes
        world.clock.advance(minutes=15)
    assert [o.held for o in outcomes] == [False, False, True]
    assert world.state.get("shop1", "13").state is OrderState.HELD
    assert world.state.cursor("shop1") == bad.change_time - timedelta(minutes=10)  # no longer held back
    assert world.run().outcomes == []  # held: not retried until the user releases it


def test_a_rejected_order_from_the_shop_fails_alone_with_its_reason(world):
    world.shop.orders = [make_order(12)]
    world.shop.rejected = [RejectedOrder("1817700_00013", "13", "line 1: quantity 'x' is not a number", T0)]
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("13", "failed"), ("12", "created")]
    assert report.outcomes[0].reason == "line 1: quantity 'x' is not a number"
    assert world.state.cursor("shop1") == T0


def test_an_unexpected_error_in_one_order_does_not_stop_the_run(world):
    def create_sales_order(plan):
        if plan.payment_reference == "13":
            raise RuntimeError("the Gateway fell over")
        return world.administration.create_sales_order(plan)

    world.shop.orders = [make_order(12), make_order(13), make_order(14)]
    report = world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order))
    assert [o.status for o in report.outcomes] == ["created", "failed", "created"]
    assert "the Gateway fell over" in report.outcomes[1].reason
    world.clock.advance(minutes=5)
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("13", "created")]
    assert len(world.sales_orders("13")) == 1


def test_a_second_run_of_the_same_profile_is_refused_while_the_first_holds_the_lock(world):
    assert world.state.acquire_lock("shop1", "other-process", world.clock.now(), 600)
    with pytest.raises(Busy, match="already running"):
        world.run()
    world.clock.advance(minutes=11)  # the other process died: its lock expires
    world.run()


def test_the_log_tells_the_bookkeeper_what_happened(world):
    world.shop.orders = [make_order(12, email="inkoop@devries.nl"), make_order(13, email="nieuw@example.nl",
                                                   lines=[line("NIEUW-1", "1", "10.00", "21")])]
    world.run()
    basic = [e.message for e in world.state.log_entries("shop1")]
    detailed = [e.message for e in world.state.log_entries("shop1", detailed=True)]
    assert any(m.startswith("booked: verkooporder") and "klant 1001" in m for m in basic)
    assert any("(new)" in m for m in basic)
    assert any(m.startswith("customer: ") and "inkoop@devries.nl" in m for m in detailed)
    assert any("NIEUW-1" in m for m in detailed)
    run = world.state.last_run("shop1")
    assert run["summary"]["created"] == 2 and run["finished_at"] is not None


def test_recipe_lines_are_booked_but_left_out_of_the_totals_check(world):
    from domain.recipe import RecipeExpansion

    world.settings = replace(world.settings, sales=replace(world.settings.sales, recipes=RecipeExpansion.WHEN_ALWAYS))
    world.shop.orders = [make_order(12, email="inkoop@devries.nl", lines=[line("KRAT", "2", "18.00", "9")])]
    [outcome] = world.run().outcomes
    assert outcome.status == "created" and outcome.warnings == ()
    [booked] = world.sales_orders("12")
    assert [(l.article_code, l.quantity) for l in booked.lines] == [("KRAT", 2), ("STATIEGELD", 12)]
    assert booked.total_incl_vat == D("36.00") + 12 * D("0.15")


def test_a_failed_order_still_logs_why_its_customer_was_chosen(world):
    _shipping_on(world, "BESTAAT-NIET")  # (a missing template would stop the whole run)
    world.shop.orders = [make_order(12, email="inkoop@devries.nl", shipping="6.95")]
    [outcome] = world.run().outcomes
    assert outcome.status == "failed" and "sales.shipping_costs" in outcome.reason
    detailed = [e.message for e in world.state.log_entries("shop1", detailed=True)]
    assert any(m.startswith("customer: ") and "1001" in m for m in detailed)


def test_a_released_held_order_is_fetched_again_by_number_and_booked(world):
    bad = make_order(13, email="dubbel@example.nl")
    world.shop.orders = [bad]
    for _ in range(3):
        world.run()
        world.clock.advance(minutes=15)
    assert world.state.get("shop1", "13").state is OrderState.HELD
    # The shop's change_time list no longer brings it (the cursor passed it) …
    world.shop.orders, world.shop.archive = [], [bad]
    # … the user fixes SnelStart and releases it:
    world.administration.update_relation(1003, _as_new(world.administration.relation_by_code("1003"), "b@x.nl"))
    assert world.state.release("shop1", "13") is True
    [outcome] = world.run().outcomes
    assert (outcome.order, outcome.status) == ("13", "created")
    assert len(world.sales_orders("13")) == 1


def test_a_failed_order_the_shop_list_no_longer_returns_is_retried_by_number(world):
    order = make_order(13, email="nieuw@example.nl", lines=[line("NIEUW-9", "1", "5.00", "21")], shipping="6.95")
    _shipping_on(world, "WEG")
    world.shop.orders = [order]
    assert world.run().outcomes[0].status == "failed"
    _shipping_on(world, "VERZEND")
    world.shop.orders, world.shop.archive = [], [order]  # the shop's change_time filter misses it
    world.clock.advance(minutes=5)
    [outcome] = world.run().outcomes
    assert (outcome.order, outcome.status) == ("13", "created")


def test_a_failure_before_any_write_never_takes_over_an_unrelated_order_with_that_betalingskenmerk(world):
    # Order 9 of this shop fails before anything is written; SnelStart already has an unrelated
    # sales order 1 with betalingskenmerk 9 (another shop, an old manual order).
    world.settings = replace(world.settings, sales=replace(world.settings.sales, unique_payment_reference=False))
    _shipping_on(world, "WEG")
    order = make_order(9, email="inkoop@devries.nl", shipping="6.95")
    world.shop.orders = [order]
    assert world.run().outcomes[0].status == "failed"
    _shipping_on(world, "VERZEND")
    world.clock.advance(minutes=5)
    [outcome] = world.run().outcomes
    assert outcome.status == "created" and outcome.sales_order != 1
    assert sorted(o.number for o in world.sales_orders("9")) == [1, outcome.sales_order]


def test_an_outage_stops_the_run_reports_it_and_costs_no_attempt(world):
    from domain.errors import ServiceUnavailable

    def create_sales_order(plan):
        raise ServiceUnavailable("SnelStart could not be reached")

    world.shop.orders = [make_order(12, email="inkoop@devries.nl"), make_order(14, email="inkoop@devries.nl")]
    before = world.state.cursor("shop1")
    for _ in range(world.settings.max_attempts + 2):
        report = world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order))
        world.clock.advance(minutes=15)
    assert report.error == "SnelStart could not be reached"
    assert report.to_json()["error"] == "SnelStart could not be reached"
    assert report.outcomes == []  # the run stopped at the first order; it is not counted as failed
    row = world.state.get("shop1", "12")
    assert (row.state, row.attempts) == (OrderState.FAILED, 0)
    assert world.state.cursor("shop1") == before
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("12", "created"), ("14", "created")]


def test_a_run_that_lost_its_lock_stops_before_writing_the_order(world):
    def create_relation(relation):
        """While run A creates the new customer, another machine's run takes the profile."""
        created = world.administration.create_relation(relation)
        world.state.release_lock("shop1", "A")
        assert world.state.acquire_lock("shop1", "elsewhere:1", world.clock.now(), 600)
        return created

    world.shop.orders = [make_order(12, email="nieuw@example.nl")]
    thief = GatewayWith(world.administration, create_relation=create_relation)
    report = world.use_case(gateway=thief, holder="A").run()
    assert "another run took over" in report.error
    assert world.sales_orders("12") == []
    # The claim may carry the write mark (SnelStart was asked for the chunk): its baseline is what
    # SnelStart had before, so nothing counts as ours and the next run books the order, once.
    assert world.state.get("shop1", "12").write_baseline in (None, 0)
    world.state.release_lock("shop1", "elsewhere:1")
    world.clock.advance(minutes=5)
    again = world.run()
    assert [(o.order, o.status) for o in again.outcomes] == [("12", "created")]
    assert len(world.sales_orders("12")) == 1


def test_an_unreadable_order_without_a_number_is_kept_under_its_id_and_not_fetched_by_number(world):
    world.shop.rejected = [RejectedOrder("1817700_ABC", "", "order_number is missing", T0)]
    fetched = []
    world.shop.fetch_one = lambda number: fetched.append(number)
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("1817700_ABC", "failed")]
    world.clock.advance(minutes=5)
    world.run()
    assert fetched == [] and world.state.get("shop1", "1817700_ABC").attempts == 2


def test_a_template_with_prices_excl_vat_is_reported_before_the_first_order(world):
    from domain.article import SalesTemplate

    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    assert world.run().warnings == []
    world.administration._templates.append(SalesTemplate("tpl-zak", "Zakelijk", prices_excl_vat=True))
    world.settings = replace(world.settings, sales=replace(world.settings.sales, template="Zakelijk"))
    world.shop.orders = [make_order(13, email="inkoop@devries.nl", change_time=world.clock.now())]
    report = world.run()
    assert report.warnings == ["sales.template 'Zakelijk' has prices excl. VAT while the shop's prices include "
                               "VAT: prices are converted to four decimals (a cent may differ)"]
    assert report.to_json()["warnings"] == report.warnings
    assert report.outcomes[0].status == "created"


def test_a_write_that_never_reached_snelstart_never_takes_over_an_older_order_with_that_betalingskenmerk(world):
    # Without unique_payment_reference; SnelStart already has sales order 1 with betalingskenmerk 9.
    # A run marked the write of order 9 (baseline: order 1 was there) and died before sending it.
    world.settings = replace(world.settings, sales=replace(world.settings.sales, unique_payment_reference=False))
    order = make_order(9, email="inkoop@devries.nl")
    world.state.claim("shop1", "9", order.order_id, "hash", order.change_time)
    world.state.mark_writing("shop1", "9", 1)
    world.shop.orders = [order]
    [outcome] = world.run().outcomes
    assert outcome.status == "created" and outcome.sales_order != 1
    assert world.state.get("shop1", "9").sales_order == outcome.sales_order
    assert sorted(o.number for o in world.sales_orders("9")) == [1, outcome.sales_order]


def test_a_write_snelstart_refused_clears_the_mark(world):
    from domain.errors import SnelStartRefused

    def create_sales_order(plan):
        raise SnelStartRefused("VOR-0002: relation is not a customer", "VOR-0002")

    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    [outcome] = world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order)).outcomes
    assert outcome.status == "failed" and "VOR-0002" in outcome.reason
    assert world.state.get("shop1", "12").write_started is False


def test_a_refusal_that_came_after_snelstart_wrote_the_order_is_recorded_not_written_again(world):
    from domain.errors import SnelStartRefused

    def create_sales_order(plan):
        world.administration.create_sales_order(plan)  # SnelStart wrote it …
        raise SnelStartRefused("HTTP 524: upstream timed out", "")  # … the answer was misread

    world.settings = replace(world.settings, sales=replace(world.settings.sales, unique_payment_reference=False))
    world.shop.orders = [make_order(9, email="inkoop@devries.nl")]  # SnelStart order 1 carries "9" already
    [outcome] = world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order)).outcomes
    assert outcome.status == "created" and outcome.sales_order != 1
    assert sorted(o.number for o in world.sales_orders("9")) == [1, outcome.sales_order]
    world.clock.advance(minutes=15)
    world.run()
    assert len(world.sales_orders("9")) == 2  # the old one and ours, never a third


def test_an_empty_answer_leaves_the_cursor_where_it_is(world):
    world.shop.orders = [make_order(12, email="inkoop@devries.nl")]
    world.run()
    cursor = world.state.cursor("shop1")
    world.shop.orders = []
    world.clock.advance(hours=5)
    world.run()
    assert world.state.cursor("shop1") == cursor


def test_a_failed_order_now_left_out_by_the_settings_is_skipped_on_retry(world):
    from domain.errors import OrderLeftOut

    bad = make_order(13, email="dubbel@example.nl")
    world.shop.orders = [bad]
    world.run()
    world.shop.orders = []
    world.shop.fetch_one_errors["13"] = OrderLeftOut("order 13 lies before myshop.start_from (100)")
    world.clock.advance(minutes=15)
    [outcome] = world.run().outcomes
    assert (outcome.status, outcome.reason) == ("skipped", "order 13 lies before myshop.start_from (100)")
    assert world.state.get("shop1", "13").state is OrderState.SKIPPED


def test_a_stale_failed_order_the_shop_cannot_look_up_is_counted_and_does_not_stop_the_run(world):
    from domain.errors import ServiceUnavailable

    world.shop.orders = [make_order(13, email="dubbel@example.nl")]
    world.run()
    world.shop.orders = [make_order(14, email="inkoop@devries.nl", change_time=world.clock.now())]
    world.shop.fetch_one_errors["13"] = ServiceUnavailable("myShop did not answer in time")
    world.clock.advance(minutes=15)
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("14", "created"), ("13", "failed")]
    assert report.error == "" and world.state.get("shop1", "13").attempts == 2
    assert world.state.cursor("shop1") == world.shop.orders[0].change_time - timedelta(minutes=10)


class _Recorder:
    def __init__(self, stop_after: int | None = None):
        self.total, self.done, self.stop_after = None, [], stop_after

    def start(self, total):
        self.total = total

    def advance(self, order, status):
        self.done.append((order, status))

    def stop(self):
        return self.stop_after is not None and len(self.done) >= self.stop_after


def test_progress_hears_of_every_order_and_its_outcome(world):
    world.shop.orders = [make_order(12), make_order(13, email="dubbel@example.nl"), make_order(9)]
    world.shop.rejected = [RejectedOrder("id-15", "15", "missing <total>", T0)]
    progress = _Recorder()
    world.use_case().run(progress=progress)
    assert progress.total == 4
    assert sorted(progress.done) == [("12", "created"), ("13", "failed"), ("15", "failed"), ("9", "skipped")]


def test_a_stop_request_finishes_the_order_in_hand_and_keeps_the_cursor_before_the_rest(world):
    # Far enough apart that the fetch's checkpoint (newest change minus the overlap) lies past 14.
    orders = [make_order(n, change_time=T0 + timedelta(minutes=6 * n)) for n in (12, 14, 16)]
    world.shop.orders = orders
    progress = _Recorder(stop_after=1)
    report = world.use_case().run(progress=progress, stop=progress.stop)
    assert report.stopped and report.to_json()["stopped"] is True
    assert [o.order for o in report.outcomes] == ["12"]
    assert world.sales_orders("14") == [] and world.sales_orders("16") == []
    # The cursor stays at the first order not done, so the next run brings it (and 16) back.
    assert world.state.cursor("shop1") == orders[1].change_time
    world.clock.advance(minutes=5)
    rerun = world.run()
    assert sorted(o.order for o in rerun.outcomes) == ["14", "16"] and not rerun.stopped
    assert all(len(world.sales_orders(n)) == 1 for n in ("12", "14", "16"))


def test_credentials_refused_mid_run_stop_the_run_cost_no_attempt_and_release_the_lock(world):
    from domain.errors import ConfigurationError

    def create_sales_order(plan):
        raise ConfigurationError("snelstart.client_key: the koppelsleutel was refused (401)")

    world.shop.orders = [make_order(12, email="inkoop@devries.nl"), make_order(14, email="inkoop@devries.nl")]
    with pytest.raises(ConfigurationError):
        world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order))
    row = world.state.get("shop1", "12")
    assert (row.state, row.attempts) == (OrderState.FAILED, 0) and "koppelsleutel" in row.last_error
    assert world.state.get("shop1", "14") is None  # never tried: the run stopped
    # The lock was released and the next run (credentials fixed) books both.
    report = world.run()
    assert [(o.order, o.status) for o in report.outcomes] == [("12", "created"), ("14", "created")]


def test_what_snelstart_wrote_differently_reaches_the_order_warnings_once(world):
    said = ["SnelStart refused the VAT number NL000 (REL-0088); relation 1004 was created without it"]

    def take_warnings():
        found, said[:] = tuple(said), []
        return found

    world.shop.orders = [make_order(12, email="nieuw@example.nl"), make_order(14, email="inkoop@devries.nl")]
    report = world.run(gateway=GatewayWith(world.administration, take_warnings=take_warnings))
    first, second = report.outcomes
    assert first.status == "created" and first.warnings == ("SnelStart refused the VAT number NL000 (REL-0088); "
                                                            "relation 1004 was created without it",)
    assert second.warnings == ()
    assert any("REL-0088" in e.message for e in world.state.log_entries("shop1"))


def _shipping_on(world, code: str) -> None:
    """Book shipping on article `code`: one SnelStart lacks makes an order with shipping fail
    after its customer was recognised, before anything is written."""
    from domain.settings import ChargeBooking, ChargeMode

    world.settings = replace(world.settings, sales=replace(world.settings.sales,
                                                          shipping_costs=ChargeBooking(ChargeMode.LINE, code)))
