"""Refusals of the in-memory administration: SnelStart's own (see infrastructure/snelstart/rules/refusals.py)."""
from __future__ import annotations

from infrastructure.snelstart.rules.refusals import SnelStartRefused

__all__ = ["SnelStartRefused"]
