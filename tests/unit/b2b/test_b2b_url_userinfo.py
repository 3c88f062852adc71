"""A user and password in the B2B token or API address are secrets: never in an error, a repr
or the log; the address is shown without them."""
from __future__ import annotations

import httpx
import pytest

from domain.errors import ServiceUnavailable
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.retry import RetryPolicy
from infrastructure.snelstart.b2b.transport import Transport
from infrastructure.state.redact import redact


def _refused(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused", request=request)


def test_the_token_address_is_shown_without_its_password():
    http = httpx.Client(transport=httpx.MockTransport(_refused))
    tokens = TokenSource(http, "https://anne:Tok-Geheim-77@auth.example/b2b/token", "koppel-userinfo-1",
                         sleep=lambda _: None, policy=RetryPolicy(attempts=2))
    with pytest.raises(ServiceUnavailable) as caught:
        tokens.token()
    assert "auth.example/b2b/token" in str(caught.value)
    assert "Tok-Geheim-77" not in str(caught.value) and "anne" not in str(caught.value)
    assert "Tok-Geheim-77" not in repr(tokens)
    assert redact("POST https://anne:Tok-Geheim-77@auth.example") == "POST https://***@auth.example"


def test_the_api_address_is_shown_without_its_password():
    http = httpx.Client(transport=httpx.MockTransport(_refused))
    tokens = TokenSource(http, "https://auth.example/b2b/token", "koppel-userinfo-2")
    api = Transport(http, "https://bob:Api-Geheim-88@b2bapi.example/v2/", "subscription-userinfo-3", tokens)
    assert repr(api) == "Transport(base_url='https://b2bapi.example/v2/')"
    assert redact("GET https://bob:Api-Geheim-88@b2bapi.example/v2/") == "GET https://***@b2bapi.example/v2/"
