"""The simulator's doors: the token endpoint, both headers on every /v2 call, expiry and scopes."""
from __future__ import annotations

import base64
import json

import pytest
from b2b_sim_support import CLIENT_KEY, SUB_KEY, Api

from infrastructure.simulators.snelstart_b2b.server import INVALID_KEY


def test_the_token_endpoint_gives_a_bearer_token_for_the_clientkey(api, sim):
    answer = api.fetch_token()
    assert answer.status_code == 200
    body = answer.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 3599 and body["access_token"]
    assert sim.calls[-1].path == "/b2b/token" and sim.calls[-1].status == 200


def test_the_token_carries_the_granted_scopes_as_a_jwt_claim(start_sim):
    sim = start_sim(scopes=("relaties:read",))
    token = Api(sim).fetch_token().json()["access_token"]
    payload = token.split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["scopes"] == ["relaties:read"]


def test_a_wrong_clientkey_is_an_invalid_grant(sim):
    answer = Api(sim, client_key="not-the-key").fetch_token()
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"
    assert "not-the-key" not in answer.text


@pytest.mark.parametrize("form", [{"grant_type": "password", "clientkey": CLIENT_KEY}, {"grant_type": "clientkey"}])
def test_the_token_endpoint_wants_the_clientkey_grant(api, sim, form):
    answer = api.http.post(sim.token_url, data=form)
    assert answer.status_code == 400
    assert answer.json()["error"] in ("unsupported_grant_type", "invalid_grant")


def test_the_credentials_must_be_a_form_body_not_json(api, sim):
    answer = api.http.post(sim.token_url, json={"grant_type": "clientkey", "clientkey": CLIENT_KEY})
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


def test_both_headers_open_the_api(api):
    answer = api.get("companyInfo")
    assert answer.status_code == 200
    assert answer.json()["administratieNaam"] == "Simulated administration"
    assert answer.json()["factureerBuitenlandsBtw"] is False
    assert (answer.json()["artikelcodeSoort"], answer.json()["artikelcodeMaxLengte"]) == ("Alfanumeriek", 30)
    assert len(answer.json()["administratieIdentifier"]) == 36  # a GUID: which administration it is


def test_a_missing_subscription_key_is_refused_by_api_management(api, sim):
    headers = api.headers()
    del headers["Ocp-Apim-Subscription-Key"]
    answer = api.http.get(sim.base_url + "relaties", headers=headers)
    assert answer.status_code == 401
    assert answer.json()["statusCode"] == 401 and "subscription key" in answer.json()["message"]


def test_a_wrong_subscription_key_is_refused_with_api_managements_wording(sim):
    api = Api(sim, subscription_key="expired-key")
    answer = api.get("relaties")
    assert answer.status_code == 401
    assert answer.json() == {"statusCode": 401, "message": INVALID_KEY}


def test_the_subscription_key_may_travel_in_the_query_string(api, sim):
    headers = {"Authorization": api.headers()["Authorization"]}
    answer = api.http.get(sim.base_url + "relaties", params={"subscription-key": SUB_KEY}, headers=headers)
    assert answer.status_code == 200
    assert sim.calls[-1].query == {"subscription-key": "***"}  # never the key itself


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-token", "Basic abc", "Bearer"])
def test_without_a_valid_bearer_token_the_api_answers_401(api, sim, authorization):
    headers = {"Ocp-Apim-Subscription-Key": SUB_KEY}
    if authorization is not None:
        headers["Authorization"] = authorization
    answer = api.http.get(sim.base_url + "relaties", headers=headers)
    assert answer.status_code == 401
    assert "statusCode" not in answer.json()  # not API management: the koppelsleutel's side
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")


def test_expire_tokens_makes_every_issued_token_fail_until_a_new_one_is_fetched(api, sim):
    assert api.get("relaties").status_code == 200
    sim.expire_tokens()
    assert api.get("relaties").status_code == 401
    api.token = None
    assert api.get("relaties").status_code == 200


def test_a_token_lives_token_ttl_seconds(start_sim):
    clock = [1000.0]
    sim = start_sim(token_ttl=60.0, monotonic=lambda: clock[0])
    api = Api(sim)
    assert api.fetch_token().json()["expires_in"] == 60
    assert api.get("relaties").status_code == 200
    clock[0] += 59.5
    assert api.get("relaties").status_code == 200
    clock[0] += 1
    assert api.get("relaties").status_code == 401


@pytest.mark.parametrize("method, path, scope", [
    ("GET", "relaties", "relaties:read"), ("POST", "relaties", "relaties:write"),
    ("GET", "artikelen", "artikelen:read"), ("GET", "artikelomzetgroepen", "artikelen:read"),
    ("POST", "artikelen", "artikelen:write"), ("GET", "verkooporders", "orders:read"),
    ("GET", "verkoopordersjablonen", "orders:read"), ("POST", "verkooporders", "orders:write"),
    ("GET", "companyInfo", "settings:read"), ("GET", "vatrates", "settings:read"),
])
def test_a_missing_scope_is_403_naming_it(start_sim, method, path, scope):
    from infrastructure.simulators.snelstart_b2b.server import ALL_SCOPES
    sim = start_sim(scopes=tuple(s for s in ALL_SCOPES if s != scope))
    api = Api(sim)
    answer = api.get(path) if method == "GET" else api.post(path, {})
    assert answer.status_code == 403
    assert scope in answer.json()["message"]


def test_with_every_scope_the_same_calls_pass_the_scope_check(api):
    assert api.get("verkoopordersjablonen").status_code == 200
    assert api.post("verkooporders", {}).status_code == 400  # validation, not 403


def test_an_unknown_resource_is_404_and_a_wrong_method_405(api, sim):
    assert api.get("grootboekmutaties").status_code == 404
    assert api.get("relaties/00000000-0000-0000-0000-000000000001").status_code == 404
    answer = api.http.delete(sim.base_url + "relaties", headers=api.headers())
    assert answer.status_code == 405


def test_the_simulator_listens_on_loopback_only():
    from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
    with pytest.raises(ValueError, match="loopback"):
        B2BSimulator(host="0.0.0.0")


def test_neither_key_shows_in_the_simulators_repr(sim):
    assert SUB_KEY not in repr(sim) and CLIENT_KEY not in repr(sim)
