"""The B2B simulator's rate limits (reference §5c: per administration, *Productie*/*Maatwerk* 500
calls a minute and 5,000 an hour, *Ontwikkeling & Test* 100 and 1,000), kept as Azure API
Management's `rate-limit` policy does [I]: sliding windows; a call past a limit is answered 429
with Retry-After (the seconds until it would fit) and is not counted."""
from __future__ import annotations

import math
import threading
from bisect import bisect_right
from collections import deque

PRODUCTION_LIMIT = (500, 5000)
TEST_LIMIT = (100, 1000)


class Throttle:
    def __init__(self, limit: tuple[int, int] | None):
        self.limit = limit
        self._counted: deque[float] = deque()  # moments of the calls of the last hour
        self._lock = threading.Lock()
        self.refused = 0

    def wait(self, now: float) -> int | None:
        """None: the call may go (and is counted); else the whole seconds to wait."""
        if self.limit is None:
            return None
        per_minute, per_hour = self.limit
        with self._lock:
            counted = self._counted
            while counted and counted[0] <= now - 3600:
                counted.popleft()
            in_minute = len(counted) - bisect_right(counted, now - 60)
            if len(counted) >= per_hour:
                free_at = counted[len(counted) - per_hour] + 3600
            elif in_minute >= per_minute:
                free_at = counted[len(counted) - per_minute] + 60
            else:
                counted.append(now)
                return None
            self.refused += 1
        return max(1, math.ceil(free_at - now))
