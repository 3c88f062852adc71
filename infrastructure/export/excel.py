"""The information log as an Excel workbook, for the bookkeeper (openpyxl, write-only).

One sheet per profile. Times are real Excel dates, SnelStart numbers are whole numbers and the
totals are numbers with two decimals, so the bookkeeper can filter, sort and add up.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from infrastructure.private_files import replacement_mode
from infrastructure.state.redact import redact

# The words of every command and of docs/words.md: English, with SnelStart's own Dutch names for
# what the bookkeeper looks up in SnelStart (verkooporder, klant).
HEADERS = ("time", "profile", "run", "order", "level", "message", "verkooporder", "klant",
           "shop total", "SnelStart total")
WIDTHS = (20, 12, 6, 10, 10, 90, 13, 10, 15, 17)
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
MONEY_FORMAT = "#,##0.00"
NUMBER_FORMAT = "0"
EMPTY_SHEET = "Informatie"  # a workbook needs one sheet, even for an empty log


def export_log(records: Iterable, path: Path, profiles: Sequence[str] = ()) -> int:
    """Write `records` (LogEntry) to `path`, a sheet per profile (those in
    `profiles` first, even when empty); the number of entries written. The file is replaced
    only once the workbook is whole."""
    by_profile: dict[str, list] = {profile: [] for profile in profiles}
    for record in records:
        for amount in (getattr(record, "shop_total", None), getattr(record, "booked_total", None)):
            # Checked before the first row: a write-only workbook cannot be abandoned halfway.
            if amount is not None and not isinstance(amount, Decimal):
                raise TypeError(f"money must be a Decimal, not {type(amount).__name__}")
        by_profile.setdefault(record.profile, []).append(record)
    workbook = Workbook(write_only=True)
    for title, rows in (by_profile or {EMPTY_SHEET: []}).items():
        _sheet(workbook, title, rows)
    path = Path(path)
    # Saved beside the target, then moved over it: an export that fails halfway (disk full)
    # leaves the previous file whole. The temporary file is made by mkstemp — a name nobody can
    # guess, opened exclusively, so a link planted in a shared folder is never written through
    # — and written through that very descriptor. It holds customers' names: 0600, or the
    # stricter mode the user gave the file it replaces (docs/privacy.md).
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    partial = Path(name)
    try:
        if os.name == "posix":
            os.fchmod(descriptor, replacement_mode(path))
        with os.fdopen(descriptor, "wb") as file:
            workbook.save(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return sum(len(rows) for rows in by_profile.values())


def _sheet(workbook: Workbook, title: str, records: list) -> None:
    # Excel allows 31 characters in a sheet name; profile ids are letters, digits, - and _.
    sheet = workbook.create_sheet(title=title[:31])
    for i, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + i)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for r in records:
        sheet.append([
            _date(sheet, r.at), r.profile, _whole(sheet, r.run_id), _order(sheet, r.order_number), r.level,
            redact(r.message), _whole(sheet, getattr(r, "sales_order", None)),
            _whole(sheet, getattr(r, "customer", None)), _money(sheet, getattr(r, "shop_total", None)),
            _money(sheet, getattr(r, "booked_total", None))])


def _order(sheet, number: str):
    """A myShop order number as a number, so the bookkeeper can sort and filter on it; one
    that is not all digits (an order the shop gave no number) stays text."""
    return _whole(sheet, int(number)) if number.isascii() and number.isdigit() and len(number) < 16 else number


def _date(sheet, value: datetime) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = DATE_FORMAT
    return cell


def _whole(sheet, value: int | None) -> WriteOnlyCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = NUMBER_FORMAT
    return cell


def _money(sheet, value: Decimal | None) -> WriteOnlyCell | None:
    if value is None:
        return None
    # openpyxl writes a Decimal through "%.16g", i.e. through a float. The cell gets the
    # Decimal's own digits instead, marked numeric: the workbook holds exactly what was booked.
    cell = WriteOnlyCell(sheet, value=format(value, "f"))
    cell.data_type = "n"
    cell.number_format = MONEY_FORMAT
    return cell
