"""Domain objects ↔ rows of the embedded administration's tables (schema.py).

Rows going in are dicts keyed by column name (the parameters of `sql.insert`); rows coming out
are read by position, in the order of each table's columns.
"""
from __future__ import annotations

from datetime import datetime
from typing import Iterable, Iterator, Sequence

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.recipe import Recipe, RecipeLine, RecipePlacement
from domain.relation_index import POSTCODE_KEY, search_keys
from infrastructure.snelstart.odbc.money import money_from_db, money_to_db
from infrastructure.snelstart.snapshot import StoredSalesOrder, StoredSalesOrderLine
from infrastructure.snelstart.rules.writes import field_key, reference_key

from infrastructure.snelstart.embedded.schema import (ARTICLES, RELATIONS, REVENUE_GROUPS, SALES_ORDERS,
                                                       TEMPLATES)

_EMAIL_SETTINGS = (("factuur", "invoice_email"), ("offerte", "quote_email"), ("bevestiging", "confirmation_email"),
                   ("aanmaning", "reminder_email"))
_ADDRESS_PARTS = ("Contactpersoon", "Straat", "Postcode", "Plaats", "Land")


def _address_row(prefix: str, address: RelationAddress | None) -> dict:
    values = (None,) * 5 if address is None else (address.contact_person, address.street, address.postcode,
                                                  address.city, address.country)
    return {prefix + part: value for part, value in zip(_ADDRESS_PARTS, values, strict=True)}


def _address(row: Sequence, at: int) -> RelationAddress | None:
    contact, street, postcode, city, country = row[at:at + 5]
    return None if country is None else RelationAddress(contact, street, postcode, city, country)


# Revenue groups and templates -------------------------------------------------------------------

def revenue_group_row(group: RevenueGroup) -> dict:
    return {"id": group.id, "nummer": group.number, "omschrijving": group.description,
            "omschrijvingZoek": reference_key(group.description), "btwSoort": group.vat_kind}


def revenue_group(row: Sequence) -> RevenueGroup:
    id_, number, description, _, vat_kind = row[:len(REVENUE_GROUPS.columns)]
    return RevenueGroup(id_, number, description, vat_kind)


def template_row(template: SalesTemplate) -> dict:
    return {"id": template.id, "nummer": template.number, "omschrijving": template.description,
            "omschrijvingZoek": reference_key(template.description),
            "prijsIngaveExclusiefBtw": int(template.prices_excl_vat), "nonactief": int(template.inactive)}


def template(row: Sequence) -> SalesTemplate:
    id_, number, description, _, excl, inactive = row[:len(TEMPLATES.columns)]
    return SalesTemplate(id_, description, bool(excl), bool(inactive), number)


# Relations --------------------------------------------------------------------------------------

def relation_row(relation: Relation) -> dict:
    row = {"relatiecode": relation.code, "id": relation.id, "relatiesoort": ",".join(relation.kinds),
           "naam": relation.name, **_address_row("vestiging", relation.establishment),
           **_address_row("correspondentie", relation.correspondence), "email": relation.email,
           "telefoon": relation.phone, "btwNummer": relation.vat_number, "kvkNummer": relation.coc_number,
           "krediettermijn": relation.payment_term, "nonactief": int(relation.inactive)}
    for prefix, name in _EMAIL_SETTINGS:
        setting: EmailSetting = getattr(relation, name)
        row.update({f"{prefix}EmailVersturen": int(setting.should_send), f"{prefix}Email": setting.email,
                    f"{prefix}CcEmail": setting.cc_email})
    return row


def relation_extra_rows(relation: Relation) -> Iterator[dict]:
    for position, (name, value) in enumerate(relation.extra_fields, start=1):
        yield {"relatiecode": relation.code, "positie": position, "naam": name, "waarde": value}


def search_key_rows(relation: Relation) -> Iterator[dict]:
    """The relation's search keys, each once (a shared address in two fields of a pass counts once)."""
    seen = set()
    for kind, key in search_keys(relation):
        country, value = key if kind == POSTCODE_KEY else ("", key)
        if (kind, value, country) not in seen:
            seen.add((kind, value, country))
            yield {"soort": kind, "waarde": value, "land": country, "relatiecode": relation.code}


_RELATION_INDEX = {name: i for i, name in enumerate(RELATIONS.column_names)}


def relation(row: Sequence, extra_fields: tuple[tuple[str, str], ...]) -> Relation:
    """`row`: the columns of tblRelatie, in order."""
    at = _RELATION_INDEX
    settings = {}
    for prefix, name in _EMAIL_SETTINGS:
        i = at[f"{prefix}EmailVersturen"]
        settings[name] = EmailSetting(bool(row[i]), row[i + 1], row[i + 2])
    establishment = _address(row, at["vestigingContactpersoon"])
    assert establishment is not None
    return Relation(
        code=row[at["relatiecode"]], name=row[at["naam"]], establishment=establishment,
        correspondence=_address(row, at["correspondentieContactpersoon"]), email=row[at["email"]],
        phone=row[at["telefoon"]], vat_number=row[at["btwNummer"]], coc_number=row[at["kvkNummer"]],
        payment_term=row[at["krediettermijn"]], extra_fields=extra_fields, inactive=bool(row[at["nonactief"]]),
        kinds=tuple(kind for kind in row[at["relatiesoort"]].split(",") if kind), id=row[at["id"]], **settings)


