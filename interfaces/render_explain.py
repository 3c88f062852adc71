"""`sconnect explain ORDER`: what S-Connect would do with one order, and why.

The customer line says who the customer is (or why recognition stopped), never another step's
refusal; the template by its name; the lines as a table without an empty column (a recipe
column only when recipes add lines), or, below WIDE columns, one line per order line."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from interfaces.layout import grid, narrow
from interfaces.plain import cells, line, plain


def history_text(h: dict | None) -> str:
    """What the history says about the order, in the words of its state."""
    if h is None:
        return "not processed yet"
    state, attempts = h["state"], h["attempts"]
    failures = f"{attempts} failed attempt{'s' if attempts != 1 else ''}"
    text = {"booked": f"booked as verkooporder {h['sales_order']}" if h["sales_order"] else "booked",
            "skipped": "skipped",
            "failed": f"failed ({failures} so far)",
            "held": f"held after {failures}: released with `retry`",
            "booking": "in progress (a run has it in hand, or was stopped with it)"}.get(state, state)
    return text + (f" — {h['last_error']}" if h["last_error"] and state != "booked" else "")


def explanation(out: Console, e) -> None:
    data = e.to_json()
    out.print(line((f"order {data['order']}", "bold"), f" ({data['order_id']})"))
    out.print(line(("history:", "dim"), " ", history_text(data["history"])))
    customer = data["customer"]
    who = "" if customer["relation"] is None else f"klant {customer['relation']}{' (new)' if customer['new'] else ''}: "
    out.print(line(("customer:", "dim"), " ", who, customer["explanation"]))
    if data["refused"]:
        out.print(line(("would fail:", "red"), " ", data["refused"]))
        return
    plan = data["plan"]
    out.print(line(("verkooporder:", "dim"), " ",
                   f"verkoopordersjabloon '{plan['template']}' (prices {_vat(plan['vat_entry'])} VAT), "
                   f"description '{plan['description']}', betalingskenmerk {plan['payment_reference']}"))
    out.print(_lines_grid(plan) if narrow(out) else _lines_table(plan))
    for key, name in (("cost_type_1", "kostensoort 1"), ("cost_type_2", "kostensoort 2")):
        if plan[key] != "0":
            out.print(plain(f"{name}: {plan[key]}"))
    if plan["new_relation"]:
        out.print(line(("new customer:", "dim"), " ", plan["new_relation"]))
    if plan["new_articles"]:
        out.print(line(("new articles:", "dim"), " ", ", ".join(plan["new_articles"])))
    for note in plan["notes"]:
        out.print(plain(f"- {note}"))
    for warning in plan["warnings"]:
        out.print(line(("warning:", "yellow"), " ", warning))
    out.print(plain(f"shop total {plan['shop_total']}, planned {plan['planned_total'] or '(prices from SnelStart)'}"))


def _vat(entry: str) -> str:
    return {"inclusief": "incl.", "exclusief": "excl."}.get(entry.lower(), entry)


def _line_values(l: dict) -> tuple[str, str, str, str, str]:
    return (l["article"], l["description"] or "(from SnelStart)", l["quantity"],
            l["unit_price"] or "(from SnelStart)", l["vat_rate"] or "")


def _lines_table(plan: dict) -> Table:
    recipes = any(l["recipe"] for l in plan["lines"])
    table = Table()
    for column in ("article", "description", "quantity", "unit price", "VAT %"):
        table.add_column(column, overflow="fold")
    if recipes:
        table.add_column("added by", no_wrap=True)
    for l in plan["lines"]:
        values = _line_values(l) + (("recipe" if l["recipe"] else "",) if recipes else ())
        table.add_row(*cells(*values))
    return table


def _lines_grid(plan: dict) -> Table:
    table = grid("", "")
    for l in plan["lines"]:
        article, description, quantity, price, rate = _line_values(l)
        if l["description"] is None and l["unit_price"] is None:
            what = "description and price from SnelStart"
        else:
            what = f"{description} à {price}"
        rate = f", VAT {rate}%" if rate else ""
        recipe = ", added by the recipe" if l["recipe"] else ""
        table.add_row(plain(f"  {quantity} ×"), plain(article), plain(f"{what}{rate}{recipe}"))
    return table
