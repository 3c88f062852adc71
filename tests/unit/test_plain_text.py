"""interfaces/plain.py and the renderers built on it: shop and SnelStart text is printed as the
characters it is — no markup, no terminal escape sequences, no reordering."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

from application.ports import OrderState, ProcessedOrder
from application.run_report import OrderOutcome, RunReport
from interfaces import render
from interfaces.plain import cells, line, plain, visible

OSC8_LINK = "\x1b]8;;https://evil.example/pay\x1b\\Betaal hier\x1b]8;;\x1b\\"


def _terminal(width: int = 300) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=True, width=width, color_system="truecolor"), buffer


def test_control_characters_and_bidi_overrides_are_shown_as_escapes():
    assert visible(OSC8_LINK) == "\\x1b]8;;https://evil.example/pay\\x1b\\Betaal hier\\x1b]8;;\\x1b\\"
    assert visible("Jan\rPiet\x9b31m") == "Jan\\x0dPiet\\x9b31m"
    assert visible("invoice\u202efdp.exe") == "invoice\\u202efdp.exe"
    assert visible("Straße 1\tA\nB") == "Straße 1\tA\nB"  # tab, newline and letters stay
    assert visible(None) == "" and visible(12) == "12"


def test_markup_is_text_and_only_our_labels_are_styled():
    out, buffer = _terminal()
    out.print(line(("warning:", "yellow"), " ", "[/x] [link=https://evil.example]x[/link]"))
    out.print(*cells("[bold]a[/bold]", plain("created", "green")))
    shown = buffer.getvalue()
    assert "[/x] [link=https://evil.example]x[/link]" in shown and "[bold]a[/bold]" in shown
    assert "\x1b]8;" not in shown and "\x1b[33mwarning:" in shown


@pytest.mark.parametrize("width", [300, 80])  # the wide table and the 80-column layout
def test_the_run_report_history_and_explanation_print_shop_text_plainly(width):
    out, buffer = _terminal(width)
    report = RunReport("shop1", [OrderOutcome("41", "failed", reason=f"billing_city '{OSC8_LINK}' [/x]", held=True),
                                 OrderOutcome("40", "created", 7, 1011, warnings=("[link=x]y[/link]",))],
                       warnings=["[/warning]"])
    render.run_report(out, report)
    render.history(out, [ProcessedOrder("shop1", "41", "1817700_00041", OrderState.FAILED, 1,
                                        last_error=f"[/x] {OSC8_LINK}")])
    shown = buffer.getvalue()
    assert "[/x]" in shown and "held" in shown and "[link=x]y[/link]" in shown and "[/warning]" in shown
    assert "\x1b]8;" not in shown and "\\x1b]8;;https://evil.example/pay" in shown
