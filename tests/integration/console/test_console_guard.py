"""SPEC §12: the console is for the person at this computer only. Each refusal has its test:
no token, a used or wrong token, a foreign Host (DNS rebinding), another address, a change
without the CSRF token or from another site, a framed page; and every answer carries the
security headers (CSP without inline script, X-Frame-Options DENY)."""
from __future__ import annotations

import pytest

from domain.errors import ConfigurationError
from interfaces.console import bind, make_console
from interfaces.console.app import make_app
from console_support import KEY, PORT, client_for, make_installation


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    monkeypatch.setenv("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY", KEY)
    console = make_console(str(make_installation(tmp_path, "http://127.0.0.1:9/RPC/")))
    yield console, client_for(make_app(console, PORT))
    console.state.close()


def test_without_the_token_nothing_opens(fresh):
    _console, client = fresh
    for path in ("/", "/orders", "/instellingen/shop1", "/events", "/log/export", "/static/console.js"):
        answer = client.get(path)
        assert answer.status_code == 403, path
        assert "sconnect console" in answer.text


def test_the_token_opens_once_and_becomes_a_strict_http_only_cookie(fresh):
    console, client = fresh
    token = console.session.token
    assert client.get("/?token=wrong", follow_redirects=False).status_code == 403
    entered = client.get(f"/?token={token}", follow_redirects=False)
    assert entered.status_code == 303 and entered.headers["location"] == "/"
    cookie = entered.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and token not in cookie
    assert client.get("/").status_code == 200
    client.cookies.clear()
    assert client.get(f"/?token={token}", follow_redirects=False).status_code == 403  # used up


def test_a_foreign_host_is_refused_even_with_the_session(fresh):
    console, client = fresh
    client.get(f"/?token={console.session.token}")
    for host in ("evil.example:8765", "127.0.0.1:1", "localhost.evil.example:8765", ""):
        assert client.get("/", headers={"host": host}).status_code == 421, host
    assert client.get("/", headers={"host": f"localhost:{PORT}"}).status_code == 200


def test_another_address_is_refused(fresh, tmp_path):
    from starlette.testclient import TestClient

    console, _client = fresh
    outsider = TestClient(make_app(console, PORT), base_url=f"http://127.0.0.1:{PORT}", client=("192.0.2.7", 4000))
    assert outsider.get(f"/?token={console.session.token}").status_code == 403
    assert console.session.token is not None  # the outsider did not use it up
    with pytest.raises(ConfigurationError, match="127.0.0.1 only"):
        bind(0, "0.0.0.0")


def test_a_change_without_csrf_or_from_another_site_changes_nothing(fresh):
    console, client = fresh
    client.get(f"/?token={console.session.token}")
    console.state.log("shop1", None, "", "basic", "kept", console.clock.now())
    assert client.post("/log/clear").status_code == 403
    assert client.post("/log/clear", data={"csrf": "guess"}).status_code == 403
    assert client.post("/log/clear", data={"csrf": console.session.csrf},
                       headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert client.post("/run/shop1").status_code == 403
    assert [e.message for e in console.state.log_entries("shop1")] == ["kept"]
    assert client.post("/log/clear", data={"csrf": console.session.csrf}).status_code == 200
    assert console.state.log_entries("shop1") == []


def test_a_framed_page_is_refused_and_every_answer_forbids_framing_and_inline_script(fresh):
    console, client = fresh
    client.get(f"/?token={console.session.token}")
    assert client.get("/", headers={"sec-fetch-dest": "iframe"}).status_code == 403
    for answer in (client.get("/"), client.get("/nope"), client.get("/static/console.css"),
                   client.get("/", headers={"host": "evil.example"})):
        assert answer.headers["x-frame-options"] == "DENY"
        csp = answer.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    page = client.get("/").text
    assert "<script>" not in page and " on" + "click=" not in page and "style=" not in page
