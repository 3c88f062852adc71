"""A local myShop RPC service (reference §9) on loopback, for tests, the demo and trying things out.

It enforces what the client must respect even where the live service is only inferred to:
single-use rpc ids that expire after 120 s, the signing recipe, the optional IP allow-list and
the "orders ophalen" switch. Errors are HTTP 200 with an `<error code>` body, as the reference
clients expect. Faults (latency, 5xx, dropped connections, truncated bodies, expired ids) can be
injected to exercise the client's retries; see infrastructure/myshop/faults.py.
"""
from __future__ import annotations

import ipaddress
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from infrastructure.clock import SystemClock
from infrastructure.simulators.loopback import LoopbackServer
from infrastructure.myshop import protocol as p
from infrastructure.simulators.myshop.faults import Faults
from infrastructure.simulators.myshop.order_book import LAYOUTS, NAMED, OrderBook
from infrastructure.myshop.signing import sha1_hex

BASE_PATH = "/RPC/"


class _Clock(Protocol):
    def now(self) -> datetime: ...


@dataclass(frozen=True)
class SimulatedRequest:
    """What a client sent, for tests that check its behaviour (e.g. a fresh rpc id each time)."""

    command: str  # "id", "orders/list", or the unknown path
    params: dict[str, str]
    client_ip: str
    answer: str  # "ok", an error code, or the fault that hit it


@dataclass
class _RpcId:
    shop: str
    issued: datetime
    used: bool = False


class MyShopSimulator:
    def __init__(self, orders_xml: bytes | str | Path | None = None, *, shop_id: str = "1817700",
                 key: str, host: str = "127.0.0.1", port: int = 0,
                 allowed_ips: tuple[str, ...] | None = None, enabled: bool = True,
                 clock: _Clock | None = None, faults: Faults | str | None = None,
                 id_lifetime: timedelta = timedelta(seconds=p.RPC_ID_LIFETIME_SECONDS),
                 layout: str = NAMED):
        host = "127.0.0.1" if host == "localhost" else host
        if not _is_loopback(host):
            raise ValueError(f"the simulator only listens on loopback, not on {host!r}")
        self.shop_id = shop_id
        self.book = OrderBook(shop_id, orders_xml, layout=layout)
        self.allowed_ips = allowed_ips
        self.enabled = enabled
        self.clock: _Clock = clock or SystemClock()
        self.faults = faults if isinstance(faults, Faults) else Faults.parse(faults)
        self.id_lifetime = id_lifetime
        # The latest requests, for tests; bounded so a long-running `simulate` does not grow.
        self.requests: deque[SimulatedRequest] = deque(maxlen=10_000)
        self.__key = key
        self._ids: dict[str, _RpcId] = {}
        self._lock = threading.Lock()
        self._http = LoopbackServer(host, port, "myshop-simulator")
        self._stopping = self._http.stopping

    def __repr__(self) -> str:  # never the key
        return f"MyShopSimulator(shop_id={self.shop_id!r}, base_url={self.base_url!r})"

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> MyShopSimulator:
        self._http.start(_handler_for(self))
        return self

    def stop(self) -> None:
        self._http.stop()

    def __enter__(self) -> MyShopSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"{self._http.origin}{BASE_PATH}" if self._http.origin else ""

    # -- the shop, for tests ------------------------------------------------------------------
    @property
    def layout(self) -> str:
        """How answers are laid out: "named" (§4) or "column-set" (§4b, docs/myshop.md)."""
        return self.book.layout

    @layout.setter
    def layout(self, layout: str) -> None:
        if layout not in LAYOUTS:
            raise ValueError(f"layout {layout!r}: use {' or '.join(LAYOUTS)}")
        self.book.layout = layout

    def set_orders(self, xml: bytes | str | Path) -> None:
        self.book.set_xml(xml)

    def add_order(self, number: int, **values) -> str:
        return self.book.add_order(number, **values)

    def update_order(self, order_id: str, **columns: str) -> None:
        self.book.update_order(order_id, **columns)

    def list_requests(self) -> list[SimulatedRequest]:
        with self._lock:
            return [r for r in self.requests if r.command == p.ORDERS_COMMAND]

    # -- the RPC ------------------------------------------------------------------------------
    def answer_id(self, params: dict[str, str]) -> tuple[bytes, str]:
        shop = params.get("shop", "")
        if not shop:
            return p.error_body(p.MISSING_PARAMETER), p.MISSING_PARAMETER
        if shop != self.shop_id:
            return p.error_body(p.UNKNOWN_SHOP), p.UNKNOWN_SHOP
        rpc_id = secrets.token_hex(16).upper()
        with self._lock:
            self._ids[rpc_id] = _RpcId(shop, self.clock.now())
        return p.rpc_id_body(rpc_id), "ok"

    def answer_orders(self, params: dict[str, str], client_ip: str, *, expire: bool) -> tuple[bytes, str]:
        code = self._refusal(params, client_ip, expire=expire)
        if code:
            return p.error_body(code), code
        order_id = params.get("order_id", "")
        if order_id:
            body = self.book.one(order_id)
            return (body, "ok") if body is not None else (p.error_body(p.UNKNOWN_ORDER), p.UNKNOWN_ORDER)
        return self.book.changed_since(params["change_time"]), "ok"

    def _refusal(self, params: dict[str, str], client_ip: str, *, expire: bool) -> str | None:
        """The first check of §9 that fails, in the order the reference lists them."""
        selectors = [name for name in ("change_time", "order_id") if params.get(name)]
        if any(not params.get(name) for name in ("shop", "rpc_id", "module", "pk")) or not selectors:
            return p.MISSING_PARAMETER
        if len(selectors) > 1 or params["module"] != p.ORDERS_MODULE:
            return p.BAD_PARAMETER
        if "change_time" in selectors and not p.is_change_time(params["change_time"]):
            return p.BAD_PARAMETER
        if params["shop"] != self.shop_id:
            return p.UNKNOWN_SHOP
        with self._lock:
            issued = self._ids.get(params["rpc_id"])
            if issued is None or issued.shop != params["shop"]:
                return p.UNKNOWN_RPC_ID
            if issued.used:
                return p.USED_RPC_ID
            issued.used = True
            if expire or self.clock.now() - issued.issued >= self.id_lifetime:
                return p.EXPIRED_RPC_ID
        if self.allowed_ips is not None and client_ip not in self.allowed_ips:
            return p.IP_NOT_ALLOWED
        if not self.enabled:
            return p.CONNECTION_DISABLED
        # Only the default recipe; a `partner` parameter, when sent, is part of the hash (§9).
        expected = sha1_hex(params["shop"] + params[selectors[0]] + self.__key
                            + params.get("partner", "") + params["module"] + params["rpc_id"])
        if params["pk"].lower() != expected:
            return p.BAD_SIGNATURE
        return None

    def _record(self, request: SimulatedRequest) -> None:
        with self._lock:
            self.requests.append(request)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback and ipaddress.ip_address(host).version == 4
    except ValueError:
        return False


