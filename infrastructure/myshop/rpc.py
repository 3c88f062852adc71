"""The two-step myShop RPC over HTTPS (reference §3): a fresh rpc id, then the signed command.

Retries (with a fresh rpc id every time, since ids are single-use) on network errors, 5xx,
unreadable or truncated bodies and refused rpc ids. A refusal that only the shop owner can fix
becomes a one-line ConfigurationError pointing at the back-office setting to check.

The last failure decides the words and the exit code: the shop that could not be reached
(ServiceUnavailable, 75) is not the shop that answered with something we cannot read
(UnreadableAnswer, 76): the first is for waiting, the second for a person to look at.

An order answer is spooled as it arrives (in memory up to SPOOL_IN_MEMORY, then in an
anonymous temporary file the system removes on close), so a large answer does not grow the
process; the reader checks it whole before it is used.
"""
from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from typing import BinaryIO, TypeVar
from urllib.parse import urlsplit

from infrastructure.http_client import httpx

from domain.errors import ConfigurationError, ServiceUnavailable, UnreadableAnswer
from infrastructure.myshop import protocol as p
from infrastructure.myshop.signing import Signer
from infrastructure.myshop.xml_stream import ASK_AGAIN, MyShopDocumentError, OversizedDocumentError

log = logging.getLogger(__name__)
T = TypeVar("T")
SPOOL_IN_MEMORY = 4_000_000

_BACK_OFFICE = "in the myShop back office (koppelingen → eigen koppelingen)"
# One line each: what the shop owner must check. {shop} is the winkelnummer.
CONFIGURATION_HINTS = {
    p.BAD_SIGNATURE: ("myShop refused the signature of shop {shop}: check that myshop.private_key is the "
                      "privésleutel shown " + _BACK_OFFICE + " (a regenerated key must be copied again)"),
    p.IP_NOT_ALLOWED: ("myShop refused this computer's IP address for shop {shop}: check the fixed IP address "
                       "entered " + _BACK_OFFICE),
    p.UNKNOWN_SHOP: "myShop does not know shop {shop}: check myshop.shop_id against the winkelnummer "
                    "in the myShop back office",
    p.CONNECTION_DISABLED: ("myShop has order fetching switched off for shop {shop}: set orders ophalen to "
                            "\"ja, via externe server\" " + _BACK_OFFICE),
    p.INVALID_REQUEST: ("myShop keeps answering \"invalid request\" for shop {shop}: check myshop.shop_id, "
                        "myshop.private_key and orders ophalen = \"ja, via externe server\" " + _BACK_OFFICE
                        + "; see docs/myshop.md on signing recipes"),
}


class MyShopRefused(ConfigurationError):
    """A refusal only the shop owner can fix (bad key, IP address, shop number, switched off)."""

    def __init__(self, code: str, shop: str):
        super().__init__(CONFIGURATION_HINTS[code].format(shop=shop))
        self.code = code


class MyShopProtocolError(ServiceUnavailable):
    """myShop says our request is malformed (missing_parameter / bad_parameter)."""


class UnknownOrder(Exception):
    """myShop answered `unknown_order` for an order_id."""


class _Retry(Exception):
    """One attempt failed in a way the next may not. `answered`: the shop did answer (an
    odd document), as opposed to not being reached or refusing the request."""

    def __init__(self, reason: str, code: str | None = None, *, answered: bool = False, advice: str = ASK_AGAIN):
        super().__init__(reason)
        self.reason, self.code, self.answered, self.advice = reason, code, answered, advice


