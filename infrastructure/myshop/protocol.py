"""The wire format both the client and the simulator speak (reference/myshop-rpc.md §3–§5).

Everything here that is marked [P] in the reference is our proposal, not a verified fact about
the live service; it lives in this one module so it can be changed in one place.
"""
from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException
from xml.etree.ElementTree import ParseError

DEFAULT_BASE_URL = "https://www.mijnwinkel.nl/RPC/"
ORDERS_COMMAND = "orders/list"
ID_COMMAND = "id"
ORDERS_MODULE = "orders_get"
# The reference client's default change_time: "everything".
EVERYTHING = "20010101010101"
CHANGE_TIME_FORMAT = "%Y%m%d%H%M%S"
RPC_ID_LIFETIME_SECONDS = 120  # [C S1] "at most 2 minutes"

# myShop speaks zone-less Europe/Amsterdam wall-clock time (the back office's own time).
AMSTERDAM_ZONE = "Europe/Amsterdam"

# [P] error codes of the `<error code="…">invalid request</error>` body (reference §5).
UNKNOWN_SHOP = "unknown_shop"
MISSING_PARAMETER = "missing_parameter"
BAD_PARAMETER = "bad_parameter"
UNKNOWN_RPC_ID = "unknown_rpc_id"
EXPIRED_RPC_ID = "expired_rpc_id"
USED_RPC_ID = "used_rpc_id"
BAD_SIGNATURE = "bad_signature"
IP_NOT_ALLOWED = "ip_not_allowed"
CONNECTION_DISABLED = "connection_disabled"
UNKNOWN_ORDER = "unknown_order"
# Not a myShop code: a refusal that carries only the [C S4] marker text and no code.
INVALID_REQUEST = "invalid_request"

RPC_ID_PROBLEMS = frozenset({UNKNOWN_RPC_ID, EXPIRED_RPC_ID, USED_RPC_ID})
INVALID_REQUEST_MARKER = b"invalid request"

_CHANGE_TIME = re.compile(r"[0-9]{14}")
_RPC_ID = re.compile(r"[A-Za-z0-9_.-]{1,128}")


def format_change_time(moment: datetime) -> str:
    """yyyymmddhhmmss in Amsterdam wall-clock time; naive datetimes already are that."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_amsterdam()).replace(tzinfo=None)
    return moment.strftime(CHANGE_TIME_FORMAT)


def before_repeated_hour(moment: datetime) -> datetime:
    """myShop's times are Amsterdam wall-clock time without a zone. In the night the clocks go
    back, 02:00–02:59 happens twice: a cursor inside that hour would skip the orders of its
    second occurrence, so it moves back to where the hour first began."""
    zone = _amsterdam()
    if zone is None or moment.tzinfo is not None:
        return moment
    first, second = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return moment
    return moment.replace(minute=0, second=0, microsecond=0)


def _amsterdam():
    # Windows has no system tz database; without the `tzdata` package fall back to local time.
    try:
        return ZoneInfo(AMSTERDAM_ZONE)
    except ZoneInfoNotFoundError:
        return None


def parse_change_time(text: str) -> datetime:
    """A naive Amsterdam wall-clock datetime; ValueError when not 14 digits of a real moment."""
    text = text.strip()
    if not _CHANGE_TIME.fullmatch(text):
        raise ValueError(f"not a yyyymmddhhmmss time: {text[:40]!r}")
    return datetime.strptime(text, CHANGE_TIME_FORMAT)


def is_change_time(text: str) -> bool:
    try:
        parse_change_time(text)
    except ValueError:
        return False
    return True


def error_body(code: str, text: str = "invalid request") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><error code="{code}">{text}</error>').encode()


# An optional XML declaration, comments or whitespace, then the root element <error …>.
_ERROR_ROOT = re.compile(rb"^(?:<\?xml[^>]*\?>)?(?:\s|<!--.*?-->)*<error[\s>/]", re.DOTALL)


def error_code(body: bytes) -> str | None:
    """The error code when `body` is a refusal, else None.

    [C S4] the reference clients only look for the text "invalid request"; [P] we expect an
    `<error code="…">` element around it. A refusal without a readable code is INVALID_REQUEST.
    """
    head = body[:4096].lstrip()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if not head.startswith(b"<"):
        return INVALID_REQUEST if INVALID_REQUEST_MARKER in head.lower() else None
    # Only a document whose ROOT is <error> is a refusal: an order document may well contain
    # "<error" or "invalid request" in a customer's remark (CDATA), and treating that as a
    # refusal would stop every run of the shop.
    if not _ERROR_ROOT.match(head):
        return None
    try:
        root = SafeET.fromstring(head, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return INVALID_REQUEST
    if root.tag != "error":
        return None
    code = (root.get("code") or "").strip()
    return code if re.fullmatch(r"[a-z_]{1,64}", code) else INVALID_REQUEST


def rpc_id_body(rpc_id: str) -> bytes:
    # Compact on purpose: the PHP clients read documentElement->firstChild (reference §3.1).
    return f'<?xml version="1.0" encoding="UTF-8"?><rpc><rpc_id>{rpc_id}</rpc_id></rpc>'.encode()


def read_rpc_id(body: bytes) -> str:
    """The rpc id from step 1: the root's own text if not blank, else its first child's text.

    ValueError when the body holds no plausible id (truncated or not XML)."""
    try:
        root = SafeET.fromstring(body, forbid_dtd=True)
    except (ParseError, DefusedXmlException) as exc:
        raise ValueError(f"the rpc id answer is not XML ({type(exc).__name__})") from None
    text = (root.text or "").strip()
    if not text:
        first = next(iter(root), None)
        text = (first.text or "").strip() if first is not None else ""
    if not _RPC_ID.fullmatch(text):
        raise ValueError("the rpc id answer holds no rpc id")
    return text
