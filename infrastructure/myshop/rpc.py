"""The two-step myShop RPC over HTTPS (reference §3): a fresh rpc id, then the signed command.

Retries (with a fresh rpc id every time, since ids are single-use) on network errors, 5xx,
unreadable or truncated bodies and refused rpc ids. A refusal that only the shop owner can fix
becomes a one-line ConfigurationError pointing at the back-office setting to check.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.myshop import protocol as p
from infrastructure.myshop.reader import (HostileDocumentError, MyShopDocumentError,
                                          OversizedDocumentError)
from infrastructure.myshop.signing import Signer

log = logging.getLogger(__name__)
T = TypeVar("T")

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
    def __init__(self, reason: str, code: str | None = None):
        super().__init__(reason)
        self.reason, self.code = reason, code


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

    def orders(self, selector: str, value: str, parse: Callable[[bytes], T]) -> T:
        """`orders/list` with `selector` (change_time or order_id) = value, parsed by `parse`."""
        attempts = self.retries + 1
        last = _Retry("no attempt")
        with httpx.Client(timeout=self._timeout, transport=self._transport, follow_redirects=False) as http:
            for attempt in range(attempts):
                if attempt:
                    self._sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    rpc_id = self._rpc_id(http)
                    body = self._get(http, p.ORDERS_COMMAND, self._signed(selector, value, rpc_id))
                    self._check_refusal(body)
                    return parse(body)
                except _Retry as retry:
                    last = retry
                except httpx.TimeoutException as exc:
                    last = _Retry(f"no answer within the timeout ({type(exc).__name__})")
                except httpx.RequestError as exc:  # connection, protocol and decoding errors
                    last = _Retry(_network_error(exc))
                except (HostileDocumentError, OversizedDocumentError):
                    raise  # the same answer would come again
                except MyShopDocumentError as exc:
                    last = _Retry(str(exc))
                log.info("myShop %s attempt %d/%d failed: %s", self.host, attempt + 1, attempts, last.reason)
        if last.code == p.INVALID_REQUEST:
            raise MyShopRefused(p.INVALID_REQUEST, self.shop_id)
        raise ServiceUnavailable(f"myShop ({self.host}) could not be reached after {attempts} "
                                 f"attempt{'s' if attempts > 1 else ''}: {last.reason}")

    def _rpc_id(self, http: httpx.Client) -> str:
        body = self._get(http, p.ID_COMMAND, [("shop", self.shop_id)])
        self._check_refusal(body)
        try:
            return p.read_rpc_id(body)
        except ValueError as exc:
            raise _Retry(str(exc)) from None

    def _signed(self, selector: str, value: str, rpc_id: str) -> list[tuple[str, str]]:
        pk = self.signer.sign(shop=self.shop_id, selector=value, key=self._key.reveal(),
                              module=p.ORDERS_MODULE, rpc_id=rpc_id)
        # The order of the reference client's query string (reference §3.3).
        return [("pk", pk), ("shop", self.shop_id), ("rpc_id", rpc_id),
                *self.signer.extra_params().items(), ("module", p.ORDERS_MODULE),
                (selector, value), ("system_export", "1")]

    def _get(self, http: httpx.Client, command: str, params: list[tuple[str, str]]) -> bytes:
        with http.stream("GET", self.base_url + command, params=params) as response:
            status = response.status_code
            if status >= 500 or status == 429:
                raise _Retry(f"HTTP {status} from myShop")
            if status == 404 or 300 <= status < 400:
                raise ConfigurationError(f"myShop answered HTTP {status} at {self.shown_url}{command}: "
                                         f"check myshop.base_url (default {p.DEFAULT_BASE_URL})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self.max_bytes:
                    raise OversizedDocumentError(f"the myShop answer is larger than the limit of "
                                                 f"{self.max_bytes} bytes")
        return bytes(body)

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
