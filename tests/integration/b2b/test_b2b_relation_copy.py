"""The relations kept between runs in the state database: read whole once (and again once a day),
then only what changed (`ModifiedOn gt datetime'…'`, one call), never when no order needs them."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from b2b_world import api_calls

from domain.customer import NewRelation, RelationAddress
from domain.recognition import EmailPass
from infrastructure.state import SqliteStateStore

START = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc).timestamp()


@pytest.fixture
def document(document):
    for n in range(7):
        document["relaties"].append({"relatiecode": 3000 + n, "naam": f"Klant {n}", "email": f"klant{n}@example.nl"})
    return document


class ServerClock:
    """SnelStart's clock (modifiedOn and the Date of its answers), moved by the test."""

    def __init__(self):
        self.at = datetime(2026, 12, 6, 10, 0)

    def now(self) -> datetime:
        return self.at

    def later(self, **delta) -> None:
        self.at += timedelta(**delta)


@pytest.fixture
def server():
    return ServerClock()


@pytest.fixture
def simulator_options(server):
    return {"page_cap": 4, "now": server.now}


@pytest.fixture
def state(tmp_path):
    with SqliteStateStore(tmp_path / "state.sqlite") as store:
        yield store


def relation_reads(api) -> list[dict]:
    return [c.query for c in api_calls(api, "GET", "/v2/relaties")]


def test_the_second_run_asks_only_what_changed_and_sees_it(api, adapter_for, state, server):
    first = adapter_for(memory=state, now=lambda: START)
    assert [r.code for r in first.relations_by_email("klant3@example.nl", EmailPass.RELATION)] == [3003]
    whole = relation_reads(api)
    assert len(whole) == 3 and all("$filter" not in q for q in whole)  # 10 relations, 4 a page
    # Meanwhile, in SnelStart Web: a relation changes, another is added.
    server.later(minutes=30)
    other = adapter_for()
    other.update_relation(3003, NewRelation("Klant 3", RelationAddress(), email="nieuw@example.nl"))
    other.create_relation(NewRelation("Nieuwe Klant", RelationAddress(), email="nieuwe@example.nl"))
    api.reset_calls()
    server.later(minutes=30)

    second = adapter_for(memory=state, now=lambda: START + 3600)
    assert second.relations_by_email("klant3@example.nl", EmailPass.RELATION) == []
    assert [r.code for r in second.relations_by_email("nieuw@example.nl", EmailPass.RELATION)] == [3003]
    assert [r.name for r in second.relations_by_email("nieuwe@example.nl", EmailPass.RELATION)] == ["Nieuwe Klant"]
    assert second.relation_by_code("1002").name == "O'Brien Coffee"  # from the copy
    assert second.next_relation_code() == 3008
    asked = relation_reads(api)
    # One page of what changed (and, as for any short first page, one more to see it was the end).
    assert len(asked) == 2 and all(q["$filter"].startswith("ModifiedOn gt datetime'") for q in asked)
    assert "/v2/landen" in [c.path for c in api_calls(api)]  # countries: for the changed rows

    api.reset_calls()
    server.later(minutes=30)
    third = adapter_for(memory=state, now=lambda: START + 7200)
    assert third.relation_by_code("3003").email == "nieuw@example.nl"
    assert len(api_calls(api)) == 1  # nothing changed: one call, not ceil(relations / 500)


def test_a_run_that_needs_no_relation_asks_nothing_about_them(api, adapter_for, state):
    adapter_for(memory=state, now=lambda: START).relation_by_code("1001")
    api.reset_calls()

    idle = adapter_for(memory=state, now=lambda: START + 300)
    assert idle.sales_orders_with_payment_references([]) == {}
    idle.close()

    assert api_calls(api) == []


def test_a_copy_a_day_old_is_read_whole_again(api, adapter_for, state):
    adapter_for(memory=state, now=lambda: START).relation_by_code("1001")
    api.reset_calls()

    assert adapter_for(memory=state, now=lambda: START + 86_400).relation_by_code("3006").name == "Klant 6"

    assert len(relation_reads(api)) == 3 and all("$filter" not in q for q in relation_reads(api))


@pytest.mark.parametrize("damage", ["{not json", '{"code": 3003, "colour": "blue"}', "[]"])
def test_a_damaged_copy_is_read_whole_again_not_a_stopped_run(api, adapter_for, state, tmp_path, damage):
    adapter_for(memory=state, now=lambda: START).relation_by_code("1001")
    api.reset_calls()
    with sqlite3.connect(tmp_path / "state.sqlite") as raw:
        raw.execute("UPDATE relation_copy SET relation = ? WHERE code = 3003", (damage,))

    later = adapter_for(memory=state, now=lambda: START + 300)
    assert [r.code for r in later.relations_by_email("klant3@example.nl", EmailPass.RELATION)] == [3003]

    assert len(relation_reads(api)) == 3 and all("$filter" not in q for q in relation_reads(api))
    assert adapter_for(memory=state, now=lambda: START + 600).relation_by_code("3003").name == "Klant 3"


def test_another_koppelsleutel_has_its_own_copy(api, adapter_for, state):
    adapter_for(memory=state, now=lambda: START).relation_by_code("1001")
    api.reset_calls()

    adapter_for(memory=state, now=lambda: START + 60, client_key="another-administrations-key")
    # (the simulator knows one key; the point is which copy is asked for, before any call)
    assert state.relation_copy("not-a-fingerprint") is None
    assert len([r for r in state.relation_copy(_fingerprint_of(api)).relations]) == 10


def _fingerprint_of(api) -> str:
    from b2b_world import CLIENT_KEY
    from infrastructure.snelstart.b2b.pacing import fingerprint
    return fingerprint(api.base_url, CLIENT_KEY)
