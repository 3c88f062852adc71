"""Refusals of the in-memory administration, worded like SnelStart's own error codes."""
from __future__ import annotations

from domain import errors


class SnelStartRefused(errors.SnelStartRefused):
    """SnelStart refused a write; `code` is its error code (REL-0008, ART-0005, VOR-0002, …).

    The domain's SnelStartRefused (an OrderRejected): the order whose write was refused
    fails alone, and the run goes on.
    """

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}", code)
