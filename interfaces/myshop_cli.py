"""`sconnect myshop simulate`: run the local myShop simulator until Ctrl-C (docs/myshop.md).

The key comes from an environment variable, not from the command line, so it does not show in
`ps` or the shell history.
"""
from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Optional
from urllib.parse import urlsplit

import typer

from interfaces.command_group import command_group


DEFAULT_KEY_ENV = "SCONNECT_MYSHOP_SIMULATOR_KEY"
EXIT_USAGE, EXIT_CONFIGURATION = 2, 78

app = command_group(help="The myShop connection: a local simulator of the myShop order service.")


@app.callback()
def _myshop() -> None:
    """The myShop connection."""


@app.command()
def simulate(
    ctx: typer.Context,
    orders: Path = typer.Option(..., "--orders", help="Order document in the myShop XML format "
                                "(e.g. interfaces/demo/orders.xml, or a demo folder's orders.xml)."),
    profile: Optional[str] = typer.Option(None, "--profile", help="Serve as this profile's shop (from --config): "
                                          "its winkelnummer, private key and the port of its base_url."),
    port: Optional[int] = typer.Option(None, "--port", help="TCP port (0 = any free port; default 8080)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Loopback address to listen on."),
    shop: Optional[str] = typer.Option(None, "--shop", help="Winkelnummer the simulator answers for "
                                       "(default 1817700)."),
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
    if profile is not None:
        # The profile's own shop: the key is read from where the profile reads it, never shown.
        wired_shop = _profile_shop((ctx.find_root().obj or {}).get("config"), profile)
        shop = shop or wired_shop.shop_id
        key = wired_shop.private_key.reveal()
        found = urlsplit(wired_shop.base_url)
        if found.hostname not in ("127.0.0.1", "localhost", "::1"):
            _fail(f"profile {profile} reads the shop at {wired_shop.base_url}, not on this computer: a simulator "
                  f"cannot stand in for it", EXIT_CONFIGURATION)
        port = port if port is not None else (found.port or 80)
    else:
        key = os.environ.get(key_env, "")
        if not key.strip():
            _fail(f"set the simulator's private key in the environment variable {key_env}, or serve a "
                  f"profile's shop with --profile", EXIT_CONFIGURATION)
    shop = shop or "1817700"
    port = 8080 if port is None else port
    from infrastructure.simulators.myshop.faults import Faults, FaultSpecError
    from infrastructure.simulators.myshop.order_book import LAYOUTS
    from infrastructure.simulators.myshop.server import MyShopSimulator

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
    if profile is not None:
        print(f"serving the shop of profile {profile}, with the private key of its configuration", flush=True)
    else:
        print(f'configure: myshop.base_url = "{sim.base_url}", myshop.shop_id = "{shop}", '
              f"private key from ${key_env}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()


def _profile_shop(config_option: str | None, profile: str):
    from interfaces.wiring import load, wire

    wired = wire(load(config_option), profile)
    return wired.profile.myshop


def _fail(message: str, code: int) -> None:
    print(f"error: {message}", file=sys.stderr)
    raise typer.Exit(code)
