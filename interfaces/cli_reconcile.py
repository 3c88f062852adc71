"""`sconnect reconcile` and `sconnect run --dry-run` (SPEC §8, §11).

reconcile: 0 nothing found, 3 something found, 75 the shop or SnelStart unreachable (and then no
report at all: a partial one would read as complete), 2 a repair asked of an order it does not
apply to (nothing changed), 78 configuration. Shop and SnelStart text is printed as text, never
as rich markup (an article called "[red]x" prints as typed).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import json
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:  # imported where used: start-up of every command (`--help` included) stays light
    from application.dry_run import DryRunReport
    from application.reconcile import NotApplicable, ReconcileReport
from infrastructure.state.redact import redact, redact_tree
from interfaces.cli_log import parse_since
from interfaces.plain import cells, line, plain, visible
from interfaces.wiring import load, wire

EXIT_FOUND, EXIT_USAGE = 3, 2
_WORDS = {"not_booked": "not booked", "booked_twice": "booked twice", "missing_in_snelstart": "missing in SnelStart",
          "not_in_history": "not in history", "total_differs": "total differs", "changed_in_shop": "changed in shop"}
_DRY_STYLE = {"would_create": "green", "would_skip": "yellow", "would_fail": "red"}


def _fail(line: str, code: int) -> None:
    print(" ".join(redact(line).split()), file=sys.stderr)
    raise typer.Exit(code)


def reconcile(ctx: typer.Context,
              profile: Optional[str] = typer.Option(None, "--profile", "-p",
                                                    help="Profile id (may be left out with one profile)."),
              since: Optional[str] = typer.Option(None, "--since", help="Orders placed from this date on "
                                                  "(2024-03-01, or 30d; default: myshop.start_from)."),
              no_shop: bool = typer.Option(False, "--no-shop", help="Leave the shop out: history and SnelStart only."),
              as_json: bool = typer.Option(False, "--json", help="One JSON object on stdout, for scripts."),
              rebook: Optional[str] = typer.Option(None, "--rebook", metavar="ORDER",
                                                   help="Book an order found missing_in_snelstart again at the "
                                                        "next run (asks first)."),
              yes: bool = typer.Option(False, "--yes", help="With --rebook: do not ask (needed without a terminal)."),
              ack: Optional[str] = typer.Option(None, "--ack", metavar="ORDER",
                                                help="Say you have seen an order's change in the shop: no longer "
                                                     "listed as changed_in_shop.")) -> None:
    """Does SnelStart hold exactly the shop's orders, once each, at the amounts booked? Compares
    the history of booked orders with SnelStart and the shop; changes nothing unless asked
    (--rebook, --ack)."""
    from application.reconcile import NotApplicable

    if rebook and ack:
        raise typer.BadParameter("give --rebook or --ack, not both", param_hint="--rebook")
    if yes and not rebook:
        raise typer.BadParameter("--yes goes with --rebook", param_hint="--yes")
    wired = wire(load((ctx.find_root().obj or {}).get("config")), profile)
    use_case = wired.container.reconcile()
    out = Console()
    try:
        if rebook:
            _rebook(use_case, rebook.strip(), yes, out)
        elif ack:
            out.print(plain(use_case.acknowledge(ack.strip(), shop=not no_shop)))
        else:
            report = use_case.report(parse_since(since, wired.container.clock().now()), shop=not no_shop)
            if as_json:
                print(json.dumps(redact_tree(report.to_json()), ensure_ascii=False))
            else:
                findings(out, report)
            if report.findings:
                raise typer.Exit(EXIT_FOUND)
    except NotApplicable as refused:
        _fail(f"nothing changed: {refused}", EXIT_USAGE)
    finally:
        wired.container.shutdown_resources()


def _rebook(use_case, order: str, yes: bool, out: Console) -> None:
    plan = use_case.rebook_check(order)
    if not yes:
        if not sys.stdin.isatty():
            _fail(f"nothing changed: {plan.question} — asked only on a terminal; add --yes to do it without asking",
                  EXIT_USAGE)
        if not typer.confirm(plan.question, default=False):
            out.print(plain(f"nothing changed: order {order} stays as it is"))
            return
    out.print(plain(use_case.rebook(plan)))


def findings(out: Console, report: ReconcileReport) -> None:
    """A table on a terminal (order, finding, SnelStart orders, detail — the detail wraps within
    80 columns); one line per finding when piped, never wrapped, for grep and scripts."""
    terminal = out.is_terminal
    period = "Orders" if report.since is None else f"Orders placed since {_when(report.since)}"
    shop = "the shop left out (--no-shop)" if report.shop is None else f"{report.shop} in the shop"
    out.print(plain(f"{period}: {report.history} in the history, {report.snelstart} sales orders in SnelStart, "
                    f"{shop}."), soft_wrap=not terminal)
    if not report.findings:
        out.print(plain("Nothing to report: SnelStart holds the shop's orders once each, at the amounts booked."),
                  soft_wrap=not terminal)
        return
    if terminal:
        table = Table(show_lines=True)
        table.add_column("order", no_wrap=True)
        table.add_column("finding")
        table.add_column("SnelStart", no_wrap=True)
        table.add_column("detail", overflow="fold", ratio=1)
        for f in report.findings:
            # Never markup: a detail quotes shop and SnelStart text as it is (interfaces/plain.py).
            table.add_row(*cells(f.order, _WORDS[f.kind], ", ".join(map(str, f.sales_orders)), f.detail))
        out.print(table)
    else:
        for f in report.findings:
            print("\t".join(visible(redact(part)) for part in (f.order, f.kind, ",".join(map(str, f.sales_orders)),
                                                               f.detail)))
    counts = ", ".join(f"{sum(1 for f in report.findings if f.kind == kind)} {_WORDS[kind]}" for kind in _WORDS
                       if any(f.kind == kind for f in report.findings))
    out.print(plain(f"{len(report.findings)} finding(s): {counts}."), soft_wrap=not terminal)


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d}" if (moment.hour, moment.minute, moment.second) == (0, 0, 0) else f"{moment:%Y-%m-%d %H:%M}"


def dry_run(wired, as_json: bool) -> None:
    """`run --dry-run`: the read-only state store, no lock; exit 3 when some order would fail."""
    container = wired.container
    state = container.read_only_state()  # the one the dry run reads (a singleton)
    container.b2b_memory.override(container.read_only_state)  # B2B: its copy read, nothing written
    try:
        report = container.dry_run().run()
    finally:
        container.shutdown_resources()
        state.close()
    if as_json:
        print(json.dumps(redact_tree(report.to_json()), ensure_ascii=False))
    else:
        planned(Console(), report)
    if report.count("would_fail"):
        raise typer.Exit(EXIT_FOUND)


def planned(out: Console, report: DryRunReport) -> None:
    for warning in report.warnings:
        out.print(line(("warning:", "yellow"), " ", warning), soft_wrap=not out.is_terminal)
    terminal = out.is_terminal
    rows = []
    for o in report.orders:
        customer = "" if o.customer is None else f"{o.customer}{' (new)' if o.customer_created else ''}"
        if o.recognised_by and not o.customer_created:
            customer += f" ({o.recognised_by})"
        note = "; ".join(filter(None, [o.reason, ("new articles " + ", ".join(o.new_articles))
                                        if o.new_articles else "", *o.warnings]))
        rows.append((o.order, o.status, customer, "" if o.total is None else str(o.total), note))
    if rows and terminal:
        table = Table(title=plain(f"profile {report.profile}: dry run, nothing written"))
        for column in ("order", "would", "customer", "total", "new articles / reason / warnings"):
            table.add_column(column, overflow="fold")
        for order, status, customer, total, note in rows:
            table.add_row(*cells(order, plain(status.removeprefix("would_"), _DRY_STYLE[status]), customer, total,
                                 note))
        out.print(table)
    for row in rows if not terminal else ():
        print("\t".join(visible(redact(part)) for part in row))
    data = report.to_json()
    out.print(plain(f"dry run: {data['fetched']} order(s) — would create {data['would_create']}, skip "
                    f"{data['would_skip']}, fail {data['would_fail']}; {report.unchanged} already done earlier; "
                    f"nothing was written"), soft_wrap=not terminal)
