"""Building order documents in the reference §4 format for the reader tests."""
from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

ORDER_ID = "1817700_00012"

ORDER = {
    "order_id": ORDER_ID, "order_number": "12", "order_date": "20240301101523",
    "change_time": "20240301113000", "order_status": "processing", "payment_status": "paid",
    "currency": "EUR", "email": "inkoop@voorbeeld.nl", "company": "Voorbeeld B.V.",
    "billing_firstname": "Jan", "billing_lastname": "de Vries", "billing_street": "Keizersgracht",
    "billing_housenumber": "12", "billing_postcode": "1015 CJ", "billing_city": "Amsterdam",
    "billing_country": "NL", "shipping_cost": "6.95", "shipping_vat_rate": "21.00",
    "total": "56.85",
}
LINE = {"productid": "ART-1001", "description": "Koffiebonen 1 kg", "quantity": "2",
        "price": "24.95", "vat_rate": "9.00", "line_total": "49.90"}


def row(kind: str, cols: dict[str, str], order_id: str | None = None) -> str:
    owner = f" order_id={quoteattr(order_id)}" if order_id is not None else ""
    body = "".join(f"<col name={quoteattr(k)}>{escape(v)}</col>" for k, v in cols.items())
    return f'<row type="{kind}"{owner}>{body}</row>'


def order(order_id: str = ORDER_ID, lines: list[dict] | None = None, **cols: str) -> str:
    """An order row and its line rows; a column given as None is left out."""
    values = {**ORDER, "order_id": order_id, **cols}
    values = {k: v for k, v in values.items() if v is not None}
    text = row("order", values)
    for line in (lines if lines is not None else [LINE]):
        text += row("orderline", {k: v for k, v in line.items() if v is not None}, order_id)
    return text


def document(*rows: str, root: str = "rows") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><{root} shop="1817700">' + "".join(rows)
            + f"</{root}>").encode("utf-8")


def column_set(columns: list[str], rows: list[list[str]], *, numbers: list[str] | None = None,
               declaration: str = '<?xml version="1.0" encoding="UTF-8"?>') -> bytes:
    """A column-set answer (reference §4b): the column set, then one data row per list of values.
    `numbers` (default 1, 2, …) shows that values go by number, not by position."""
    numbers = numbers or [str(n) for n in range(1, len(columns) + 1)]
    head = "".join(f'<col number="{n}"><name>{escape(c)}</name><prop>text</prop></col>'
                   for n, c in zip(numbers, columns))
    body = "".join('<row type="data">' + "".join(f'<col number="{n}">{escape(v)}</col>'
                                                 for n, v in reversed(list(zip(numbers, values)))) + "</row>"
                   for values in rows)
    return (f'{declaration}<rows><row type="column_set">{head}</row>{body}</rows>').encode("utf-8")


def flat(orders: list[tuple[dict[str, str], list[dict[str, str]]]]) -> bytes:
    """Orders with their lines as a column-set answer: one data row per line, the order's
    columns repeated on each (our assumption, docs/myshop.md)."""
    columns: list[str] = []
    for cols, lines in orders:
        for name in [*cols, *(k for line in lines for k in line)]:
            if name not in columns:
                columns.append(name)
    rows = [[{**cols, **line}.get(c, "") for c in columns] for cols, lines in orders for line in lines or [{}]]
    return column_set(columns, rows)
