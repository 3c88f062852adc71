"""Keeps secrets out of the state database: the config loader registers every secret it reads,
and whatever the store writes as free text (log messages, failure reasons, warnings, run
summaries) has those values replaced by `***`. A user and password in a URL setting are secrets
too; a URL is shown without them (`without_userinfo`).

A process-wide registry because secrets are read once, at configuration time, far from where
an error message that happens to echo one (an HTTP error quoting a URL or a header) is logged.
"""
from __future__ import annotations

import threading
from urllib.parse import quote, quote_plus, unquote, urlsplit, urlunsplit

MASK = "***"
# Shorter values would mask ordinary words and numbers all over the log; nothing that short
# is a real key or password.
MIN_LENGTH = 4

_secrets: set[str] = set()
_guard = threading.Lock()


def register_secret(value: str | None) -> None:
    """Remember `value` so `redact` masks it; empty or short (< 4 characters) values are ignored."""
    if not value:
        return
    # An HTTP client error quotes the URL, so a key sent as a query parameter shows up
    # percent-encoded (SnelStart keys are base64: '+', '/' and '=' get encoded).
    forms = {value, value.strip(), quote(value, safe=""), quote_plus(value)}
    with _guard:
        _secrets.update(form for form in forms if len(form) >= MIN_LENGTH)


def redact(text: str) -> str:
    """`text` with every registered secret replaced by `***`."""
    if not text:
        return text
    with _guard:
        # Longest first, so a secret that contains another is masked whole.
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


def redact_tree(value: object) -> object:
    """Every string inside a JSON-like value (dicts, lists, tuples) redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_tree(key): redact_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(item) for item in value]
    return value


def userinfo_secrets(address: str) -> list[str]:
    """What a URL carries before its host (`https://user:password@host/`): the whole userinfo
    and the password, as written and decoded — each a secret (register them)."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return []
    if "@" not in parts.netloc:
        return []
    userinfo = parts.netloc.rsplit("@", 1)[0]
    password = userinfo.split(":", 1)[1] if ":" in userinfo else ""
    return [value for value in {userinfo, unquote(userinfo), password, unquote(password)} if value]


def without_userinfo(address: str) -> str:
    """The URL as it may be shown: without user and password (`https://host/…`)."""
    try:
        parts = urlsplit(address)
    except ValueError:
        return address.rsplit("@", 1)[-1] if "@" in address else address
    if "@" not in parts.netloc:
        return address
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
