"""The information log as the bookkeeper uses it (SPEC §7): per run and per order, a basic and a
detailed level, `--since`, JSON, an Excel export that opens with numbers as numbers, clear."""
from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime
from decimal import Decimal

import openpyxl
import pytest

from schedule_support import add_second_profile

pytestmark = pytest.mark.slow


@pytest.fixture
def booked(installation, shop):
    """A run over the demo shop plus a recipe order (18), an order already in SnelStart (9: the
    betalingskenmerk of the administration's own order) and one that cannot be booked (19: a
    VAT rate with no revenue group)."""
    shop.add_order(18, change_time=datetime(2024, 3, 2, 10, 0), email="inkoop@devries.nl",
                   lines=(("ART-3001", "Cold brew krat 6 flessen", "2", "17.50", "9"),))
    shop.add_order(9, change_time=datetime(2024, 3, 2, 10, 1))
    shop.add_order(19, change_time=datetime(2024, 3, 2, 10, 2),
                   lines=(("NIEUW-6", "Boek met zes procent", "1", "10.60", "6"),))
    code, report = installation.run_json()
    assert code == 3 and (report["created"], report["skipped"], report["failed"]) == (6, 1, 1)
    return report


def history(installation) -> dict:
    text = installation.sconnect("history", "--json", "--profile", "shop1", check=True).stdout
    return {h["order"]: h for h in json.loads(text)}


def test_the_basic_log_has_the_run_and_each_order_with_its_snelstart_numbers(installation, booked):
    lines = installation.sconnect("log", check=True).stdout.splitlines()
    assert re.match(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d run \d+ \(until \d\d:\d\d:\d\d\): "
                    r"booked 6, skipped 1, failed 1$", lines[0])
    booked_orders = history(installation)
    for number in ("12", "13", "18"):
        h = booked_orders[number]
        assert any(line.endswith(f"order {number}: booked: verkooporder {h['sales_order']} for klant "
                                 f"{h['customer']}") or f"order {number}: booked: verkooporder {h['sales_order']} "
                   f"for klant {h['customer']} (new)" in line for line in lines), number
    assert any("order 9: skipped: betalingskenmerk 9 already in SnelStart" in line for line in lines)
    assert any("order 19: failed: " in line and "6" in line for line in lines)
    assert not any("customer:" in line for line in lines)  # steps are the detailed level


def test_the_detailed_log_shows_every_step(installation, booked):
    text = installation.sconnect("log", "--detailed", check=True).stdout
    for step in ("order 12: customer: recognition smart",  # the recognition explanation
                 "order 13: new klant 1009",
                 "article ART-2040 created",
                 "order 18: recipe of ART-3001 expanded",
                 "order 18: verkooporder planned:",
                 "order 18: totals checked: shop 35.00 incl. VAT, SnelStart 35.00 (recipe lines left out): equal",
                 "order 12: betalingskenmerk 12: no verkooporder in SnelStart yet"):
        assert step in text, step
    # Detailed steps are indented under the run, the outcome less so.
    assert re.search(r"\n\S+ \S+     order 12: customer: ", text)
    assert re.search(r"\n\S+ \S+   order 12: booked: ", text)


def test_since_a_date_or_a_time_ago(installation, booked):
    assert "booked: verkooporder" in installation.sconnect("log", "--since", "1h", check=True).stdout
    today = datetime.now().date().isoformat()
    assert "booked: verkooporder" in installation.sconnect("log", "--since", today, check=True).stdout
    later = installation.sconnect("log", "--since", "2999-01-01T00:00", check=True).stdout
    assert later.strip() == "the log is empty since 2999-01-01 00:00"
    bad = installation.sconnect("log", "--since", "gisteren")
    assert bad.returncode == 2 and "2h or 7d" in bad.stderr


def test_the_json_log_carries_the_numbers_and_exact_totals(installation, booked):
    entries = json.loads(installation.sconnect("log", "--json", check=True).stdout)
    created = {e["order"]: e for e in entries if e["message"].startswith("booked:")}
    for number, h in history(installation).items():
        if h["state"] == "booked":
            e = created[number]
            assert (e["sales_order"], e["customer"], e["shop_total"], e["booked_total"]) == \
                (h["sales_order"], h["customer"], h["shop_total"], h["booked_total"])
    failed = next(e for e in entries if e["order"] == "19")
    assert failed["level"] == "basic" and failed["sales_order"] is None and failed["shop_total"] is None
    detailed = json.loads(installation.sconnect("log", "--json", "--detailed", check=True).stdout)
    assert len(detailed) > len(entries) and {e["level"] for e in detailed} == {"basic", "detailed"}


