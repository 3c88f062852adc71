"""Run `import orders` for a profile, but die at one chosen step — for the crash tests.

    python crash_driver.py CONFIG POINT NTH MODE

POINT is `gateway.<method>:<before|after>` or `state.<method>:<before|after>`; on its NTH call
the process kills itself with SIGKILL (MODE kill: no finally blocks, no flushing — as a power
cut or `kill -9`) or raises (MODE raise). The container's providers are overridden, as tests do.

POINT `insert.<table>:<before|after>` dies inside the embedded administration's own write
transaction instead: at the NTH INSERT into that table (e.g. `tblVerkooporderRegel`, the
sales order's lines, after its header), before the transaction commits.

POINT `com.<method>:<before|after>` dies inside the (fake) SnelStart Gateway, for the classic
kinds: between `mtdGWayVerkoopOrderAanmakenE`, the lines and `mtdGWayVerkoopOrderSluitenGet`.
A classic profile runs on the classic-shaped SQLite administration and the fake Gateway
(tests/classic_wiring.py); the other kinds are not touched by that.
"""
from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from dependency_injector import providers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: classic_wiring

import classic_wiring  # noqa: E402

classic_wiring.install()

from interfaces.wiring import load, wire  # noqa: E402


class Crash(RuntimeError):
    pass


class Trigger:
    """Counts calls of one step and dies on the chosen one."""

    def __init__(self, step: str, when: str, nth: int, mode: str):
        self._step, self._when, self._nth, self._mode = step, when, nth, mode
        self._calls = 0

    def _die(self) -> None:
        if self._mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise Crash(f"injected crash at {self._step}:{self._when}")

    def around(self, call, *args, **kwargs):
        self._calls += 1
        hit = self._calls == self._nth
        if hit and self._when == "before":
            self._die()
        result = call(*args, **kwargs)
        if hit and self._when == "after":
            self._die()
        return result


class CrashAt:
    """A port (gateway or state store) whose `method` goes through the trigger."""

    def __init__(self, target, method: str, trigger: Trigger):
        self._target, self._method, self._trigger = target, method, trigger

    def __getattr__(self, name):
        attr = getattr(self._target, name)
        if name != self._method:
            return attr
        return lambda *args, **kwargs: self._trigger.around(attr, *args, **kwargs)


def crash_inside_inserts(table: str, trigger: Trigger) -> None:
    """Every ODBC connection of this process: an INSERT into `table` goes through the trigger."""
    from infrastructure.snelstart.odbc.connection import OdbcConnection
    from infrastructure.snelstart.odbc.sql import insert

    prefix = insert(table, ("x",)).split("(")[0]  # "INSERT INTO [table] ", as the adapter writes it

    def wrap(original):
        def wrapped(self, statement, *args, **kwargs):
            if isinstance(statement, str) and statement.startswith(prefix):
                return trigger.around(original, self, statement, *args, **kwargs)
            return original(self, statement, *args, **kwargs)
        return wrapped

    OdbcConnection.execute = wrap(OdbcConnection.execute)
    OdbcConnection.execute_many = wrap(OdbcConnection.execute_many)


def crash_inside_the_gateway(method: str, trigger: Trigger) -> None:
    """The fake SnelStart Gateway's `method` (on its session or customer card) goes through the trigger."""
    from infrastructure.simulators.snelstart_gateway.gateway import FakeKlant, FakeSnelStart

    for kind in (FakeSnelStart, FakeKlant):
        if method in vars(kind):
            original = vars(kind)[method]
            setattr(kind, method, lambda self, *args, _original=original: trigger.around(_original, self, *args))
            return
    raise ValueError(f"the fake Gateway has no method {method}")


# Chunks of two orders (a run books 100 at a time): the demo shop's five orders make three
# chunks, so the NTH call of a chunk's step (claim_many, commit_writes, record_booked_many) is a
# crash in the middle of the run, after a chunk that was finished.
CHUNK = 2


def main(config: str, point: str, nth: str, mode: str) -> int:
    import application.import_orders

    application.import_orders.CHUNK = CHUNK
    wired = wire(load(config), None)
    target, rest = point.split(".", 1)
    method, when = rest.split(":")
    trigger = Trigger(f"{target}.{method}", when, int(nth), mode)
    c = wired.container
    if target == "gateway":
        c.gateway.override(providers.Object(CrashAt(c.gateway(), method, trigger)))
    elif target == "state":
        c.state.override(providers.Object(CrashAt(c.state(), method, trigger)))
    elif target == "insert":
        crash_inside_inserts(method, trigger)
    elif target == "com":
        crash_inside_the_gateway(method, trigger)
    else:
        print(f"unknown crash point {point!r}", file=sys.stderr)
        return 2
    try:
        report = c.import_orders().run()
    except Crash as exc:
        print(f"crashed: {exc}", file=sys.stderr)
        return 9
    print(f"no crash happened: {report.to_json()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