def relations(rows: Iterable[Sequence]) -> list[Relation]:
    """Relations from rows of tblRelatie's columns followed by one extra field (name, value),
    ordered by relatiecode and position: a relation has as many rows as extra fields, or one."""
    found: list[Relation] = []
    width = len(RELATIONS.columns)
    current, extras = None, []
    for row in rows:
        if current is None or row[0] != current[0]:
            if current is not None:
                found.append(relation(current, tuple(extras)))
            current, extras = row, []
        if row[width] is not None:
            extras.append((row[width], row[width + 1]))
    if current is not None:
        found.append(relation(current, tuple(extras)))
    return found


# Articles ---------------------------------------------------------------------------------------

def article_row(article: Article) -> dict:
    return {"artikelcode": article.code, "id": article.id, "omschrijving": article.description,
            "verkoopprijs": money_to_db(article.sales_price), "artikelOmzetgroep": article.revenue_group_id,
            "nonactief": int(article.inactive),
            "receptPlaatsen": None if article.recipe is None else article.recipe.placement.value}


def article_extra_rows(article: Article) -> Iterator[dict]:
    for position, (name, value) in enumerate(article.extra_fields, start=1):
        search_name, search_value = field_key(name, value)
        yield {"artikelcode": article.code, "positie": position, "naam": name, "waarde": value,
               "naamZoek": search_name, "waardeZoek": search_value}


def recipe_rows(article: Article) -> Iterator[dict]:
    for position, line in enumerate(article.recipe.lines if article.recipe else (), start=1):
        yield {"artikelcode": article.code, "positie": position, "onderdeelArtikelcode": line.article_code,
               "aantal": money_to_db(line.quantity)}


def article(row: Sequence, extra_fields: Iterable[Sequence], recipe_lines: Iterable[Sequence]) -> Article:
    """`extra_fields`: (naam, waarde) rows; `recipe_lines`: (onderdeelArtikelcode, aantal) rows."""
    code, id_, description, price, group, inactive, placement = row[:len(ARTICLES.columns)]
    recipe = None if placement is None else Recipe(
        RecipePlacement(placement), tuple(RecipeLine(c, money_from_db(q)) for c, q in recipe_lines))
    return Article(code, description, money_from_db(price), group, tuple((n, v) for n, v in extra_fields),
                   bool(inactive), recipe, id_)


# Sales orders -----------------------------------------------------------------------------------

def sales_order_row(order: StoredSalesOrder) -> dict:
    return {"nummer": order.number, "id": order.id, "relatiecode": order.relation_code,
            "datum": order.date.isoformat(), "verkoopordersjabloon": order.template_id,
            "procesStatus": order.process_status, "betalingskenmerk": order.payment_reference,
            "betalingskenmerkZoek": order.payment_reference.strip(), "omschrijving": order.description,
            "verkooporderBtwIngaveModel": order.vat_entry, **_address_row("factuur", order.invoice_address),
            **_address_row("aflever", order.delivery_address), "kostensoort1": money_to_db(order.cost_type_1),
            "kostensoort2": money_to_db(order.cost_type_2), "totaalInclusiefBtw": money_to_db(order.total_incl_vat),
            "memo": order.memo}


def sales_order_line_rows(order: StoredSalesOrder) -> Iterator[dict]:
    for position, line in enumerate(order.lines, start=1):
        yield {"nummer": order.number, "positie": position, "artikelcode": line.article_code,
               "omschrijving": line.description, "aantal": money_to_db(line.quantity),
               "stuksprijs": money_to_db(line.unit_price),
               "kortingsPercentage": money_to_db(line.discount_percentage), "totaal": money_to_db(line.total)}


_ORDER_INDEX = {name: i for i, name in enumerate(SALES_ORDERS.column_names)}


def sales_order(row: Sequence, lines: Iterable[Sequence]) -> StoredSalesOrder:
    """`lines`: rows of tblVerkooporderRegel's columns after nummer and positie, in order."""
    at = _ORDER_INDEX
    invoice, delivery = _address(row, at["factuurContactpersoon"]), _address(row, at["afleverContactpersoon"])
    assert invoice is not None and delivery is not None
    return StoredSalesOrder(
        number=row[at["nummer"]], relation_code=row[at["relatiecode"]],
        date=datetime.fromisoformat(row[at["datum"]]), template_id=row[at["verkoopordersjabloon"]],
        process_status=row[at["procesStatus"]], payment_reference=row[at["betalingskenmerk"]],
        description=row[at["omschrijving"]], vat_entry=row[at["verkooporderBtwIngaveModel"]],
        invoice_address=invoice, delivery_address=delivery,
        lines=tuple(StoredSalesOrderLine(code, text, money_from_db(quantity), money_from_db(price),
                                         money_from_db(discount), money_from_db(total))
                    for code, text, quantity, price, discount, total in lines),
        cost_type_1=money_from_db(row[at["kostensoort1"]]), cost_type_2=money_from_db(row[at["kostensoort2"]]),
        total_incl_vat=money_from_db(row[at["totaalInclusiefBtw"]]), memo=row[at["memo"]], id=row[at["id"]])
