"""The information log as an Excel file, for the bookkeeper (openpyxl)."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from application.ports import LogEntry


def export_log(entries: list[LogEntry], path: Path) -> int:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Informatie"
    sheet.append(["tijd", "profiel", "run", "order", "niveau", "melding"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for e in entries:
        sheet.append([e.at, e.profile, e.run_id, e.order_number, e.level, e.message])
    for column, width in zip("ABCDEF", (20, 12, 6, 10, 10, 100)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    workbook.save(path)
    return len(entries)
