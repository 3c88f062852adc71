"""The HTTP layer against a fake API: headers, paging, retries, and writes never retried blindly."""
from __future__ import annotations

import logging
from decimal import Decimal
from urllib.parse import parse_qs

import httpx
import pytest

from domain.errors import ConfigurationError, OrderRejected, ServiceUnavailable
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.errors import SnelStartRefused, UnknownWrite
from infrastructure.snelstart.b2b.retry import RetryPolicy
from infrastructure.snelstart.b2b.transport import Transport, redacted_headers

SUBSCRIPTION = "subscription-unit-55aa"
TOKEN_URL = "https://auth.example/b2b/token"


class FakeApi:
    """Tokens, a list `items` of `size` rows served at most `cap` a page, and scripted trouble:
    `script` holds what the next API calls get instead (a status, or an exception class)."""

    def __init__(self, size: int = 0, cap: int = 500):
        self.size, self.cap, self.script, self.requests, self.tokens = size, cap, [], [], 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            self.tokens += 1
            return httpx.Response(200, json={"access_token": f"tok{self.tokens}", "expires_in": 3599})
        self.requests.append(request)
        if self.script:
            step = self.script.pop(0)
            if isinstance(step, type):
                raise step("scripted", request=request)
            status, headers, body = step if isinstance(step, tuple) else (step, {}, {})
            return httpx.Response(status, headers=headers, json=body)
        if request.method != "GET":
            return httpx.Response(201, content=request.content)
        query = {k: v[0] for k, v in parse_qs(request.url.query.decode()).items()}
        skip, top = int(query.get("$skip", 0)), min(int(query.get("$top", 500)), self.cap)
        return httpx.Response(200, json=[{"n": n, "price": "0.10"} for n in range(skip, min(skip + top, self.size))])


def transport(api: FakeApi, sleeps=None, attempts: int = 4) -> Transport:
    http = httpx.Client(transport=httpx.MockTransport(api))
    policy = RetryPolicy(attempts=attempts)
    record = sleeps.append if sleeps is not None else (lambda s: None)
    tokens = TokenSource(http, TOKEN_URL, "client-key-unit", sleep=record, policy=policy)
    return Transport(http, "https://api.example/v2", SUBSCRIPTION, tokens, sleep=record, policy=policy)


def test_both_headers_on_every_call_and_amounts_as_decimals():
    api = FakeApi(size=2)
    rows = transport(api).get_list("items")

    assert rows[0]["price"] == "0.10"
    assert transport(api).get("items")[1] == {"n": 1, "price": "0.10"}
    request = api.requests[0]
    assert request.headers["Ocp-Apim-Subscription-Key"] == SUBSCRIPTION
    assert request.headers["Authorization"] == "Bearer tok1"
    assert str(request.url).startswith("https://api.example/v2/items?")


def test_a_decimal_body_is_sent_as_a_string():
    api = FakeApi()
    echoed = transport(api).post("items", {"price": Decimal("24.9500")})

    assert echoed == {"price": "24.9500"} and isinstance(echoed["price"], str)


@pytest.mark.parametrize("size, cap, pages", [(0, 500, 1), (499, 500, 2), (500, 500, 2), (1001, 500, 3),
                                              (60, 25, 3), (25, 25, 2), (9, 25, 2), (5, 2, 3), (1, 1, 2)])
def test_paging_until_a_short_page_with_a_smaller_cap_than_asked(size, cap, pages):
    # A short page may be a cap: asked once more from there (499 rows → 2 calls, 5 at 2 a page → 3).
    api = FakeApi(size=size, cap=cap)

    rows = transport(api).get_list("items")

    assert [r["n"] for r in rows] == list(range(size))
    assert len(api.requests) == pages


def test_a_learned_cap_is_used_for_the_next_list():
    api = FakeApi(size=60, cap=25)
    t = transport(api)
    t.get_list("items")
    api.requests.clear()

    assert len(t.get_list("items")) == 60
    assert [parse_qs(r.url.query.decode())["$top"] for r in api.requests] == [["25"]] * 3


