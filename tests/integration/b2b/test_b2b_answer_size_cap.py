"""SnelStart's answers are read with a cap on their unpacked size: a gzip bomb served on
127.0.0.1 (64 KB on the wire, 64 MB unpacked) stops at the cap, holding no more than the cap in
memory, for the API and for the token endpoint alike."""
from __future__ import annotations

import gzip
import json
import threading
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from domain.errors import ServiceUnavailable
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.errors import UnknownWrite
from infrastructure.snelstart.b2b.retry import RetryPolicy
from infrastructure.snelstart.b2b.transport import Transport

UNPACKED = 64 * 1024 * 1024
CAP = 1024 * 1024
# Valid JSON once unpacked: an empty list padded with 64 MB of spaces.
BOMB = gzip.compress(b"[" + b" " * UNPACKED + b"]", compresslevel=9)
TOKEN = json.dumps({"access_token": "bomb-test-token", "expires_in": 3599}).encode()


class _Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        bomb = self.path.startswith("/bomb") or (self.path == "/token" and self.server.bomb_token)
        body = BOMB if bomb else TOKEN if self.path == "/token" else b"[]"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        if bomb:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.bomb_token = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _transport(server, http: httpx.Client) -> Transport:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    tokens = TokenSource(http, f"{base}/token", "bomb-client-key", sleep=lambda _: None,
                         policy=RetryPolicy(attempts=2), max_bytes=CAP)
    return Transport(http, f"{base}/", "bomb-subscription-key", tokens, sleep=lambda _: None,
                     policy=RetryPolicy(attempts=2), max_bytes=CAP)


def _peak(call) -> tuple[Exception, int]:
    tracemalloc.start()
    try:
        with pytest.raises(ServiceUnavailable) as caught:
            call()
        return caught.value, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_gzip_bomb_read_is_stopped_at_the_cap_without_unpacking_it(server):
    assert len(BOMB) < 100_000
    with httpx.Client() as http:
        api = _transport(server, http)
        assert api.get("plain") == []  # an ordinary answer reads as before
        error, peak = _peak(lambda: api.get("bomb/relaties"))
    assert "larger than the limit of 1 048 576 bytes" in str(error) and "GET bomb/relaties" in str(error)
    assert peak < 8 * CAP  # the cap and a chunk or two, never the 64 MB


def test_a_gzip_bomb_answering_a_write_is_an_unknown_write(server):
    with httpx.Client() as http:
        error, peak = _peak(lambda: _transport(server, http).post("bomb/verkooporders", {"x": 1}))
    assert isinstance(error, UnknownWrite) and "may have been done" in str(error)
    assert peak < 8 * CAP


def test_a_gzip_bomb_from_the_token_endpoint_is_stopped_too(server):
    server.bomb_token = True
    with httpx.Client() as http:
        error, peak = _peak(lambda: _transport(server, http).get("plain"))
    assert "token" in str(error) and "larger than the limit" in str(error)
    assert peak < 8 * CAP


def test_the_adapters_own_cap_stops_the_bomb_too(server):
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with httpx.Client() as http:
        api = Transport(http, f"{base}/", "bomb-subscription-key", TokenSource(http, f"{base}/token", "bomb-key"))
        # Without a cap the 64 MB unpack to an empty list, read as no relations at all.
        with pytest.raises(ServiceUnavailable, match="larger than the limit"):
            api.get("bomb/relaties")
    assert api.max_bytes < UNPACKED
