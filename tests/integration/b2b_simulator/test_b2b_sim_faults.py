"""Injected faults: fail_next (429 with Retry-After, 5xx), lose_answer_of_next (the write happens,
the answer never comes) and latency; and the call log tests count HTTP calls with."""
from __future__ import annotations

import time

import httpx
import pytest
from b2b_sim_support import Api


def new_relation(api) -> dict:
    return {"relatiesoort": ["Klant"], "naam": "Verloren Antwoord B.V.", "relatiecode": 4001}


def test_fail_next_answers_429_with_retry_after_then_works_again(api, sim):
    api.headers()  # the token first: a fault without a path matches any /v2 call
    sim.fail_next(429, retry_after=7)
    answer = api.get("relaties")
    assert answer.status_code == 429 and answer.headers["Retry-After"] == "7"
    assert answer.json()["statusCode"] == 429
    assert api.get("relaties").status_code == 200


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_fail_next_answers_server_errors(api, sim, status):
    api.headers()
    sim.fail_next(status)
    assert api.get("relaties").status_code == status
    assert api.get("relaties").status_code == 200


def test_fail_next_times_method_and_path(api, sim):
    api.headers()
    sim.fail_next(503, times=2, method="POST", path_prefix="relaties")
    assert api.get("relaties").status_code == 200  # another method
    assert api.post("artikelen", {}).status_code == 400  # another path: validation ran
    assert api.post("relaties", new_relation(api)).status_code == 503
    assert api.post("relaties", new_relation(api)).status_code == 503
    assert not any(r.code == 4001 for r in sim.snapshot().relations)  # a failed call does nothing
    assert api.post("relaties", new_relation(api)).status_code == 201


def test_a_full_path_prefix_and_a_custom_body(api, sim):
    api.headers()
    sim.fail_next(500, path_prefix="/v2/verkooporders", body="<html>oops</html>")
    answer = api.get("verkooporders")
    assert answer.status_code == 500 and answer.text == "<html>oops</html>"


def test_the_token_endpoint_can_fail_too(api, sim):
    sim.fail_next(503, path_prefix="/b2b/token")
    assert api.fetch_token().status_code == 503
    assert api.fetch_token().status_code == 200


def test_a_fault_without_path_leaves_the_token_endpoint_alone(api, sim):
    sim.fail_next(500)
    assert api.fetch_token().status_code == 200
    api.token = api.fetch_token().json()["access_token"]
    assert api.get("relaties").status_code == 500


def test_a_lost_answer_still_writes(api, sim):
    api.headers()
    sim.lose_answer_of_next("POST", "relaties")
    with pytest.raises(httpx.TransportError):
        api.post("relaties", new_relation(api))
    assert any(r.code == 4001 for r in sim.snapshot().relations)
    call = sim.calls[-1]
    assert (call.method, call.path, call.status, call.dropped) == ("POST", "/v2/relaties", 201, True)
    # looking before writing again finds it; writing again blindly is refused
    assert api.relation(4001)["naam"] == "Verloren Antwoord B.V."
    assert api.post("relaties", new_relation(api)).status_code == 400


def test_a_lost_order_answer_leaves_the_order_booked_once(api, sim):
    relation = api.relation(1001)
    body = {"relatie": {"id": relation["id"]}, "datum": "2024-04-02T12:00:00", "betalingskenmerk": "lost-1",
            "verkooporderBtwIngaveModel": "Inclusief",
            "regels": [{"artikel": {"id": api.article("ART-2001")["id"]}, "aantal": "1"}]}
    sim.lose_answer_of_next("POST", "/v2/verkooporders")
    with pytest.raises(httpx.TransportError):
        api.post("verkooporders", body)
    assert len(api.rows("verkooporders", **{"$filter": "Betalingskenmerk eq 'lost-1'"})) == 1


def test_latency_delays_each_api_call(start_sim):
    sim = start_sim(latency=0.2)
    api = Api(sim)
    api.headers()
    started = time.monotonic()
    assert api.get("companyInfo").status_code == 200
    assert time.monotonic() - started >= 0.2  # a lower bound only: no timing is asserted beyond the delay


def test_calls_are_logged_and_can_be_reset(api, sim):
    api.get("relaties", **{"$filter": "Relatiecode eq 1001"})
    assert [(c.method, c.path) for c in sim.calls] == [("POST", "/b2b/token"), ("GET", "/v2/relaties")]
    assert sim.calls[-1].query == {"$filter": "Relatiecode eq 1001"} and sim.calls[-1].status == 200
    sim.reset_calls()
    assert sim.calls == []
    api.get("landen")
    assert len(sim.calls) == 1


@pytest.mark.parametrize("status", [408, 502, 504, 524])
def test_answer_after_write_performs_the_write_then_answers_the_status(api, sim, status):
    api.headers()
    sim.answer_after_write(status, "POST", "relaties")

    answer = api.post("relaties", new_relation(api))

    assert answer.status_code == status and answer.json()["statusCode"] == status
    assert any(r.code == 4001 for r in sim.snapshot().relations)  # it was written all the same
    call = sim.calls[-1]
    assert (call.method, call.path, call.status, call.performed, call.dropped) == (
        "POST", "/v2/relaties", status, 201, False)
    assert api.post("relaties", new_relation(api)).status_code == 400  # once: the next call is answered itself


def test_answer_after_write_leaves_other_calls_alone(api, sim):
    api.headers()
    sim.answer_after_write(524, "POST", "verkooporders", times=2)
    assert api.get("verkooporders").status_code == 200  # another method
    assert api.post("relaties", new_relation(api)).status_code == 201  # another path
    assert sim.calls[-1].performed == 0