def test_a_page_shorter_than_one_seen_before_is_the_end():
    api = FakeApi(size=60)
    t = transport(api)
    t.get_list("items")  # 60 rows, then an empty page: this server gives at least 60 a page
    api.size, api.requests = 3, []

    assert len(t.get_list("items")) == 3
    assert len(api.requests) == 1


def test_reads_are_retried_on_throttling_and_outages_honouring_retry_after():
    api, sleeps = FakeApi(size=1), []
    api.script = [(429, {"Retry-After": "7"}, {}), 503, httpx.ReadTimeout]

    assert transport(api, sleeps).get_list("items") == [{"n": 0, "price": "0.10"}]
    assert sleeps[0] == 7.0 and len(sleeps) == 3


def test_reads_give_up_after_the_last_attempt():
    api = FakeApi()
    api.script = [503] * 4

    with pytest.raises(ServiceUnavailable, match="HTTP 503.*after 4 attempts") as error:
        transport(api).get("items")
    assert "\n" not in str(error.value)


def test_a_retry_after_too_long_to_wait_ends_the_call():
    api, sleeps = FakeApi(), []
    api.script = [(429, {"Retry-After": "3600"}, {})]

    with pytest.raises(ServiceUnavailable, match="3600"):
        transport(api, sleeps).get("items")
    assert sleeps == []


@pytest.mark.parametrize("trouble", [408, 500, 501, 502, 503, 504, 507, 520, 522, 524, 599, httpx.ReadTimeout,
                                     httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError])
@pytest.mark.parametrize("method", ["post", "put"])
def test_a_write_whose_answer_is_lost_is_not_sent_again(trouble, method):
    # Never a refusal (an OrderRejected): the use case would take it for "nothing was written".
    api = FakeApi()
    api.script = [trouble]

    with pytest.raises(UnknownWrite) as error:
        getattr(transport(api), method)("items", {"a": "1"})
    assert not isinstance(error.value, OrderRejected)
    assert len(api.requests) == 1
    if isinstance(trouble, int):
        assert f"HTTP {trouble}" in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("status", [400, 404, 405, 409, 422])
def test_only_a_4xx_other_than_401_403_408_refuses_a_write(status):
    api = FakeApi()
    api.script = [(status, {}, {"message": "nee"})]

    with pytest.raises(SnelStartRefused) as error:
        transport(api).post("items", {"a": "1"})
    assert error.value.status == status and len(api.requests) == 1
    assert f"HTTP {status}" in str(error.value)


@pytest.mark.parametrize("status", [408, 507, 520, 524])
def test_a_read_is_retried_on_any_server_or_proxy_trouble(status):
    api, sleeps = FakeApi(size=1), []
    api.script = [status, status]

    assert transport(api, sleeps).get_list("items") == [{"n": 0, "price": "0.10"}]
    assert len(sleeps) == 2

    api.script = [status] * 4
    with pytest.raises(ServiceUnavailable, match=f"HTTP {status}") as error:
        transport(api).get("items")
    assert not isinstance(error.value, OrderRejected)


@pytest.mark.parametrize("trouble", [(429, {"Retry-After": "1"}, {}), httpx.ConnectError, httpx.ConnectTimeout])
def test_a_write_that_certainly_did_not_happen_is_sent_again(trouble):
    api = FakeApi()
    api.script = [trouble]

    assert transport(api).post("items", {"a": "1"}) == {"a": "1"}
    assert len(api.requests) == 2


def test_a_401_gets_one_fresh_token_then_names_the_koppelsleutel():
    api = FakeApi(size=1)
    api.script = [401]
    t = transport(api)
    assert t.get_list("items") == [{"n": 0, "price": "0.10"}]
    assert api.tokens == 2 and api.requests[-1].headers["Authorization"] == "Bearer tok2"

    api.script = [(401, {}, {"message": "Authorization has been denied for this request."})] * 2
    with pytest.raises(ConfigurationError, match="^snelstart.client_key:"):
        t.get("items")
    assert api.tokens == 3


def test_a_refused_subscription_key_is_reported_without_renewing_the_token():
    api = FakeApi()
    api.script = [(401, {}, {"statusCode": 401, "message": "Access denied due to invalid subscription key."})]

    with pytest.raises(ConfigurationError, match="^snelstart.subscription_key:"):
        transport(api).get("items")
    assert api.tokens == 1


