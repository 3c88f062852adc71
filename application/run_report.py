"""What one run did, per order: the shape of `sconnect run --json` (SPEC §11)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


# A booked order the shop sent again with other lines, amounts or a cancellation: not booked
# again, listed with a warning (SPEC §8); counted with the orders already done earlier.
CHANGED_IN_SHOP = "changed_in_shop"


class Progress(Protocol):
    """Told how far a run is, for a progress bar; the run never depends on it."""

    def start(self, total: int) -> None:
        """The shop returned `total` orders (retries by number may add a few more)."""
        ...

    def advance(self, order: str, status: str) -> None:
        """One order is done: created, skipped, failed or unchanged."""
        ...


@dataclass(frozen=True)
class OrderOutcome:
    order: str  # the shop's order number (= betalingskenmerk)
    status: str  # created | skipped | failed | changed_in_shop
    sales_order: int | None = None
    customer: int | None = None
    customer_created: bool = False
    reason: str = ""
    warnings: tuple[str, ...] = ()
    held: bool = False  # failed too often: not retried until the user releases it
    recognised_by: str = ""  # the recognition step that found the customer (Recognition.step)

    def to_json(self) -> dict:
        data: dict = {"order": self.order, "status": self.status}
        if self.status == "created":
            data.update(sales_order=self.sales_order, customer=self.customer,
                        customer_created=self.customer_created)
        elif self.status == CHANGED_IN_SHOP:
            data.update(sales_order=self.sales_order, customer=self.customer)
        else:
            data["reason"] = self.reason
        if self.recognised_by:
            data["recognised_by"] = self.recognised_by
        if self.held:
            data["held"] = True
        if self.warnings:
            data["warnings"] = list(self.warnings)
        return data


@dataclass
class RunReport:
    profile: str
    outcomes: list[OrderOutcome] = field(default_factory=list)
    unchanged: int = 0  # orders the shop returned again that were already booked, skipped or held
    error: str = ""  # the run stopped early: a service could not be reached, or the lock was lost
    unreadable: bool = False  # ... because a service answered with something that cannot be read
    warnings: list[str] = field(default_factory=list)  # about the run as a whole (not one order)
    stopped: bool = False  # asked to stop (SIGTERM) before every order was done: the rest waits
    # Every order of the profile held after this run (failed too often; held in this run or an
    # earlier one): nobody books them until the user releases them, so every run says so.
    held: list[str] = field(default_factory=list)
    changed: list[OrderOutcome] = field(default_factory=list)  # booked before, changed in the shop since

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> int:
        return self.count("failed")

    def to_json(self) -> dict:
        data = {"profile": self.profile, "fetched": len(self.outcomes), "created": self.count("created"),
                "skipped": self.count("skipped"), "failed": self.failed, "unchanged": self.unchanged,
                "orders": [o.to_json() for o in self.outcomes + self.changed],
                "held": {"count": len(self.held), "orders": list(self.held)}}
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.error:
            data["error"] = self.error
        if self.unreadable:
            data["unreadable_answer"] = True
        if self.stopped:
            data["stopped"] = True
        return data
