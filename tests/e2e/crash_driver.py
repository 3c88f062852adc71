"""Run `import orders` for a profile, but die at one chosen step — for the crash tests.

    python crash_driver.py CONFIG POINT NTH MODE

POINT is `gateway.<method>:<before|after>` or `state.<method>:<before|after>`; on its NTH call
the process kills itself with SIGKILL (MODE kill: no finally blocks, no flushing — as a power
cut or `kill -9`) or raises (MODE raise). The container's providers are overridden, as tests do.
"""
from __future__ import annotations

import os
import signal
import sys

from dependency_injector import providers

from interfaces.wiring import load, wire


class Crash(RuntimeError):
    pass


class CrashAt:
    def __init__(self, target, method: str, when: str, nth: int, mode: str):
        self._target, self._method, self._when, self._nth, self._mode = target, method, when, nth, mode
        self._calls = 0

    def _die(self) -> None:
        if self._mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise Crash(f"injected crash at {self._method}:{self._when}")

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if name != self._method:
            return attr

        def wrapped(*args, **kwargs):
            self._calls += 1
            hit = self._calls == self._nth
            if hit and self._when == "before":
                self._die()
            result = attr(*args, **kwargs)
            if hit and self._when == "after":
                self._die()
            return result
        return wrapped


def main(config: str, point: str, nth: str, mode: str) -> int:
    wired = wire(load(config), None)
    target, rest = point.split(".", 1)
    method, when = rest.split(":")
    c = wired.container
    if target == "gateway":
        c.gateway.override(providers.Object(CrashAt(c.gateway(), method, when, int(nth), mode)))
    else:
        c.state.override(providers.Object(CrashAt(c.state(), method, when, int(nth), mode)))
    try:
        report = c.import_orders().run()
    except Crash as exc:
        print(f"crashed: {exc}", file=sys.stderr)
        return 9
    print(f"no crash happened: {report.to_json()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
