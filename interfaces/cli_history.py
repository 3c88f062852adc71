"""`sconnect history …`: the processed-order history of a profile, and which SnelStart
administration it belongs to.

    history                      what was booked, skipped, failed or held (newest first)
    history moved                the administration the profile reaches now is the one the
                                 history was made in, moved or renamed: keep the history
    history new --start-from X   another administration: set the history aside (archived) and
                                 book the shop's orders from X (a date/time or an order number)
"""
from __future__ import annotations

import json
from typing import Optional

import typer

from domain.errors import ConfigurationError
from interfaces.command_group import command_group
from interfaces.layout import console
from interfaces.plain import plain
from interfaces.wiring import load, wire

app = command_group(help="The processed-order history: what was booked, skipped, failed or held.",
                    invoke_without_command=True)
out = console()
ProfileOption = typer.Option(None, "--profile", "-p", help="Profile id (may be left out with one profile).")


def _config(ctx: typer.Context) -> Optional[str]:
    return (ctx.find_root().obj or {}).get("config")


@app.callback()
def show(ctx: typer.Context, profile: Optional[str] = ProfileOption,
         as_json: bool = typer.Option(False, "--json", help="One JSON list on stdout, for scripts."),
         limit: int = typer.Option(100, help="At most this many orders, newest first.")) -> None:
    """The processed-order history: what was booked, skipped, failed or held."""
    if ctx.invoked_subcommand is not None:
        return
    from interfaces import render

    wired = wire(load(_config(ctx), need_secrets=False), profile)
    rows = wired.container.state().history(wired.profile.id, limit)
    if as_json:
        print(json.dumps([render.history_json(r) for r in rows], ensure_ascii=False))
    else:
        render.history(out, rows)


def _current(ctx: typer.Context, profile: Optional[str]):
    """The wired profile, its state, the administration it reaches now and the one bound."""
    # The shop key is not needed to know the administration (b2b reads its own keys).
    wired = wire(load(_config(ctx), need_secrets=False), profile)
    state = wired.container.state()
    found = wired.container.administration().identity()
    if found is None:
        raise ConfigurationError(f"profile {wired.profile.id}: its administration cannot tell which one it is")
    return wired, state, found, state.bound_administration(wired.profile.id)


@app.command("moved")
def moved(ctx: typer.Context, profile: Optional[str] = ProfileOption) -> None:
    """The administration the profile reaches now is the one its history was made in (moved,
    copied or renamed): the history stays and belongs to it from now on."""
    wired, state, found, binding = _current(ctx, profile)
    try:
        if binding is not None and binding.administration.key == found.key:
            out.print(plain(f"the history of {wired.profile.id} already belongs to {found}; nothing changed"))
            return
        state.bind_administration(wired.profile.id, found)
    finally:
        wired.close()
    before = f" (it belonged to {binding.administration})" if binding is not None else ""
    out.print(plain(f"the history of {wired.profile.id} now belongs to {found}{before}; the next run goes on "
                    f"where the last one stopped"))


@app.command("new")
def new(ctx: typer.Context,
        start_from: str = typer.Option(..., "--start-from", help="Book the shop's orders from this date/time "
                                       "(2024-05-01, 2024-05-01T00:00) or myShop order number (1234) on."),
        profile: Optional[str] = ProfileOption) -> None:
    """Start a new history for the administration the profile reaches now: the old history is set
    aside (archived in the state file), and the next run books the shop's orders from START_FROM."""
    from infrastructure.config.sections import start_point

    try:
        start = start_point(start_from, "--start-from")
    except ConfigurationError as error:
        raise typer.BadParameter(str(error).split(": ", 1)[-1], param_hint="--start-from") from None
    wired, state, found, binding = _current(ctx, profile)
    try:
        if binding is not None and binding.administration.key == found.key and state.has_history(wired.profile.id):
            raise typer.BadParameter(f"the history of {wired.profile.id} already belongs to {found}: a new one "
                                     f"would book its orders again", param_hint="history new")
        stored = start if isinstance(start, str) else start.isoformat(timespec="seconds")
        archived = state.start_new_history(wired.profile.id, found, stored)
    finally:
        wired.close()
    shown = f"order {stored}" if isinstance(start, str) else f"{start:%Y-%m-%d %H:%M}"
    out.print(plain(f"a new history for {wired.profile.id} in {found}: {archived} orders of the old one archived; "
                    f"the next run books the shop's orders from {shown} on"))
