"""Run a `sconnect` command whose SnelStart gateway takes its time on each sales order — so a test
can signal the process while an order is in hand.

    python slow_schedule_driver.py MARKER DELAY sconnect-arguments…

Each sales order's betalingskenmerk is appended to MARKER when its write starts; the write then
waits DELAY seconds — or less, once the file MARKER.go exists (the test's "go on") — before it
goes to SnelStart. Everything else is the real program (the container's gateway is overridden,
as tests do).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from dependency_injector import providers

from interfaces import cli, scheduler, wiring


class SlowGateway:
    def __init__(self, inner, marker: Path, delay: float):
        self._inner, self._marker, self._delay = inner, marker, delay

    def create_sales_order(self, plan):
        with self._marker.open("a") as marker:
            marker.write(f"{plan.payment_reference}\n")
        go, deadline = self._marker.with_name(self._marker.name + ".go"), time.monotonic() + self._delay
        while time.monotonic() < deadline and not go.exists():
            time.sleep(0.02)
        return self._inner.create_sales_order(plan)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def main(marker: str, delay: str, *args: str) -> None:
    def slow_wire(config, profile_id, **options):
        wired = wiring.wire(config, profile_id, **options)
        gateway = wired.container.gateway()
        wired.container.gateway.override(providers.Object(SlowGateway(gateway, Path(marker), float(delay))))
        return wired

    scheduler.wire = slow_wire
    cli.wire = slow_wire
    cli.main(list(args))


if __name__ == "__main__":
    main(*sys.argv[1:])
