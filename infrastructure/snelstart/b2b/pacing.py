"""Staying below SnelStart's rate limits instead of running into them.

SnelStart limits calls per administration (reference §5c, a transcription of the portal, "likely"):
the *Productie* and *Maatwerk* products 500 a minute and 5,000 an hour, *Ontwikkeling & Test* 100
and 1,000. The API definition declares no 429: what happens past the limit is API Management's
429 with Retry-After, and a client that keeps going makes a storm of them. So S-Connect counts
its own calls and keeps a margin below each limit (other software, or a second S-Connect profile
on the same administration, may call too):

- in any 60 seconds at most 90 % of the minute's limit: the next call waits until one leaves
  the window (the sleep is injected: tests never wait in real time);
- in any hour at most 90 % of the hour's limit, counting the calls of earlier runs (kept per
  administration in the state database, per minute). A run that reaches it stops before the
  next call with RateBudgetSpent, a ServiceUnavailable: what was booked stays booked, the rest
  waits for the next run, and the cursor does not pass an order that was not handled. Waiting
  up to an hour inside a run would hold the profile's lock and look like a hang.

The administration is known by a fingerprint of the address and the koppelsleutel (a one-way
SHA-256, never the key): the limit is per administration, and two profiles that book into the
same one share it.
"""
from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Protocol

from domain.errors import ServiceUnavailable

MARGIN = 0.9  # of each limit: room for other callers of the same administration


@dataclass(frozen=True)
class RateLimit:
    name: str
    per_minute: int
    per_hour: int

    def describe(self) -> str:
        return f"{_dutch(self.per_minute)} calls a minute and {_dutch(self.per_hour)} an hour"


def _dutch(number: int) -> str:
    """5.000, as Dutch users write it."""
    return f"{number:,}".replace(",", ".")


PRODUCTION = RateLimit("production", 500, 5000)  # Productie and Maatwerk
TEST = RateLimit("test", 100, 1000)  # Ontwikkeling & Test
RATE_LIMITS = {limit.name: limit for limit in (PRODUCTION, TEST)}


class RateBudgetSpent(ServiceUnavailable):
    """This hour's calls for the administration are used up: the run stops, the next one goes on."""


class CallLedger(Protocol):
    """Where the calls of earlier runs are remembered (the state store), per minute."""

    def api_calls_since(self, administration: str, since_minute: int) -> list[tuple[int, int]]:
        """(minute since the epoch, calls in it) for the administration, from `since_minute` on."""
        ...

    def record_api_calls(self, administration: str, minute: int, calls: int) -> None:
        """Add `calls` to the administration's count of `minute`; older minutes may be dropped."""
        ...


def fingerprint(base_url: str, client_key: str) -> str:
    """One administration (through one koppeling), without keeping the koppelsleutel."""
    return hashlib.sha256(f"{base_url.rstrip('/')}\n{client_key}".encode()).hexdigest()[:24]


class Pacer:
    def __init__(self, limit: RateLimit | None, *, now: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep, ledger: CallLedger | None = None,
                 administration: str = ""):
        """`limit` None: no pacing (a benchmark measuring the API alone). `now`: seconds since the
        epoch (wall clock: the hour spans runs)."""
        self.limit, self._now, self._sleep = limit, now, sleep
        self._ledger, self._administration = ledger, administration
        self._minute: deque[float] = deque()  # moments of the calls in the last 60 s
        self._hour: deque[tuple[float, int]] = deque()  # (moment, calls) in the last hour
        self._in_hour = 0
        self._unrecorded: dict[int, int] = {}  # minute → calls not yet in the ledger
        self.waited = 0.0
        if limit is not None and ledger is not None:
            start = self._now()
            # An earlier run's calls count as made at the end of their minute: never too few.
            for minute, calls in ledger.api_calls_since(administration, int(start // 60) - 60):
                at = min((minute + 1) * 60.0, start)
                self._hour.append((at, calls))
                self._in_hour += calls
                self._minute.extend([at] * min(calls, self._minute_target))

    @property
    def _minute_target(self) -> int:
        return max(1, math.floor(self.limit.per_minute * MARGIN)) if self.limit else 0

    @property
    def _hour_target(self) -> int:
        return max(1, math.floor(self.limit.per_hour * MARGIN)) if self.limit else 0

    def before_call(self) -> None:
        """Wait until a call fits the minute; RateBudgetSpent when the hour has no room left."""
        if self.limit is None:
            return
        now = self._now()
        self._forget(now)
        if self._in_hour >= self._hour_target:
            self.flush()
            raise RateBudgetSpent(
                f"SnelStart's limit of {_dutch(self.limit.per_hour)} calls an hour for this administration is "
                f"nearly reached ({_dutch(self._in_hour)} in the last hour, earlier runs included); S-Connect stops "
                f"here and the next run books the remaining orders (snelstart.rate_limit = \"{self.limit.name}\")")
        if len(self._minute) >= self._minute_target:
            wait = self._minute[len(self._minute) - self._minute_target] + 60.0 - now
            if wait > 0:
                self._sleep(wait)
                self.waited += wait
                now = max(now + wait, self._now())
                self._forget(now)
        self._minute.append(now)
        self._hour.append((now, 1))
        self._in_hour += 1
        minute = int(now // 60)
        if self._unrecorded and minute not in self._unrecorded:
            self.flush()  # a minute is complete: written down in case this run dies
        self._unrecorded[minute] = self._unrecorded.get(minute, 0) + 1

    def flush(self) -> None:
        """The calls made since the last flush, into the ledger."""
        if self._ledger is not None:
            for minute, calls in sorted(self._unrecorded.items()):
                self._ledger.record_api_calls(self._administration, minute, calls)
        self._unrecorded.clear()

    def _forget(self, now: float) -> None:
        while self._minute and self._minute[0] <= now - 60.0:
            self._minute.popleft()
        while self._hour and self._hour[0][0] <= now - 3600.0:
            self._in_hour -= self._hour.popleft()[1]
