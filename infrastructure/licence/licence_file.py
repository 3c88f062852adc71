"""The licence file (docs/licence.md): TOML holding the licensee, the number of profiles, the
expiry date, which issuer key signed it and an Ed25519 signature over a canonical form of the
rest. The signature is checked with `cryptography`; nothing here is home-made crypto.

    product = "sconnect"
    licensee = "Koffiebranderij De Boon B.V."
    profiles = 3
    issued = 2025-01-15
    expires = 2026-01-31
    key = "5d2f0c6e1b9a7d43"
    signature = "<base64 of 64 bytes>"

The canonical form is the JSON of every field but `signature`, keys sorted, no spaces, dates as
YYYY-MM-DD, UTF-8: the same bytes whatever the TOML looked like (quotes, order, comments)."""
from __future__ import annotations

import base64
import binascii
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import SConnectError
from domain.licence import Licence

PRODUCT = "sconnect"
# A licence is a few hundred bytes; anything much larger is not one and is not read whole.
MAX_BYTES = 16 * 1024
SIGNED_FIELDS = ("product", "licensee", "profiles", "issued", "expires", "key")
FIELDS = SIGNED_FIELDS + ("signature",)
SIGNATURE_BYTES = 64
MAX_PROFILES = 1000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class LicenceRefused(SConnectError):
    """A licence file that is not imported, and why (one line); the licence in force stays."""


def key_id(public_key: bytes) -> str:
    """Which issuer key signed a licence: the first 16 hex digits of the key's SHA-256."""
    import hashlib  # here: loading OpenSSL costs `status` (which reads the licence) ~2 ms

    return hashlib.sha256(public_key).hexdigest()[:16]


def canonical(fields: dict[str, Any]) -> bytes:
    """The signed bytes: every field but the signature."""
    plain = {name: value.isoformat() if isinstance(value, date) else value
             for name, value in fields.items() if name != "signature"}
    return json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def licence_text(fields: dict[str, Any]) -> str:
    """The licence file as the issuer writes it (TOML)."""
    lines = ["# S-Connect licence. Do not edit: any change breaks the signature.",
             "# Import it with: sconnect licence import FILE"]
    for name in FIELDS:
        if name not in fields:
            continue
        value = fields[name]
        shown = value.isoformat() if isinstance(value, date) else json.dumps(value, ensure_ascii=False)
        lines.append(f"{name} = {shown}")
    return "\n".join(lines) + "\n"


def read_licence(path: Path, public_key: bytes, today: date) -> Licence:
    """The licence in `path`, checked: signed by `public_key`, untouched, not expired."""
    return check_licence(read_bytes(path), public_key, today, str(path))


def read_bytes(path: Path) -> bytes:
    try:
        with open(path, "rb") as file:
            raw = file.read(MAX_BYTES + 1)
            size = file.seek(0, 2)
    except FileNotFoundError:
        raise LicenceRefused(f"{path}: no such file") from None
    except IsADirectoryError:
        raise LicenceRefused(f"{path}: is a folder, not a licence file") from None
    except OSError as error:
        raise LicenceRefused(f"{path}: cannot be read ({error.strerror})") from None
    if size > MAX_BYTES:
        raise LicenceRefused(f"{path}: not a licence file ({_size(size)}; a licence is a few hundred bytes)")
    return raw


def check_licence(raw: bytes, public_key: bytes, today: date, name: str) -> Licence:
    fields = parse(raw, name)
    if not fields.get("signature"):
        raise LicenceRefused(f"{name}: unsigned: the file has no signature; ask your supplier for the signed "
                             f"licence file")
    signature = _signature(fields["signature"], name)
    ours = key_id(public_key)
    # Imported here: only a licence check needs it, and every command starts faster without it.
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if fields["key"] != ours:
        raise LicenceRefused(f"{name}: signed by another key ({fields['key']}), not by the S-Connect licence "
                             f"issuer ({ours}); ask your supplier for a licence for this product")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, canonical(fields))
    except InvalidSignature:
        raise LicenceRefused(f"{name}: tampered with: the signature does not match the contents (was the file "
                             f"edited?); import the file as your supplier sent it") from None
    licence = Licence(fields["licensee"], fields["profiles"], fields["expires"], fields.get("issued"))
    if licence.expired(today):
        raise LicenceRefused(f"{name}: expired on {licence.expires:%Y-%m-%d}; ask your supplier for a new licence")
    return licence


def parse(raw: bytes, name: str) -> dict[str, Any]:
    """The fields of a licence file, each checked for its type; refused as unreadable otherwise."""
    def unreadable(why: str) -> LicenceRefused:
        return LicenceRefused(f"{name}: not a licence file ({why})")

    if b"\x00" in raw:
        raise unreadable("binary data")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise unreadable(f"line {line} is not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise unreadable(f"not TOML: {error}") from None
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise unreadable(f"unknown field {unknown[0]!r}")
    if data.get("product") != PRODUCT:
        raise unreadable("not a licence for S-Connect")
    for field in ("licensee", "profiles", "expires", "key"):
        if field not in data:
            raise unreadable(f"no {field}")
    licensee = data["licensee"]
    if not isinstance(licensee, str) or not licensee.strip() or len(licensee) > 200 or _CONTROL.search(licensee):
        raise unreadable("licensee is not a name")
    profiles = data["profiles"]
    if not isinstance(profiles, int) or isinstance(profiles, bool) or not 1 <= profiles <= MAX_PROFILES:
        raise unreadable(f"profiles is not a number from 1 to {MAX_PROFILES}")
    for field in ("issued", "expires"):
        if field in data and (not isinstance(data[field], date) or hasattr(data[field], "hour")):
            raise unreadable(f"{field} is not a date like 2026-01-31")
    if not isinstance(data["key"], str) or not re.fullmatch(r"[0-9a-f]{16}", data["key"]):
        raise unreadable("key is not an issuer key id")
    if "signature" in data and not isinstance(data["signature"], str):
        raise unreadable("signature is not text")
    return data


def _signature(text: str, name: str) -> bytes:
    try:
        signature = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise LicenceRefused(f"{name}: the signature is damaged (not base64 text); import the file as your "
                             f"supplier sent it") from None
    if len(signature) != SIGNATURE_BYTES:
        raise LicenceRefused(f"{name}: the signature is damaged ({len(signature)} bytes; an Ed25519 signature "
                             f"has {SIGNATURE_BYTES}); import the file as your supplier sent it")
    return signature


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
