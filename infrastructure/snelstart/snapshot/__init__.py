"""The administration snapshot: one JSON document ↔ the domain objects of an administration.

Format: `reference/administration-snapshot.md` (field names from SnelStart's B2B API v2).
`load_snapshot` checks the whole document before anything is used, and refuses it with one
line naming the first bad path, so no adapter is ever half-loaded. Amounts are Decimal all
the way: JSON numbers with a fraction must arrive as Decimal (`read_snapshot_file` and
`parse_snapshot_json` make sure of that); a Python float is refused, never converted.
"""
from __future__ import annotations

from infrastructure.snelstart.snapshot.model import (RELATION_KINDS, VAT_ENTRIES, VAT_KINDS, Snapshot,
                                                     SnapshotError, StoredSalesOrder, StoredSalesOrderLine)
from infrastructure.snelstart.snapshot.reading import load_snapshot, parse_snapshot_json, read_snapshot_file
from infrastructure.snelstart.snapshot.writing import dump_snapshot, snapshot_json

__all__ = ["RELATION_KINDS", "VAT_ENTRIES", "VAT_KINDS", "Snapshot", "SnapshotError", "StoredSalesOrder",
           "StoredSalesOrderLine", "dump_snapshot", "load_snapshot", "parse_snapshot_json", "read_snapshot_file",
           "snapshot_json"]
