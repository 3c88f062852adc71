"""The B2B API's JSON models (lowerCamelCase, reference §4) ↔ S-Connect's domain objects.

Amounts arrive as strings or Decimals (bodies are read with parse_float=Decimal) and leave as
strings: "24.95". References to other objects are `{"id": …}`; countries are GUIDs in the API
and ISO codes in S-Connect, so every address goes through `Countries`.

Recipes: the API shows a recipe as `isHoofdartikel` + `subartikelen` (read-only) and has no
counterpart of SnelStart's "recept plaatsen" setting (nooit/keuze/altijd). A hoofdartikel is
taken as "altijd": `sales.recipes = when_always` and `when_choice_or_always` both expand it,
`never` expands nothing (docs/b2b.md).
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Callable

from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import (
    EmailSetting,
    NewRelation,
    Relation,
    RelationAddress,
    normalise_country,
)
from domain.field_limits import ArticleCodeLimit
from domain.money import money
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.clock import AMSTERDAM
from infrastructure.snelstart.b2b.errors import SnelStartRefused
from infrastructure.snelstart.b2b.odata import wall_clock
from infrastructure.snelstart.snapshot.model import (
    StoredSalesOrder,
    StoredSalesOrderLine,
)

ZERO = Decimal("0")
EMAIL_SETTINGS = (("factuurEmailVersturen", "invoice_email"), ("offerteEmailVersturen", "quote_email"),
                  ("bevestigingsEmailVersturen", "confirmation_email"),
                  ("aanmaningEmailVersturen", "reminder_email"))


class Countries:
    """`GET landen`: ISO 3166-1 alpha-2 `landcode` ↔ SnelStart's GUID (match the 2-letter code,
    not `landcodeISO`: that one has three letters, reference §5b)."""

    def __init__(self, rows: list[dict]):
        self._ids: dict[str, str] = {}
        self._codes: dict[str, str] = {}
        for row in rows:
            code, land_id = str(row.get("landcode") or "").strip().upper(), str(row.get("id") or "")
            if len(code) == 2 and land_id:
                self._ids.setdefault(code, land_id)
                self._codes[land_id.lower()] = code

    def id_of(self, country: str) -> str:
        code = normalise_country(country)
        if code not in self._ids:
            raise SnelStartRefused("REL-0055", f"country {code!r} is not in SnelStart's list of countries")
        return self._ids[code]

    def code_of(self, land: Any) -> str:
        land_id = str(land.get("id") or "") if isinstance(land, dict) else ""
        return self._codes.get(land_id.lower(), "NL") if land_id else "NL"


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    return "" if value is None else str(value)


def _ref(data: dict, key: str) -> str:
    value = data.get(key)
    return str(value.get("id") or "") if isinstance(value, dict) else ""


def _amount(data: dict, key: str, default: str = "0") -> Decimal:
    value = data.get(key)
    return money(default if value is None or value == "" else value)


def money_of(value: object) -> Decimal:
    """An amount as the API sent it: a string ("24.95") or a Decimal from the JSON reader."""
    return money(value)


def amount(value: Decimal) -> str:
    return format(value, "f")


# Relations ------------------------------------------------------------------------------------

def address(data: Any, countries: Countries) -> RelationAddress | None:
    if not isinstance(data, dict):
        return None
    return RelationAddress(_text(data, "contactpersoon"), _text(data, "straat"), _text(data, "postcode"),
                           _text(data, "plaats"), countries.code_of(data.get("land")))


def address_json(a: RelationAddress, countries: Countries) -> dict:
    return {"contactpersoon": a.contact_person, "straat": a.street, "postcode": a.postcode, "plaats": a.city,
            "land": {"id": countries.id_of(a.country)}}


def _email_setting(data: Any) -> EmailSetting:
    if not isinstance(data, dict):
        return EmailSetting()
    return EmailSetting(bool(data.get("shouldSend")), _text(data, "email"), _text(data, "ccEmail"))


def _extra(data: dict, key: str) -> tuple[tuple[str, str], ...]:
    return tuple((_text(f, "naam"), _text(f, "waarde")) for f in data.get(key) or () if isinstance(f, dict))


def relation(data: dict, countries: Countries) -> Relation:
    correspondence = address(data.get("correspondentieAdres"), countries)
    if correspondence is not None and correspondence.is_empty() and not correspondence.contact_person:
        correspondence = None  # SnelStart shows "no correspondence address" as an empty one
    term = data.get("krediettermijn")
    return Relation(
        code=int(data["relatiecode"]), name=_text(data, "naam"),
        establishment=address(data.get("vestigingsAdres"), countries) or RelationAddress(),
        correspondence=correspondence, email=_text(data, "email"), phone=_text(data, "telefoon"),
        vat_number=_text(data, "btwNummer"), coc_number=_text(data, "kvkNummer"),
        payment_term=None if term is None or term == "" else int(term),
        extra_fields=_extra(data, "extraVeldenKlant"), inactive=bool(data.get("nonactief")),
        kinds=tuple(str(k) for k in data.get("relatiesoort") or ()),
        id=_text(data, "id"),
        **{name: _email_setting(data.get(key)) for key, name in EMAIL_SETTINGS})


def relation_json(new: NewRelation, code: int, countries: Countries) -> dict:
    """The body of `POST relaties`: a customer (relatiesoort is a list), the complete
    establishment address with its country's GUID, and the code S-Connect chose (so a lost
    answer can be checked by code)."""
    body = {"relatiesoort": ["Klant"], "relatiecode": code}
    return apply_relation(body, new, countries)


def apply_relation(body: dict, new: NewRelation, countries: Countries) -> dict:
    """`body` (a relation as SnelStart sent it) with what S-Connect writes replaced; what the
    update does not carry (correspondence address, payment term when None) is kept."""
    body = dict(body)
    body.update({"naam": new.name, "vestigingsAdres": address_json(new.establishment, countries),
                 "email": new.email, "telefoon": new.phone, "btwNummer": new.vat_number,
                 "kvkNummer": new.coc_number})
    if new.correspondence is not None:
        body["correspondentieAdres"] = address_json(new.correspondence, countries)
    if new.payment_term is not None:
        body["krediettermijn"] = new.payment_term
    return body


# Articles, revenue groups, templates ---------------------------------------------------------

def recipe(data: dict) -> Recipe | None:
    lines = tuple(RecipeLine(_text(s, "artikelcode").strip(), _amount(s, "aantal", "1"))
                  for s in data.get("subartikelen") or () if isinstance(s, dict) and s.get("artikelcode"))
    if not data.get("isHoofdartikel") or not lines:
        return None
    return Recipe(RecipePlacement.ALWAYS, lines)


def article(data: dict) -> Article:
    return Article(code=_text(data, "artikelcode"), description=_text(data, "omschrijving"),
                   sales_price=_amount(data, "verkoopprijs"), revenue_group_id=_ref(data, "artikelOmzetgroep"),
                   extra_fields=_extra(data, "extraVelden"), inactive=bool(data.get("isNonActief")),
                   recipe=recipe(data), id=_text(data, "id"))


def _extra_with(fields: list, name: str, value: str) -> list[dict]:
    kept = [f for f in fields if isinstance(f, dict) and _text(f, "naam").strip().casefold() != name.casefold()]
    return kept + [{"naam": name, "waarde": value}]


def article_json(new: NewArticle) -> dict:
    body = {"artikelcode": new.code.strip(), "omschrijving": new.description,
            "verkoopprijs": amount(new.sales_price), "artikelOmzetgroep": {"id": new.revenue_group_id}}
    if new.code_field.strip().casefold() != "artikelcode":
        body["extraVelden"] = _extra_with([], new.code_field.strip(), new.code.strip())
    return body


def apply_article(body: dict, changed: Article) -> dict:
    """GET → change → PUT: description, price and revenue group from `changed`, the rest as
    SnelStart has it (subartikelen are read-only there; the recipe stays)."""
    body = dict(body)
    body.update({"omschrijving": changed.description, "verkoopprijs": amount(changed.sales_price)})
    if changed.revenue_group_id:
        body["artikelOmzetgroep"] = {"id": changed.revenue_group_id}
    return body


def article_code_limit(info: Any) -> ArticleCodeLimit:
    """companyInfo's `artikelcodeSoort` (Numeriek / Alfanumeriek) and `artikelcodeMaxLengte`
    (reference §5c); a length it leaves out, or 0, is not known (SnelStart then says ART-0004
    itself if a code is too long)."""
    info = info if isinstance(info, dict) else {}
    length = info.get("artikelcodeMaxLengte")
    if isinstance(length, str) and length.strip().isdigit():
        length = int(length)
    known = (isinstance(length, (int, Decimal)) and not isinstance(length, bool)
             and length == int(length) and length > 0)
    numeric = _text(info, "artikelcodeSoort").strip().casefold() == "numeriek"
    return ArticleCodeLimit(int(length) if known else None, numeric,
                            "companyInfo artikelcodeSoort / artikelcodeMaxLengte")


def revenue_group(data: dict) -> RevenueGroup:
    number = data.get("nummer")
    return RevenueGroup(_text(data, "id"), int(number) if number not in (None, "") else 0,
                        _text(data, "omschrijving"), _text(data, "verkoopNederlandBtwSoort"))


def template(data: dict) -> SalesTemplate:
    """No `nummer` in the API: a b2b template is referred to by id or description."""
    return SalesTemplate(_text(data, "id"), _text(data, "omschrijving"), bool(data.get("prijsIngaveExclusiefBtw")),
                         bool(data.get("nonactief")), None)


# Sales orders ---------------------------------------------------------------------------------

def line_json(line: PlanLine, article_id: str) -> dict:
    """A line: the article's id, the quantity, the unit price (always given by the writer: what
    SnelStart does without one is not documented) and the description when the plan gives one
    (left out, SnelStart takes the article's own)."""
    body: dict[str, Any] = {"aantal": amount(line.quantity), "kortingsPercentage": "0"}
    if article_id:
        body["artikel"] = {"id": article_id}
    if line.description is not None:
        body["omschrijving"] = line.description
    if line.unit_price is not None:
        body["stuksprijs"] = amount(line.unit_price)
    return body


def sales_order_json(plan: SalesOrderPlan, relation_id: str, template_id: str, lines: list[dict],
                     countries: Countries) -> dict:
    """`POST verkooporders`: never a `nummer` (VOR-0005: SnelStart assigns it); the VAT entry set
    explicitly (the V1 client silently defaults to Exclusief); the betalingskenmerk always."""
    body: dict[str, Any] = {
        "relatie": {"id": relation_id}, "datum": wall_clock(plan.date), "procesStatus": "Order",
        "betalingskenmerk": plan.payment_reference, "omschrijving": plan.description, "memo": plan.memo,
        "verkooporderBtwIngaveModel": plan.vat_entry, "regels": lines}
    if template_id:
        body["verkoopordersjabloon"] = {"id": template_id}
    for key, value in (("factuuradres", plan.invoice_address), ("afleveradres", plan.delivery_address)):
        if value is not None:
            body[key] = address_json(value, countries)
    return body


def _date(data: dict) -> datetime:
    text = _text(data, "datum").strip()
    moment = datetime.fromisoformat(text) if text else datetime(1900, 1, 1)
    return moment.astimezone(AMSTERDAM).replace(tzinfo=None) if moment.tzinfo else moment


def stored_sales_order(data: dict, relation_code: Callable[[str], int], article_code: Callable[[str], str],
                       countries: Countries) -> StoredSalesOrder:
    """A verkooporder as the snapshot keeps it (`relation_code`/`article_code`: GUID → code).
    The API has no footer cost types, so both are 0."""
    empty = RelationAddress()
    lines = tuple(StoredSalesOrderLine(article_code(_ref(r, "artikel")) if _ref(r, "artikel") else "",
                                       _text(r, "omschrijving"), _amount(r, "aantal", "1"), _amount(r, "stuksprijs"),
                                       _amount(r, "kortingsPercentage"), _amount(r, "totaal"))
                  for r in data.get("regels") or () if isinstance(r, dict))
    return StoredSalesOrder(
        number=int(data["nummer"]), relation_code=relation_code(_ref(data, "relatie")), date=_date(data),
        template_id=_ref(data, "verkoopordersjabloon"), process_status=_text(data, "procesStatus") or "Order",
        payment_reference=_text(data, "betalingskenmerk"), description=_text(data, "omschrijving"),
        vat_entry=_text(data, "verkooporderBtwIngaveModel") or "Inclusief",
        invoice_address=address(data.get("factuuradres"), countries) or empty,
        delivery_address=address(data.get("afleveradres"), countries) or empty,
        lines=lines, total_incl_vat=_amount(data, "totaalInclusiefBtw"), memo=_text(data, "memo"),
        id=_text(data, "id"))


def wall_clock_period(since: datetime | None, until: datetime | None) -> tuple[datetime | None, datetime | None]:
    """A period's bounds as SnelStart's dates are read (zone-less Dutch wall-clock time)."""
    def local(moment: datetime | None) -> datetime | None:
        return moment.astimezone(AMSTERDAM).replace(tzinfo=None) if moment and moment.tzinfo else moment
    return local(since), local(until)


def order_number(data: dict) -> int:
    return int(data["nummer"])


def order_date(data: dict) -> datetime:
    return _date(data)


def total_incl_vat(data: dict) -> Decimal:
    return _amount(data, "totaalInclusiefBtw")


def total_vat(data: dict) -> Decimal | None:
    """The VAT SnelStart computed for the order: totaalInclusiefBtw − totaalExclusiefBtw."""
    if data.get("totaalInclusiefBtw") in (None, "") or data.get("totaalExclusiefBtw") in (None, ""):
        return None
    return _amount(data, "totaalInclusiefBtw") - _amount(data, "totaalExclusiefBtw")
