"""Tokens and retries against the simulator: both headers, a token per hour, one renewal on 401,
Retry-After honoured, outages retried a bounded number of times."""
from __future__ import annotations

import pytest
from b2b_world import Clock, api_calls

from domain.errors import ServiceUnavailable


def test_one_token_serves_every_call_of_a_run(api, adapter):
    adapter.relation_by_code("1001")
    adapter.article_by_code("ART-1001", "artikelcode")
    adapter.template("Webshop")

    assert len(api_calls(api, prefix="/b2b/token")) == 1
    assert all(c.status == 200 for c in api_calls(api))


def test_an_expired_token_is_renewed_once_and_the_call_goes_through(api, adapter):
    adapter.relation_by_code("1001")
    api.expire_tokens()

    assert adapter.article_by_code("ART-2001", "artikelcode").description == "Koffiemok wit"
    statuses = [(c.path, c.status) for c in api.calls if c.path in ("/b2b/token", "/v2/artikelen")]
    assert statuses[:4] == [("/b2b/token", 200), ("/v2/artikelen", 401), ("/b2b/token", 200),
                            ("/v2/artikelen", 200)]
    assert len(api_calls(api, prefix="/b2b/token")) == 2


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def simulator_options(clock):
    return {"token_ttl": 600.0, "monotonic": clock}


def test_a_token_is_renewed_before_it_expires_not_after(api, adapter_for, clock):
    adapter = adapter_for(clock=clock)
    adapter.template("Webshop")
    clock.now += 530  # 70 s left of 600: still used
    adapter.revenue_group("Omzet hoog")
    assert len(api_calls(api, prefix="/b2b/token")) == 1
    clock.now += 20  # 50 s left: less than a tenth of its life, so a new one first
    adapter.article_by_code("ART-1001", "artikelcode")

    assert len(api_calls(api, prefix="/b2b/token")) == 2
    assert not [c for c in api.calls if c.status == 401]


def test_429_waits_as_long_as_retry_after_says(api, adapter, sleeps):
    api.fail_next(429, method="GET", path_prefix="relaties", retry_after=7)

    assert adapter.relation_by_code("1001").name == "Bakkerij De Vries B.V."
    assert sleeps == [7.0]
    assert [c.status for c in api_calls(api, "GET", "/v2/relaties")][:2] == [429, 200]


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_read_is_retried_after_an_outage(api, adapter, sleeps, status):
    api.fail_next(status, times=2, method="GET", path_prefix="artikelen")

    assert adapter.article_by_code("ART-1001", "artikelcode") is not None
    assert [c.status for c in api_calls(api, "GET", "/v2/artikelen")][:3] == [status, status, 200]
    assert len(sleeps) == 2 and 0.25 <= sleeps[0] <= 0.5 and 0.5 <= sleeps[1] <= 1.0  # backoff with jitter


def test_a_dropped_connection_on_a_read_is_retried(api, adapter):
    api.lose_answer_of_next("GET", "verkoopordersjablonen")

    assert adapter.template("Webshop") is not None
    assert len(api_calls(api, "GET", "/v2/verkoopordersjablonen")) == 2


def test_an_outage_that_lasts_ends_the_call_with_one_line(api, adapter, sleeps):
    api.fail_next(503, times=10, method="GET", path_prefix="relaties")

    with pytest.raises(ServiceUnavailable) as error:
        adapter.relation_by_code("1001")

    assert len(api_calls(api, "GET", "/v2/relaties")) == 4 and len(sleeps) == 3
    assert "HTTP 503" in str(error.value) and "\n" not in str(error.value)
