"""When a SnelStart call is tried again, and how long S-Connect waits first."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from infrastructure.snelstart.b2b.retry import (
    RetryPolicy,
    maybe_done,
    parse_retry_after,
    retryable,
)

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("header, seconds", [("7", 7.0), (" 2.5 ", 2.5), ("0", 0.0), ("-3", 0.0),
                                             (None, None), ("", None), ("soon", None), ("nan", None)])
def test_retry_after_in_seconds(header, seconds):
    assert parse_retry_after(header, NOW) == seconds


def test_retry_after_as_an_http_date():
    assert parse_retry_after(format_datetime(NOW + timedelta(seconds=30), usegmt=True), NOW) == 30.0
    assert parse_retry_after(format_datetime(NOW - timedelta(seconds=30), usegmt=True), NOW) == 0.0


def test_retry_after_is_honoured_as_given_within_the_bound():
    policy = RetryPolicy(attempts=4, longest_retry_after=60)

    assert policy.wait(1, 7.0) == 7.0
    assert policy.wait(1, 60.0) == 60.0
    assert policy.wait(1, 61.0) is None  # not worth waiting for inside a run: the next run retries


def test_attempts_are_bounded():
    policy = RetryPolicy(attempts=3)

    assert policy.wait(1, None) is not None and policy.wait(2, None) is not None
    assert policy.wait(3, None) is None and policy.wait(3, 1.0) is None


@given(st.integers(min_value=1, max_value=30), st.integers(min_value=0, max_value=2**32))
def test_backoff_doubles_within_jitter_and_never_exceeds_the_cap(attempt, seed):
    policy = RetryPolicy(attempts=100, base=0.5, cap=8.0, rng=random.Random(seed))
    ceiling = min(8.0, 0.5 * 2 ** (attempt - 1))

    wait = policy.wait(attempt, None)

    assert ceiling / 2 <= wait <= ceiling


def test_jitter_spreads_installations_that_were_throttled_together():
    waits = {RetryPolicy(rng=random.Random(seed)).wait(3, None) for seed in range(20)}
    assert len(waits) > 10


@pytest.mark.parametrize("status, again, written", [
    (400, False, False), (401, False, False), (403, False, False), (404, False, False), (409, False, False),
    (422, False, False), (408, True, True), (429, True, False), (500, True, True), (501, True, True),
    (502, True, True), (503, True, True), (504, True, True), (507, True, True), (520, True, True),
    (522, True, True), (524, True, True), (599, True, True)])
def test_which_answers_are_asked_again_and_which_writes_may_have_happened(status, again, written):
    # Every 5xx, not only the classic four: a proxy's 520–524 says nothing about the write.
    assert (retryable(status), maybe_done(status)) == (again, written)
