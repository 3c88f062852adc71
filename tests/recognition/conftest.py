"""Fixtures of the customer recognition tests (SPEC 6.1–6.2)."""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from domain.customer import Relation
from domain.errors import SConnectError
from domain.matching import Recognition


@dataclass
class RecognitionContext:
    """What a scenario has said so far, and what recognition answered."""

    strategy: str = "email"
    name_threshold: int = 90
    relations: list[Relation] = field(default_factory=list)
    result: Recognition | None = None
    error: SConnectError | None = None

    def outcome(self) -> Recognition:
        assert self.error is None, f"the order was refused: {self.error}"
        assert self.result is not None, "no order came in"
        return self.result

    def refusal(self) -> SConnectError:
        assert self.error is not None, f"the order was not refused: {self.result}"
        return self.error


@pytest.fixture
def context() -> RecognitionContext:
    return RecognitionContext()
