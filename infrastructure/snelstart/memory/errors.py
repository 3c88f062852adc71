"""Refusals of the in-memory administration: SnelStart's own (see infrastructure/snelstart/refusals.py)."""
from __future__ import annotations

from infrastructure.snelstart.refusals import SnelStartRefused

__all__ = ["SnelStartRefused"]
