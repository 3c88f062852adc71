"""`sconnect myshop simulate`: run the local myShop simulator until Ctrl-C (docs/myshop.md).

The key comes from an environment variable, not from the command line, so it does not show in
`ps` or the shell history.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import typer

from infrastructure.simulators.myshop.faults import Faults, FaultSpecError
from infrastructure.simulators.myshop.order_book import LAYOUTS
from infrastructure.simulators.myshop.server import MyShopSimulator

DEFAULT_KEY_ENV = "SCONNECT_MYSHOP_SIMULATOR_KEY"
EXIT_USAGE, EXIT_CONFIGURATION = 2, 78

app = typer.Typer(help="The myShop connection: a local simulator of the myShop order service.",
                  no_args_is_help=True)


@app.callback()
def _myshop() -> None:
    """The myShop connection."""


@app.command()
def simulate(
    orders: Path = typer.Option(..., "--orders", help="Order document in the myShop XML format "
                                "(e.g. interfaces/demo/orders.xml)."),
    port: int = typer.Option(8080, "--port", help="TCP port (0 = any free port)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Loopback address to listen on."),
    shop: str = typer.Option("1817700", "--shop", help="Winkelnummer the simulator answers for."),
    key_env: str = typer.Option(DEFAULT_KEY_ENV, "--key-env",
                                help="Environment variable holding the private key."),
    faults: str = typer.Option("", "--faults", help="Faults to inject, e.g. "
                               "'latency=0.2,http500=first:2,drop=0.1,truncate=first:1,expire=first:1'."),
    allow_ip: list[str] = typer.Option(None, "--allow-ip", help="Only accept order requests from "
                                       "this IP address (repeatable); default: any."),
    disabled: bool = typer.Option(False, "--disabled", help="Answer connection_disabled "
                                  "(orders ophalen switched off)."),
    layout: str = typer.Option("named", "--layout", help="How answers are laid out: 'named' "
                               "(<col name=…>) or 'column-set' (numbered columns under a column set, "
                               "one row per order line; docs/myshop.md)."),
) -> None:
    """Serve ORDERS as myShop shop SHOP on http://HOST:PORT/RPC/ until interrupted."""
    key = os.environ.get(key_env, "")
    if not key.strip():
        _fail(f"set the simulator's private key in the environment variable {key_env}", EXIT_CONFIGURATION)
    try:
        fault_spec = Faults.parse(faults)
    except FaultSpecError as exc:
        _fail(f"--faults: {exc}", EXIT_USAGE)
    if layout not in LAYOUTS:
        _fail(f"--layout: {layout!r} is not a layout; use {' or '.join(LAYOUTS)}", EXIT_USAGE)
    try:
        sim = MyShopSimulator(orders.read_bytes(), shop_id=shop, key=key.strip(), host=host, port=port,
                              allowed_ips=tuple(allow_ip) if allow_ip else None, enabled=not disabled,
                              faults=fault_spec, layout=layout)
        sim.start()
    except OSError as exc:  # missing file, port in use
        _fail(f"cannot start the simulator: {exc.strerror or exc}", EXIT_CONFIGURATION)
    except ValueError as exc:  # not an order document, not loopback
        _fail(f"cannot start the simulator: {' '.join(str(exc).split())}", EXIT_CONFIGURATION)
    print(f"myShop simulator for shop {shop} on {sim.base_url} ({len(sim.book.order_ids())} orders, "
          f"{layout} layout); "
          f"Ctrl-C stops it", flush=True)
    print(f'configure: myshop.base_url = "{sim.base_url}", myshop.shop_id = "{shop}", '
          f"private key from ${key_env}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()


def _fail(message: str, code: int) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(code)
