"""The B2B simulator's wire models: the API's lowerCamelCase JSON ↔ the domain objects the
in-memory administration keeps, plus the filter schemas (UpperCamelCase) of each resource.

Ids: every object gets a GUID that is a uuid5 of its snapshot id (`r-1001` →
`uuid5(SIM_NAMESPACE, "relatie:r-1001")`), so the same snapshot always gives the same GUIDs and
`B2BSimulator.snapshot()` gives back the snapshot's own ids; objects created through the API get
the in-memory administration's ids (`r-1002`, `a-ART-9`, `o-6`) and a GUID derived the same way.

Money and quantities go out as JSON strings ("24.95") and come in as strings or numbers, read
as Decimal (the request body is parsed with parse_float=Decimal, so no float ever exists).
"""
from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.money import cents
from infrastructure.simulators.snelstart_b2b.filter import Coll
from infrastructure.snelstart.snapshot import StoredSalesOrder

SIM_NAMESPACE = uuid.UUID("5b2b5e1a-7c0d-4e6b-9a35-2f0c1d3e4a51")

# -- filter schemas ---------------------------------------------------------------------------
REFERENCE = {"Id": "guid"}
ADDRESS = {"Contactpersoon": "string", "Straat": "string", "Postcode": "string", "Plaats": "string",
           "Land": REFERENCE}
EMAIL_SETTING = {"ShouldSend": "bool", "Email": "string", "CcEmail": "string"}
EXTRA_FIELD = {"Naam": "string", "Waarde": "string"}
EMAIL_SETTINGS = (("factuurEmailVersturen", "invoice_email"), ("offerteEmailVersturen", "quote_email"),
                  ("bevestigingsEmailVersturen", "confirmation_email"), ("aanmaningEmailVersturen", "reminder_email"))

RELATIE_SCHEMA = {
    "Id": "guid", "Relatiecode": "int", "Relatiesoort": Coll("string"), "Naam": "string",
    "VestigingsAdres": ADDRESS, "CorrespondentieAdres": ADDRESS, "Telefoon": "string",
    "MobieleTelefoon": "string", "Email": "string", "BtwNummer": "string", "KvkNummer": "string",
    "Krediettermijn": "int", "Nonactief": "bool",
    **{key[0].upper() + key[1:]: EMAIL_SETTING for key, _ in EMAIL_SETTINGS},
    "ExtraVeldenKlant": Coll(EXTRA_FIELD), "ModifiedOn": "datetime",
}
ARTIKEL_SCHEMA = {
    "Id": "guid", "Artikelcode": "string", "Omschrijving": "string", "Verkoopprijs": "decimal",
    "ArtikelOmzetgroep": REFERENCE, "IsNonActief": "bool", "ExtraVelden": Coll(EXTRA_FIELD),
    "IsHoofdartikel": "bool", "Subartikelen": Coll({"Artikelcode": "string", "Aantal": "decimal", "Id": "guid"}),
    "ModifiedOn": "datetime",
}
VERKOOPORDER_SCHEMA = {
    "Id": "guid", "Nummer": "int", "Relatie": REFERENCE, "Datum": "datetime", "ProcesStatus": "string",
    "VerkoopOrderStatus": "string", "Verkoopordersjabloon": REFERENCE, "Betalingskenmerk": "string",
    "Omschrijving": "string", "Memo": "string", "Orderreferentie": "string",
    "VerkooporderBtwIngaveModel": "string", "Factuuradres": ADDRESS, "Afleveradres": ADDRESS,
    "Regels": Coll({"Artikel": REFERENCE, "Omschrijving": "string", "Stuksprijs": "decimal", "Aantal": "decimal",
                    "KortingsPercentage": "decimal", "Totaal": "decimal"}),
    "TotaalExclusiefBtw": "decimal", "TotaalInclusiefBtw": "decimal", "ModifiedOn": "datetime",
}

# ISO 3166-1 alpha-2, alpha-3 and SnelStart's Dutch name. The live list is longer; these cover
# the shop's usual countries. A country a snapshot uses that is not here is added on start.
COUNTRIES = (
    ("NL", "NLD", "Nederland"), ("BE", "BEL", "België"), ("DE", "DEU", "Duitsland"), ("FR", "FRA", "Frankrijk"),
    ("GB", "GBR", "Verenigd Koninkrijk"), ("CH", "CHE", "Zwitserland"), ("AT", "AUT", "Oostenrijk"),
    ("LU", "LUX", "Luxemburg"), ("ES", "ESP", "Spanje"), ("IT", "ITA", "Italië"), ("DK", "DNK", "Denemarken"),
    ("SE", "SWE", "Zweden"), ("US", "USA", "Verenigde Staten"), ("PL", "POL", "Polen"), ("PT", "PRT", "Portugal"),
    ("IE", "IRL", "Ierland"), ("FI", "FIN", "Finland"), ("NO", "NOR", "Noorwegen"), ("GR", "GRC", "Griekenland"),
    ("CZ", "CZE", "Tsjechië"),
)


