"""The two layouts of an order answer, recognised from the document itself, both turned into
one kind of `Record` named in our fields through the column table (columns.py).

- **named columns** (our proposal, reference §4, in the style of what scripts send *to*
  myShop, S5): `<row type="order">` rows with `<col name="…">`, followed by `orderline` and
  `customer_field` rows that name their order in an `order_id` attribute;
- **column set** (what myShop is known to send *out*, S8, §4b): a `<row type="column_set">` of
  `<col number="N"><name>…</name></col>`, then `<row type="data">` rows of
  `<col number="N">value</col>`, values matched to names by number. How order lines fit in is
  our assumption (docs/myshop.md): every data row is one flat record holding order columns and
  line columns side by side — one row per order line, the order's columns repeated (or left
  empty after its first row) — and rows with the same order_id make one order. A later column
  set replaces the earlier one for the rows after it, so a column set per kind of row reads too.

When the document is in neither layout, the error says in one line what was met, naming the
first element that did not fit.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from infrastructure.myshop.columns import ColumnTable
from infrastructure.myshop.decoding import MARK, unmark
from infrastructure.myshop.xml_stream import ADAPT, TELL_US, Col, MyShopDocumentError, Top

NAMED, COLUMN_SET = "named columns", "column set"
COLUMN_SET_ROW, DATA_ROW = "column_set", "data"  # [C S8]
ORDER, LINE, FIELD, FLAT = "order", "line", "customer_field", "flat"


@dataclass
class Record:
    """One row of either layout, in our field names, marks of repaired bytes taken out."""

    index: int
    kind: str  # ORDER, LINE, FIELD or FLAT (a column-set data row: order and line side by side)
    order_id: str
    order: dict[str, str] = field(default_factory=dict)  # our order fields
    line: dict[str, str] = field(default_factory=dict)  # our line fields (LINE, FLAT)
    customer_field: tuple[str, str] | None = None  # (name, value) of a FIELD row
    unknown: dict[str, str] = field(default_factory=dict)  # columns the table does not name
    repaired: list[str] = field(default_factory=list)  # which of our fields had repaired text

    @property
    def has_line(self) -> bool:
        return any(v.strip() for v in self.line.values())


class LayoutError(MyShopDocumentError):
    """The answer is XML, but not in a layout the table maps: asking again will not help. By
    default the shape is new to us (TELL_US); names the table lacks say ADAPT."""

    retry = False
    advice = TELL_US


class Layouts:
    """Reads the root's children in document order; `layout` once known."""

    def __init__(self, table: ColumnTable, *, survey: bool = False):
        self.table = table
        # The survey (reader.py) needs an order's id, status, number and change time only.
        self._wanted = frozenset(("order_id", "order_status", "order_number", "change_time")) if survey else None
        self.layout: str | None = None
        self._numbers: dict[str, tuple[str, str]] = {}  # column number → where its values go
        self._places: dict[tuple[str, str], tuple[str, str] | None] = {}
        self._first_unknown = ""  # the first element that fitted neither layout, described
        self._named_rows = 0  # rows with named columns of a type the table knows
        self._unknown_named = ""  # the first named row of a type the table does not know
        self._orders_without_id = ""  # columns of the first order row that had no order_id

    # -- one element ------------------------------------------------------------------------
    def record(self, index: int, element: Top) -> Record | None:
        """The element as a Record; None for what carries no order data (tolerated)."""
        if element.tag != "row":
            self._unknown(f"<{str(element.tag)[:40]}>")
            return None
        row_type = (element.get("type") or "").strip()
        if row_type == COLUMN_SET_ROW:
            self._column_set(element)
            return None
        if row_type == DATA_ROW and self._numbers:
            return self._data_row(index, element)
        if row_type == DATA_ROW and self.layout is None and _numbered(element):
            raise LayoutError("a <row type=\"data\"> of the answer comes before any <row type=\"column_set\"> "
                              "names its columns")
        kind = self.table.row_kind(row_type)
        if kind is None:
            if _named(element) and not self._unknown_named:
                self._unknown_named = f"<row type=\"{row_type[:40]}\">"
            self._unknown(f"<row type=\"{row_type[:40]}\">")
            return None
        return self._named_row(index, element, kind)

    def _unknown(self, description: str) -> None:
        if not self._first_unknown:
            self._first_unknown = description

    # -- named columns ----------------------------------------------------------------------
    def _place(self, kind: str, name: str) -> tuple[str, str] | None:
        """(which part of the record, under which key) for a column of a row of `kind`; the
        answer repeats its names on every row, so each is looked up in the table once."""
        place = self._places.get((kind, name))
        if place is None and (kind, name) not in self._places:
            clean, _ = unmark(name)
            clean = clean.strip()
            if clean:
                ours = (self.table.order_field(clean) if kind in (ORDER, FLAT) else
                        self.table.line_field(clean) if kind == LINE else self.table.customer_field_part(clean))
                if ours is None and kind == FLAT:
                    ours = self.table.line_field(clean)
                    place = ("line", ours) if ours else ("unknown", clean)
                elif ours is None:
                    place = ("unknown", clean)
                else:
                    place = ("line" if kind == LINE else "order", ours)
            self._places[(kind, name)] = place
        return place

    def _named_row(self, index: int, element: Top, kind: str) -> Record:
        self._met(NAMED, element)
        self._named_rows += 1
        owner, _ = unmark((element.attrib.get("order_id") or "").strip())
        record = Record(index, kind, owner)
        if self._wanted is not None and kind != ORDER:
            return record
        parts = {"order": record.order, "line": record.line, "unknown": record.unknown}
        for col in element.children:
            if col.tag != "col":
                continue
            place = self._place(kind, col.attrib.get("name") or "")
            if place is not None and (self._wanted is None or place[1] in self._wanted):
                self._put(record, parts[place[0]], place[1], col.text)
        if kind == FIELD:
            name, value = record.order.pop("name", ""), record.order.pop("value", "")
            record.customer_field = (name, value)
        elif kind == ORDER:
            record.order_id = record.order.get("order_id", "").strip()
            if "order_id" not in record.order and not self._orders_without_id:
                names = [(col.attrib.get("name") or "").strip() for col in element.children if col.tag == "col"]
                self._orders_without_id = ", ".join(unmark(n)[0] for n in names[:8] if n) or "none"
        return record

    @staticmethod
    def _put(record: Record, target: dict[str, str], slot: str, value: str) -> None:
        if slot in target:
            return  # the first of a repeated column wins
        if MARK in value:
            value = value.replace(MARK, "")
            record.repaired.append(slot)
        target[slot] = value

    # -- column set -------------------------------------------------------------------------
    def _column_set(self, element: Top) -> None:
        self._met(COLUMN_SET, element)
        numbers: dict[str, str] = {}
        for col in element.children:
            if col.tag != "col":
                continue
            number = (col.attrib.get("number") or "").strip()
            name, _ = unmark((col.name or "").strip())
            if not number or not name:
                raise LayoutError("a column of the answer's column set has no number or no <name>")
            numbers.setdefault(number, name)
        if not any(self.table.order_field(n) == "order_id" for n in numbers.values()):
            shown = ", ".join(list(numbers.values())[:8]) or "none"
            raise LayoutError(f"the answer's column set has no order_id column (its columns: {shown})", ADAPT)
        self._numbers = {number: self._place(FLAT, name) for number, name in numbers.items()}

    def _data_row(self, index: int, element: Top) -> Record:
        record = Record(index, FLAT, "")
        values: dict[str, str] = {}
        for col in element.children:
            number = col.attrib.get("number")
            if col.tag == "col" and number is not None:
                values.setdefault(number.strip(), col.text)
        parts = {"order": record.order, "line": record.line, "unknown": record.unknown}
        for number, (part, slot) in self._numbers.items():  # in the column set's order, whatever the row's
            value = values.get(number)
            # A value without a name in the column set means nothing.
            if value is not None and (self._wanted is None or slot in self._wanted):
                self._put(record, parts[part], slot, value)
        record.order_id = record.order.get("order_id", "").strip()
        return record

    # -- the document as a whole ------------------------------------------------------------
    def _met(self, layout: str, element: Top) -> None:
        if self.layout is None:
            self.layout = layout
        elif self.layout != layout:
            raise LayoutError(f"the answer mixes the {self.layout} layout with the {layout} layout "
                              f"(<row type=\"{(element.get('type') or '')[:40]}\">)")

    def finish(self, orders_met: int) -> None:
        """At the end of the answer: an answer that held something but no order, in neither
        layout or with names the table does not know, is not silently zero orders."""
        if orders_met:
            return
        if self.layout == NAMED and self._orders_without_id:
            raise LayoutError(f"the answer's order rows have no order_id column (their columns: "
                              f"{self._orders_without_id})", ADAPT)
        if self.layout == NAMED or self._named_rows:
            return  # only customer fields or lines: reported per order by the reader
        if self._unknown_named:
            raise LayoutError(f"the answer's rows with named columns are of a type the column table does not "
                              f"know (the first: {self._unknown_named})", ADAPT)
        if self._first_unknown:
            raise LayoutError(f"the answer is in neither known layout (named columns, or a column set): the "
                              f"first element that fits neither is {self._first_unknown}")


def _named(element: Top) -> bool:
    return any(col.tag == "col" and col.get("name") is not None for col in element)


def _numbered(element: Top) -> bool:
    return any(col.tag == "col" and col.get("number") is not None for col in element)
