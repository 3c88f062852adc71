"""The hardened incremental parser under the order reader: the root's children of an answer,
one complete element at a time, as small plain objects — so reading never holds more of the
document than one row (issue #19 measured 172 MB of tree for 14.8 MB of XML).

It is defusedxml's parser (DTDs, entity declarations and external references refused before
anything is read) fed the decoded text of `decoding.TextReader` in chunks, under a cap on bytes.
It reports to a target of our own (ElementTree's documented target interface) instead of
building an ElementTree: the answer is read twice (reader.py), and no tree, not even one row's,
is worth its cost. Every failure of the answer as a whole is a one-line `MyShopDocumentError`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from domain.errors import UnreadableAnswer
from infrastructure.myshop.decoding import CHUNK, TextReader, UnknownEncoding, sniff
from infrastructure.myshop.protocol import error_code

ROOT = "rows"
HEAD = 4096
# expat's codes for a document that stops in the middle: no element found (after the root
# opened), unclosed token, partial character, unclosed CDATA section.
_CUT_OFF = {3, 5, 6, 20}


# What the shop owner can do about an answer that cannot be read: the end of its one line.
ASK_AGAIN = ("The next run asks again; if this keeps happening, check what stands between this computer "
             "and myShop (a proxy or a login page)")
TELL_US = ("S-Connect does not know this form yet: please send this line to its maintainers "
           "(docs/myshop.md, \"When the answer cannot be read\")")
ADAPT = "Add the export's column names to the column table (docs/myshop.md, \"Matching a real export\")"


class MyShopDocumentError(UnreadableAnswer):
    """The shop's answer as a whole is unusable; nothing of it is used. str() says what is wrong
    with the answer, `advice` what the shop owner can do. `retry` says whether asking again may
    help (a cut-off transfer may; a hostile or too large answer, or one in a layout we do not
    know, comes back the same)."""

    retry = True
    advice = ASK_AGAIN

    def __init__(self, message: str, advice: str | None = None):
        super().__init__(message)
        if advice is not None:
            self.advice = advice


class HostileDocumentError(MyShopDocumentError):
    """The answer carries a DTD, entity declarations or external references: refused unread."""

    retry = False
    advice = "myShop itself never sends this: check what stands between this computer and myShop"


class OversizedDocumentError(MyShopDocumentError):
    """The answer is larger than the configured cap."""

    retry = False
    # change_time is the later of the cursor and start_from: only a first run can be made smaller.
    advice = "For a first run, a later myshop.start_from brings fewer orders at once"


class MyShopErrorResponse(MyShopDocumentError):
    """The answer is myShop's `<error code="…">invalid request</error>`."""

    def __init__(self, code: str):
        super().__init__(f"myShop refused the request ({code})")
        self.code = code


@dataclass(slots=True)
class Col:
    """A child of a top-level element (a `<col>` of a row, or whatever else stands there)."""

    tag: str
    attrib: dict[str, str]
    text: str = ""  # all text inside it, nested elements' included (ElementTree's itertext)
    name: str | None = None  # the text of a `<name>` inside it (a column set's column)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)


@dataclass(slots=True)
class Top:
    """A child of the root: its tag, attributes and children."""

    tag: str
    attrib: dict[str, str]
    children: list[Col] = field(default_factory=list)

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.attrib.get(key, default)

    def __iter__(self) -> Iterator[Col]:
        return iter(self.children)


class _Target:
    """Receives the parser's events and keeps only the current top-level element."""

    __slots__ = ("depth", "root", "top", "col", "text", "name", "in_name", "done")

    def __init__(self) -> None:
        self.depth, self.root, self.top, self.col = 0, None, None, None
        self.text: list[str] = []
        self.name: list[str] | None = None
        self.in_name = False
        self.done: list[Top] = []

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if depth == 1:
            if tag != ROOT:
                if str(tag).lower() == "html":  # a proxy's or a login page
                    raise MyShopDocumentError("the answer is a web page (<html>), not myShop's order list")
                raise MyShopDocumentError(f"the answer has root <{str(tag)[:40]}>, not myShop's <{ROOT}>")
            self.root = tag
        elif depth == 2:
            self.top = Top(tag, attrib)
        elif depth == 3:
            self.col, self.text, self.name = Col(tag, attrib), [], None
        elif depth == 4 and tag == "name":
            self.in_name, self.name = True, []

    def data(self, text: str) -> None:
        if self.depth >= 3:
            self.text.append(text)
            if self.in_name:
                self.name.append(text)

    def end(self, tag: str) -> None:
        depth = self.depth
        self.depth -= 1
        if depth == 2:
            self.done.append(self.top)
            self.top = None
        elif depth == 3:
            col = self.col
            col.text = "".join(self.text)
            if self.name is not None:
                col.name = "".join(self.name)
            self.top.children.append(col)
        elif depth == 4 and self.in_name:
            self.in_name = False

    def close(self) -> None:
        return None


class Answer:
    """One pass over an answer: `root` (its attributes) once started, and its children."""

    def __init__(self, binary: BinaryIO, max_bytes: int):
        binary.seek(0)
        head = binary.read(HEAD)
        if not head.strip():
            raise MyShopDocumentError("the answer is empty")
        code = error_code(head)
        if code is not None:
            raise MyShopErrorResponse(code)
        try:
            codec, skip = sniff(head)
        except UnknownEncoding as exc:
            raise _unreadable(str(exc)) from None
        binary.seek(0)
        self.codec = codec
        self._text = TextReader(binary, codec, skip, max_bytes)
        self._max_bytes = max_bytes
        self.root: str | None = None

    def children(self) -> Iterator[Top]:
        try:
            yield from self._children()
        except OverflowError:
            raise OversizedDocumentError(f"the answer is larger than the limit of {self._max_bytes} bytes") from None
        except DTDForbidden:
            raise HostileDocumentError("the answer contains a DTD, so it is refused unread") from None
        except EntitiesForbidden:
            raise HostileDocumentError("the answer declares entities, so it is refused unread") from None
        except ExternalReferenceForbidden:
            raise HostileDocumentError("the answer refers to external files, so it is refused unread") from None
        except DefusedXmlException as exc:
            raise HostileDocumentError(f"the answer is refused unread ({type(exc).__name__})") from None
        except ParseError as exc:
            where = _one_line(exc)
            if self.root is not None and getattr(exc, "code", None) in _CUT_OFF:
                raise MyShopDocumentError(f"the answer stops in the middle, cut off ({where})") from None
            raise MyShopDocumentError(f"the answer is not valid XML ({where})") from None
        except (ValueError, LookupError) as exc:
            raise _unreadable(f"the answer cannot be read ({_one_line(exc)})") from None

    def _children(self) -> Iterator[Top]:
        target = _Target()
        parser = DefusedXMLParser(target=target, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        while True:
            text = self._text.read(CHUNK)
            if not text:
                break
            parser.feed(text)
            self.root = target.root
            yield from target.done
            target.done.clear()
        parser.close()
        self.root = target.root
        yield from target.done
        if self.root is None:
            raise MyShopDocumentError("the answer is empty")


def _unreadable(message: str) -> MyShopDocumentError:
    error = MyShopDocumentError(message, TELL_US)
    error.retry = False
    return error


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200]
