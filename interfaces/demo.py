"""`sconnect demo`: the main job end to end on a demo shop and a demo administration.

A myShop simulator on 127.0.0.1 serves the demo orders; a file-backed demo administration
plays SnelStart. The import runs twice, to show that the second run books nothing again.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from infrastructure.config import load_config
from infrastructure.myshop.simulator import MyShopSimulator
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import parse_snapshot_json
from interfaces import render
from interfaces.wiring import wire

DEMO_SHOP = "1817700"

CONFIG = """\
# The demo profile: every setting of SPEC §11 at a value a webshop would choose.
[state]
path = "state.sqlite"

[profiles.demo]
description = "demo.mijnwinkel.nl"

[profiles.demo.snelstart]
kind = "memory"
database = "administration.json"

[profiles.demo.myshop]
shop_id = "{shop}"
start_from = "2024-01-01T00:00:00"
base_url = "{base_url}"

[profiles.demo.sales]
template = "Webshop"
take_last_template = false
unique_payment_reference = true
description = "webshop_order"
addresses = "from_order"
lines = "full"
recipes = "when_always"
shipping_costs = {{ line = "VERZEND" }}
payment_costs = {{ line = "BETAAL" }}
discount = {{ line = "KORTING" }}
default_article_code = "WEB"

[profiles.demo.articles]
code_field = "artikelcode"
revenue_group = {{ "21" = "Omzet hoog", "9" = "Omzet laag", "0" = "Omzet nul" }}
processing = "add_only"

[profiles.demo.customers]
recognition = "smart"
processing = "add_only"
default_payment_term = 14

[profiles.demo.planning]
interval = "15m"
"""


def _package_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def demo(folder: Optional[Path] = typer.Option(None, "--dir", help="Folder for the demo's files "
                                               "(default: a new temporary folder)."),
         detailed: bool = typer.Option(True, "--detailed/--basic", help="Show the detailed log.")) -> None:
    """The main job end to end: a demo shop and a demo administration, imported twice."""
    out = Console()
    folder = Path(folder or tempfile.mkdtemp(prefix="sconnect-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    administration = FileAdministration.create(
        folder / "administration.json",
        parse_snapshot_json(_package_text("infrastructure.snelstart", "demo_administration.json")))
    key = secrets.token_hex(16)  # the demo shop's privésleutel: only in this process's memory
    orders = _package_text("infrastructure.myshop", "demo_orders.xml").encode("utf-8")
    with MyShopSimulator(orders, shop_id=DEMO_SHOP, key=key) as shop:
        config_file = folder / "config.toml"
        config_file.write_text(CONFIG.format(shop=DEMO_SHOP, base_url=shop.base_url), encoding="utf-8")
        environ = {**os.environ, "SCONNECT_DEMO_MYSHOP_PRIVATE_KEY": key}
        wired = wire(load_config(config_file, environ), "demo")
        out.rule(f"myShop simulator on {shop.base_url} → demo administration in {folder}")
        out.print("[bold]Run 1[/bold]: import the demo shop's orders")
        render.run_report(out, wired.container.import_orders().run())
        # Meanwhile in the shop: a new order comes in, and order 15 is marked completed — which
        # moves its change_time, so the shop returns it again.
        now = wired.container.clock().now()
        # (a crate of cold brew: its SnelStart recipe adds the deposit on six bottles per crate)
        shop.add_order(18, change_time=now, email="inkoop@devries.nl", status="processing",
                       lines=(("ART-3001", "Cold brew krat 6 flessen", "2", "17.95", "9"),
                              ("ART-1001", "Koffiebonen 1 kg", "1", "24.95", "9")))
        shop.update_order(f"{DEMO_SHOP}_00015", order_status="completed", change_time=now.strftime("%Y%m%d%H%M%S"))
        out.print("\n[bold]Run 2[/bold]: a new order 18, and order 15 again (its status changed in the shop) —"
                  " exactly once, so 15 is not booked twice")
        render.run_report(out, wired.container.import_orders().run())

    snapshot = administration.snapshot()
    table = Table(title="Sales orders in the demo administration")
    for column in ("nr", "betalingskenmerk", "customer", "lines", "total incl. VAT"):
        table.add_column(column)
    for order in sorted(snapshot.sales_orders, key=lambda o: o.number):
        table.add_row(str(order.number), order.payment_reference, str(order.relation_code),
                      str(len(order.lines)), str(order.total_incl_vat))
    out.print(table)
    if detailed:
        out.rule("detailed log")
        for e in wired.container.state().log_entries("demo", None, True):
            indent = "  " if e.level == "detailed" else ""
            out.print(f"{indent}order {e.order_number}: {e.message}", markup=False, highlight=False)
    out.print(f"\nThe demo's files are in {folder}: config.toml, administration.json, state.sqlite.\n"
              f"Try: sconnect --config {folder}/config.toml history")
