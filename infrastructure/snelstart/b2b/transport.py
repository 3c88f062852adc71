"""HTTP to the SnelStart B2B API: both headers on every call, the token renewed once on 401,
reads retried, writes never retried blindly, lists paged until a short page.

A read (GET) is retried on 408, 429, any 5xx and network errors, honouring `Retry-After`. A write
(POST, PUT) is retried only when SnelStart certainly did not perform it: 429 (API Management
throttles before the API sees the call) or a connection that never opened. Any other lost answer
— a timeout, a dropped connection, a 408, any 5xx (a proxy's 520–524 included) — raises
UnknownWrite: there is no idempotency key, so the caller looks the object up before writing
again (reference §5b). Only a 4xx other than 401/403/408 is a refusal (nothing was written).

Amounts travel as JSON strings and are read with `parse_float=Decimal`: no float on the way.
Every answer is read with a cap on its unpacked size (infrastructure/capped_body.py): a small
gzip body cannot grow into gigabytes of memory.
"""
from __future__ import annotations

import json
import logging
import time
from datetime import datetime
from decimal import Decimal
from email.utils import parsedate_to_datetime
from typing import Any, Callable

import httpx

from domain.errors import ServiceUnavailable
from infrastructure.capped_body import ACCEPT_ENCODING, TooLarge, UnknownEncoding, read_capped
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.errors import (
    UnknownWrite,
    forbidden,
    refused,
    summary,
    unauthorised,
    unreachable,
)
from infrastructure.snelstart.b2b.odata import Filter
from infrastructure.snelstart.b2b.pacing import Pacer
from infrastructure.snelstart.b2b.retry import (
    RetryPolicy,
    maybe_done,
    parse_retry_after,
    retryable,
)
from infrastructure.state.redact import MASK, register_secret, userinfo_secrets, without_userinfo

log = logging.getLogger(__name__)

SUBSCRIPTION_HEADER = "Ocp-Apim-Subscription-Key"
PAGE_SIZE = 500  # $top maximum per the docs (reference §3)
# A backstop for a list that never ends (a server that pages wrongly): far beyond any real
# administration — 10,000 pages are 250,000 articles at the spec's cap of 25 a page.
MAX_PAGES = 10_000
_NEVER_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)
_SECRET_HEADERS = {"authorization", SUBSCRIPTION_HEADER.lower()}
# Far above a page of 500 relations (about 1.5 MB of JSON); a bigger answer is no SnelStart page.
MAX_ANSWER_BYTES = 50_000_000


def redacted_headers(headers: Any) -> dict[str, str]:
    """Headers fit for a debug line: the key and the token masked."""
    return {name: (MASK if name.lower() in _SECRET_HEADERS else value) for name, value in dict(headers).items()}


def _json_default(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"{type(value).__name__} is not JSON")


def encode(body: object) -> bytes:
    return json.dumps(body, default=_json_default, ensure_ascii=False).encode("utf-8")


def decode(content: bytes) -> Any:
    return json.loads(content.decode("utf-8-sig"), parse_float=Decimal) if content.strip() else None


def rows(data: Any) -> list[dict]:
    """A collection: a bare JSON array (as SnelStart answers), or {"value": [...]} (OData style)."""
    if isinstance(data, dict) and isinstance(data.get("value"), list):
        data = data["value"]
    if not isinstance(data, list):
        raise ServiceUnavailable("SnelStart answered a list request with something that is not a list")
    return [row for row in data if isinstance(row, dict)]