class PrivateKey:
    """The privésleutel. It signs requests and is never sent, logged or shown."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "PrivateKey(***)"

    __str__ = __repr__


class RpcClient:
    def __init__(self, base_url: str, shop_id: str, private_key: PrivateKey, *, signer: Signer,
                 timeout: httpx.Timeout, retries: int, backoff: float,
                 transport: httpx.BaseTransport | None, max_bytes: int,
                 sleep: Callable[[float], None] = time.sleep):
        url = urlsplit(base_url)
        if url.scheme not in ("http", "https") or not url.netloc:
            raise ConfigurationError(f"myshop.base_url {base_url!r} is not an http(s) address "
                                     f"(default {p.DEFAULT_BASE_URL})")
        self.base_url = base_url if base_url.endswith("/") else base_url + "/"
        # Host and port only: a base_url may carry credentials that must not reach a message.
        self.host = f"{url.hostname}:{url.port}" if url.port else str(url.hostname)
        # The address as it may be shown: without a user and password in it (docs/privacy.md).
        self.shown_url = self.base_url.replace(url.netloc, url.netloc.rsplit("@", 1)[-1], 1)
        self.shop_id = shop_id
        self.signer = signer
        self._key = private_key
        self._timeout, self._transport = timeout, transport
        self.retries, self.backoff, self.max_bytes = max(0, retries), backoff, max_bytes
        self._sleep = sleep

    def with_signer(self, signer: Signer, *, retries: int) -> RpcClient:
        """The same connection signing another way (test-connection probes the [P] recipes)."""
        return RpcClient(self.base_url, self.shop_id, self._key, signer=signer, timeout=self._timeout,
                         retries=retries, backoff=self.backoff, transport=self._transport,
                         max_bytes=self.max_bytes, sleep=self._sleep)

    def __repr__(self) -> str:
        return f"RpcClient(base_url={self.shown_url!r}, shop_id={self.shop_id!r}, signer={self.signer.name!r})"

    def orders(self, selector: str, value: str, read: Callable[[BinaryIO], T]) -> T:
        """`orders/list` with `selector` (change_time or order_id) = value, the spooled answer
        given to `read` (which checks it whole, or raises MyShopDocumentError). What `read`
        returns owns the spool from then on (OrderDocument closes it)."""
        attempts = self.retries + 1
        last = _Retry("no attempt")
        with httpx.Client(timeout=self._timeout, transport=self._transport, follow_redirects=False) as http:
            for attempt in range(attempts):
                if attempt:
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    rpc_id = self._rpc_id(http)
                    spool = self._spooled(http, p.ORDERS_COMMAND, self._signed(selector, value, rpc_id))
                    try:
                        self._check_refusal(_head(spool))
                        return read(spool)
                    except BaseException:
                        spool.close()
                        raise
                except _Retry as retry:
                    last = retry
                except httpx.TimeoutException as exc:
                    last = _Retry(f"no answer within the timeout ({type(exc).__name__})")
                except httpx.RequestError as exc:  # connection, protocol and decoding errors
                    last = _Retry(_network_error(exc))
                except MyShopDocumentError as exc:
                    if not exc.retry:  # the same answer would come again
                        raise UnreadableAnswer(self._unreadable(str(exc), exc.advice)) from None
                    last = _Retry(str(exc), answered=True, advice=exc.advice)
                log.info("myShop %s attempt %d/%d failed: %s", self.host, attempt + 1, attempts, last.reason)
        if last.code == p.INVALID_REQUEST:
            raise MyShopRefused(p.INVALID_REQUEST, self.shop_id)
        tries = f"{attempts} attempt{'s' if attempts > 1 else ''}"
        if last.answered:
            raise UnreadableAnswer(self._unreadable(f"after {tries} its answer could still not be read: "
                                                    f"{last.reason}", last.advice))
        if last.code is not None:
            raise ServiceUnavailable(f"myShop ({self.host}) refused the request after {tries} ({last.code})")
        hint = ""
        if last.reason.startswith(("network error", "no answer")):
            # What the user can do about it: the address they configured, or the shop itself.
            hint = (f"; is the shop up, and is myshop.base_url right (it points at {self.host})? "
                    f"`sconnect test-connection` checks it")
        raise ServiceUnavailable(f"myShop ({self.host}) could not be reached after {tries}: {last.reason}{hint}")

    def _unreadable(self, reason: str, advice: str) -> str:
        """The one line for an answer that cannot be read: the shop answered (not an outage), what
        was wrong with the answer, that nothing of it was used, and what the shop owner can do."""
        return f"myShop ({self.host}) answered, but {reason}; nothing was booked. {advice}."

    def _rpc_id(self, http: httpx.Client) -> str:
        body = self._get(http, p.ID_COMMAND, [("shop", self.shop_id)])
        self._check_refusal(body)
        try:
            return p.read_rpc_id(body)
        except ValueError as exc:
            raise _Retry(str(exc), answered=True) from None

    def _signed(self, selector: str, value: str, rpc_id: str) -> list[tuple[str, str]]:
        pk = self.signer.sign(shop=self.shop_id, selector=value, key=self._key.reveal(),
                              module=p.ORDERS_MODULE, rpc_id=rpc_id)
        # The order of the reference client's query string (reference §3.3).
        return [("pk", pk), ("shop", self.shop_id), ("rpc_id", rpc_id),
                *self.signer.extra_params().items(), ("module", p.ORDERS_MODULE),
                (selector, value), ("system_export", "1")]

    def _get(self, http: httpx.Client, command: str, params: list[tuple[str, str]]) -> bytes:
        with self._spooled(http, command, params) as spool:
            spool.seek(0)
            return spool.read()

    def _spooled(self, http: httpx.Client, command: str, params: list[tuple[str, str]]) -> BinaryIO:
        with http.stream("GET", self.base_url + command, params=params) as response:
            status = response.status_code
            if status >= 500 or status == 429:
                raise _Retry(f"HTTP {status} from myShop")
            if status == 404 or 300 <= status < 400:
                raise ConfigurationError(f"myShop answered HTTP {status} at {self.shown_url}{command}: "
                                         f"check myshop.base_url (default {p.DEFAULT_BASE_URL})")
            spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
            try:
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise OversizedDocumentError(f"the answer is larger than the limit of {self.max_bytes} "
                                                     f"bytes")
                    spool.write(chunk)
            except BaseException:
                spool.close()
                raise
        spool.seek(0)
        return spool  # type: ignore[return-value]

    def _check_refusal(self, body: bytes) -> None:
        code = p.error_code(body)
        if code is None:
            return
        if code in CONFIGURATION_HINTS and code != p.INVALID_REQUEST:
            raise MyShopRefused(code, self.shop_id)
        if code == p.UNKNOWN_ORDER:
            raise UnknownOrder()
        if code in (p.MISSING_PARAMETER, p.BAD_PARAMETER):
            # Our request is malformed in myShop's eyes: the service changed, retrying won't help.
            raise MyShopProtocolError(f"myShop refused the request as malformed ({code}); "
                                      "the myShop interface may have changed")
        raise _Retry(f"myShop refused the request ({code})", code)


def _network_error(exc: httpx.RequestError) -> str:
    if "CERTIFICATE_VERIFY_FAILED" in str(exc):
        # Usually a proxy that intercepts TLS; verification stays on whatever the cause.
        return "network error (the TLS certificate of the server could not be verified)"
    return f"network error ({type(exc).__name__})"


def _head(spool: BinaryIO) -> bytes:
    spool.seek(0)
    head = spool.read(4096)
    spool.seek(0)
    return head
