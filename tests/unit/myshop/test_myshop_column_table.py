"""The column table (infrastructure/myshop/columns.toml): data, checked when it is loaded, so an
edit that cannot work is one line naming the file and the entry."""
from __future__ import annotations

from importlib import resources

import pytest

from domain.errors import ConfigurationError
from infrastructure.myshop.columns import (LINE_FIELDS, ORDER_FIELDS, default_table, load_table,
                                           parse_table)

TEXT = resources.files("infrastructure.myshop").joinpath("columns.toml").read_text("utf-8")


def test_the_shipped_table_names_every_field_by_its_own_name():
    table = default_table()
    assert all(table.order_field(f) == f for f in ORDER_FIELDS)
    assert all(table.line_field(f) == f for f in LINE_FIELDS)
    assert table.row_kind(" Order ") == "order" and table.row_kind("orderline") == "line"
    assert table.order_field("TOTAL") == "total"  # names compare without regard to case or spaces


def test_every_field_the_mapping_reads_is_in_the_table():
    # A column the mapping reads but the table does not name would never be read.
    import inspect
    import re

    from infrastructure.myshop import order_mapping
    source = inspect.getsource(order_mapping)
    read = set(re.findall(r'cols\.get\(f?"([a-z_]+)"\)', source))
    read |= {f"{prefix}_{part}" for prefix in ("billing", "shipping") for part in
             ("firstname", "lastname", "street", "housenumber", "housenumber_addition", "postcode", "city", "country")}
    read |= {name for charge in order_mapping._CHARGES for name in charge[1:]}
    assert len(read) > 40 and read <= set(ORDER_FIELDS) | set(LINE_FIELDS)


@pytest.mark.parametrize("edit, words", [
    (lambda t: t + "\n[extra]\nx = [\"y\"]\n", "unknown section [extra]"),
    (lambda t: t.replace("[line]", "[lines]"), "unknown section [lines]"),
    (lambda t: t.replace('total = ["total"]', 'totaal = ["total"]'), "[order] totaal is not one of S-Connect's fields"),
    (lambda t: t.replace('total = ["total"]', 'total = []'), "[order] total must be a list of one or more column names"),
    (lambda t: t.replace('total = ["total"]', 'total = "total"'), "[order] total must be a list"),
    (lambda t: t.replace('total = ["total"]', 'total = ["total", "Bedrag"]')
     .replace('total_vat = ["total_vat"]', 'total_vat = ["total_vat", "bedrag "]'),
     "[order] the name 'bedrag ' stands for both total and total_vat"),
    (lambda t: t.replace('quantity = ["quantity"]', 'quantity = ["quantity", "Total"]'),
     "the name 'total' is in both [order] and [line]"),
    (lambda t: t + "\nx = = 1\n", "not a valid TOML file"),
])
def test_a_table_that_cannot_work_is_one_line_naming_the_entry(edit, words):
    with pytest.raises(ConfigurationError) as caught:
        parse_table(edit(TEXT), "my-columns.toml")
    assert str(caught.value).startswith("my-columns.toml: ") and words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_copy_of_the_table_is_read_from_the_path_the_setting_names(tmp_path):
    copy = tmp_path / "columns.toml"
    copy.write_text(TEXT.replace('order_id = ["order_id"]', 'order_id = ["order_id", "Bestelling"]'), "utf-8")
    assert load_table(copy).order_field("bestelling") == "order_id"
    with pytest.raises(ConfigurationError, match=r"^myshop.columns: cannot read .*absent.toml"):
        load_table(tmp_path / "absent.toml")
    copy.write_bytes(b"\xff\xfe")
    with pytest.raises(ConfigurationError, match="is not UTF-8 text"):
        load_table(copy)
