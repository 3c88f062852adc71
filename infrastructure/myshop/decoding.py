"""The bytes of myShop's answer as text: by the XML declaration, else UTF-8 — and when UTF-8
fails, only the bad bytes are read as Windows-1252, and marked.

Why: MijnWinkel's own reader forces its input to valid UTF-8 before parsing, and storefront
templates declare iso-8859-1 (reference §4b), so an answer in UTF-8 with one Windows-1252 byte
(`Caf\\xe9` in a remark) is to be expected. Failing the whole answer for that byte would stop
every order of the run; reading it silently would put a guess into the books. So the repaired
characters carry a MARK (a Unicode noncharacter, meant for exactly this process-internal use,
and not a name character, so it can only end up in text and attribute values). The reader takes
the marks out of each value and adds a warning to the order whose text was repaired.
"""
from __future__ import annotations

import codecs
import re
from typing import BinaryIO

MARK = "\ufdd0"
REPAIR = "sconnect-windows-1252-repair"
REPLACE = "sconnect-marked-replace"
CHUNK = 64 * 1024

_DECLARATION = re.compile(rb'^<\?xml[^>]*?\sencoding\s*=\s*["\']([A-Za-z][A-Za-z0-9._-]{0,39})["\']')
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class UnknownEncoding(ValueError):
    """The XML declaration names an encoding Python cannot decode; str() says which."""


def _repair(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start:error.end]
    # Windows-1252 is the usual culprit (it is what a Dutch Windows PC types); its five unused
    # bytes become U+FFFD, still marked.
    return MARK + bytes(bad).decode("cp1252", errors="replace"), error.end


def _replace(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return MARK + "\ufffd", error.end


codecs.register_error(REPAIR, _repair)
codecs.register_error(REPLACE, _replace)


def sniff(head: bytes) -> tuple[str, int]:
    """(Python codec name, bytes of byte-order mark to skip) for an answer starting with `head`."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom) if codec == "utf-8" else 0  # the utf-16 codec reads its own BOM
    declared = _DECLARATION.match(head)
    if declared is None:
        return "utf-8", 0
    name = declared.group(1).decode("ascii")
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise UnknownEncoding(f"the answer declares the encoding {name!r}, which cannot be read") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UnknownEncoding(f"the answer declares {name!r}, which is not a character encoding")
    return info.name, 0


def repaired_as(codec: str) -> str:
    """How the marked characters came about, for the warning."""
    if codec == "utf-8":
        return "had bytes that are not valid UTF-8, read as Windows-1252"
    return f"had bytes that are not valid {codec}, shown as \ufffd"


class TextReader:
    """A file-like object whose read() gives the answer as marked text, for the XML parser (which
    then ignores the declaration's encoding: it gets characters, not bytes). Counts bytes so the
    cap holds however the answer arrived."""

    def __init__(self, binary: BinaryIO, codec: str, skip: int, max_bytes: int):
        self._binary = binary
        self.codec = codec
        self._decoder = codecs.getincrementaldecoder(codec)(REPAIR if codec == "utf-8" else REPLACE)
        self._skip, self._max_bytes = skip, max_bytes
        self.bytes_read = 0
        self._done = False

    def read(self, size: int = CHUNK) -> str:
        while not self._done:
            data = self._binary.read(max(size, 1))
            self.bytes_read += len(data)
            if self.bytes_read > self._max_bytes:
                raise OverflowError(self.bytes_read)
            if self._skip:
                data, self._skip = data[self._skip:], max(0, self._skip - len(data))
            text = self._decoder.decode(data, final=not data)
            self._done = not data
            if text:
                return text
        return ""


def unmark(value: str) -> tuple[str, bool]:
    """The value without marks, and whether it had any."""
    if MARK in value:
        return value.replace(MARK, ""), True
    return value, False