@lru_cache(maxsize=1 << 16)  # the view is rebuilt after each write; a uuid5 costs a SHA-1
def guid_for(kind: str, key: object) -> str:
    return str(uuid.uuid5(SIM_NAMESPACE, f"{kind}:{key}"))


def relation_guid(r: Relation) -> str:
    return guid_for("relatie", r.id) if r.id else guid_for("relatie#code", r.code)


def article_guid(a: Article) -> str:
    return guid_for("artikel", a.id) if a.id else guid_for("artikel#code", a.code)


def group_guid(g: RevenueGroup) -> str:
    return guid_for("artikelomzetgroep", g.id)


def template_guid(t: SalesTemplate) -> str:
    return guid_for("verkoopordersjabloon", t.id)


def order_guid(o: StoredSalesOrder) -> str:
    return guid_for("verkooporder", o.id) if o.id else guid_for("verkooporder#nummer", o.number)


def amount(value: Decimal) -> str:
    return format(value, "f")


def moment(value: datetime) -> str:
    return value.replace(microsecond=0).isoformat()


class Countries:
    """The `landen` list: ISO code ↔ GUID."""

    def __init__(self, extra_codes: set[str] = frozenset()):
        rows = list(COUNTRIES)
        known = {code for code, _, _ in rows}
        rows += [(code, "", code) for code in sorted(extra_codes - known) if code]
        self.rows = [{"id": guid_for("land", code), "uri": f"/landen/{guid_for('land', code)}", "naam": naam,
                      "landcode": code, "landcodeISO": iso3} for code, iso3, naam in rows]
        self._by_code = {row["landcode"]: row["id"] for row in self.rows}
        self._by_id = {row["id"]: row["landcode"] for row in self.rows}

    def id_of(self, code: str) -> str:
        return self._by_code.get((code or "NL").upper(), self._by_code["NL"])

    def code_of(self, land_id: str) -> str | None:
        return self._by_id.get(land_id.lower())


def _ref(resource: str, guid: str | None) -> dict | None:
    return None if not guid else {"id": guid, "uri": f"/{resource}/{guid}"}


def address_json(a: RelationAddress | None, countries: Countries) -> dict | None:
    if a is None:
        return None
    return {"contactpersoon": a.contact_person, "straat": a.street, "postcode": a.postcode, "plaats": a.city,
            "land": _ref("landen", countries.id_of(a.country))}


def _email_json(e: EmailSetting) -> dict:
    return {"shouldSend": e.should_send, "email": e.email, "ccEmail": e.cc_email}


def _extra_json(fields: tuple[tuple[str, str], ...]) -> list[dict]:
    return [{"naam": name, "waarde": value} for name, value in fields]


def relation_json(r: Relation, countries: Countries, modified: datetime) -> dict:
    guid = relation_guid(r)
    data = {"id": guid, "uri": f"/relaties/{guid}", "relatiecode": r.code, "relatiesoort": list(r.kinds),
            "naam": r.name, "vestigingsAdres": address_json(r.establishment, countries),
            "correspondentieAdres": address_json(r.correspondence, countries), "telefoon": r.phone,
            "mobieleTelefoon": "", "email": r.email, "btwNummer": r.vat_number, "kvkNummer": r.coc_number,
            "krediettermijn": r.payment_term, "nonactief": r.inactive}
    for key, name in EMAIL_SETTINGS:
        data[key] = _email_json(getattr(r, name))
    data["extraVeldenKlant"] = _extra_json(r.extra_fields)
    data["modifiedOn"] = moment(modified)
    return data


def article_json(a: Article, group: RevenueGroup | None, guid_of_code: Callable[[str], str],
                 modified: datetime) -> dict:
    """`recept` becomes isHoofdartikel + subartikelen; its placing setting has no API counterpart."""
    guid = article_guid(a)
    lines = () if a.recipe is None else a.recipe.lines
    return {"id": guid, "uri": f"/artikelen/{guid}", "artikelcode": a.code, "omschrijving": a.description,
            "verkoopprijs": amount(a.sales_price),
            "artikelOmzetgroep": _ref("artikelomzetgroepen", group_guid(group) if group else None),
            "isNonActief": a.inactive, "extraVelden": _extra_json(a.extra_fields), "isHoofdartikel": bool(lines),
            "subartikelen": [{"artikelcode": line.article_code, "aantal": amount(line.quantity),
                              "id": guid_of_code(line.article_code),
                              "uri": f"/artikelen/{guid_of_code(line.article_code)}"} for line in lines],
            "modifiedOn": moment(modified)}


def group_json(g: RevenueGroup) -> dict:
    guid = group_guid(g)
    return {"id": guid, "uri": f"/artikelomzetgroepen/{guid}", "nummer": g.number, "omschrijving": g.description,
            "verkoopNederlandBtwSoort": g.vat_kind or None, "verkoopGrootboekNederlandIdentifier": None}


def template_json(t: SalesTemplate) -> dict:
    guid = template_guid(t)
    return {"id": guid, "uri": f"/verkoopordersjablonen/{guid}", "omschrijving": t.description,
            "nonactief": t.inactive, "prijsIngaveExclusiefBtw": t.prices_excl_vat, "nieuweOrdersBlokkeren": False,
            "extraHoofdVelden": [], "extraRegelVelden": []}


