"""An order's state in the processed-order history, in a module of its own: `status` counts
the held orders without loading the ports and the domain model behind them (issue 20, item 11)."""
from __future__ import annotations

from enum import Enum


class OrderState(str, Enum):
    BOOKING = "booking"  # claimed: a write may have happened (crash between claim and record)
    BOOKED = "booked"
    SKIPPED = "skipped"
    FAILED = "failed"  # retried on the next run
    HELD = "held"  # failed too often: waits for the user


FINISHED = (OrderState.BOOKED, OrderState.SKIPPED, OrderState.HELD)
