"""A run books the shop's answer a chunk at a time: one exactly-once question to SnelStart per
chunk of orders still to book, none for orders the history has finished."""
from __future__ import annotations

from datetime import timedelta

from application.import_orders import CHUNK
from fakes import T0, make_order


class Counting:
    """The memory administration, counting the betalingskenmerk questions."""

    def __init__(self, inner):
        self._inner, self.single, self.batches = inner, 0, []

    def sales_orders_with_payment_reference(self, reference):
        self.single += 1
        return self._inner.sales_orders_with_payment_reference(reference)

    def sales_orders_with_payment_references(self, references):
        references = list(references)
        self.batches.append(len(references))
        return self._inner.sales_orders_with_payment_references(references)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def test_one_question_per_chunk_and_none_for_finished_orders(world):
    count = 2 * CHUNK + 7
    world.shop.orders = [make_order(100 + n, email="inkoop@devries.nl", change_time=T0 + timedelta(seconds=n))
                         for n in range(count)]
    world.shop.orders.append(make_order(9, email="inkoop@devries.nl", change_time=T0 + timedelta(seconds=1)))
    asked = Counting(world.administration)
    marks = []
    state = world.state
    original = state.mark_writing
    state.mark_writing = lambda *args: (marks.append(args), original(*args))

    report = world.run(administration=asked)

    assert sorted(o.status for o in report.outcomes) == ["created"] * count + ["skipped"]  # 9 is in SnelStart
    assert asked.batches == [CHUNK, CHUNK, 8] and asked.single == 0
    # The claim carried the write mark (one fsync'd commit per order, not two).
    assert world.state.get("shop1", "100").write_baseline == 0 and world.state.get("shop1", "9").write_baseline == 1
    assert marks == []
    assert all(len(world.sales_orders(str(100 + n))) == 1 for n in range(count))

    world.clock.advance(minutes=5)
    again = Counting(world.administration)
    rerun = world.run(administration=again)
    assert rerun.outcomes == [] and rerun.unchanged == count + 1
    assert again.batches == [] and again.single == 0  # the history says they are done


def test_a_stop_in_the_middle_of_a_chunk_keeps_the_cursor_before_the_first_order_not_booked(world):
    world.shop.orders = [make_order(100 + n, email="inkoop@devries.nl", change_time=T0 + timedelta(minutes=n))
                         for n in range(30)]
    booked = []

    def stop():
        return len(booked) >= 5

    class Progress:
        def start(self, total):
            pass

        def advance(self, order, status):
            booked.append(order)

    report = world.use_case().run(progress=Progress(), stop=stop)

    assert report.stopped and booked == [str(100 + n) for n in range(5)]
    assert world.state.cursor("shop1") == T0 + timedelta(minutes=5)
    world.clock.advance(minutes=5)
    assert len(world.run().outcomes) == 25
    assert all(len(world.sales_orders(str(100 + n))) == 1 for n in range(30))


def test_a_stop_gives_back_the_claims_of_the_orders_the_run_did_not_come_to(world):
    world.shop.orders = [make_order(100 + n, email="inkoop@devries.nl", change_time=T0 + timedelta(minutes=n))
                         for n in range(4)]
    asked = []
    report = world.use_case().run(stop=lambda: asked.append(1) or len(asked) > 3)  # after the claim, two orders
    assert report.stopped and [o.order for o in report.outcomes] == ["100", "101"]
    # The chunk was claimed at once; the two orders never tried have no row (they were new).
    assert world.state.get("shop1", "102") is None and world.state.get("shop1", "103") is None


def test_the_same_order_twice_in_one_answer_is_booked_once(world):
    order = make_order(100, email="inkoop@devries.nl")
    world.shop.orders = [order, make_order(101, email="inkoop@devries.nl"), order]
    report = world.run()
    assert sorted(o.order for o in report.outcomes) == ["100", "101"] and report.unchanged == 1
    assert len(world.sales_orders("100")) == 1


class Together:
    """The memory administration as one whose writes are committed together, and whose commit
    fails (a disk that is full): SnelStart keeps what it wrote, the run may not believe it."""

    def __init__(self, inner):
        self._inner, self.begun = inner, 0

    def begin_writes(self):
        self.begun += 1

    def commit_writes(self):
        raise OSError("disk full")

    def abandon_writes(self):
        pass

    def __getattr__(self, name):
        return getattr(self._inner, name)


def test_a_chunk_whose_commit_fails_is_reported_failed_and_the_next_run_books_each_order_once(world):
    world.shop.orders = [make_order(100 + n, email="inkoop@devries.nl", change_time=T0 + timedelta(seconds=n))
                         for n in range(3)]
    report = world.run(gateway=Together(world.administration))
    assert "disk full" in report.error
    assert [(o.order, o.status) for o in report.outcomes] == [("100", "failed"), ("101", "failed"), ("102", "failed")]
    assert all(world.state.get("shop1", str(100 + n)).attempts == 0 for n in range(3))  # not the order's fault
    world.clock.advance(minutes=5)
    rerun = world.run()
    assert sorted(o.status for o in rerun.outcomes) == ["created"] * 3
    assert all(len(world.sales_orders(str(100 + n))) == 1 for n in range(3))  # taken over, not written again
