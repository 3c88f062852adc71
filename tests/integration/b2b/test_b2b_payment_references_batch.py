"""The exactly-once check of a run's orders asked in groups: `or` filters of as many
betalingskenmerken as one address holds (the simulator refuses a longer one, as IIS would),
matched exactly here, and a lost write still recognised after a batch."""
from __future__ import annotations

from decimal import Decimal

from urllib.parse import quote

import httpx
import pytest
from b2b_world import CLIENT_KEY, SUBSCRIPTION_KEY, api_calls

from infrastructure.snelstart.b2b.payment_references import MAX_FILTER_CHARS, groups


@pytest.fixture
def document(document):
    for n in range(6):
        document["verkooporders"].append({"nummer": 20 + n, "relatie": 1002, "datum": "2024-04-01T09:00:00",
                                          "betalingskenmerk": f"20{n:04d}" if n < 5 else "200001"})
    document["verkooporders"].append({"nummer": 30, "relatie": 1001, "datum": "2024-04-01T09:00:00",
                                      "betalingskenmerk": "ABC"})
    return document


def test_a_thousand_references_take_a_few_calls_and_answer_as_the_single_look_up(api, adapter):
    asked = [str(200000 + n) for n in range(1000)] + ["12", "abc", "  ", " 200001 "]
    api.reset_calls()

    found = adapter.sales_orders_with_payment_references(asked)

    calls = api_calls(api, "GET", "/v2/verkooporders")
    assert 1 < len(calls) <= 40  # not one per reference
    assert all(" or " in c.query["$filter"] for c in calls[:-1])
    assert set(found) == set(asked)
    assert [r.number for r in found[" 200001 "]] == [21, 25]  # the key as asked; spaces no difference
    assert [r.number for r in found["12"]] == [1]
    assert found["abc"] == [] and found["  "] == []  # exact: not "ABC"; a blank one is not asked
    assert found["200000"][0].relation_code == 1002
    for reference in ("200001", "12", "abc", "200999"):
        assert found[reference] == adapter.sales_orders_with_payment_reference(reference)


def test_groups_stay_within_the_address_and_keep_every_reference_once():
    references = [f"REF-{n}'x" for n in range(500)] + ["x" * 3000]
    made = list(groups(references))
    assert [r for g in made for r in g] == references
    assert made[-1] == ["x" * 3000]  # too long for any group: asked alone
    assert all(len(quote(" or ".join(f"Betalingskenmerk eq '{r}'" for r in g), safe="")) <= MAX_FILTER_CHARS
               for g in made[:-1])


def test_the_simulator_refuses_an_address_longer_than_iis_takes(api, adapter):
    token = httpx.post(api.token_url, data={"grant_type": "clientkey", "clientkey": CLIENT_KEY}).json()
    answer = httpx.get(api.base_url + "verkooporders", params={"$filter": "Nummer eq 1" + " or Nummer eq 1" * 200},
                       headers={"Ocp-Apim-Subscription-Key": SUBSCRIPTION_KEY,
                                "Authorization": f"Bearer {token['access_token']}"})
    assert answer.status_code == 414


def test_a_write_whose_answer_was_lost_is_found_after_a_batch_check(api, adapter):
    from test_b2b_lost_writes import plan
    assert [r.number for r in adapter.sales_orders_with_payment_references(["12", "13"])["12"]] == [1]
    api.reset_calls()
    api.lose_answer_of_next("POST", "verkooporders")

    created = adapter.create_sales_order(plan(adapter, "12"))  # order 1 has "12" already: not ours

    assert created.number > 1 and created.total_incl_vat == Decimal("17.00")
    # The batch told the writer what carried "12" before: only the look-up after the lost answer asks.
    orders = [c.method for c in api_calls(api) if c.path.split("/")[2] == "verkooporders"]
    assert orders[0] == "POST" and "POST" not in orders[1:]
