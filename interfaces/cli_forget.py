"""`sconnect forget --email ADDRESS | --order N`: a person's data out of S-Connect's state store,
for an erasure request under the GDPR (application/forget.py, docs/privacy.md). SnelStart is
the bookkeeping and is not changed: the bookkeeper is told which relation holds the person
there, and which forgotten orders a later run will read from the shop (and log) again."""
from __future__ import annotations

from typing import TYPE_CHECKING

import textwrap
from typing import Optional

import typer
from rich.console import Console

if TYPE_CHECKING:  # imported where used: start-up of every command (`--help` included) stays light
    from application.forget import Forgotten, forget as forget_person, forget_copied_relations
    from application.import_orders import LOG_RETENTION
from interfaces.plain import plain, visible
from interfaces.wiring import load, wire

out = Console()


def _numbers(numbers) -> str:
    numbers = list(numbers)
    return numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])} and {numbers[-1]}"


def _orders(numbers) -> str:
    return ("order " if len(list(numbers)) == 1 else "orders ") + _numbers(numbers)


def said(done: Forgotten, what: str) -> list[tuple[str, str]]:
    """(first line, the lines under it) as the bookkeeper reads them; plain words, no styling."""
    if not done.orders and not done.log_entries and not done.archived:
        return [(f"{done.profile}: nothing stored about {what}", "")]
    entries = f"{done.log_entries} log entr{'y' if done.log_entries == 1 else 'ies'} removed"
    earlier = (f"In the history of an earlier administration (set aside by 'history new'): "
               f"{_orders(done.archived)}, {'its' if len(done.archived) == 1 else 'their'} stored reason"
               f"{'' if len(done.archived) == 1 else 's'} and warnings emptied.") if done.archived else ""
    if not done.orders and done.archived:
        return [(f"{done.profile}: forgot {_orders(done.archived)}",
                 f"{entries}. {earlier}" if done.log_entries else earlier)]
    if not done.orders:
        return [(f"{done.profile}: {entries} (they named {what}; no order in the history)", "")]
    one = len(done.orders) == 1
    lines = [(f"{done.profile}: forgot {_orders(done.numbers)}",
              f"{entries}; the stored reason{'' if one else 's'} and warnings emptied. Kept, so no order is "
              f"ever booked twice: the order number{'' if one else 's'}, {'its' if one else 'their'} state, "
              f"SnelStart's sales order and relation number{'' if one else 's'} and the totals.")]
    if done.not_booked:
        open_orders = ", ".join(f"{o.order_number} ({o.state.value})" for o in done.not_booked)
        lines.append(("", f"Not booked: {open_orders}. As long as the shop has "
                          f"{'it' if len(done.not_booked) == 1 else 'them'}, a run that reads "
                          f"{'it' if len(done.not_booked) == 1 else 'them'} again logs the customer's data again "
                          f"(kept four weeks): cancel or remove "
                          f"{'it' if len(done.not_booked) == 1 else 'them'} in the shop when "
                          f"{'it' if len(done.not_booked) == 1 else 'they'} will never be booked, then forget "
                          f"{'it' if len(done.not_booked) == 1 else 'them'} again."))
    if earlier:
        lines.append(("", earlier))
    if done.relations:
        where = _numbers([f"{code} ({_orders([o.order_number for o in done.orders if o.customer_code == code])})"
                          for code in done.relations])
        lines.append(("", f"In SnelStart: relation{'' if len(done.relations) == 1 else 's'} {where}. S-Connect "
                          f"does not change SnelStart: it is the bookkeeping. Remove or anonymise the relation "
                          f"there when the bookkeeping rules allow it."))
    return lines


def copy_removed(relations: int) -> tuple[str, str]:
    """What is said when the copy of SnelStart's relations (B2B) was removed: it held the person
    too, if SnelStart does (application/forget.py)."""
    count = f"{relations:,}".replace(",", ".")
    return (f"S-Connect's copy of SnelStart's relations removed ({count} relation{'' if relations == 1 else 's'}, "
            "with their names, addresses and e-mail addresses)",
            "It is kept so that a run asks SnelStart only what changed; the next run that needs it reads it "
            "whole from SnelStart again (one call per 500 relations). It goes whole, for every profile.")


def _print(first: str, under: str) -> None:
    # On a terminal wrapped at words under its indent; in a pipe one line per fact, for grep.
    width = max(40, out.width) if out.is_terminal else 10_000
    for text, indent in ((first, ""), (under, "  ")):
        if text:
            # Plain text (never markup: an order number is the shop's text).
            out.print(plain(textwrap.fill(visible(text), width, initial_indent=indent, subsequent_indent=indent,
                                          break_long_words=False, break_on_hyphens=False)), soft_wrap=True)


def forget(ctx: typer.Context,
           email: Optional[str] = typer.Option(None, "--email", metavar="ADDRESS",
                                               help="Forget every order the log links to this e-mail address, "
                                                    "and every log entry naming it (the whole address, any case)."),
           order: list[str] = typer.Option([], "--order", metavar="N",
                                           help="Forget this order (the shop's order number); may be given "
                                                "several times."),
           profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                                 help="Only this profile (default: every profile).")) -> None:
    """Remove a person's data from S-Connect's state (log entries, stored reasons), not from SnelStart."""
    from application.forget import forget as forget_person, forget_copied_relations
    from application.import_orders import LOG_RETENTION

    if email is not None and email.strip():
        from domain.personal_data import email_address

        address = email_address(email)
        if address is None:
            raise typer.BadParameter(f"'{visible(email.strip())[:80]}' is not an e-mail address: give the whole "
                                     "address, like klant@example.nl", param_hint="--email")
    elif not order:
        raise typer.BadParameter("name what to forget: --email ADDRESS or --order N", param_hint="--email / --order")
    else:
        address = None
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    wired = wire(config, profile if profile is not None else next(iter(config.profiles)), secrets=False)
    state, now = wired.container.state(), wired.container.clock().now()
    state.purge_log(now - LOG_RETENTION)
    numbers = [n.strip() for n in order if n.strip()]
    what = " and ".join(filter(None, [address, numbers and _orders(numbers)]))
    for profile_id in [wired.profile.id] if profile is not None else list(config.profiles):
        done = forget_person(state, profile_id, email=address, orders=tuple(numbers))
        for first, under in said(done, what):
            _print(first, under)
        if done.orders or done.log_entries or done.archived:
            # For the record, without saying whom: the point was to forget that.
            count = len(done.orders) + len(set(done.archived) - set(done.numbers))
            state.log(profile_id, None, "", "basic", f"on request (sconnect forget): {count} order"
                      f"{'' if count == 1 else 's'} and {done.log_entries} log entr"
                      f"{'y' if done.log_entries == 1 else 'ies'} forgotten", now)
    copied = forget_copied_relations(state)
    if copied:
        _print(*copy_removed(copied))
    state.flush_log()
    _print("A log export (.xlsx) made before holds the log as it was then: delete it too.", "")
