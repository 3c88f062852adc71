"""Progress of long runs on the terminal: a rich progress bar on stderr.

Only when stderr is a terminal, and never with --json: scripts, cron and systemd read stdout and
the journal, where a redrawn bar would be noise. The bars implement application.run_report's
`Progress`; the run never depends on them.

    with terminal_progress() as progress:          # None when not on a terminal
        report = import_orders.run(progress=progress)

    with progress_board() as board:                 # several runs at once (the scheduler)
        report = import_orders.run(progress=board.bar("shop1") if board else None)
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from application.run_report import Progress
from interfaces.plain import plain, visible


class OrderBar:
    """One run's bar: how many of the orders the shop returned are done, and the last one."""

    def __init__(self, bars: RichProgress, label: str):
        self._bars, self._label = bars, label
        self._task = bars.add_task(visible(label), total=None)
        self._done, self._total = 0, 0
        self._guard = threading.Lock()

    def start(self, total: int) -> None:
        with self._guard:
            self._total = max(total, self._done)
            self._bars.update(self._task, total=self._total)

    def advance(self, order: str, status: str) -> None:
        with self._guard:
            self._done += 1
            # Retries by number may add orders beyond what the shop's list returned.
            self._total = max(self._total, self._done)
            self._bars.update(self._task, completed=self._done, total=self._total,
                              description=visible(f"{self._label}: order {order} {status}"))

    def close(self) -> None:
        self._bars.remove_task(self._task)


class ProgressBoard:
    """Bars for several runs at once, e.g. the scheduler's profiles running in parallel."""

    def __init__(self, bars: RichProgress):
        self._bars = bars

    def bar(self, label: str) -> OrderBar:
        return OrderBar(self._bars, label)

    def print(self, line: str) -> None:
        """A line above the bars (printing past them would tear the display)."""
        self._bars.console.print(plain(line))


def _stderr() -> Console:
    return Console(stderr=True)


@contextmanager
def progress_board(console: Console | None = None, enabled: bool = True) -> Iterator[ProgressBoard | None]:
    """A board while the block runs; None when disabled or `console` (default stderr) is not a
    terminal."""
    console = console or _stderr()
    if not enabled or not console.is_terminal:
        yield None
        return
    # markup=False: the description holds the order number the shop sent (interfaces/plain.py).
    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    # transient: the bar makes way for the run's report once the run is done.
    with RichProgress(*columns, console=console, transient=True) as bars:
        yield ProgressBoard(bars)


@contextmanager
def terminal_progress(console: Console | None = None, label: str = "import orders",
                      enabled: bool = True) -> Iterator[Progress | None]:
    """One run's progress bar while the block runs; None when there is no terminal to show it."""
    with progress_board(console, enabled) as board:
        yield None if board is None else board.bar(label)
