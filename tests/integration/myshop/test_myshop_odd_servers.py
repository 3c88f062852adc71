"""Answers our simulator never gives but a live service might: bare "invalid request", a malformed
request verdict, redirects, and a TLS certificate that does not verify. Real HTTP on 127.0.0.1."""
from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.myshop import protocol as p
from infrastructure.myshop.rpc import MyShopProtocolError
from myshop_support import KEY


@pytest.fixture
def shop(httpserver):
    httpserver.expect_request("/RPC/id").respond_with_data(p.rpc_id_body("ABCDEF0123456789"))
    return httpserver


def test_a_bare_invalid_request_is_retried_then_a_configuration_error(shop, source_for):
    shop.expect_request("/RPC/orders/list").respond_with_data("invalid request")
    with pytest.raises(ConfigurationError, match="invalid request.*signing recipes") as caught:
        source_for(base_url=shop.url_for("/RPC/"), retries=2).fetch_since(None)
    assert KEY not in str(caught.value)
    assert len([r for r, _ in shop.log if r.path.endswith("orders/list")]) == 3


def test_a_malformed_request_verdict_is_not_retried(shop, source_for):
    shop.expect_request("/RPC/orders/list").respond_with_data(p.error_body("bad_parameter"))
    with pytest.raises(MyShopProtocolError, match="bad_parameter"):
        source_for(base_url=shop.url_for("/RPC/")).fetch_since(None)
    assert len([r for r, _ in shop.log if r.path.endswith("orders/list")]) == 1


def test_a_redirect_is_reported_as_a_base_url_to_check(httpserver, source_for):
    httpserver.expect_request("/RPC/id").respond_with_data("", status=301,
                                                           headers={"Location": "https://example.invalid/RPC/id"})
    with pytest.raises(ConfigurationError, match="HTTP 301.*myshop.base_url"):
        source_for(base_url=httpserver.url_for("/RPC/")).fetch_since(None)


def test_an_unreadable_rpc_id_answer_is_retried(httpserver, source_for):
    httpserver.expect_request("/RPC/id").respond_with_data("<rpc><rpc_id>")
    with pytest.raises(ServiceUnavailable, match="rpc id answer is not XML"):
        source_for(base_url=httpserver.url_for("/RPC/"), retries=1).fetch_since(None)
    assert len(httpserver.log) == 2


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_certificates_are_verified(tmp_path, source_for):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    served = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            served.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(p.rpc_id_body("ABC"))

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{server.server_address[1]}/RPC/"
        with pytest.raises(ServiceUnavailable, match="TLS certificate of the server could not be verified"):
            source_for(base_url=url, retries=0).fetch_since(None)
        assert served == []  # the self-signed certificate was refused before any request
    finally:
        server.shutdown()
        server.server_close()
