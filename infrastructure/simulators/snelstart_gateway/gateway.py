"""A fake SnelStart Gateway: the COM objects' method and property names (reference/snelstart.md
§6.1), behaving as a COM object does, writing into a classic-shaped SQLite database (database.py).

- Every failure is a `FakeComError` shaped like pywin32's `com_error` (hresult, text,
  excepinfo, argerror), and `mtdGWayFoutBoodschap(context)` then tells what went wrong, as the
  Gateway's global error function does.
- Out of order is refused: an order's lines or SluitenGet without an AanmakenE, anything
  before an administration is opened or after it is closed.
- SnelStart's rules decide what is refused and how an order is totalled — the same rules
  every administration that computes itself shares (infrastructure/snelstart/rules).
- An order is written only when it is closed (SluitenGet), in one transaction with its lines.
  An order left open — the process killed between AanmakenE, the lines and SluitenGet, or a
  new AanmakenE — is not written. That is OUR ASSUMPTION about the real Gateway; nothing
  public says what SnelStart keeps of an unclosed order (docs/classic.md).
- Faults for tests: `lock(reason)` makes the administration unusable (opening it fails with
  SnelStart's "in gebruik"), `fail(method, message, nth)` makes one call fail.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain import field_limits
from domain.customer import NewRelation, RelationAddress
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.snelstart.rules import limits
from infrastructure.snelstart.rules import sales_orders as order_rules
from infrastructure.snelstart.rules import vat
from infrastructure.snelstart.rules import writes as rules
from infrastructure.snelstart.rules.refusals import SnelStartRefused
from infrastructure.snelstart.classic.administration import desktop_vat_abroad
from infrastructure.snelstart.snapshot import StoredSalesOrderLine

from infrastructure.simulators.snelstart_gateway.database import ClassicDatabase

DISP_E_EXCEPTION = -2147352567
PROGID = "SnelStartGatewayInterface.clsGWaySnelStart"


class FakeComError(Exception):
    """As pywintypes.com_error: args = (hresult, text, excepinfo, argerror)."""

    def __init__(self, message: str, hresult: int = DISP_E_EXCEPTION):
        super().__init__(hresult, "Exception occurred.", (0, "SnelStartGateway", message, None, 0, hresult), None)


@dataclass
class _OpenOrder:
    template_id: str
    relation_code: int
    date: datetime
    description: str
    memo: str
    payment_reference: str
    lines: list  # ("article", PlanLine) or ("text", str)


class FakeGatewayLibrary:
    """The Gateway's COM library in one process: its objects share the open administration, as
    the real one's share the DLL's state. `administrations`: the names it can open (by default
    the database file's name without extension)."""

    def __init__(self, database: ClassicDatabase, administrations: tuple[str, ...] | None = None,
                 progid: str = PROGID):
        self.database, self.progid = database, progid
        self.administrations = administrations or (database.path.stem,)
        self.opened: str | None = None
        self.order: _OpenOrder | None = None
        self.last_error = ""
        self.locked = ""
        self._faults: dict[str, list[tuple[int, str]]] = {}
        self._calls: dict[str, int] = {}
        self.calls: list[str] = []  # every method called, in order (tests read the sequence)

    @classmethod
    def on_file(cls, path: str | Path, **kwargs: Any) -> "FakeGatewayLibrary":
        return cls(ClassicDatabase(path), **kwargs)

    def create(self, class_name: str) -> Any:
        kinds = {"clsGWaySnelStart": FakeSnelStart, "clsGWKlant": FakeKlant, "clsGWayLoginSettings": FakeLoginSettings}
        if class_name not in kinds:
            raise FakeComError(f"Invalid class string: {class_name}", -2147221005)
        return kinds[class_name](self)

    # Faults -------------------------------------------------------------------------------------
    def lock(self, reason: str = "De administratie is in gebruik door een andere gebruiker") -> None:
        self.locked = reason

    def fail(self, method: str, message: str, nth: int = 1) -> None:
        self._faults.setdefault(method, []).append((nth, message))

    def enter(self, method: str, needs_open: bool = True) -> None:
        """Every method passes here: counts the call, injects a fault, checks the order of calls."""
        self.calls.append(method)
        self._calls[method] = self._calls.get(method, 0) + 1
        for nth, message in self._faults.get(method, ()):
            if nth == self._calls[method]:
                self.refuse(message)
        if needs_open and self.opened is None:
            self.refuse("Er is geen administratie geopend")

    def refuse(self, message: str) -> None:
        self.last_error = message
        raise FakeComError(message)


class FakeLoginSettings:
    """clsGWayLoginSettings: what the Gateway opens an SQL or LocalDB administration with."""

    _NAMES = ("prpGWayDbAdministratieNaamSet", "prpGWayDbTypeJetSet", "prpGWayDbJetFolderSet",
              "prpGWayDbSqlServerNameSet", "prpGWayDbSqlConnectTypeWindowsSet", "prpGWayDbSqlUserNameSet",
              "prpGWayDbSqlPasswordSet")

    def __init__(self, library: FakeGatewayLibrary):
        object.__setattr__(self, "values", {})

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._NAMES:
            raise AttributeError(f"<unknown>.{name}")
        self.values[name] = value


class FakeSnelStart:
    """clsGWaySnelStart: the session (ToegangsObject)."""

    def __init__(self, library: FakeGatewayLibrary):
        self._lib = library

    # Errors ----------------------------------------------------------------------------------------
    def mtdGWayFoutBoodschap(self, context: str) -> str:
        message, self._lib.last_error = self._lib.last_error, ""
        return f"{message} ({context})" if message else ""

    # The administration --------------------------------------------------------------------------
    def Login(self, email: str, password: str, remember: bool) -> bool:
        self._lib.enter("Login", needs_open=False)
        return True

    def _open(self, name: str) -> bool:
        lib = self._lib
        if lib.locked:
            lib.refuse(lib.locked)
        if name not in lib.administrations:
            lib.refuse(f"Administratie '{name}' niet gevonden")
        lib.opened, lib.order = name, None
        return True

    def mtdGWayAdmiOpenen(self, folder: str, name: str) -> bool:
        self._lib.enter("mtdGWayAdmiOpenen", needs_open=False)
        return self._open(name)

    def mtdGWayAdmiOpenenViaLoginSettings(self, window: int, settings: FakeLoginSettings) -> bool:
        self._lib.enter("mtdGWayAdmiOpenenViaLoginSettings", needs_open=False)
        return self._open(str(settings.values.get("prpGWayDbAdministratieNaamSet", "")))

    def mtdGWayAdmiSluiten(self) -> None:
        self._lib.enter("mtdGWayAdmiSluiten", needs_open=False)
        self._lib.opened, self._lib.order = None, None  # an order still open is not written

    def prpGWayAdmiInEuroGet(self) -> bool:
        self._lib.enter("prpGWayAdmiInEuroGet")
        return True

    # Sales orders --------------------------------------------------------------------------------
    def mtdGWayVerkoopOrderAanmakenE(self, template_id: Any, relation_code: Any, date: datetime, description: str,
                                     memo: str, cost_centre: int, payment_reference: str, salesperson: str,
                                     *subscription: Any) -> None:
        lib = self._lib
        lib.enter("mtdGWayVerkoopOrderAanmakenE")
        lib.order = None  # one still open is dropped, never written
        try:
            code = int(relation_code)
        except (TypeError, ValueError):
            lib.refuse(f"Ongeldige relatiecode: {relation_code!r}")
        plan = SalesOrderPlan(payment_reference, code, str(template_id), date, description, False, memo=memo)
        row = lib.database.relation_row(code)
        try:
            relation = None if row is None else lib.database.relation(row)
            order_rules.check_customer(plan, relation)
            order_rules.check_template(plan, lambda t: lib.database.template(t) is not None)
            limits.check_sales_order(plan)  # omschrijving and memo: the lines' come with each line
        except SnelStartRefused as refused:
            lib.refuse(str(refused))
        lib.order = _OpenOrder(str(template_id), code, date, description, memo, payment_reference, [])

    def _line(self, method: str) -> _OpenOrder:
        self._lib.enter(method)
        if self._lib.order is None:
            self._lib.refuse("Er is geen verkooporder aangemaakt (roep eerst mtdGWayVerkoopOrderAanmakenE aan)")
        return self._lib.order

    def _description(self, text: str, n: int) -> None:
        try:
            limits.check(field_limits.LINE_DESCRIPTION, text, f"line {n}: ")
        except SnelStartRefused as refused:
            self._lib.refuse(str(refused))

    def _article(self, code: Any, n: int):
        article = self._lib.database.article(str(code))
        if article is None:
            self._lib.refuse(f"VOR-0013: line {n}: no article has artikelcode {code!r}")
        if article.inactive:
            self._lib.refuse(f"ALG-0105: line {n}: article {article.code!r} is inactive")
        return article

    def mtdGWayVerkoopOrderRegelToevoegenArtikelA(self, code: str, quantity: Decimal) -> None:
        order = self._line("mtdGWayVerkoopOrderRegelToevoegenArtikelA")
        self._article(code, len(order.lines) + 1)
        order.lines.append(("article", PlanLine(str(code), Decimal(str(quantity)))))

    def mtdGWayVerkoopOrderRegelToevoegenArtikelB(self, code: Any, description: str, quantity: Decimal,
                                                  price: Decimal, discount: Decimal = Decimal("0")) -> None:
        order = self._line("mtdGWayVerkoopOrderRegelToevoegenArtikelB")
        self._description(description, len(order.lines) + 1)
        if str(code) == "-1":
            order.lines.append(("text", (description, Decimal(str(quantity)), Decimal(str(price)))))
            return
        self._article(code, len(order.lines) + 1)
        try:
            rules.check_money(Decimal(str(price)), f"line {len(order.lines) + 1}: stuksprijs")
        except SnelStartRefused as refused:
            self._lib.refuse(str(refused))
        order.lines.append(("article", PlanLine(str(code), Decimal(str(quantity)), description, Decimal(str(price)))))

    def mtdGWayVerkoopOrderRegelToevoegenTekst(self, text: str) -> None:
        order = self._line("mtdGWayVerkoopOrderRegelToevoegenTekst")
        self._description(text, len(order.lines) + 1)
        order.lines.append(("text", (text, Decimal("0"), Decimal("0"))))

    def mtdGWayVerkoopOrderSluitenGet(self) -> int:
        order = self._line("mtdGWayVerkoopOrderSluitenGet")
        lib, db = self._lib, self._lib.database
        template = db.template(order.template_id) if order.template_id else None
        excl = template.prices_excl_vat if template is not None else False
        plan = SalesOrderPlan(order.payment_reference, order.relation_code, order.template_id, order.date,
                              order.description, excl, lines=tuple(line for kind, line in order.lines if kind == "article"),
                              memo=order.memo)
        relation = db.relation(db.relation_row(order.relation_code))
        # A line's VAT is its article's revenue group's (the rules every fake shares); SnelStart
        # desktop has no foreign VAT setting S-Connect can read, so the Dutch rate, abroad too.
        rate_of = vat.line_rates(db.revenue_group, relation.establishment.country, relation.vat_number,
                                 desktop_vat_abroad("classic"), order_rules.wall_clock(order.date).date())
        try:
            priced = order_rules.price_sales_order(plan, db.article, rate_of)
        except SnelStartRefused as refused:
            lib.refuse(str(refused))
        lines, priced_lines = [], iter(priced.lines)
        for kind, line in order.lines:
            if kind == "article":
                lines.append(next(priced_lines))
            else:
                text, quantity, price = line
                lines.append(StoredSalesOrderLine("", text, quantity, price, Decimal("0"),
                                                  order_rules.line_total(quantity, price)))
        with db.transaction() as connection:
            number = db.next_order_number()
            stored = order_rules.stored_sales_order(plan, relation, priced, number,
                                                    rules.new_id("o", number, db.order_id_taken))
            # The card's addresses: the Gateway takes none. Text lines count in the total.
            extra = sum((line.total for line in lines if not line.article_code), Decimal("0"))
            stored = replace(stored, lines=tuple(lines), total_incl_vat=stored.total_incl_vat + extra)
            db.store_order(stored, connection, total_vat=priced.vat)
        lib.order = None
        return number

    def mtdGWayVerkoopOrderSluiten(self) -> None:
        self.mtdGWayVerkoopOrderSluitenGet()


class FakeKlant:
    """clsGWKlant: one customer card. Properties are set one by one; mtdGWayKlantWrite writes
    the card (a new one, or the one mtdGWayKlantRead loaded)."""

    _FIELDS = {
        "prpRelatieCode": "code", "prpNaam": "name", "prpEmail": "email", "prpTelefoon": "phone",
        "prpBtwNummer": "vat_number", "prpKvkNummer": "coc_number", "prpKrediettermijn": "payment_term",
        **{f"prp{prefix}Adres{suffix}": f"{field}_{part}"
           for prefix, field in (("Vestiging", "establishment"), ("Correspondentie", "correspondence"))
           for suffix, part in (("", "street"), ("Contactpersoon", "contact"), ("Postcode", "postcode"),
                                ("Plaats", "city"), ("LandID", "country"))},
    }
    _READ_ONLY = {"prpNonActiefGet": "inactive"}

    def __init__(self, library: FakeGatewayLibrary):
        object.__setattr__(self, "_lib", library)
        object.__setattr__(self, "_values", {})
        object.__setattr__(self, "_loaded", None)

    def __getattr__(self, name: str) -> Any:
        field = self._FIELDS.get(name) or self._READ_ONLY.get(name)
        if field is None:
            raise AttributeError(f"<unknown>.{name}")
        return self._values.get(field, (self._loaded or {}).get(field))

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in self._FIELDS:
            raise AttributeError(f"<unknown>.{name}")
        self._values[self._FIELDS[name]] = value

    def mtdGWayKlantRead(self, code: Any) -> bool:
        self._lib.enter("mtdGWayKlantRead")
        row = self._lib.database.relation_row(int(code))
        object.__setattr__(self, "_loaded", row)
        object.__setattr__(self, "_values", {})
        return row is not None

    def mtdGWayKlantWrite(self) -> bool:
        lib, db = self._lib, self._lib.database
        lib.enter("mtdGWayKlantWrite")
        fields = {**(self._loaded or {}), **self._values}
        new = self._loaded is None
        try:
            code = int(fields.get("code") or 0)
        except (TypeError, ValueError):
            lib.refuse(f"REL-0008: relatiecode {fields.get('code')!r} is not a valid relatiecode")
        try:
            rules.check_relation_code(code)
            if new and db.relation_row(code) is not None:
                raise rules.code_in_use(code)
            rules.check_relation(self._relation(fields))
        except SnelStartRefused as refused:
            lib.refuse(str(refused))
        for prefix in ("establishment", "correspondence"):
            stored = fields.get(f"{prefix}_country")
            if stored not in (None, "", 0) and not db.knows_country(stored):
                lib.refuse(f"Onbekend land (LandID {stored})")
        if new:
            fields.setdefault("inactive", 0)
        db.put_relation({**fields, "code": code}, new=new)
        if new:
            object.__setattr__(self, "_loaded", db.relation_row(code))
            object.__setattr__(self, "_values", {})
        return True

    def _relation(self, fields: dict) -> NewRelation:
        """The card as the NewRelation SnelStart's rules (field limits included) check."""
        def address(prefix: str) -> RelationAddress:
            # The country as its ISO code: SnelStart checks a VAT number's prefix against it.
            country = self._lib.database.country_code(fields.get(f"{prefix}_country")) or "NL"
            return RelationAddress(*(str(fields.get(f"{prefix}_{p}") or "") for p in ("contact", "street", "postcode",
                                                                                      "city")), country)
        correspondence = address("correspondence")
        return NewRelation(str(fields.get("name") or ""), address("establishment"),
                           correspondence if correspondence != RelationAddress() else None,
                           email=str(fields.get("email") or ""), phone=str(fields.get("phone") or ""),
                           vat_number=str(fields.get("vat_number") or ""),
                           coc_number=str(fields.get("coc_number") or ""))


def fake_library_for(path: str | os.PathLike, administrations: tuple[str, ...] | None = None) -> FakeGatewayLibrary:
    """The fake Gateway over the classic-shaped database in `path`."""
    return FakeGatewayLibrary(ClassicDatabase(path), administrations)