def test_the_export_opens_in_a_spreadsheet_with_a_sheet_per_profile_and_numbers_as_numbers(
        installation, booked, tmp_path):
    add_second_profile(installation)
    installation.sconnect("run", "--profile", "shop2", check=False)
    file = tmp_path / "informatie.xlsx"
    result = installation.sconnect("log", "export", str(file), check=True)
    assert re.match(r"^\d+ log entries written to ", result.stdout)

    workbook = openpyxl.load_workbook(file)
    assert workbook.sheetnames == ["shop1", "shop2"]
    header = [c.value for c in workbook["shop1"][1]]
    col = {name: i for i, name in enumerate(header)}
    rows = list(workbook["shop1"].iter_rows(min_row=2))
    created = [r for r in rows if str(r[col["message"]].value).startswith("booked:")]
    assert len(created) == 6
    for row in created:
        assert row[col["time"]].is_date and isinstance(row[col["time"]].value, datetime)
        for name in ("verkooporder", "klant", "shop total", "SnelStart total"):
            assert row[col[name]].data_type == "n", name
        assert row[col["shop total"]].number_format == "#,##0.00"
    assert any(str(r[col["message"]].value).startswith("customer:") for r in rows)  # detailed by default

    # The totals are the booked amounts to the cent, as the workbook's XML holds them.
    booked_orders = history(installation)
    xml = zipfile.ZipFile(file).read("xl/worksheets/sheet1.xml").decode()
    totals_column = chr(ord("A") + col["shop total"])
    for row in created:
        number = str(row[col["order"]].value)  # the order number is a number in the workbook
        cell = f"{totals_column}{row[0].row}"
        value = re.search(rf'<c r="{cell}"[^>]*t="n"><v>([^<]+)</v>', xml)[1]
        assert Decimal(value) == Decimal(booked_orders[number]["shop_total"]), number
    assert len(list(workbook["shop2"].iter_rows(min_row=2))) > 0


def test_clear_empties_the_log_of_one_profile(installation, booked):
    add_second_profile(installation)
    installation.sconnect("run", "--profile", "shop2")
    assert re.match(r"^\d+ log entries removed \(shop1\)", installation.sconnect(
        "log", "clear", "--profile", "shop1", check=True).stdout)
    assert json.loads(installation.sconnect("log", "--json", "--profile", "shop1", check=True).stdout) == []
    left = json.loads(installation.sconnect("log", "--json", check=True).stdout)
    assert left and {e["profile"] for e in left} == {"shop2"}


def test_options_before_the_subcommand_choose_what_it_exports_and_clears(installation, booked, tmp_path):
    add_second_profile(installation)
    installation.sconnect("run", "--profile", "shop2")  # exit 3: order 19 fails there too

    def profiles_in_the_log() -> dict[str, int]:
        entries = json.loads(installation.sconnect("log", "--json", "--detailed", check=True).stdout)
        return {p: sum(1 for e in entries if e["profile"] == p) for p in ("shop1", "shop2")}

    both = profiles_in_the_log()
    assert both["shop1"] > 0 and both["shop2"] > 0

    file = tmp_path / "shop2.xlsx"
    installation.sconnect("log", "--profile", "shop2", "--basic", "export", str(file), check=True)
    workbook = openpyxl.load_workbook(file)
    assert workbook.sheetnames == ["shop2"]
    rows = list(workbook["shop2"].iter_rows(values_only=True))
    assert rows[1:] and {row[rows[0].index("level")] for row in rows[1:]} == {"basic"}  # --basic

    later = installation.sconnect("log", "--since", "2999-01-01", "clear", check=True)
    assert later.stdout.startswith("0 log entries removed since 2999-01-01 00:00 (shop1, shop2)")
    assert profiles_in_the_log() == both

    # Refused, not left out: nothing is removed.
    twice = installation.sconnect("log", "--profile", "shop1", "clear", "--profile", "shop2")
    assert twice.returncode == 2 and "given twice" in twice.stderr
    as_json = installation.sconnect("log", "--json", "clear")
    assert as_json.returncode == 2 and "--json" in as_json.stderr
    assert profiles_in_the_log() == both

    cleared = installation.sconnect("log", "--profile", "shop1", "clear", check=True)
    assert re.match(rf"^{both['shop1']} log entries removed \(shop1\)$", cleared.stdout.strip())
    assert profiles_in_the_log() == {"shop1": 0, "shop2": both["shop2"]}
