"""Writing a snapshot: every field present, lists sorted, amounts as strings — so two dumps
can be compared with diff."""
from __future__ import annotations

import json
from decimal import Decimal

from domain.article import Article
from domain.customer import EmailSetting, Relation, RelationAddress

from infrastructure.snelstart.snapshot.model import _EMAIL_SETTINGS, Snapshot, StoredSalesOrder

# Writing ------------------------------------------------------------------------------------

def _amount(value: Decimal) -> str:
    return format(value, "f")


def _dump_address(a: RelationAddress | None) -> dict | None:
    if a is None:
        return None
    return {"contactpersoon": a.contact_person, "straat": a.street, "postcode": a.postcode, "plaats": a.city,
            "land": a.country.upper()}


def _dump_extra(fields: tuple[tuple[str, str], ...]) -> list[dict]:
    return [{"naam": name, "waarde": value} for name, value in fields]


def _dump_relation(r: Relation) -> dict:
    data = {"id": r.id, "relatiecode": r.code, "relatiesoort": list(r.kinds), "naam": r.name,
            "vestigingsAdres": _dump_address(r.establishment),
            "correspondentieAdres": _dump_address(r.correspondence), "email": r.email, "telefoon": r.phone,
            "btwNummer": r.vat_number, "kvkNummer": r.coc_number, "krediettermijn": r.payment_term}
    for key, name in _EMAIL_SETTINGS:
        e: EmailSetting = getattr(r, name)
        data[key] = {"shouldSend": e.should_send, "email": e.email, "ccEmail": e.cc_email}
    data["extraVeldenKlant"] = _dump_extra(r.extra_fields)
    data["nonactief"] = r.inactive
    return data


def _dump_article(a: Article) -> dict:
    recipe = None if a.recipe is None else {
        "plaatsen": a.recipe.placement.value,
        "regels": [{"artikelcode": l.article_code, "aantal": _amount(l.quantity)} for l in a.recipe.lines]}
    return {"id": a.id, "artikelcode": a.code, "omschrijving": a.description,
            "verkoopprijs": _amount(a.sales_price), "artikelOmzetgroep": a.revenue_group_id,
            "extraVelden": _dump_extra(a.extra_fields), "isNonActief": a.inactive, "recept": recipe}


def _dump_order(o: StoredSalesOrder) -> dict:
    return {"id": o.id, "nummer": o.number, "relatie": o.relation_code, "datum": o.date.isoformat(),
            "verkoopordersjabloon": o.template_id, "procesStatus": o.process_status,
            "betalingskenmerk": o.payment_reference, "omschrijving": o.description,
            "verkooporderBtwIngaveModel": o.vat_entry, "factuuradres": _dump_address(o.invoice_address),
            "afleveradres": _dump_address(o.delivery_address),
            "regels": [{"artikelcode": l.article_code, "omschrijving": l.description, "aantal": _amount(l.quantity),
                        "stuksprijs": _amount(l.unit_price), "kortingsPercentage": _amount(l.discount_percentage),
                        "totaal": _amount(l.total)} for l in o.lines],
            "kostensoort1": _amount(o.cost_type_1), "kostensoort2": _amount(o.cost_type_2),
            "totaalInclusiefBtw": _amount(o.total_incl_vat), "memo": o.memo}


def dump_snapshot(snapshot: Snapshot) -> dict:
    """Every field present, lists in a fixed order, amounts as strings: two dumps `diff` cleanly."""
    about = ({"administratie": {"id": snapshot.administration_id, "naam": snapshot.administration_name}}
             if snapshot.administration_id else {})  # none yet: given at the first run (see identity())
    return {
        **about,
        "artikelomzetgroepen": [{"id": g.id, "nummer": g.number, "omschrijving": g.description,
                                 "btwSoort": g.vat_kind} for g in snapshot.revenue_groups],
        "verkoopordersjablonen": [{"id": t.id, "nummer": t.number, "omschrijving": t.description,
                                   "prijsIngaveExclusiefBtw": t.prices_excl_vat, "nonactief": t.inactive}
                                  for t in snapshot.templates],
        "relaties": [_dump_relation(r) for r in snapshot.relations],
        "artikelen": [_dump_article(a) for a in snapshot.articles],
        "verkooporders": [_dump_order(o) for o in snapshot.sales_orders],
    }


def snapshot_json(snapshot: Snapshot) -> str:
    return json.dumps(dump_snapshot(snapshot), indent=2, ensure_ascii=False) + "\n"
