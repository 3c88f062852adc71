"""The HTTP server the simulators (myShop, the SnelStart B2B API) run on: loopback only, a thread
per request, started and stopped quickly — tests start hundreds of them."""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LoopbackServer:
    def __init__(self, host: str, port: int, name: str):
        self._host, self._port, self._name = host, port, name
        self._server: ThreadingHTTPServer | None = None
        # Set on stop, so a request that is waiting on purpose (an injected delay) ends at once.
        self.stopping = threading.Event()

    def start(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.stopping.clear()
        self._server = ThreadingHTTPServer((self._host, self._port), handler)
        self._server.daemon_threads = True
        # A short poll interval: shutdown() waits for it.
        threading.Thread(target=self._server.serve_forever, args=(0.02,), name=self._name, daemon=True).start()

    def stop(self) -> None:
        self.stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def origin(self) -> str:
        """`http://127.0.0.1:PORT`, or "" when not running."""
        if self._server is None:
            return ""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"
