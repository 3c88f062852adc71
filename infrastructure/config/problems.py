"""Every problem of a configuration file at once (SPEC §11): reading goes on past a bad value,
so the user fixes every line in one go instead of one line per try. Each setting is read on its
own; what fails is noted here and the setting is left out, and the file is refused at the end
with every problem, one line each, sorted by key."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from domain.errors import ConfigurationError

T = TypeVar("T")


class Problems:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, error: ConfigurationError) -> None:
        self.lines.extend(error.problems)

    def read(self, read: Callable[[], T]) -> tuple[bool, T | None]:
        """(True, the value) or (False, None) when it was refused (the refusal noted)."""
        try:
            return True, read()
        except ConfigurationError as error:
            self.add(error)
            return False, None

    def into(self, values: dict[str, Any], name: str, read: Callable[[], Any]) -> bool:
        """values[name] = read(), unless it is refused (noted). True when it was read."""
        ok, value = self.read(read)
        if ok:
            values[name] = value
        return ok

    def __bool__(self) -> bool:
        return bool(self.lines)

    def error(self) -> ConfigurationError:
        return ConfigurationError.several(self.lines)

    def raise_any(self) -> None:
        if self.lines:
            raise self.error()
