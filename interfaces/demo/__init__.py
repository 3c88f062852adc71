"""`sconnect demo`: the main job end to end on the embedded default, offline.

A demo administration of a few hundred relations (interfaces/demo/administration.py) goes
into an embedded SnelStart administration; a myShop simulator on a free 127.0.0.1 port serves
about fifty orders (interfaces/demo/shop.py). One import books them with a progress
bar; a table says per order what happened and how the customer was recognised. A second, short
run shows exactly once: an order the shop sends again is not booked again.
"""
from __future__ import annotations

import os
import secrets
import shlex
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from application.run_report import OrderOutcome, RunReport
from domain.errors import SConnectError
from infrastructure.clock import SystemClock
from infrastructure.config import load_config
from interfaces.demo.shop import DEMO_SHOP_ID, DemoOrder, demo_orders, orders_xml, second_run
from infrastructure.simulators.myshop.server import MyShopSimulator
from interfaces.demo.administration import demo_administration
from infrastructure.snelstart.embedded import EmbeddedAdministration
from interfaces.plain import cells, line, plain
from interfaces.progress import terminal_progress
from interfaces.wiring import wire

PROFILE = "demo"
ADMINISTRATION = "administration.sqlite"
STATE = "state.sqlite"

CONFIG = """\
# The demo profile: every setting of SPEC §11 at a value a coffee webshop would choose.
[state]
path = "{state}"

[profiles.demo]
description = "demo.mijnwinkel.nl"

[profiles.demo.snelstart]
kind = "embedded"
database = "{administration}"

[profiles.demo.myshop]
shop_id = "{shop}"
# No private_key: the demo shop's privésleutel lived only in the demo's memory, as did the shop.
start_from = "{start_from}"
base_url = "{base_url}"

[profiles.demo.sales]
template = "Webshop"
take_last_template = false
unique_payment_reference = true
description = "webshop_order"
addresses = "from_order"
lines = "full"
recipes = "when_always"
# An article per VAT rate: costs and vouchers are split over the rates of the goods (SPEC §4).
shipping_costs = {{ line = {{ "21" = "VERZEND", "9" = "VERZEND-LAAG" }} }}
payment_costs = {{ line = {{ "21" = "BETAAL", "9" = "BETAAL-LAAG" }} }}
discount = {{ line = {{ "21" = "KORTING", "9" = "KORTING-LAAG" }} }}
default_article_code = {{ "21" = "WEB", "9" = "WEB-LAAG", "0" = "WEB-GEEN" }}

[profiles.demo.articles]
code_field = "artikelcode"
revenue_group = {{ "21" = "Omzet hoog", "9" = "Omzet laag", "0" = "Omzet nul" }}
processing = "add_only"

[profiles.demo.customers]
recognition = "smart"
processing = "add_only"
default_payment_term = 14

[profiles.demo.planning]
interval = "off"
"""

# Recognition.step in the words of the manual.
STEP_LABELS = {"customer_code": "customer code", "email": "e-mail", "email_and_postcode": "e-mail + postcode",
               "vat_number": "VAT number", "coc_number": "KvK number", "name": "name", "new": "new customer"}
_STYLE = {"created": "green", "skipped": "yellow", "failed": "red"}


def _import(wired, err: Console) -> RunReport:
    """One run, with a progress bar on stderr when that is a terminal (interfaces/progress.py)."""
    with terminal_progress(err, label="importing the demo shop") as progress:
        return wired.container.import_orders().run(progress=progress)


def _clear(folder: Path) -> None:
    """A demo folder used before starts afresh: its history would make every order 'done'."""
    for name in (ADMINISTRATION, STATE, "config.toml"):
        for path in (folder / name, folder / f"{name}-wal", folder / f"{name}-shm", folder / f"{name}-journal"):
            path.unlink(missing_ok=True)


def _recognised_by(outcome: OrderOutcome, explanations: dict[str, str]) -> str:
    label = STEP_LABELS.get(outcome.recognised_by, outcome.recognised_by)
    # Smart recognition names its e-mail step "email" also when the postcode decided between
    # relations sharing the address; the explanation says so, and the demo wants to show it.
    if outcome.recognised_by == "email" and "narrowed by" in explanations.get(outcome.order, ""):
        label = STEP_LABELS["email_and_postcode"]
    return label


