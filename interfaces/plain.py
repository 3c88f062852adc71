"""Shop and SnelStart text on the terminal: always the characters it is, never markup.

rich reads `[...]` in a printed string as markup. Shop text such as `[/x]` in a customer's
country would crash the command (MarkupError) — and `history` with it, for as long as the
stored reason quotes it — and `[link=https://…]Factuur openen[/link]` in a line description
would print a clickable link. So every renderer builds what it prints from `Text` objects made
here: data is never parsed as markup, only our own fixed labels carry a style.

Secrets are masked on the way (`***`: infrastructure/state/redact.py), whatever text carries one.
Control characters are shown as escapes (`\\x1b`) rather than sent to the terminal, where an
escape sequence could draw a link, move the cursor or hide a line, and a carriage return could
overwrite what is shown; so are the bidirectional overrides that would show text reordered.

    out.print(line(("warning:", "yellow"), " ", message))      # our label styled, the data plain
    table.add_row(*cells(order, status, reason))
"""
from __future__ import annotations

import re

from rich.text import Text

from infrastructure.state.redact import redact

# C0 except tab and newline, DEL, C1; and the bidirectional embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Label = tuple[str, str]  # (our own text, its rich style)


def visible(value: object) -> str:
    """The text with every secret masked (`***`) and control characters written as escapes;
    None is the empty text."""
    text = "" if value is None else redact(str(value))
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    code = ord(match[0])
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def plain(value: object, style: str = "") -> Text:
    """One piece of data as text (None: empty); `style` colours the whole of it."""
    return Text(visible(value), style=style)


def line(*parts: object | Label) -> Text:
    """A printed line: (text, style) pairs are our own labels, everything else is data."""
    text = Text()
    for part in parts:
        if isinstance(part, tuple):
            label, style = part
            text.append(visible(label), style=style)
        elif isinstance(part, Text):
            text.append_text(part)
        else:
            text.append(visible(part))
    return text


def cells(*values: object) -> list[Text]:
    """A table row's cells: Text passes as it is (a styled status), the rest as plain data."""
    return [value if isinstance(value, Text) else plain(value) for value in values]
