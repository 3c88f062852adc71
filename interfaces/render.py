"""What `run` and `history` print (rich), and the JSON shape of history. Shop and SnelStart
text is printed through interfaces/plain.py: never read as markup. A table with every column
from WIDE columns on; below that (80 columns), one order per row of a grid whose last column
wraps under itself (interfaces/layout.py); piped, the table, one order per line."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from application.ports import ProcessedOrder
from application.run_report import RunReport
from interfaces.plain import cells, line, plain, visible
from interfaces.commands import held_sentence
from interfaces.layout import command_line, grid, hanging, lines, narrow, piped

# One word per state, in every command and in the docs (docs/words.md). `run --json` keeps
# SPEC §11's "created" for what the text calls booked.
WORD = {"created": "booked", "booked": "booked", "skipped": "skipped", "failed": "failed", "held": "held",
        "booking": "in progress", "changed_in_shop": "changed in shop"}
STYLE = {"booked": "green", "skipped": "yellow", "failed": "red", "held": "bold red", "in progress": "cyan",
         "changed in shop": "yellow"}


def state_cell(state: str) -> Text:
    word = WORD.get(state, state)
    return plain(word, STYLE.get(word, ""))


def customer_text(code: int | None, new: bool) -> str:
    """A klant (SnelStart relation) number, `(new)` when this order made it: the same everywhere."""
    return "" if code is None else f"{code}{' (new)' if new else ''}"


def run_summary(report: RunReport) -> str:
    done = f"; {report.unchanged} done earlier (sent again by the shop, not booked again)" if report.unchanged else ""
    # A booked order the shop changed since is one of the orders done earlier, but it is listed
    # above: the summary says so, or "done earlier" next to its row reads as a contradiction.
    changed = f", {len(report.changed)} of them changed in the shop since (see sconnect reconcile)" \
        if report.changed else ""
    return (f"profile {report.profile}: booked {report.count('created')}, skipped {report.count('skipped')}, "
            f"failed {report.failed}{done}{changed}")


def run_report(out: Console, report: RunReport, release: str = "") -> None:
    for warning in report.warnings:
        out.print(line(("warning:", "yellow"), " ", warning))
    if report.outcomes or report.changed:
        out.print(_outcomes_grid(report) if narrow(out) else _outcomes_table(report))
    out.print(plain(run_summary(report)))
    if report.held:
        out.print(plain(held_sentence(report.held) + ":", "red"))
        command_line(out, release)


def _outcome_state(o) -> str:
    return "held" if o.held else o.status


def _outcomes_table(report: RunReport) -> Table:
    table = Table(title=plain(f"profile {report.profile}"))
    for column in ("order", "state", "verkooporder", "klant"):
        table.add_column(column, no_wrap=True)
    table.add_column("reason / warnings", overflow="fold")
    for o in report.outcomes + report.changed:
        note = "; ".join([o.reason, *o.warnings] if o.reason else o.warnings)
        table.add_row(*cells(o.order, state_cell(_outcome_state(o)), o.sales_order or "",
                             customer_text(o.customer, o.customer_created), note))
    return table


def _outcomes_grid(report: RunReport) -> Table:
    """80 columns: one order per block — order, state, then what happened, wrapped under itself."""
    table = grid("", "")
    for o in report.outcomes + report.changed:
        what = (plain(f"verkooporder {o.sales_order}, klant {customer_text(o.customer, o.customer_created)}")
                if o.status == "created" else plain(o.reason))
        table.add_row(plain(o.order), state_cell(_outcome_state(o)),
                      lines(what, *(line(("warning:", "yellow"), " ", w) for w in o.warnings)))
    return table


def history_json(row: ProcessedOrder) -> dict:
    return {"order": row.order_number, "order_id": row.order_id, "state": row.state.value,
            "attempts": row.attempts, "sales_order": row.sales_order, "customer": row.customer_code,
            "shop_total": None if row.shop_total is None else str(row.shop_total),
            "booked_total": None if row.booked_total is None else str(row.booked_total),
            "last_error": row.last_error or None, "warnings": list(row.warnings),
            "updated_at": row.updated_at.isoformat() if row.updated_at else None}


def _note(r: ProcessedOrder) -> str:
    return r.last_error if r.state.value in ("failed", "held", "skipped") else "; ".join(r.warnings)


def _when_row(r: ProcessedOrder) -> str:
    return r.updated_at.strftime("%Y-%m-%d %H:%M") if r.updated_at else ""


def history(out: Console, rows: list[ProcessedOrder]) -> None:
    if not rows:
        out.print(plain("no orders processed yet"))
        return
    out.print(_history_grid(rows) if narrow(out) else _history_table(rows))


def _history_table(rows: list[ProcessedOrder]) -> Table:
    table = Table()
    for column in ("order", "state", "failures", "verkooporder", "klant", "total", "when"):
        table.add_column(column, no_wrap=True)
    table.add_column("note", overflow="fold")
    for r in rows:
        table.add_row(*cells(r.order_number, state_cell(r.state.value), r.attempts or "", r.sales_order or "",
                             r.customer_code or "", r.shop_total or "", _when_row(r), _note(r)))
    return table


def _history_grid(rows: list[ProcessedOrder]) -> Table:
    """80 columns: order, state, then the facts of that state and its note, wrapped under itself."""
    table = grid("", "")
    for r in rows:
        if r.state.value == "booked":
            facts = f"verkooporder {r.sales_order}, klant {r.customer_code}, total {r.shop_total}, {_when_row(r)}"
        else:
            failures = f"{r.attempts} failure{'s' if r.attempts != 1 else ''}, " if r.attempts else ""
            facts = f"{failures}{_when_row(r)}"
        note = _note(r)
        table.add_row(plain(r.order_number), state_cell(r.state.value),
                      lines(plain(facts), plain(note, "dim" if r.state.value == "booked" else "")))
    return table


def checks(out: Console, found: list) -> None:
    """`test-connection`: one check per line, its mark first; on a terminal the message wraps
    at words under itself."""
    for k in found:
        mark = ("FAIL", "red") if not k.ok else (("WARN", "yellow") if k.warning else (" OK ", "green"))
        if piped(out):
            out.print(line(mark, f" {k.part}: ", k.message), soft_wrap=True)
        else:
            hanging(out, line(mark, " "), visible(f"{k.part}: {k.message}"))