class Transport:
    def __init__(self, http: httpx.Client, base_url: str, subscription_key: str, tokens: TokenSource, *,
                 sleep: Callable[[float], None] = time.sleep, policy: RetryPolicy | None = None,
                 page_size: int = PAGE_SIZE, max_bytes: int = MAX_ANSWER_BYTES, pacer: Pacer | None = None):
        register_secret(subscription_key)
        for secret in userinfo_secrets(base_url):  # a password in the address is one too
            register_secret(secret)
        self._http, self._tokens, self._key = http, tokens, subscription_key
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        self._sleep, self._policy = sleep, policy or RetryPolicy()
        self.page_size = page_size
        self.max_bytes = max_bytes
        self.max_pages = MAX_PAGES
        self._caps: dict[str, int] = {}  # resource → the page size the server was seen to cap at
        self._longest: dict[str, int] = {}  # resource → the longest page it returned (no cap below)
        self.calls = 0  # API calls sent (retries included, token calls not)
        # SnelStart's own time (the `Date` header, UTC) of the last answer, and of the first page
        # of the last list read: what "changed since" is asked from (relations.py).
        self.answered_at: datetime | None = None
        self.list_started_at: datetime | None = None
        # Below the rate limits (pacing.py); None: not paced (a test of the transport alone).
        self.pacer = pacer or Pacer(None)

    def __repr__(self) -> str:
        return f"Transport(base_url={without_userinfo(self.base_url)!r})"

    # -- reading --------------------------------------------------------------------------------
    def get(self, path: str, params: dict[str, str] | None = None, *, missing_ok: bool = False) -> Any:
        return self._send("GET", path, params=params, missing_ok=missing_ok)

    def get_list_plain(self, path: str) -> list[dict]:
        """A list that is not OData (`artikelomzetgroepen`, `verkoopordersjablonen`, `landen`)."""
        return rows(self.get(path))

    def get_list(self, path: str, filter: Filter | None = None, select: tuple[str, ...] = (), *,
                 unique: bool = False, params: dict[str, str] | None = None) -> list[dict]:
        """Every row of an OData list: `$skip`/`$top` until a short page (there is no next link).

        A page shorter than asked may be the end, or the server's own cap (the spec says 25 for
        /artikelen, the docs 500): unless this resource's cap is known, or an earlier page of it
        was longer, S-Connect asks once more from there — more rows mean it was a cap, which is
        then used for the rest of the run. A partial list is never returned silently.

        `unique`: the filter is on a key SnelStart keeps unique (artikelcode, relatiecode), so the
        answer is one row or none and a short page is the end. `params`: more of the query
        (`relatieId`, `aantal`)."""
        params = dict(params or {})
        if filter is not None:
            params["$filter"] = filter.text
        if select:
            params["$select"] = ",".join(select)
        pages = _Pages(path, self.max_pages)
        self.list_started_at = None
        size = self._caps.get(path, self.page_size)
        while True:
            page = pages.add(rows(self.get(path, {**params, "$top": str(size), "$skip": str(pages.skip)})))
            if self.list_started_at is None:
                self.list_started_at = self.answered_at
            longest = self._longest.get(path, 0)
            self._longest[path] = max(longest, len(page))
            if len(page) >= size:
                continue
            if not page or unique or path in self._caps or len(page) < longest:
                return pages.found
            more = pages.add(rows(self.get(path, {**params, "$top": str(size), "$skip": str(pages.skip)})))
            if not more:
                return pages.found
            self._caps[path] = size = len(page)
            log.info("SnelStart caps %s at %d rows per page", path, size)
            if len(more) < size:
                return pages.found

    # -- writing --------------------------------------------------------------------------------
    def post(self, path: str, body: dict) -> Any:
        return self._send("POST", path, body=body)

    def put(self, path: str, body: dict) -> Any:
        return self._send("PUT", path, body=body)

    # -- one call -------------------------------------------------------------------------------
    def _send(self, method: str, path: str, *, params: dict[str, str] | None = None, body: object = None,
              missing_ok: bool = False) -> Any:
        write = method != "GET"
        what = f"{method} {path.split('?', 1)[0]}"
        content = None if body is None else encode(body)
        attempt, renewed = 0, False
        while True:
            attempt += 1
            retry_after: float | None = None
            headers = {SUBSCRIPTION_HEADER: self._key, "Authorization": f"Bearer {self._tokens.token()}",
                       "Accept": "application/json", "Accept-Encoding": ACCEPT_ENCODING}
            if content is not None:
                headers["Content-Type"] = "application/json"
            self.pacer.before_call()  # may wait for the minute, or stop the run for the hour
            self.calls += 1
            try:
                response, body = self._exchange(method, path, params, content, headers)
            except httpx.HTTPError as exc:
                reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                log.debug("%s failed: %s", what, reason)
                if write and not isinstance(exc, _NEVER_SENT):
                    raise UnknownWrite(f"SnelStart did not answer {what} ({reason})") from None
            except (TooLarge, UnknownEncoding) as exc:
                # The same answer would come again: not retried. A write's answer unread may
                # still mean it was done: the caller looks before writing again.
                if write:
                    raise UnknownWrite(f"SnelStart's answer to {what} could not be read ({exc}); "
                                       f"it may have been done") from None
                raise ServiceUnavailable(f"SnelStart's answer to {what} could not be read: {exc}") from None
            else:
                status = response.status_code
                log.debug("%s %s → %d (headers %s)", method, without_userinfo(str(response.request.url)), status,
                          redacted_headers(response.request.headers))
                if status < 300:
                    self.answered_at = _server_time(response.headers.get("Date"))
                    return self._parsed(body, what, write)
                if status == 401:
                    if renewed or _subscription_key_refused(body):
                        raise unauthorised(body)
                    self._tokens.invalidate()  # expired early, or revoked: one fresh token
                    renewed = True
                    attempt -= 1
                    continue
                if status == 403:
                    raise forbidden(method, path, body)
                if status == 404 and missing_ok:
                    return None
                _, message = summary(body)
                reason = f"HTTP {status}" + (f": {message}" if message else "")
                if write and maybe_done(status):
                    raise UnknownWrite(f"SnelStart answered {what} with {reason}; it may have been done") from None
                if not retryable(status):
                    raise refused(status, body, what)
                retry_after = parse_retry_after(response.headers.get("Retry-After"))
            wait = self._policy.wait(attempt, retry_after)
            if wait is None:
                raise unreachable(what, reason + (f" (asked to wait {retry_after:.0f} s)"
                                                  if retry_after is not None and attempt < self._policy.attempts
                                                  else f" after {attempt} attempts"))
            log.info("SnelStart %s: %s; trying again in %.1f s", what, reason, wait)
            self._sleep(wait)

    def _exchange(self, method: str, path: str, params: dict[str, str] | None, content: bytes | None,
                  headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
        """One request; the answer and its body, read with the cap (raises TooLarge)."""
        request = self._http.build_request(method, self.base_url + path, params=params, content=content,
                                           headers=headers)
        response = self._http.send(request, stream=True)
        try:
            return response, read_capped(response, self.max_bytes)
        finally:
            response.close()

    @staticmethod
    def _parsed(body: bytes, what: str, write: bool) -> Any:
        try:
            return decode(body)
        except ValueError:
            error = UnknownWrite if write else ServiceUnavailable
            raise error(f"SnelStart answered {what} with something that is not JSON") from None


class _Pages:
    """The rows of one list as its pages come in, each row once. A server that ignores `$skip`
    answers the first page again and again: a page of rows all read before ends the list with
    an error instead of a loop (a single repeated row is not that: a relation created between
    two pages shifts the rest by one). A row read before is not kept twice."""

    def __init__(self, path: str, max_pages: int):
        self.path, self.max_pages = path, max_pages
        self.found: list[dict] = []
        self.skip = 0  # rows the server has given, repeats included: where the next page starts
        self._seen: set[str] = set()
        self._pages = 0

    def add(self, page: list[dict]) -> list[dict]:
        self._pages += 1
        ids = [str(row["id"]).lower() for row in page if row.get("id") not in (None, "")]
        if self.skip and page and len(ids) == len(page) and self._seen.issuperset(ids):
            raise ServiceUnavailable(f"SnelStart ignores $skip on {self.path}: the page from row {self.skip} "
                                     f"repeats rows already read, so the list cannot be read to its end")
        if self._pages > self.max_pages:
            raise ServiceUnavailable(f"SnelStart's list {self.path} did not end after {self.max_pages} pages "
                                     f"({self.skip} rows); it was not read to its end")
        self.skip += len(page)
        for row in page:
            row_id = str(row.get("id") or "").lower()
            if not row_id or row_id not in self._seen:
                self.found.append(row)
                self._seen.add(row_id)
        return page


def _server_time(header: str | None) -> datetime | None:
    try:
        moment = parsedate_to_datetime(header) if header else None
    except (TypeError, ValueError):
        return None
    return moment if moment is not None and moment.tzinfo is not None else None


def _subscription_key_refused(body: bytes) -> bool:
    """API Management's own 401 (a bad subscription key): a new token would not help."""
    _, message = summary(body)
    return "subscription key" in message.lower()
