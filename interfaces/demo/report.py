"""What the demo shows: per order what happened and how the customer was recognised, and the
hand-over — the commands to look further and to go on, printed so they run as printed."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from application.run_report import OrderOutcome, RunReport
from interfaces.commands import command
from interfaces.layout import command_line, grid, lines, piped
from interfaces.plain import cells, line, plain
from interfaces.render import WORD, customer_text, state_cell

ORDERS = "orders.xml"
SNAPSHOT = "administration.json"  # the demo administration before the import
WIDE = 160  # the table with its seven columns fits without cutting a fact from here on
# Recognition.step in the words of the manual.
STEP_LABELS = {"customer_code": "customer code", "email": "e-mail", "email_and_postcode": "e-mail + postcode",
               "vat_number": "VAT number", "coc_number": "KvK number", "name": "name", "new": "new customer"}
COLUMNS = ("order", "state", "verkooporder", "klant", "recognised by", "note", "case")


def explanations(state, profile: str) -> dict[str, str]:
    """Per order, everything the detailed log says (the recognition explanation among it)."""
    found: dict[str, str] = {}
    for e in state.log_entries(profile, None, True):
        if e.order_number:
            found[e.order_number] = f"{found.get(e.order_number, '')} {e.message}"
    return found


def recognised_by(outcome: OrderOutcome, explained: dict[str, str]) -> str:
    label = STEP_LABELS.get(outcome.recognised_by, outcome.recognised_by)
    # Smart recognition names its e-mail step "email" also when the postcode decided between
    # relations sharing the address; the explanation says so, and the demo wants to show it.
    if outcome.recognised_by == "email" and "narrowed by" in explained.get(outcome.order, ""):
        label = STEP_LABELS["email_and_postcode"]
    return label


def outcomes(out: Console, report: RunReport, orders: dict, explained: dict[str, str]) -> Table:
    """A table of seven columns on a wide terminal and in a pipe (one order per line); below
    that, one block per order whose facts wrap under themselves."""
    rows = []
    for o in sorted(report.outcomes, key=lambda o: (len(o.order), o.order)):
        story = orders[o.order].story if o.order in orders else ""
        rows.append((o, o.reason or "; ".join(o.warnings), "" if story == "everyday order" else story))
    if piped(out) or out.width >= WIDE:
        table = Table(title="The demo shop's orders in SnelStart")
        for column in COLUMNS:
            table.add_column(column, no_wrap=column not in ("note", "case"), overflow="fold")
        for o, note, case in rows:
            table.add_row(*cells(o.order, state_cell(o.status), o.sales_order or "",
                                 customer_text(o.customer, o.customer_created), recognised_by(o, explained),
                                 note, case))
        return table
    table = grid("", "")
    for o, note, case in rows:
        how = ("nobody matched: a new customer" if o.recognised_by == "new"
               else f"recognised by {recognised_by(o, explained)}")
        facts = (f"verkooporder {o.sales_order}, klant {customer_text(o.customer, o.customer_created)}, {how}"
                 if o.status == "created" else "")
        table.add_row(plain(o.order), state_cell(o.status),
                      lines(plain(facts), plain(note), plain(f"case: {case}" if case else "", "dim")))
    return table


def hand_over(out: Console, config, orders_file: Path) -> None:
    """The commands to look further and to ask the demo shop again, each runnable as printed."""
    def show(*args: str) -> None:
        command_line(out, command(*args, config=config.path))

    out.print(plain("\nLook further (history, log and administration stay in the demo's folder):"))
    for args in (("history",), ("log", "--detailed"), ("embedded", "dump")):
        show(*args)
    out.print(plain("The demo shop is closed; its orders are in " f"{orders_file}. Serve it again (in a second "
                    "terminal; Ctrl-C stops it):"))
    show("myshop", "simulate", "--orders", str(orders_file), "--profile", "demo")
    out.print(plain("and ask it, for example:"))
    for args in (("config", "check"), ("test-connection",), ("explain", "3026")):
        show(*args)
    out.print(plain("Or open the console (Uitvoering, Orders, Instellingen) on the demo's folder in your browser:"))
    show("console")
    out.print(line("Your own setup from these pieces (config.toml, administration.json, orders.xml): ",
                   ("README.md", "bold"), ", \"Your own setup\"."))


def again(report: RunReport) -> Table:
    """Run 2, one order a row: its number, then what happened, wrapped under itself at 80 columns."""
    table = grid("")
    for o in sorted(report.outcomes, key=lambda o: (len(o.order), o.order)):
        if o.status == "created":
            what = f"booked: verkooporder {o.sales_order} for klant {customer_text(o.customer, o.customer_created)}"
        else:
            what = f"{WORD.get(o.status, o.status)} again: {o.reason}"
        table.add_row(plain(f"  {o.order}"), plain(what))
    return table