def test_a_refusal_carries_snelstarts_code():
    api = FakeApi()
    api.script = [(400, {}, [{"errorCode": "ALG-0104", "message": "Could not find a property named 'email'"}])]

    with pytest.raises(SnelStartRefused, match="ALG-0104: Could not find a property named 'email'"):
        transport(api).get("items")


def test_a_missing_object_can_be_asked_for():
    api = FakeApi()
    api.script = [404]
    assert transport(api).get("items/x", missing_ok=True) is None


def test_keys_and_tokens_stay_out_of_debug_logs(caplog):
    caplog.set_level(logging.DEBUG)
    api = FakeApi(size=1)
    t = transport(api)
    t.get_list("items")

    assert SUBSCRIPTION not in caplog.text and "tok1" not in caplog.text and "client-key-unit" not in caplog.text
    assert "***" in caplog.text
    assert SUBSCRIPTION not in repr(t)
    assert redacted_headers({"Authorization": "Bearer x", "ocp-apim-subscription-key": "y", "Accept": "a"}) == {
        "Authorization": "***", "ocp-apim-subscription-key": "***", "Accept": "a"}


def test_a_filter_on_a_unique_key_needs_no_second_look():
    api = FakeApi(size=1)

    assert len(transport(api).get_list("items", unique=True)) == 1
    assert len(api.requests) == 1


class SkipIgnoringApi:
    """A list server that answers every page from the first row, whatever `$skip` says."""

    def __init__(self, size: int, cap: int = 500):
        self.size, self.cap, self.requests = size, cap, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3599})
        self.requests += 1
        top = min(int(parse_qs(request.url.query.decode())["$top"][0]), self.cap)
        return httpx.Response(200, json=[{"id": f"id-{n}"} for n in range(min(top, self.size))])


@pytest.mark.parametrize("size, cap", [(600, 500), (3, 500), (60, 25), (1, 1)])
def test_a_server_that_ignores_skip_ends_the_list_with_an_outage_not_a_loop(size, cap):
    api = SkipIgnoringApi(size, cap)
    t = Transport(httpx.Client(transport=httpx.MockTransport(api)), "https://api.example/v2", SUBSCRIPTION,
                  TokenSource(httpx.Client(transport=httpx.MockTransport(api)), TOKEN_URL, "ck"))

    with pytest.raises(ServiceUnavailable, match=r"^SnelStart ignores \$skip on relaties") as error:
        t.get_list("relaties")
    assert api.requests == 2 and not isinstance(error.value, OrderRejected)


def test_a_list_that_never_ends_stops_at_the_page_limit():
    def endless(request: httpx.Request) -> httpx.Response:  # new rows on every page, for ever
        if str(request.url) == TOKEN_URL:
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3599})
        skip = int(parse_qs(request.url.query.decode())["$skip"][0])
        return httpx.Response(200, json=[{"id": f"id-{skip + n}"} for n in range(2)])
    http = httpx.Client(transport=httpx.MockTransport(endless))
    t = Transport(http, "https://api.example/v2", SUBSCRIPTION, TokenSource(http, TOKEN_URL, "ck"), page_size=2)
    t.max_pages = 7

    with pytest.raises(ServiceUnavailable, match="did not end after 7 pages"):
        t.get_list("artikelen")
    assert t.calls == 8


def test_a_row_seen_again_on_the_next_page_is_kept_once_and_is_no_error():
    # A relation created between two pages moves the rest one row on: the next page starts with
    # the last row already read. That is not a server ignoring $skip.
    pages = {0: ["a", "b"], 2: ["b", "c"], 4: []}

    def shifting(request: httpx.Request) -> httpx.Response:
        if str(request.url) == TOKEN_URL:
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3599})
        skip = int(parse_qs(request.url.query.decode())["$skip"][0])
        return httpx.Response(200, json=[{"id": i} for i in pages[skip]])
    http = httpx.Client(transport=httpx.MockTransport(shifting))
    t = Transport(http, "https://api.example/v2", SUBSCRIPTION, TokenSource(http, TOKEN_URL, "ck"), page_size=2)

    assert [row["id"] for row in t.get_list("relaties")] == ["a", "b", "c"]
