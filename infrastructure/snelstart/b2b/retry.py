"""When to try a SnelStart call again, and how long to wait first.

No rate limit is documented, but Azure API Management answers 429 with `Retry-After` (reference
§5 [I]); that wait is honoured as given. Otherwise the wait doubles per attempt, with jitter so
that several installations throttled at the same moment do not come back at the same moment.
Everything is bounded: a few attempts, a cap per wait, and a longest `Retry-After` worth waiting
for inside a run (a longer one ends the run; the next run tries again).
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def retryable(status: int) -> bool:
    """Worth asking again: throttled (429), timed out (408), or trouble on SnelStart's side or on
    the way there — every 5xx, not only 500/502/503/504: proxies and CDNs in front of an API
    answer 520–524 for timeouts and dropped upstream connections, and a server may say 507."""
    return status in (408, 429) or status >= 500


def maybe_done(status: int) -> bool:
    """A write answered so may have been performed all the same: a 408 or any 5xx can come from
    a proxy that gave up waiting while SnelStart went on writing. Only a 4xx other than 401,
    403 and 408 says for certain that nothing was written."""
    return status == 408 or status >= 500


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait: `Retry-After` is a number of seconds or an HTTP date; None if absent or
    unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        seconds = float(text)
    except ValueError:
        try:
            when = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if math.isnan(seconds):
        return None
    return max(0.0, seconds)


@dataclass
class RetryPolicy:
    attempts: int = 4  # in all, the first one included
    base: float = 0.5  # seconds before the second attempt (before jitter)
    cap: float = 8.0  # longest backoff wait
    longest_retry_after: float = 60.0  # a longer Retry-After is not waited for inside a run
    rng: random.Random = field(default_factory=random.Random)

    def backoff(self, attempt: int) -> float:
        """Wait after failed attempt number `attempt` (1-based): half to all of base·2^(n-1)."""
        ceiling = min(self.cap, self.base * (2 ** (attempt - 1)))
        return ceiling * (0.5 + self.rng.random() / 2)

    def wait(self, attempt: int, retry_after: float | None) -> float | None:
        """Seconds to wait before the next attempt, or None: give up."""
        if attempt >= self.attempts:
            return None
        if retry_after is not None:
            return retry_after if retry_after <= self.longest_retry_after else None
        return self.backoff(attempt)
