"""Reading single values out of the parsed TOML: every refusal is one line that starts with
the setting's full name, so the user can find it in the file."""
from __future__ import annotations

import difflib
import ipaddress
import re
from urllib.parse import urlsplit
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from infrastructure.clock import AMSTERDAM
from domain.errors import ConfigurationError
from infrastructure.state.redact import without_userinfo

E = TypeVar("E", bound=Enum)

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def key_path(parent: str, key: str) -> str:
    """`parent.key`, with the key quoted as TOML would need it (`revenue_group."5.5"`)."""
    shown = key if _BARE_KEY.match(key) else '"' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{parent}.{shown}" if parent else shown


def fail(path: str, message: str) -> ConfigurationError:
    return ConfigurationError(f"{path}: {message}")


def show(value: Any) -> str:
    """A value as the user wrote it, for messages (never used for secrets)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def check_keys(data: Mapping[str, Any], path: str, known: Iterable[str]) -> None:
    """Refuse every key that is not a setting here (one error naming them all), suggesting the
    nearest known one for each."""
    known = list(known)
    unknown = []
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            unknown.append(f"{key_path(path, key)}: unknown setting{hint}")
    if unknown:
        raise ConfigurationError.several(unknown)


def table(value: Any, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise fail(path, f"expected a table, got {show(value)}")
    return value


def text(value: Any, path: str, *, allow_number: bool = False, required: bool = False,
         what: str = "text") -> str:
    """A string (stripped); a TOML whole number is accepted where a code or number is
    natural (article codes, template numbers)."""
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise fail(path, f"expected {what} in quotes, got {show(value)}")
    value = value.strip()
    if required and not value:
        raise fail(path, f"must not be empty ({what})")
    return value


def text_list(value: Any, path: str) -> tuple[str, ...]:
    """A list of non-empty strings, e.g. ["aborted", "cancelled"]."""
    if not isinstance(value, list):
        raise fail(path, f"{show(value)} is not a list; write it like [\"aborted\", \"cancelled\"]")
    items = []
    for n, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise fail(f"{path}[{n}]", f"{show(item)} is not a non-empty text")
        items.append(item.strip())
    return tuple(items)


def boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise fail(path, f"expected true or false, got {show(value)}")
    return value


def whole_number(value: Any, path: str, low: int, high: int | None = None) -> int:
    # bool is an int in Python but `true` is no number in TOML.
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(path, f"expected a whole number, got {show(value)}")
    if value < low or (high is not None and value > high):
        limits = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise fail(path, f"{value} is out of range: expected a whole number {limits}")
    return value


def choice(value: Any, path: str, enum: type[E]) -> E:
    names = [member.value for member in enum]  # type: ignore[attr-defined]
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in enum:
            if member.value == wanted:  # type: ignore[attr-defined]
                return member
    raise fail(path, f"{show(value)} is not one of {', '.join(names)}")


def date_time(value: Any, path: str) -> datetime:
    """A TOML date-time or date, or an ISO string. Times are local wall-clock times (myShop's
    change_time has no zone); one with an offset is converted to this machine's local time."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise fail(path, f"{show(value)} is not a date/time (write it like 2024-03-01T10:00:00)") \
                from None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(AMSTERDAM).replace(tzinfo=None)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    raise fail(path, f"{show(value)} is not a date/time (write it like 2024-03-01T10:00:00)")


def path_value(value: Any, path: str, base: Path) -> Path:
    """A file or folder; relative to the configuration file's folder, `~` allowed."""
    raw = text(value, path, required=True, what="a file or folder path")
    candidate = Path(raw).expanduser()
    return candidate if candidate.is_absolute() else base / candidate


def _loopback(address: str) -> bool:
    host = (urlsplit(address).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url(value: Any, path: str, *, slash: bool) -> str:
    raw = text(value, path, required=True, what="a URL")
    shown = show(without_userinfo(raw))  # a password in the address is never repeated
    if not re.match(r"^https?://[^/\s]+", raw):
        raise fail(path, f"{shown} is not an http:// or https:// address")
    if raw.lower().startswith("http://") and not _loopback(raw):
        # Orders hold names, addresses and e-mail: plain http only to this machine (a simulator).
        raise fail(path, f"{shown}: use https:// (plain http:// only for 127.0.0.1 or localhost)")
    if slash and not raw.endswith("/"):
        raw += "/"  # commands are appended to the base: ".../RPC/" + "orders/list"
    return raw
