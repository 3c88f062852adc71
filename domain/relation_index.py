"""An index over relations, so recognition answers in constant time instead of scanning.

The in-memory administration uses it directly; SQL and OData adapters answer the same
`RelationLookup` queries themselves.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from domain.customer import Relation, normalise_postcode, normalise_vat, split_emails
from domain.matching import EmailPass


def _email_keys(relation: Relation) -> dict[EmailPass, tuple[str, ...]]:
    return {
        EmailPass.RELATION: split_emails(relation.email),
        EmailPass.INVOICE: relation.invoice_email.addresses(),
        EmailPass.OTHER: relation.quote_email.addresses() + relation.confirmation_email.addresses()
        + relation.reminder_email.addresses(),
    }


class RelationIndex:
    def __init__(self, relations: Iterable[Relation] = ()):
        self._by_code: dict[int, Relation] = {}
        self._email: dict[EmailPass, dict[str, dict[int, Relation]]] = {p: defaultdict(dict) for p in EmailPass}
        self._vat: dict[str, dict[int, Relation]] = defaultdict(dict)
        self._coc: dict[str, dict[int, Relation]] = defaultdict(dict)
        self._postcode: dict[tuple[str, str], dict[int, Relation]] = defaultdict(dict)
        for relation in relations:
            self.add(relation)

    def add(self, relation: Relation) -> None:
        if relation.code in self._by_code:
            self.remove(self._by_code[relation.code])
        self._by_code[relation.code] = relation
        for email_pass, emails in _email_keys(relation).items():
            for email in emails:
                self._email[email_pass][email][relation.code] = relation
        if relation.vat_number:
            self._vat[normalise_vat(relation.vat_number)][relation.code] = relation
        if relation.coc_number.strip():
            self._coc[relation.coc_number.strip()][relation.code] = relation
        address = relation.establishment
        if address.postcode:
            self._postcode[(address.country.upper(), normalise_postcode(address.postcode))][relation.code] = relation

    def remove(self, relation: Relation) -> None:
        self._by_code.pop(relation.code, None)
        for table in (*self._email.values(), self._vat, self._coc, self._postcode):
            for bucket in table.values():
                bucket.pop(relation.code, None)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    # RelationLookup -------------------------------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        code = code.strip()
        return self._by_code.get(int(code)) if code.isdigit() else None

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return list(self._email[email_pass].get(email, {}).values())

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return list(self._vat.get(vat_number, {}).values())

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return list(self._coc.get(coc_number, {}).values())

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return list(self._postcode.get((country, postcode), {}).values())