def _table(report: RunReport, orders: dict[str, DemoOrder], explanations: dict[str, str]) -> Table:
    table = Table(title="The demo shop's orders in SnelStart")
    for column in ("order", "status", "SnelStart order", "customer", "recognised by", "note", "case"):
        table.add_column(column)
    for o in sorted(report.outcomes, key=lambda o: (len(o.order), o.order)):
        style = _STYLE.get(o.status, "")
        customer = "" if o.customer is None else f"{o.customer}{' new' if o.customer_created else ''}"
        note = o.reason or "; ".join(o.warnings)
        story = orders[o.order].story if o.order in orders else ""
        table.add_row(*cells(o.order, plain(o.status, style), o.sales_order or "", customer,
                             _recognised_by(o, explanations), note, "" if story == "everyday order" else story))
    return table


def _explanations(wired) -> dict[str, str]:
    """Per order, everything the detailed log says (the recognition explanation among it)."""
    found: dict[str, str] = {}
    for e in wired.container.state().log_entries(PROFILE, None, True):
        if e.order_number:
            found[e.order_number] = f"{found.get(e.order_number, '')} {e.message}"
    return found


def _second_run(out: Console, err: Console, wired, shop: MyShopSimulator, orders: list[DemoOrder]) -> None:
    now = wired.container.clock().now()
    changed, resent, late = second_run(orders, now)
    shop.set_orders(orders_xml(changed))
    out.print(line("\n", ("Run 2", "bold"), f", a little later: the shop sends order {resent} again (it was "
                   f"shipped) and has a new order {late}."))
    report = _import(wired, err)
    for o in sorted(report.outcomes, key=lambda o: (len(o.order), o.order)):
        if o.status == "created":
            out.print(plain(f"  {o.order} created: sales order {o.sales_order} for customer {o.customer}"))
        else:
            out.print(plain(f"  {o.order} {o.status} again: {o.reason}"))
    booked = wired.container.administration().sales_orders_with_payment_reference(str(resent))
    out.print(plain(f"  {report.unchanged} orders came back that were done already (reading resumes at the "
                    f"oldest failed order), {resent} among them: SnelStart holds {len(booked)} sales order with "
                    f"betalingskenmerk {resent} — exactly once."))


def demo(folder: Optional[Path] = typer.Option(None, "--dir", help="Folder for the demo's files "
                                               "(default: a new temporary folder).")) -> None:
    """The main job end to end on the embedded default: a demo shop and administration, offline."""
    out, err = Console(), Console(stderr=True)
    if not out.is_terminal:  # piped or captured: wide enough that a row stays one line
        out = Console(width=200)
    folder = Path(folder or tempfile.mkdtemp(prefix="sconnect-demo-")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    _clear(folder)
    snapshot = demo_administration()
    EmbeddedAdministration.create(folder / ADMINISTRATION, snapshot).close()
    now = SystemClock().now()
    orders = demo_orders(snapshot, now)
    key = secrets.token_hex(16)  # the demo shop's privésleutel: only in this process's memory
    with MyShopSimulator(orders_xml(orders), shop_id=DEMO_SHOP_ID, key=key) as shop:
        config_file = folder / "config.toml"
        config_file.write_text(CONFIG.format(
            state=STATE, administration=ADMINISTRATION, shop=DEMO_SHOP_ID, base_url=shop.base_url,
            start_from=(now - timedelta(days=7)).isoformat(timespec="seconds")), encoding="utf-8")
        wired = wire(load_config(config_file, {**os.environ, "SCONNECT_DEMO_MYSHOP_PRIVATE_KEY": key}), PROFILE)
        out.print(line(("S-Connect demo", "bold"), f" in {folder}\n"
                       f"SnelStart: an embedded administration ({ADMINISTRATION}) with {len(snapshot.relations)} "
                       f"relations and {len(snapshot.articles)} articles.\n"
                       f"myShop: a simulator on {shop.base_url} with {len(orders)} orders (one an abandoned "
                       f"checkout)."))
        report = _import(wired, err)
        if report.error:
            raise SConnectError(f"the demo run stopped: {report.error}")
        out.print(_table(report, {str(o.number): o for o in orders}, _explanations(wired)))
        out.print(plain(f"created {report.count('created')}, skipped {report.count('skipped')}, failed "
                        f"{report.failed} (each with its reason); the abandoned checkout is not an order and is "
                        f"left out."))
        _second_run(out, err, wired, shop, orders)
        wired.container.administration().close()
    out.print(plain("\nLook further (the demo shop is closed now; history, log and administration stay):"))
    for command in ("history", "log --detailed", "embedded dump"):
        out.print(plain(f"  sconnect --config {shlex.quote(str(config_file))} {command}"))
    out.print(plain(f"\nOr open the console (Uitvoering, Orders, Instellingen) on the demo's folder in your browser:\n"
                    f"  sconnect --config {shlex.quote(str(config_file))} console"))
