"""SnelStart's answers that are not the data asked for, as one-line S-Connect errors.

Error bodies come in several shapes (reference §5, §5b): a list of {errorCode, message}, the
OData layer's {"Message": …}, API Management's {"statusCode", "message"}, the token endpoint's
{"error", "error_description"}, or plain text. Whatever the shape, the `ABC-1234` code is taken
from any field or from the raw text, and the message is cut to one line.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from domain import errors
from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.state.redact import redact

CODE = re.compile(r"\b[A-Z]{3}-\d{4}\b")
_MAX_MESSAGE = 240
_CODE_KEYS = ("errorCode", "ErrorCode", "code", "Code")
_MESSAGE_KEYS = ("message", "Message", "error_description", "Details", "details", "error")

# An invalid VAT number: not letters and digits (0057…0059), a prefix that does not fit the
# country (0087), or a number the VAT check refused (0088). The relation is created without it.
INVALID_VAT = frozenset({"REL-0057", "REL-0058", "REL-0059", "REL-0087", "REL-0088"})
CODE_TAKEN = "REL-0008"


class SnelStartRefused(errors.SnelStartRefused):
    """SnelStart refused the call (`code`: its error code, e.g. REL-0008), worded like the
    in-memory administration's refusals: "REL-0008: …"."""

    def __init__(self, code: str, message: str, status: int = 400, codes: frozenset[str] = frozenset()):
        super().__init__(f"{code}: {message}" if code else message, code)
        self.status = status
        self.codes = codes | ({code} if code else set())  # a 400 may hold several


class UnknownWrite(ServiceUnavailable):
    """A POST or PUT got no answer that says what happened (a timeout, a dropped connection, a
    408 or any 5xx): SnelStart may or may not have done it. There is no idempotency key, so the
    caller looks before writing again. Never an OrderRejected: the use case reads a refusal as
    "nothing was written", and that must never be said of a write that may have happened."""


@dataclass(frozen=True)
class ApiError:
    code: str
    message: str


def one_line(text: str, limit: int = _MAX_MESSAGE) -> str:
    line = " ".join(redact(str(text)).split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _entries(data: object) -> list[dict]:
    if isinstance(data, dict):
        nested = [v for key in ("errors", "Errors", "value") if isinstance(v := data.get(key), list)]
        if nested:
            return [item for item in nested[0] if isinstance(item, dict)] or [data]
        return [data]
    if isinstance(data, list):
        return [item for item in data if isinstance(item, dict)]
    return []


def parse_errors(body: bytes | str) -> list[ApiError]:
    """Every (code, message) the body holds; never raises, whatever the body is."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    found: list[ApiError] = []
    for entry in _entries(data):
        code = next((str(entry[k]) for k in _CODE_KEYS if isinstance(entry.get(k), str)), "")
        message = next((str(entry[k]) for k in _MESSAGE_KEYS if isinstance(entry.get(k), str) and entry[k]), "")
        if not CODE.fullmatch(code):
            match = CODE.search(f"{code} {message}")
            code = match.group(0) if match else ""
        if code or message:
            found.append(ApiError(code, one_line(message)))
    if not found and isinstance(data, str) and data.strip():
        found.append(ApiError(_code_in(data), one_line(data)))
    if not found and data is None and text.strip():  # not JSON: the text itself (HTML, plain)
        found.append(ApiError(_code_in(text), one_line(text)))
    return found


def _code_in(text: str) -> str:
    match = CODE.search(text)
    return match.group(0) if match else ""


def error_codes(body: bytes | str) -> set[str]:
    return {e.code for e in parse_errors(body) if e.code} | set(CODE.findall(
        body.decode("utf-8", "replace") if isinstance(body, bytes) else str(body)))


def summary(body: bytes | str) -> tuple[str, str]:
    """The first code (or "") and every message joined, one line."""
    found = parse_errors(body)
    code = next((e.code for e in found if e.code), "")
    messages = []
    for e in found:
        part = e.message or e.code
        if e.code and e.message and e.code not in e.message and e.code != code:
            part = f"{e.code} {e.message}"
        if part and part not in messages:
            messages.append(part)
    return code, one_line("; ".join(messages))


def refused(status: int, body: bytes | str, what: str) -> SnelStartRefused:
    """A 4xx other than 401/403/408: SnelStart refused `what` ("POST relaties"). The status is
    named unless the answer is SnelStart's usual 400 with an error code of its own."""
    code, message = summary(body)
    if code and message.startswith(code):  # "REL-0008: …" would read "REL-0008: REL-0008: …"
        message = message[len(code):].lstrip(" :-")
    if not message:
        message = f"SnelStart refused {what} (HTTP {status})"
    elif status != 400 or not code:
        message = f"{message} ({what}: HTTP {status})"
    return SnelStartRefused(code, message, status, frozenset(error_codes(body)))


# 401 from Azure API Management: the partner's subscription key, not the administration's key.
_SUBSCRIPTION_KEY_REFUSED = re.compile(r"subscription key|subscription-key|Ocp-Apim", re.IGNORECASE)


def unauthorised(body: bytes | str) -> ConfigurationError:
    """A 401 that a fresh token did not cure: name the credential, because they have different
    owners — the subscription key is the integrator's (developer portal, test keys expire after
    90 days), the koppelsleutel is the administration owner's (SnelStart Web)."""
    _, message = summary(body)
    if _SUBSCRIPTION_KEY_REFUSED.search(message):
        return ConfigurationError(
            "snelstart.subscription_key: SnelStart's API gateway refused the subscription key "
            f"({message}); check it in the SnelStart developer portal (test keys expire after 90 days)")
    return ConfigurationError(
        "snelstart.client_key: SnelStart refused the access token of the koppelsleutel"
        + (f" ({message})" if message else "")
        + "; the administration's owner can renew the koppeling in SnelStart Web")


def token_refused(status: int, body: bytes | str) -> ConfigurationError:
    _, message = summary(body)
    return ConfigurationError(
        f"snelstart.client_key: SnelStart refused the koppelsleutel (HTTP {status}"
        + (f": {message}" if message else "") + "); copy it again from SnelStart Web "
        "(koppelingen) or ask the administration's owner for a new one")


# Which scope each resource needs (reference §1: the spec lists them per operation).
_SCOPES = {"relaties": "relaties", "artikelen": "artikelen", "artikelomzetgroepen": "artikelen",
           "verkooporders": "orders", "verkoopordersjablonen": "orders", "companyinfo": "settings",
           "vatrates": "settings"}


def scope_for(method: str, path: str) -> str | None:
    resource = path.strip("/").split("/", 1)[0].split("?", 1)[0]
    area = _SCOPES.get(resource.lower())
    if area is None:
        return None
    return f"{area}:{'read' if method.upper() == 'GET' else 'write'}"


class Forbidden(ConfigurationError):
    """HTTP 403: the koppeling lacks a scope (or the package a part of the API)."""


def forbidden(method: str, path: str, body: bytes | str) -> Forbidden:
    _, message = summary(body)
    scope = scope_for(method, path)
    need = f"the scope {scope}" if scope else "access to this part of the API"
    resource = path.strip("/").split("?", 1)[0]
    return Forbidden(
        f"snelstart.client_key: SnelStart refused {method.upper()} {resource} (HTTP 403"
        + (f": {message}" if message else "") + f"): the koppeling lacks {need}, or the "
        "administration's SnelStart package does not include it")


def unreachable(where: str, reason: str) -> ServiceUnavailable:
    return ServiceUnavailable(f"SnelStart ({where}) could not be reached: {one_line(reason)}")
