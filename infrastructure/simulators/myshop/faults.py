"""Fault injection for the myShop simulator, from a spec like
`latency=0.2,http500=first:2,drop=0.1,truncate=first:1,expire=first:1` (docs/myshop.md).

Each fault fires either with a probability (`0.2`) or on the first N eligible requests
(`first:2`). latency, httpNNN and drop are eligible on every request; truncate and expire only
on `orders/list` requests. `delay=SECONDS` sets the latency (default 2), `seed=N` the random seed.
"""
from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

KINDS = ("latency", "http", "drop", "truncate", "expire")
LIST_ONLY = ("truncate", "expire")


class FaultSpecError(ValueError):
    """A `--faults` value that cannot be read; str() is the one-line reason."""


@dataclass
class Trigger:
    probability: float = 0.0
    first: int = 0
    seen: int = 0

    def fires(self, rng: random.Random) -> bool:
        self.seen += 1
        if self.first:
            return self.seen <= self.first
        return rng.random() < self.probability


@dataclass
class Faults:
    triggers: dict[str, Trigger] = field(default_factory=dict)
    http_status: int = 500
    delay: float = 2.0
    seed: int = 0

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)
        self._lock = threading.Lock()

    @classmethod
    def parse(cls, spec: str | None) -> Faults:
        faults = cls()
        for item in (spec or "").split(","):
            item = item.strip()
            if not item:
                continue
            name, sep, value = item.partition("=")
            name, value = name.strip().lower(), value.strip()
            if not sep or not value:
                raise FaultSpecError(f"fault {item!r}: expected name=value")
            if name == "delay":
                faults.delay = _number(item, value, upper=600)
            elif name == "seed":
                faults.seed = int(_number(item, value, upper=2**31))
            elif name.startswith("http") and name[4:].isdigit():
                status = int(name[4:])
                if not 500 <= status <= 599:
                    raise FaultSpecError(f"fault {item!r}: only 5xx statuses are faults")
                faults.http_status = status
                faults.triggers["http"] = _trigger(item, value)
            elif name in KINDS:
                faults.triggers[name] = _trigger(item, value)
            else:
                raise FaultSpecError(f"unknown fault {name!r}: use latency, httpNNN, drop, truncate, "
                                     "expire, delay or seed")
        faults._rng = random.Random(faults.seed)
        return faults

    def fires(self, kind: str, *, orders_request: bool) -> bool:
        trigger = self.triggers.get(kind)
        if trigger is None or (kind in LIST_ONLY and not orders_request):
            return False
        with self._lock:
            return trigger.fires(self._rng)


def _number(item: str, value: str, *, upper: float) -> float:
    try:
        number = float(value)
    except ValueError:
        raise FaultSpecError(f"fault {item!r}: {value!r} is not a number") from None
    if not 0 <= number <= upper:
        raise FaultSpecError(f"fault {item!r}: {value} is out of range")
    return number


def _trigger(item: str, value: str) -> Trigger:
    if value.lower().startswith("first:"):
        count = value[6:].strip()
        if not count.isdigit():
            raise FaultSpecError(f"fault {item!r}: first:N needs a whole number")
        return Trigger(first=int(count))
    return Trigger(probability=_number(item, value, upper=1))
