"""Typer checks every option's value through a pydantic TypeAdapter, built the first time the
option is read — `--help`, `--json` and `--config` included, whether given or not. Importing
pydantic for it costs a command about 0.1 s before it starts (a third of `status`'s budget,
issue 20 item 11; measured with callgrind: 380 M of `status`'s 1,100 M instructions).

The values most options carry need no checking: nothing given (None), a flag's True or False,
and text for a text option. Those are passed on here exactly as typer's own check returns
them; every other value (a number, a date, a choice, a list) goes to typer's check as before.
Applied to the command that runs (not to every command: that would cost more than it saves),
through typer's per-parameter `_runtime_param`; a typer without it is left as it is, and
tests/unit/cli/test_start_up_imports.py then says `status` loads pydantic again.
"""
from __future__ import annotations

from typing import Any, Optional

TEXT = (str, Optional[str])


class PlainValues:
    """A parameter's check: the plain values as given, the rest by typer's own check."""

    def __init__(self) -> None:
        self._typer_check = None

    def coerce(self, value: Any, param, ctx) -> Any:
        annotation = param.type_descriptor.annotation
        if value is None or (annotation is bool and isinstance(value, bool)) or \
                (annotation in TEXT and isinstance(value, str)):
            return value
        if self._typer_check is None:
            from typer._coercion import build_runtime_param

            self._typer_check = build_runtime_param(param.type_descriptor)
        return self._typer_check.coerce(value, param=param, ctx=ctx)


def plain(param) -> None:
    """Check `param`'s plain values without pydantic (a single-valued option or argument of
    typer's that has not been checked yet)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "_runtime_param", False) is not None:
        return
    if getattr(param, "multiple", False) or getattr(param, "nargs", 1) != 1:
        return
    # Any single value: PlainValues passes on None (`run --timeout` not given) and the plain
    # values, and gives the rest to typer's check (an idle `run` loaded pydantic for its
    # `--timeout` that nobody gave: bench/idle.py).
    param._runtime_param = PlainValues()


def plain_command(command, ctx, *, commands: bool = True) -> None:
    """Every parameter of `command`, its help option included; of a group, of its commands too
    (`commands`: a group's own options only, for the top level whose command is not known yet)."""
    for param in command.params:
        plain(param)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        plain(help_option)
    for sub in getattr(command, "commands", {}).values() if commands else ():
        plain_command(sub, ctx)
