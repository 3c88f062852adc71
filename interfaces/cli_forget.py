"""`sconnect forget --email ADDRESS | --order N`: a person's data out of S-Connect's state store,
for an erasure request under the GDPR (application/forget.py, docs/privacy.md). SnelStart is
the bookkeeping and is not changed."""
from __future__ import annotations

from typing import Optional

import typer
from rich.console import Console

from application.forget import Forgotten, forget as forget_person
from application.import_orders import LOG_RETENTION
from interfaces.plain import plain
from interfaces.wiring import load, wire

out = Console()


def _orders(numbers: tuple[str, ...]) -> str:
    return f"order {numbers[0]}" if len(numbers) == 1 else \
        f"orders {', '.join(numbers[:-1])} and {numbers[-1]}"


def _said(done: Forgotten, what: str) -> list[str]:
    if not done.orders and not done.log_entries:
        return [f"{done.profile}: nothing stored about {what}"]
    lines = []
    if done.orders:
        lines.append(f"{done.profile}: forgot {_orders(done.orders)}: log entries removed, stored reasons and "
                     f"warnings emptied. Kept, so {'it is' if len(done.orders) == 1 else 'they are'} never booked "
                     f"twice: the order number, its state, SnelStart's sales order and relation numbers and the "
                     f"totals")
    lines.append(f"{done.profile}: {done.log_entries} log entr{'y' if done.log_entries == 1 else 'ies'} removed")
    return lines


def forget(ctx: typer.Context,
           email: Optional[str] = typer.Option(None, "--email", help="Forget every order the log links to this "
                                               "e-mail address, and every log entry naming it."),
           order: list[str] = typer.Option([], "--order", help="Forget this order (the shop's order number); "
                                           "may be given several times."),
           profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                                 help="Only this profile (default: every profile).")) -> None:
    """Remove a person's data from S-Connect's state (log entries, stored reasons), not from SnelStart."""
    if not (email and email.strip()) and not order:
        raise typer.BadParameter("name what to forget: --email ADDRESS or --order N", param_hint="--email / --order")
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    wired = wire(config, profile if profile is not None else next(iter(config.profiles)), secrets=False)
    state, now = wired.container.state(), wired.container.clock().now()
    state.purge_log(now - LOG_RETENTION)
    what = " and ".join(filter(None, [email and email.strip(), order and _orders(tuple(order))]))
    for profile_id in [wired.profile.id] if profile is not None else list(config.profiles):
        done = forget_person(state, profile_id, email=email, orders=tuple(order))
        for line in _said(done, what):
            out.print(plain(line), soft_wrap=True)
        if done.orders or done.log_entries:
            # For the record, without saying whom: the point was to forget that.
            state.log(profile_id, None, "", "basic", f"on request, {len(done.orders)} order(s) and "
                      f"{done.log_entries} log entries were forgotten (sconnect forget)", now)
    state.flush_log()
    out.print(plain("SnelStart is not changed: it is the bookkeeping. Remove or anonymise the relation there "
                    "when the bookkeeping rules allow it, and delete any log export you made."), soft_wrap=True)
