"""The B2B simulator's HTTP side: one handler for the token endpoint and the /v2 API, the fault
injection (fail_next, lose_answer_of_next, answer_after_write, latency) and the log of calls. What an answer says is
decided by the simulator (simulator.py); this module only moves bytes."""
from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from typing import Protocol
from urllib.parse import parse_qsl, urlsplit

TOKEN_PATH = "/b2b/token"
API_PATH = "/v2/"
# [I] SnelStart's API runs on IIS behind Azure API Management; IIS refuses a query string over
# 2,048 characters by default. Not documented by SnelStart: played so that a client's long `or`
# filters must stay within it.
MAX_QUERY = 2048
# The default bodies of injected failures, worded like Azure API Management's.
REASONS = {408: "Request Timeout", 429: "Rate limit is exceeded. Try again in {s} seconds.",
           500: "Internal server error", 502: "Bad Gateway", 503: "The service is temporarily unavailable",
           504: "Gateway Timeout", 507: "Insufficient Storage", 520: "Web server returned an unknown error",
           522: "Connection timed out", 524: "A timeout occurred"}


@dataclass(frozen=True)
class Call:
    """One request the simulator received. `query` has the subscription-key value masked;
    `status`: what the client was answered; `dropped`: the call was performed but its answer was
    never sent (lose_answer_of_next; `status` is what it would have been); `performed`: the status
    the call itself had before answer_after_write answered `status` instead (0: not so)."""

    method: str
    path: str
    query: dict[str, str]
    status: int
    dropped: bool = False
    performed: int = 0


@dataclass
class Fault:
    """An injected failure: `fail_next` (answer `status`, do nothing); with `after`, the call is
    performed first and then `answer_after_write` answers `status`, or, with `lose` too,
    `lose_answer_of_next` sends nothing."""

    status: int
    times: int
    method: str | None
    path_prefix: str | None
    retry_after: float | int | str | None = None
    body: object = None
    lose: bool = False
    after: bool = False

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method:
            return False
        if self.path_prefix is None:
            return path.startswith(API_PATH)
        return path.lower().startswith(full_path(self.path_prefix).lower())


def full_path(prefix: str) -> str:
    """`relaties` and `/v2/relaties` mean the same; `/b2b/token` is the token endpoint."""
    return prefix if prefix.startswith("/") else API_PATH + prefix


@dataclass
class Answer:
    status: int
    payload: object = None  # JSON-able (Decimal allowed) or raw bytes
    headers: dict[str, str] = field(default_factory=dict)


def errors_answer(errors: list[tuple[str, str]]) -> Answer:
    return Answer(400, [{"errorCode": code, "message": message} for code, message in errors])


def json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"not JSON: {type(value).__name__}")


def not_found() -> Answer:
    return Answer(404, {"Message": "No HTTP resource was found that matches the request URI."})


class Endpoints(Protocol):
    """What the handler needs from the simulator."""

    latency: float

    def wait(self, seconds: float) -> None: ...
    def server_time(self) -> float: ...
    def take_fault(self, method: str, path: str, after: bool) -> Fault | None: ...
    def record(self, call: Call) -> None: ...
    def answer_token(self, method: str, content_type: str, body: bytes) -> Answer: ...
    def answer_api(self, method: str, path: str, query: dict[str, str], headers, body: bytes) -> Answer: ...


def is_loopback(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback and address.version == 4


def handler_for(sim: Endpoints) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "B2BSimulator/1"
        protocol_version = "HTTP/1.1"  # keep-alive, as httpx clients use it
        # Headers and body in one write, sent at once: otherwise Nagle's algorithm and the
        # client's delayed ACK add ~40 ms to every answer on a kept-alive connection.
        disable_nagle_algorithm = True
        wbufsize = 1 << 16

        def date_time_string(self, timestamp: float | None = None) -> str:
            # The `Date` header from the simulated server's clock, the one modifiedOn comes from.
            return super().date_time_string(sim.server_time() if timestamp is None else timestamp)

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

        def _handle(self, method: str) -> None:
            url = urlsplit(self.path)
            path = url.path
            query = dict(parse_qsl(url.query, keep_blank_values=True))
            shown = {k: ("***" if k.lower() == "subscription-key" else v) for k, v in query.items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            is_api = path.startswith(API_PATH)
            if is_api and sim.latency > 0:
                sim.wait(sim.latency)
            if is_api and len(url.query) > MAX_QUERY:
                sim.record(Call(method, path, shown, 414))
                return self._send(Answer(414, {"Message": "The request URL is too long (query string over "
                                                          f"{MAX_QUERY} characters)."}))
            fault = sim.take_fault(method, path, after=False)
            if fault is not None:
                sim.record(Call(method, path, shown, fault.status))
                return self._send(fault_answer(fault))
            if path == TOKEN_PATH:
                answer = sim.answer_token(method, self.headers.get("Content-Type", ""), body)
            elif is_api:
                answer = sim.answer_api(method, path, query, self.headers, body)
            else:
                answer = not_found()
            fault = sim.take_fault(method, path, after=True)
            if fault is not None and fault.lose:
                sim.record(Call(method, path, shown, answer.status, dropped=True))
                self.close_connection = True
                return  # the server closes the socket: the client sees the connection drop
            if fault is not None:  # done, but a proxy on the way answers otherwise
                sim.record(Call(method, path, shown, fault.status, performed=answer.status))
                return self._send(fault_answer(fault))
            sim.record(Call(method, path, shown, answer.status))
            self._send(answer)

        def _send(self, answer: Answer) -> None:
            if isinstance(answer.payload, bytes):
                data, content_type = answer.payload, "text/plain; charset=utf-8"
            else:
                data = json.dumps(answer.payload, default=json_default, ensure_ascii=False).encode("utf-8")
                content_type = "application/json; charset=utf-8"
            try:
                self.send_response(answer.status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (e.g. its timeout under latency)

        def log_message(self, format: str, *args: object) -> None:
            pass  # a query string may hold the subscription key; keep the console clean

    return Handler


def fault_answer(fault: Fault) -> Answer:
    headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
    if fault.body is not None:
        payload = fault.body.encode("utf-8") if isinstance(fault.body, str) else fault.body
        return Answer(fault.status, payload, headers)
    seconds = fault.retry_after if fault.retry_after is not None else 1
    reason = REASONS.get(fault.status, "Simulated failure").format(s=seconds)
    return Answer(fault.status, {"statusCode": fault.status, "message": reason}, headers)