@dataclass(frozen=True)
class OrderContext:
    """What an order's JSON needs from the rest of the administration."""

    relation_guid: Callable[[int], str | None]
    article_guid: Callable[[str], str | None]
    template_guid: Callable[[str], str | None]
    vat_rate: Callable[[str], Decimal | None]  # by artikelcode
    countries: Countries


def order_json(o: StoredSalesOrder, ctx: OrderContext, modified: datetime, extras: dict | None = None) -> dict:
    guid = order_guid(o)
    return {"id": guid, "uri": f"/verkooporders/{guid}", "nummer": o.number,
            "relatie": _ref("relaties", ctx.relation_guid(o.relation_code)), "datum": moment(o.date),
            "procesStatus": o.process_status, "verkoopOrderStatus": "InBehandeling",
            "verkoopordersjabloon": _ref("verkoopordersjablonen", ctx.template_guid(o.template_id)),
            "betalingskenmerk": o.payment_reference, "omschrijving": o.description, "memo": o.memo,
            "orderreferentie": (extras or {}).get("orderreferentie") or "",
            "verkooporderBtwIngaveModel": o.vat_entry,
            "factuuradres": address_json(o.invoice_address, ctx.countries),
            "afleveradres": address_json(o.delivery_address, ctx.countries),
            "regels": [{"artikel": _ref("artikelen", ctx.article_guid(line.article_code) if line.article_code
                                        else None),
                        "omschrijving": line.description, "stuksprijs": amount(line.unit_price),
                        "aantal": amount(line.quantity), "kortingsPercentage": amount(line.discount_percentage),
                        "totaal": amount(line.total)} for line in o.lines],
            "totaalExclusiefBtw": amount(total_excl_vat(o, ctx.vat_rate, (extras or {}).get("vat"))),
            "totaalInclusiefBtw": amount(o.total_incl_vat), "modifiedOn": moment(modified)}


def total_excl_vat(o: StoredSalesOrder, vat_rate: Callable[[str], Decimal | None],
                   vat: Decimal | None = None) -> Decimal:
    """What SnelStart shows beside totaalInclusiefBtw: the total minus the `vat` computed when the
    order was made; for an order the simulator started with, with prices excl. VAT the lines'
    sum, with prices incl. VAT the total minus the VAT per rate (rounded once per rate, like the
    invoice's VAT specification). A line whose rate is unknown counts as without VAT."""
    if vat is not None:
        return o.total_incl_vat - vat
    footer = o.cost_type_1 + o.cost_type_2
    if o.vat_entry == "Exclusief":
        return cents(sum((line.total for line in o.lines), footer))
    bases: dict[Decimal, Decimal] = {}
    for line in o.lines:
        if line.article_code:
            rate = vat_rate(line.article_code) or Decimal(0)
            bases[rate] = bases.get(rate, Decimal(0)) + line.total
    vat = sum((cents(base * rate / (100 + rate)) for rate, base in bases.items()), Decimal(0))
    return o.total_incl_vat - vat


# -- reading request bodies -------------------------------------------------------------------
class BodyError(Exception):
    """A body the API refuses as invalid or incomplete JSON (REF-0016)."""


class Body:
    """One JSON object of a request body, read with the types the API's models declare."""

    def __init__(self, value: Any, path: str = ""):
        if not isinstance(value, dict):
            raise BodyError(f"{path or 'the body'} must be a JSON object")
        self.value, self.path = value, path

    def _at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def present(self, key: str) -> bool:
        return self.value.get(key) is not None

    def text(self, key: str) -> str:
        value = self.value.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise BodyError(f"{self._at(key)} must be a string")
        return value

    def integer(self, key: str) -> int | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise BodyError(f"{self._at(key)} must be a whole number")
        return value

    def boolean(self, key: str) -> bool:
        value = self.value.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise BodyError(f"{self._at(key)} must be true or false")
        return value

    def decimal(self, key: str) -> Decimal | None:
        value = self.value.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise BodyError(f"{self._at(key)} must be a number")
        try:
            result = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            raise BodyError(f"{self._at(key)} must be a number, not {value!r}") from None
        if not result.is_finite():
            raise BodyError(f"{self._at(key)} must be a number, not {value!r}")
        return result

    def child(self, key: str) -> Body | None:
        value = self.value.get(key)
        return None if value is None else Body(value, self._at(key))

    def items(self, key: str) -> list[Body]:
        value = self.value.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise BodyError(f"{self._at(key)} must be a list")
        return [Body(item, f"{self._at(key)}[{n}]") for n, item in enumerate(value)]

    def strings(self, key: str) -> list[str] | None:
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise BodyError(f"{self._at(key)} must be a list of strings")
        return value

    def reference(self, key: str) -> str | None:
        """The `id` of an identifier object `{"id": "…"}` (lower-cased); None when absent."""
        ref = self.child(key)
        if ref is None:
            return None
        guid = ref.text("id").strip().lower()
        return guid or None
