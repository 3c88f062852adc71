"""SnelStart recipes (recepten): an article that, when booked, brings its component lines along.

SnelStart's article setting "recept plaatsen tijdens het ingeven van een factuurregel" is
nooit / keuze / altijd; `sales.recipes` decides which of those S-Connect expands.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class RecipePlacement(str, Enum):
    NEVER = "nooit"
    CHOICE = "keuze"
    ALWAYS = "altijd"


@dataclass(frozen=True)
class RecipeLine:
    article_code: str
    quantity: Decimal  # per one unit of the main article


@dataclass(frozen=True)
class Recipe:
    placement: RecipePlacement
    lines: tuple[RecipeLine, ...] = ()


class RecipeExpansion(str, Enum):
    """The `sales.recipes` setting."""

    NEVER = "never"
    WHEN_ALWAYS = "when_always"
    WHEN_CHOICE_OR_ALWAYS = "when_choice_or_always"

    def expands(self, recipe: Recipe | None) -> bool:
        if recipe is None or not recipe.lines or self is RecipeExpansion.NEVER:
            return False
        if self is RecipeExpansion.WHEN_ALWAYS:
            return recipe.placement is RecipePlacement.ALWAYS
        return recipe.placement in (RecipePlacement.ALWAYS, RecipePlacement.CHOICE)

    def expand(self, recipe: Recipe | None, ordered: Decimal) -> tuple[RecipeLine, ...]:
        """The component lines for `ordered` units of the main article (empty if not expanded)."""
        if not self.expands(recipe):
            return ()
        assert recipe is not None
        return tuple(RecipeLine(l.article_code, l.quantity * ordered) for l in recipe.lines)
