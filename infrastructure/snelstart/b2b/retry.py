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

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


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
