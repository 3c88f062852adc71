"""An HTTP answer read with a cap on its unpacked size, so a small compressed body cannot grow
into gigabytes in memory (a "gzip bomb": 2 MB of gzip unpack to 2 GB).

httpx unpacks each network chunk whole — one 64 KB chunk of a bomb is 64 MB before any check —
so the raw bytes are read here and unpacked with zlib's `max_length`: at most the cap plus one
byte is ever held. Only the encodings asked for (`ACCEPT_ENCODING`) are read; any other is
refused rather than unpacked without a limit.

    response = http.send(http.build_request(..., headers={"Accept-Encoding": ACCEPT_ENCODING}),
                         stream=True)
    try:
        body = read_capped(response, cap)       # raises TooLarge past `cap` bytes
    finally:
        response.close()
"""
from __future__ import annotations

import zlib

import httpx

ACCEPT_ENCODING = "gzip, deflate"


class TooLarge(Exception):
    """The answer unpacks to more than the cap; str() says so in one line."""


class UnknownEncoding(Exception):
    """The answer is packed in an encoding that was not asked for."""


def _unpacker(encoding: str):
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        # RFC 9110's deflate is zlib-wrapped; some servers send it raw (as httpx also allows).
        return zlib.decompressobj()
    raise UnknownEncoding(f"the answer is packed as '{encoding[:20]}', which S-Connect did not ask for")


def read_capped(response: httpx.Response, cap: int) -> bytes:
    """The unpacked body of a streamed `response`, at most `cap` bytes (else TooLarge).
    Network errors while reading are httpx's own (httpx.HTTPError)."""
    try:  # an answer read whole already (made in memory, e.g. by httpx.MockTransport)
        whole = response.content
    except httpx.ResponseNotRead:
        pass
    else:
        if len(whole) > cap:
            raise TooLarge(_too_large(cap))
        return whole
    encodings = [e.strip().lower() for e in response.headers.get("Content-Encoding", "").split(",") if e.strip()]
    if len(encodings) > 1:
        raise UnknownEncoding(f"the answer is packed several times ({', '.join(encodings)[:40]})")
    unpacker = _unpacker(encodings[0] if encodings else "")
    body = bytearray()
    raw_deflate = False
    for chunk in response.iter_raw():
        if unpacker is None:
            body += chunk
        else:
            data = chunk
            while data:
                try:
                    body += unpacker.decompress(data, cap + 1 - len(body))
                except zlib.error:
                    if raw_deflate or body or encodings[0] != "deflate":
                        raise httpx.DecodingError("the answer's compressed data is damaged") from None
                    raw_deflate, unpacker = True, zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                if len(body) > cap:
                    break
                data = unpacker.unconsumed_tail
        if len(body) > cap:
            raise TooLarge(_too_large(cap))
    return bytes(body)


def _too_large(cap: int) -> str:
    return f"the answer is larger than the limit of {cap:,} bytes".replace(",", " ")
