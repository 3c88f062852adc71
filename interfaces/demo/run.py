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
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Optional

from rich.console import Console

from application.run_report import RunReport
from domain.errors import SConnectError
from infrastructure.clock import SystemClock
from infrastructure.config import load_config
from interfaces.demo.shop import DEMO_SHOP_ID, DemoOrder, demo_orders, orders_xml, second_run
from infrastructure.simulators.myshop.server import MyShopSimulator
from interfaces.demo.administration import demo_administration
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.snapshot import snapshot_json
from interfaces.demo.report import ORDERS, SNAPSHOT, again, explanations, hand_over, outcomes
from interfaces.layout import console
from interfaces.plain import line, plain
from interfaces.progress import terminal_progress
from interfaces.wiring import redact_secrets, wire

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
# The demo shop's privésleutel, made for this demo: fine in a file only you can open (chmod 600).
# A real shop's key belongs in SCONNECT_<PROFILE>_MYSHOP_PRIVATE_KEY (docs/configuration.md).
private_key = "{key}"
start_from = "{start_from}"
# The demo shop, served again from its orders by: sconnect myshop simulate --orders orders.xml --profile demo
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

def _import(wired, err: Console) -> RunReport:
    """One run, with a progress bar on stderr when that is a terminal (interfaces/progress.py)."""
    with terminal_progress(err, label="importing the demo shop") as progress:
        return wired.container.import_orders().run(progress=progress)


def _clear(folder: Path) -> None:
    """A demo folder used before starts afresh: its history would make every order 'done'."""
    for name in (ADMINISTRATION, STATE, "config.toml", ORDERS, SNAPSHOT):
        for path in (folder / name, folder / f"{name}-wal", folder / f"{name}-shm", folder / f"{name}-journal"):
            path.unlink(missing_ok=True)


def _second_run(out: Console, err: Console, wired, shop: MyShopSimulator, orders: list[DemoOrder]) -> bytes:
    """Run 2: an order sent again and a new one; the orders the shop serves then."""
    now = wired.container.clock().now()
    changed, resent, late = second_run(orders, now)
    served = orders_xml(changed)
    shop.set_orders(served)
    out.print(line("\n", ("Run 2", "bold"), f", a little later: the shop sends order {resent} again (it was "
                   f"shipped) and has a new order {late}."))
    report = _import(wired, err)
    out.print(again(report))
    booked = wired.container.administration().sales_orders_with_payment_reference(str(resent))
    out.print(plain(f"{report.unchanged} orders came back that were done earlier (reading resumes at the oldest "
                    f"failed order), {resent} among them: SnelStart holds {len(booked)} verkooporder with "
                    f"betalingskenmerk {resent} — exactly once."))
    return served


def run_demo(folder: Optional[Path]) -> None:
    """The demo in `folder` (a new temporary one when None)."""
    out, err = console(), console(stderr=True)
    folder = Path(folder or tempfile.mkdtemp(prefix="sconnect-demo-")).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    _clear(folder)
    snapshot = demo_administration()
    EmbeddedAdministration.create(folder / ADMINISTRATION, snapshot).close()
    # The administration as it was before the import: a start for one's own setup (README).
    (folder / SNAPSHOT).write_text(snapshot_json(snapshot), encoding="utf-8")
    now = SystemClock().now()
    orders = demo_orders(snapshot, now)
    key = secrets.token_hex(16)  # the demo shop's privésleutel
    with MyShopSimulator(orders_xml(orders), shop_id=DEMO_SHOP_ID, key=key) as shop:
        config_file = folder / "config.toml"
        _write_private(config_file, CONFIG.format(
            state=STATE, administration=ADMINISTRATION, shop=DEMO_SHOP_ID, base_url=shop.base_url, key=key,
            start_from=(now - timedelta(days=7)).isoformat(timespec="seconds")))
        redact_secrets()
        config = load_config(config_file, os.environ)
        wired = wire(config, PROFILE)
        out.print(line(("S-Connect demo", "bold"), f" in {folder}\n"
                       f"SnelStart: an embedded administration ({ADMINISTRATION}) with {len(snapshot.relations)} "
                       f"relations and {len(snapshot.articles)} articles.\n"
                       f"myShop: a simulator on {shop.base_url} with {len(orders)} orders (one an abandoned "
                       f"checkout)."))
        report = _import(wired, err)
        if report.error:
            raise SConnectError(f"the demo run stopped: {report.error}")
        out.print(outcomes(out, report, {str(o.number): o for o in orders}, explanations(wired.container.state(), PROFILE)))
        out.print(plain(f"booked {report.count('created')}, skipped {report.count('skipped')}, failed "
                        f"{report.failed} (each with its reason); the abandoned checkout is not an order and is "
                        f"left out."))
        served = _second_run(out, err, wired, shop, orders)
        wired.container.administration().close()
    (folder / ORDERS).write_bytes(served)  # the demo shop, to serve again with `myshop simulate`
    hand_over(out, config, folder / ORDERS)


def _write_private(path: Path, text: str) -> None:
    """The configuration holds the demo shop's key: readable by its owner only, from the start."""
    path.unlink(missing_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)
