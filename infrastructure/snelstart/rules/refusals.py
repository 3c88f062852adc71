"""SnelStart's refusals of a write, worded like its own error codes (REL-0008, ART-0005, …).

Every adapter that checks writes itself (the in-memory fake, the embedded administration) raises
these, so the use cases react to a refusal the same way whichever administration said no.
"""
from __future__ import annotations

from domain import errors


class SnelStartRefused(errors.SnelStartRefused):
    """SnelStart refused a write; `code` is its error code (REL-0008, ART-0005, VOR-0002, …).

    The domain's SnelStartRefused (an OrderRejected): the order whose write was refused
    fails alone, and the run goes on.
    """

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}", code)
