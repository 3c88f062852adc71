"""The access token: `grant_type=clientkey` at the token URL, kept until shortly before it
expires (reference §1: `expires_in` 3599 s), fetched again when the API says 401.

The koppelsleutel goes in the form body only (SnelStart requires it there), never in a URL; it
and every token are registered as secrets, so no log line or stored message can show them.
"""
from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass
from typing import Callable

import httpx

from domain.errors import ServiceUnavailable
from infrastructure.capped_body import ACCEPT_ENCODING, TooLarge, UnknownEncoding, read_capped
from infrastructure.snelstart.b2b.errors import one_line, token_refused, unreachable
from infrastructure.snelstart.b2b.retry import RetryPolicy, parse_retry_after, retryable
from infrastructure.state.redact import register_secret, userinfo_secrets, without_userinfo

# Renew this long before the token's end (at most), so a call never leaves with a token that
# dies on the way: 5 minutes of SnelStart's hour, a tenth of a short-lived test token.
LONGEST_MARGIN = 300.0
MAX_TOKEN_ANSWER_BYTES = 1_000_000  # a token answer is a few kilobytes


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: float  # on the clock the source was given
    lifetime: float

    def usable(self, now: float) -> bool:
        return now < self.expires_at - min(LONGEST_MARGIN, self.lifetime / 10)


def jwt_scopes(token: str) -> tuple[str, ...] | None:
    """The `scopes` claim of a JWT (reference §5b: it lists what the token may do), read
    without checking the signature — only to warn early; None when the token is no JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload.encode("ascii")))
    except (ValueError, UnicodeError):
        return None
    if not isinstance(claims, dict):
        return None
    scopes = claims.get("scopes", claims.get("scope"))
    if isinstance(scopes, str):
        return tuple(scopes.split())
    if isinstance(scopes, list) and all(isinstance(s, str) for s in scopes):
        return tuple(scopes)
    return None


class TokenSource:
    def __init__(self, http: httpx.Client, token_url: str, client_key: str, *,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 policy: RetryPolicy | None = None, max_bytes: int = MAX_TOKEN_ANSWER_BYTES):
        register_secret(client_key)
        for secret in userinfo_secrets(token_url):  # a password in the address is one too
            register_secret(secret)
        self._http, self.token_url, self._client_key = http, token_url, client_key
        self._clock, self._sleep, self._policy = clock, sleep, policy or RetryPolicy()
        self.max_bytes = max_bytes
        self._token: Token | None = None
        self.fetched = 0  # tokens fetched so far

    def __repr__(self) -> str:
        return f"TokenSource(token_url={without_userinfo(self.token_url)!r})"

    def token(self) -> str:
        if self._token is None or not self._token.usable(self._clock()):
            self._token = self._fetch()
        return self._token.value

    def invalidate(self) -> None:
        self._token = None

    @property
    def scopes(self) -> tuple[str, ...] | None:
        return None if self._token is None else jwt_scopes(self._token.value)

    def _fetch(self) -> Token:
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                response, body = self._post()
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}"
            except (TooLarge, UnknownEncoding) as exc:
                raise ServiceUnavailable(f"SnelStart's token endpoint answered something that could not be "
                                         f"read: {exc}") from None
            else:
                if response.status_code < 300:
                    return self._read(body)
                if not retryable(response.status_code):
                    raise token_refused(response.status_code, body)
                reason = f"HTTP {response.status_code}"
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            wait = self._policy.wait(attempt, retry_after)
            if wait is None:
                raise unreachable(f"token at {without_userinfo(self.token_url)}", reason)
            self._sleep(wait)

    def _post(self) -> tuple[httpx.Response, bytes]:
        """The token request; the answer and its body, read with the cap (raises TooLarge)."""
        request = self._http.build_request("POST", self.token_url, headers={"Accept-Encoding": ACCEPT_ENCODING},
                                           data={"grant_type": "clientkey", "clientkey": self._client_key})
        response = self._http.send(request, stream=True)
        try:
            return response, read_capped(response, self.max_bytes)
        finally:
            response.close()

    def _read(self, body: bytes) -> Token:
        try:
            data = json.loads(body)
            value = data["access_token"]
            lifetime = float(str(data.get("expires_in", 3599)))
        except (ValueError, KeyError, TypeError):
            raise ServiceUnavailable(f"SnelStart's token endpoint answered without a token: "
                                     f"{one_line(body.decode('utf-8', 'replace'), 120)}") from None
        if not isinstance(value, str) or not value:
            raise ServiceUnavailable("SnelStart's token endpoint answered an empty token")
        register_secret(value)
        self.fetched += 1
        return Token(value, self._clock() + lifetime, lifetime)
