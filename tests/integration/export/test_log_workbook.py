"""The log as an Excel workbook, read back with openpyxl and as the XML a spreadsheet reads:
a sheet per profile, dates as dates, SnelStart numbers and totals as numbers, exactly."""
from __future__ import annotations

import re
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from application.ports import LogEntry
from infrastructure.export.excel import DATE_FORMAT, HEADERS, MONEY_FORMAT, export_log
from application.ports import LogEntry as LogRecord
from infrastructure.state.redact import register_secret

T = datetime(2024, 3, 1, 10, 15, 30)
D = Decimal


def records():
    return [
        LogRecord(T, "shop1", 1, "12", "basic", "booked: verkooporder 17 for customer 1001", 17, 1001,
                  D("1234567.89"), D("1234567.90")),
        LogRecord(T, "shop1", 1, "13", "detailed", "customer: found by e-mail"),
        LogRecord(T, "shop2", 2, "", "basic", "run stopped: myShop could not be reached"),
    ]


def test_a_sheet_per_profile_with_typed_cells(tmp_path):
    file = tmp_path / "log.xlsx"
    assert export_log(records(), file, ["shop1", "shop2", "shop3"]) == 3
    workbook = openpyxl.load_workbook(file)
    assert workbook.sheetnames == ["shop1", "shop2", "shop3"]  # shop3 has no entries yet: an empty sheet
    rows = list(workbook["shop1"].iter_rows(min_row=1))
    assert tuple(c.value for c in rows[0]) == HEADERS
    booked = {HEADERS[i]: cell for i, cell in enumerate(rows[1])}
    assert booked["time"].is_date and booked["time"].value == T and booked["time"].number_format == DATE_FORMAT
    assert booked["verkooporder"].data_type == "n" and booked["verkooporder"].value == 17
    assert booked["klant"].value == 1001 and booked["run"].value == 1
    for column in ("shop total", "SnelStart total"):
        assert booked[column].data_type == "n" and booked[column].number_format == MONEY_FORMAT
    assert booked["order"].value == 12 and booked["order"].data_type == "n" and booked["message"].value.startswith("booked: verkooporder 17")
    empty = {HEADERS[i]: cell.value for i, cell in enumerate(rows[2])}
    assert empty["verkooporder"] is None and empty["shop total"] is None
    assert [c.value for c in next(workbook["shop3"].iter_rows())] == list(HEADERS)


def test_amounts_are_written_with_their_exact_digits(tmp_path):
    file = tmp_path / "log.xlsx"
    export_log(records(), file)
    sheet = zipfile.ZipFile(file).read("xl/worksheets/sheet1.xml").decode()
    # The Decimal's own digits, as a number cell: no float on the way.
    assert re.search(r'<c r="I2" s="\d+" t="n"><v>1234567.89</v></c>', sheet)
    assert re.search(r'<c r="J2" s="\d+" t="n"><v>1234567.90</v></c>', sheet)


def test_plain_log_entries_export_too(tmp_path):
    file = tmp_path / "log.xlsx"
    export_log([LogEntry(T, "shop1", None, "", "basic", "x")], file)
    [_, row] = openpyxl.load_workbook(file)["shop1"].iter_rows(values_only=True)
    # An empty order number is an empty cell.
    assert row[:6] == (T, "shop1", None, None, "basic", "x") and row[6:] == (None,) * 4


def test_an_empty_log_gives_a_workbook_with_one_sheet(tmp_path):
    file = tmp_path / "log.xlsx"
    assert export_log([], file) == 0
    assert openpyxl.load_workbook(file).sheetnames == ["Informatie"]


def test_float_money_is_refused_and_the_old_file_stays_whole(tmp_path):
    file = tmp_path / "log.xlsx"
    export_log(records(), file)
    before = file.read_bytes()
    bad = LogRecord(T, "shop1", 1, "12", "basic", "x", shop_total=12.5)
    with pytest.raises(TypeError, match="Decimal"):
        export_log([bad], file)
    assert file.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["log.xlsx"]


def test_a_secret_in_a_message_is_masked(tmp_path):
    register_secret("workbook-secret-8E2F")
    file = tmp_path / "log.xlsx"
    export_log([LogEntry(T, "shop1", None, "", "basic", "GET ?pk=workbook-secret-8E2F failed")], file)
    with zipfile.ZipFile(file) as xlsx:
        assert all(b"workbook-secret-8E2F" not in xlsx.read(name) for name in xlsx.namelist())
