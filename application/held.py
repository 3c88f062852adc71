"""The orders held after failing too often: nobody books them until the user releases them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from application.order_state import OrderState

if TYPE_CHECKING:
    from application.ports import StateStore


def held_orders(state: StateStore, profile: str) -> list[str]:
    """The profile's held orders (waiting for `retry`), by order number."""
    return sorted((row.order_number for row in state.history(profile, states=(OrderState.HELD,))),
                  key=lambda number: (int(number), number) if number.isdigit() else (1 << 62, number))
