"""Progress bars: drawn on a terminal only, never otherwise, and told every order of a real run."""
from __future__ import annotations

import io

from rich.console import Console

from interfaces.progress import progress_board, terminal_progress


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, force_terminal=terminal, width=100), buffer


def test_no_terminal_no_bar_and_no_output():
    quiet, buffer = console(terminal=False)
    with terminal_progress(quiet) as progress:
        assert progress is None
    assert buffer.getvalue() == ""


def test_json_output_never_gets_a_bar_even_on_a_terminal():
    tty, buffer = console(terminal=True)
    with terminal_progress(tty, enabled=False) as progress:
        assert progress is None
    assert buffer.getvalue() == ""


def test_on_a_terminal_the_bar_follows_a_real_run(world):
    world.shop("shop1", [12, 13, 14])
    tty, buffer = console(terminal=True)
    with progress_board(tty) as board:
        bar = board.bar("shop1")
        report = world.import_orders("shop1").run(progress=bar)
        task = board._bars.tasks[0]
        assert (task.completed, task.total) == (3, 3)
        assert task.description == "shop1: order 14 created"
        board.print("shop1: created 3")
        bar.close()
        assert board._bars.tasks == []
    assert report.count("created") == 3
    assert "shop1: created 3" in buffer.getvalue()


def test_more_orders_than_announced_stretch_the_bar():
    tty, _ = console(terminal=True)
    with progress_board(tty) as board:
        bar = board.bar("shop1")
        bar.start(1)
        bar.advance("12", "created")
        bar.advance("9", "failed")  # a retry by number, beyond the shop's list
        task = board._bars.tasks[0]
        assert (task.completed, task.total) == (2, 2)
