"""Where output goes decides its shape: a terminal of any width (80 columns is the floor every
layout is made for), or a pipe or file, which scripts and `grep` read and which is never wrapped.

- `console()` is the one way commands get a Console: a terminal's own width; for a pipe, a
  width no line reaches, and soft wrapping, so no line is ever broken in two.
- `narrow(out)`: below WIDE columns a table with every column would cut or squeeze facts, so
  the renderers use fewer columns, one order per block, wrapped at word boundaries with a
  hanging indent (`grid`).
- `command_line(out, text)`: a command for the user to copy is printed on a line of its own and
  never broken by rich (the terminal may fold it on screen; copying gives one line).
"""
from __future__ import annotations

import re
import textwrap
from typing import IO

from rich.console import Console
from rich.table import Table
from rich.text import Text

PIPE_WIDTH = 100_000
WIDE = 120  # from here the tables show every column without cutting a word


def console(stderr: bool = False, file: IO[str] | None = None) -> Console:
    probe = Console(stderr=stderr, file=file)
    if probe.is_terminal:
        return probe
    return Console(stderr=stderr, file=file, width=PIPE_WIDTH, soft_wrap=True)


def piped(out: Console) -> bool:
    """Output for a script (a pipe or file): one line per fact, never wrapped."""
    return out.width >= PIPE_WIDTH


def narrow(out: Console) -> bool:
    return out.width < WIDE


def grid(*fixed: str, wrap_last: bool = True) -> Table:
    """A borderless table whose first columns keep their width (`fixed`: their styles) and whose
    last column wraps at word boundaries under itself: a hanging indent."""
    table = Table.grid(padding=(0, 1))
    for style in fixed:
        table.add_column(no_wrap=True, style=style or None)
    table.add_column(ratio=1, overflow="fold" if wrap_last else "ellipsis")
    return table


def lines(*parts: Text) -> Text:
    """Several pieces of text as one cell, one piece per line (empty pieces left out)."""
    return Text("\n").join(p for p in parts if p.plain)


def command_line(out: Console, command: str, indent: str = "  ") -> None:
    out.print(Text(indent + command), soft_wrap=True, highlight=False)


# A date and its time are one fact: never split over two lines ("2024-03-01 10:15").
_DATE_TIME = re.compile(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d)")
_GLUE = "\x00"


def hanging(out: Console, head: Text, text: str) -> None:
    """`head` then `text` wrapped at words to the terminal, continuing under the text's start
    (textwrap: fast for thousands of log entries); a word longer than a line is folded."""
    indent = head.cell_len
    glued = _DATE_TIME.sub(lambda m: f"{m[1]}{_GLUE}{m[2]}", text)
    wrapped = textwrap.fill(glued, width=max(out.width - indent, 20), break_on_hyphens=False)
    body = wrapped.replace("\n", "\n" + " " * indent).replace(_GLUE, " ")
    out.print(head + Text(body), soft_wrap=True, highlight=False)