def _handler_for(sim: MyShopSimulator) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "MyShopSimulator/1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            command = url.path[len(BASE_PATH):] if url.path.startswith(BASE_PATH) else url.path
            params = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            client_ip = self.client_address[0]
            is_orders = command == p.ORDERS_COMMAND
            faults = sim.faults
            if faults.fires("latency", orders_request=is_orders):
                sim._stopping.wait(faults.delay)
            if faults.fires("drop", orders_request=is_orders):
                sim._record(SimulatedRequest(command, params, client_ip, "drop"))
                self.close_connection = True
                return
            if faults.fires("http", orders_request=is_orders):
                sim._record(SimulatedRequest(command, params, client_ip, f"http{faults.http_status}"))
                return self._send(faults.http_status, b"<html><body>Internal Server Error</body></html>")
            if command == p.ID_COMMAND:
                body, answer = sim.answer_id(params)
            elif is_orders:
                expire = faults.fires("expire", orders_request=True)
                body, answer = sim.answer_orders(params, client_ip, expire=expire)
                if answer == "ok" and faults.fires("truncate", orders_request=True):
                    body, answer = body[: max(1, len(body) // 2)], "truncate"
            else:
                sim._record(SimulatedRequest(command, params, client_ip, "not_found"))
                return self._send(404, b"not found")
            sim._record(SimulatedRequest(command, params, client_ip, answer))
            self._send(200, body)

        def _send(self, status: int, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", "text/xml; charset=UTF-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its timeout under a latency fault)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass  # the query string holds the pk; keep the console clean

    return Handler
