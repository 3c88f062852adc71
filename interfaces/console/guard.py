"""The console is for the person at this computer only (SPEC §12). Every request passes here:

- from a loopback address, with a `Host` that names this console on a loopback name — a page
  elsewhere cannot reach it by making its own host name point at 127.0.0.1 (DNS rebinding);
- opened once with the one-time token `sconnect console` put in the address; the token becomes
  a session cookie (HttpOnly: no script reads it; SameSite=Strict: no other site's page sends
  it), and is used up;
- never inside a frame (clickjacking), and every change (POST) carries the session's CSRF
  token, from a page of this console;
- every answer with a Content-Security-Policy that allows no inline script, and no caching.

A pure ASGI middleware, so no route can be added that it does not cover.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

COOKIE = "sconnect_console"
CSRF_FIELD = "csrf"
CSRF_HEADER = b"x-csrf-token"
MAX_FORM_BYTES = 1 << 20
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
REFUSALS = {
    "address": (403, "Deze console is alleen te openen op deze computer. / This console opens on this computer only."),
    "host": (421, "Onbekend adres (Host). Open de console via 127.0.0.1. / Unknown Host: open the console via 127.0.0.1."),
    "session": (403, "Open de console via de link die `sconnect console` toont (die link werkt één keer). / "
                     "Open the console with the link `sconnect console` shows (it works once)."),
    "frame": (403, "De console opent niet in een frame. / The console does not open inside a frame."),
    "csrf": (403, "Deze wijziging kwam niet van een pagina van de console: niets gewijzigd. / "
                  "This change did not come from a page of the console: nothing changed."),
    "size": (413, "Te groot. / Too large."),
}


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Session:
    """The one-time token, then the session and its CSRF token (one person, one browser)."""

    def __init__(self) -> None:
        self.token: str | None = secrets.token_urlsafe(32)
        self.cookie = secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)

    def use_token(self, given: str) -> bool:
        token = self.token
        if token is None or not hmac.compare_digest(given.encode(), token.encode()):
            return False
        self.token = None  # one time: a link copied from the terminal later opens nothing
        return True


def _headers(scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _cookie(headers: dict[bytes, bytes]) -> str:
    jar = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed cookie header is no session
        return ""
    morsel = jar.get(COOKIE)
    return morsel.value if morsel else ""


class Guard:
    def __init__(self, app, session: Session, port: int):
        self.app, self.session, self.port = app, session, port

    def allowed_hosts(self) -> set[bytes]:
        return {f"{name}:{self.port}".encode() for name in LOOPBACK_NAMES}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = _headers(scope)

        async def send_secure(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *SECURITY_HEADERS]}
            await send(message)

        client = (scope.get("client") or ("", 0))[0]
        if not is_loopback(client):
            return await _refuse(send_secure, "address")
        if headers.get(b"host", b"") not in self.allowed_hosts():
            return await _refuse(send_secure, "host")
        if headers.get(b"sec-fetch-dest") in (b"iframe", b"frame", b"embed", b"object"):
            return await _refuse(send_secure, "frame")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        if "token" in query and scope["method"] == "GET":
            if self.session.use_token(query["token"][0]):
                return await _enter(send_secure, self.session.cookie)
            return await _refuse(send_secure, "session")
        cookie = _cookie(headers)
        if not cookie or not hmac.compare_digest(cookie.encode(), self.session.cookie.encode()):
            return await _refuse(send_secure, "session")
        if scope["method"] not in ("GET", "HEAD"):
            body = await _body(receive)
            if body is None:
                return await _refuse(send_secure, "size")
            if not self._csrf_ok(headers, body):
                return await _refuse(send_secure, "csrf")
            receive = _replay(body)
        return await self.app(scope, receive, send_secure)

    def _csrf_ok(self, headers: dict[bytes, bytes], body: bytes) -> bool:
        # A page of another site cannot read the token (same-origin policy), so it cannot send it.
        if headers.get(b"sec-fetch-site", b"same-origin") not in (b"same-origin", b"none"):
            return False
        given = headers.get(CSRF_HEADER, b"").decode("latin-1")
        if not given and headers.get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded"):
            given = (parse_qs(body.decode("utf-8", "replace")).get(CSRF_FIELD) or [""])[0]
        return bool(given) and hmac.compare_digest(given.encode(), self.session.csrf.encode())


async def _body(receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        size += len(chunks[-1])
        if size > MAX_FORM_BYTES:
            return None
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    sent = False

    async def receive():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return {"type": "http.disconnect"}
    return receive


async def _refuse(send, why: str) -> None:
    status, text = REFUSALS[why]
    body = (text + "\n").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


async def _enter(send, cookie: str) -> None:
    """The token is good: the session cookie, and on to the start page without the token in
    the address (so it is neither in the history nor shown again)."""
    await send({"type": "http.response.start", "status": 303, "headers": [
        (b"location", b"/"),
        (b"set-cookie", f"{COOKIE}={cookie}; HttpOnly; SameSite=Strict; Path=/".encode()),
        (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})
