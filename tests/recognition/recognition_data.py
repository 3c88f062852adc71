"""Relations and orders as the feature file and the property tests describe them."""
from __future__ import annotations

from datetime import datetime

from domain.customer import (EmailSetting, Relation, RelationAddress, normalise_coc, normalise_country,
                             normalise_postcode, normalise_vat, split_emails)
from domain.order import Address, CustomerData, WebshopOrder
from domain.recognition import EmailPass

# Column of the feature's relation table → (field of Relation, part of an e-mail block).
_EMAIL_BLOCKS = {"invoice": "invoice_email", "quote": "quote_email", "confirmation": "confirmation_email",
                 "reminder": "reminder_email"}
RELATION_COLUMNS = {"code", "name", "e-mail", "postcode", "country", "VAT number", "KvK number", "status",
                    *(f"{block} {part}" for block in _EMAIL_BLOCKS for part in ("e-mail", "cc"))}
ORDER_FIELDS = {"e-mail", "company", "first name", "last name", "billing postcode", "billing country",
                "delivery postcode", "delivery country", "VAT number", "KvK number"}


def relation_from_row(row: dict[str, str]) -> Relation:
    unknown = set(row) - RELATION_COLUMNS
    assert not unknown, f"unknown relation column(s) {sorted(unknown)}; known: {sorted(RELATION_COLUMNS)}"
    assert row.get("status", "active") in ("active", "inactive"), row["status"]
    blocks = {field: EmailSetting(bool(row.get(f"{block} e-mail")), row.get(f"{block} e-mail", ""),
                                  row.get(f"{block} cc", ""))
              for block, field in _EMAIL_BLOCKS.items()}
    return Relation(code=int(row["code"]), name=row.get("name", ""),
                    establishment=RelationAddress(postcode=row.get("postcode", ""), country=row.get("country") or "NL"),
                    email=row.get("e-mail", ""), vat_number=row.get("VAT number", ""),
                    coc_number=row.get("KvK number", ""), inactive=row.get("status") == "inactive", **blocks)


def relations_from_table(table: list[list[str]]) -> list[Relation]:
    header, *rows = table
    return [relation_from_row(dict(zip(header, row))) for row in rows]


def order_from_fields(fields: list[tuple[str, str]]) -> WebshopOrder:
    """An order from (field, value) rows; `shop field <name>` rows are the shop's extra customer
    fields, where a klantcode lives."""
    values: dict[str, str] = {}
    extra: list[tuple[str, str]] = []
    for field, value in fields:
        if field.startswith("shop field "):
            extra.append((field.removeprefix("shop field "), value))
        else:
            assert field in ORDER_FIELDS, f"unknown order field {field!r}; known: {sorted(ORDER_FIELDS)}"
            values[field] = value
    billing = Address(company=values.get("company", ""), first_name=values.get("first name", ""),
                      last_name=values.get("last name", ""), postcode=values.get("billing postcode", ""),
                      country=values.get("billing country", "NL"))
    shipping = None
    if "delivery postcode" in values or "delivery country" in values:
        shipping = Address(street="Afleverstraat", postcode=values.get("delivery postcode", ""),
                           country=values.get("delivery country", billing.country))
    customer = CustomerData(email=values.get("e-mail", ""), company=values.get("company", ""),
                            vat_number=values.get("VAT number", ""), coc_number=values.get("KvK number", ""),
                            extra_fields=tuple(extra))
    moment = datetime(2024, 3, 1, 10, 0)
    return WebshopOrder(order_id="1817700_00012", number="12", order_date=moment, change_time=moment,
                        customer=customer, billing=billing, shipping=shipping)


class ScanningLookup:
    """The obvious RelationLookup: look at every relation, in the order given. It is the oracle
    the index must agree with, and a lookup without `names_by_postcode`."""

    def __init__(self, relations: list[Relation]):
        self.relations = list(relations)

    def relation_by_code(self, code: str) -> Relation | None:
        return next((r for r in self.relations if str(r.code) == code), None)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        def fields(r: Relation) -> list[str]:
            if email_pass is EmailPass.RELATION:
                return [r.email]
            blocks = [r.invoice_email] if email_pass is EmailPass.INVOICE else \
                [r.quote_email, r.confirmation_email, r.reminder_email]
            return [b.email for b in blocks] + [b.cc_email for b in blocks]
        return [r for r in self.relations if any(email in split_emails(f) for f in fields(r))]

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return [r for r in self.relations
                if normalise_vat(r.vat_number, normalise_country(r.establishment.country)) == vat_number]

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return [r for r in self.relations if normalise_coc(r.coc_number, r.establishment.country) == coc_number]

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return [r for r in self.relations if normalise_postcode(r.establishment.postcode) == postcode
                and normalise_country(r.establishment.country) == country]
