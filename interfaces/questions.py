"""Questions on the terminal for `sconnect config init` (and `profile add`): a value given as an
option is taken as it is; on a terminal the rest is asked, with the usual answer in [brackets];
without a terminal (`--non-interactive`, a script) a missing answer takes that usual answer, and
one without any is named with its option — all of them in one line."""
from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import typer
from rich.console import Console

from domain.errors import SConnectError
from interfaces.plain import line

T = TypeVar("T")
NONE = "-"  # the answer that means "not used" where there is a usual answer


class MissingAnswers(Exception):
    """Without a terminal, answers without a default were not given as options."""

    def __init__(self, options: list[str]):
        super().__init__(", ".join(options))
        self.options = options


class Asker:
    def __init__(self, interactive: bool, out: Console):
        self.interactive = interactive
        self.out = out
        self.missing: list[str] = []

    def say(self, *parts: Any) -> None:
        if self.interactive:
            self.out.print(line(*parts), soft_wrap=True)

    def ask(self, option: str, question: str, given: str | None, default: str | None = None,
            check: Callable[[str], T] = lambda text: text) -> T | None:
        """The checked answer. A given option that does not pass `check` is refused at once
        (SConnectError, one line naming the option); on a terminal a bad answer is asked again."""
        if given is not None:
            try:
                return check(given)
            except SConnectError as error:
                raise SConnectError(f"{option}: {error}") from None
        if not self.interactive:
            if default is None:
                self.missing.append(option)
                return None
            return check(default)
        while True:
            answer = typer.prompt(question, default=default if default is not None else None,
                                  show_default=default is not None and default != "")
            try:
                return check(answer)
            except SConnectError as error:
                self.out.print(line(("  not taken:", "yellow"), " ", str(error)), soft_wrap=True)

    def secret(self, question: str) -> str:
        """Asked without echo; never an option (it would stay in the shell's history)."""
        while True:
            value = getpass.getpass(f"{question} (not shown as you type): ").strip()
            if value:
                return value
            self.out.print(line(("  not taken:", "yellow"), " nothing typed"), soft_wrap=True)

    def choose(self, option: str, question: str, given: str | None, choices: Sequence[tuple[str, str]],
               default: str | None, check: Callable[[str], T]) -> T | None:
        """One of `choices` ((value, what it is) pairs): by its number or its value."""
        if given is None and self.interactive:
            width = max((len(value) for value, _ in choices), default=0)
            for number, (value, what) in enumerate(choices, 1):
                self.out.print(line(f"  {number:>2} ", (value.ljust(width), "bold"), f"  {what}" if what else ""),
                               soft_wrap=True)

        def by_number(text: str) -> T:
            stripped = text.strip()
            if stripped.isdigit() and 1 <= int(stripped) <= len(choices):
                return check(choices[int(stripped) - 1][0])
            return check(stripped)
        return self.ask(option, question, given, default, by_number)

    def confirm(self, question: str, default: bool) -> bool:
        return typer.confirm(question, default=default) if self.interactive else default

    def finish(self) -> None:
        if self.missing:
            raise MissingAnswers(self.missing)


def is_terminal() -> bool:
    return sys.stdin.isatty()
