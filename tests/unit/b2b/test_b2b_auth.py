"""The access token: fetched with the koppelsleutel, kept until shortly before it expires."""
from __future__ import annotations

import base64
import json
from urllib.parse import parse_qs

import httpx
import pytest

from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.snelstart.b2b.auth import TokenSource, jwt_scopes
from infrastructure.snelstart.b2b.retry import RetryPolicy

KEY = "koppelsleutel-unit-7f3a"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class TokenEndpoint:
    """A fake of SnelStart's token endpoint: answers queued statuses, then tokens."""

    def __init__(self, lifetime: int = 3599):
        self.lifetime, self.requests, self.failures = lifetime, [], []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failures:
            status, body = self.failures.pop(0)
            if status == 0:
                raise httpx.ConnectError("connection refused", request=request)
            return httpx.Response(status, json=body)
        form = parse_qs(request.content.decode())
        if form != {"grant_type": ["clientkey"], "clientkey": [KEY]}:
            return httpx.Response(400, json={"error": "invalid_grant", "error_description": "Onbekende sleutel"})
        return httpx.Response(200, json={"access_token": f"token-{len(self.requests)}", "token_type": "bearer",
                                         "expires_in": self.lifetime})


@pytest.fixture
def endpoint():
    return TokenEndpoint()


def source(endpoint, clock=None, key=KEY, sleeps=None):
    http = httpx.Client(transport=httpx.MockTransport(endpoint))
    return TokenSource(http, "https://auth.example/b2b/token", key, clock=clock or Clock(),
                       sleep=(sleeps.append if sleeps is not None else lambda s: None), policy=RetryPolicy(attempts=3))


def test_the_koppelsleutel_goes_in_the_form_body_only(endpoint):
    source(endpoint).token()

    request = endpoint.requests[0]
    assert request.method == "POST" and request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert KEY not in str(request.url)


def test_a_token_is_kept_until_shortly_before_it_expires(endpoint):
    clock = Clock()
    tokens = source(endpoint, clock)

    first = tokens.token()
    clock.now += 3599 - 301  # 55 minutes and a bit: still good
    assert tokens.token() == first and len(endpoint.requests) == 1
    clock.now += 2  # within five minutes of the end: renewed before it can die on the way
    assert tokens.token() != first and len(endpoint.requests) == 2


def test_a_short_lived_token_is_renewed_at_nine_tenths_of_its_life():
    endpoint = TokenEndpoint(lifetime=10)
    clock = Clock()
    tokens = source(endpoint, clock)
    first = tokens.token()
    clock.now += 8.9
    assert tokens.token() == first
    clock.now += 0.2
    assert tokens.token() != first


def test_invalidate_forces_a_new_token(endpoint):
    tokens = source(endpoint)
    first = tokens.token()
    tokens.invalidate()
    assert tokens.token() != first and tokens.fetched == 2


def test_a_refused_koppelsleutel_is_a_configuration_error_that_does_not_show_it(endpoint):
    with pytest.raises(ConfigurationError) as refused:
        source(endpoint, key="wrong-key-9c1d").token()

    assert str(refused.value).startswith("snelstart.client_key: SnelStart refused the koppelsleutel")
    assert "Onbekende sleutel" in str(refused.value) and "wrong-key-9c1d" not in str(refused.value)


def test_an_outage_of_the_token_endpoint_is_retried_then_reported(endpoint):
    sleeps: list[float] = []
    endpoint.failures = [(503, {}), (0, None)]
    assert source(endpoint, sleeps=sleeps).token() == "token-3"
    assert len(sleeps) == 2

    endpoint.failures = [(503, {})] * 3
    with pytest.raises(ServiceUnavailable, match="token"):
        source(endpoint).token()


@pytest.mark.parametrize("status", [408, 507, 520, 524])
def test_a_proxy_timeout_at_the_token_endpoint_is_an_outage_not_a_refused_koppelsleutel(endpoint, status):
    endpoint.failures = [(status, {"message": "upstream timed out"})]
    assert source(endpoint).token() == "token-2"

    endpoint.failures = [(status, {})] * 3
    with pytest.raises(ServiceUnavailable, match=f"HTTP {status}"):
        source(endpoint).token()


def jwt(claims: dict) -> str:
    part = lambda data: base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()  # noqa: E731
    return f"{part({'alg': 'RS256'})}.{part(claims)}.signature"


def test_scopes_are_read_from_a_jwt():
    assert jwt_scopes(jwt({"scopes": ["relaties:read", "orders:write"]})) == ("relaties:read", "orders:write")
    assert jwt_scopes(jwt({"scope": "relaties:read artikelen:read"})) == ("relaties:read", "artikelen:read")
    assert jwt_scopes(jwt({"sub": "x"})) is None
    assert jwt_scopes("opaque-token") is None
    assert jwt_scopes("a.!!!.c") is None
