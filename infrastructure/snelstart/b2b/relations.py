"""The relations of a B2B administration as recognition asks for them: read once per run.

Recognition compares normalised values (domain.customer): e-mail lower-cased and split on `;`,
VAT numbers with the country prefix made explicit, KvK numbers padded to eight digits, postcodes
without spaces. SnelStart stores what users typed, and OData cannot express those comparisons:
`Email eq 'a@b.nl'` misses " A@B.nl ; c@d.nl", `KvkNummer eq '01234567'` misses "1234567",
and whether SnelStart compares strings case-insensitively is not documented. A filter that
misses a relation makes S-Connect create a duplicate customer, so instead the first look-up of
a run reads every relation (paged, 500 a call) into the same RelationIndex the in-memory
administration uses, and every look-up of the run is answered from it — the same answers as
every other adapter, at ceil(relations / 500) calls per run whatever the number of orders.

The searches see customers only (`relatiesoort` holds Klant), inactive ones included and
flagged (recognition skips them and says so); `relation_by_code` sees every relation, so a
supplier's code is not handed out again and booking on it is refused by SnelStart (VOR-0002).
"""
from __future__ import annotations

from typing import Callable

from domain.customer import Relation
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex
from infrastructure.snelstart.b2b import mapping
from infrastructure.snelstart.b2b.odata import RELATIECODE
from infrastructure.snelstart.b2b.transport import Transport

CUSTOMER = "Klant"


class RelationBook:
    def __init__(self, api: Transport, countries: Callable[[], mapping.Countries]):
        self._api, self._countries = api, countries
        self._index: RelationIndex | None = None
        self._by_code: dict[int, Relation] = {}
        self._code_of_id: dict[str, int] = {}
        self._highest = 0

    def _load(self) -> RelationIndex:
        if self._index is None:
            countries = self._countries()
            self._index = RelationIndex()
            for row in self._api.get_list("relaties"):
                self.remember(mapping.relation(row, countries))
        return self._index

    def remember(self, relation: Relation) -> None:
        """A relation as SnelStart now has it (read, created or updated in this run). Before the
        first look-up there is nothing to keep up to date: that look-up reads it all afresh."""
        index = self._index
        if index is None:
            return
        old = self._by_code.get(relation.code)
        if old is not None:
            index.remove(old)
        self._by_code[relation.code] = relation
        if relation.id:
            self._code_of_id[relation.id.lower()] = relation.code
        if CUSTOMER in relation.kinds:
            index.add(relation)
        self._highest = max(self._highest, relation.code)

    def code_taken(self, code: int) -> None:
        """SnelStart says `code` is in use although this run has not seen it (REL-0008)."""
        self._highest = max(self._highest, code)

    # Look-ups -----------------------------------------------------------------------------------
    def by_code(self, code: int) -> Relation | None:
        self._load()
        return self._by_code.get(code)

    def code_of_id(self, relation_id: str) -> int | None:
        """The relatiecode behind a relation's GUID (a sales order refers to its customer so)."""
        self._load()
        code = self._code_of_id.get(relation_id.lower())
        if code is None and relation_id:
            row = self._api.get(f"relaties/{relation_id}", missing_ok=True)
            if isinstance(row, dict):
                self.remember(mapping.relation(row, self._countries()))
                code = self._code_of_id.get(relation_id.lower())
        return code

    def fresh_by_code(self, code: int) -> dict | None:
        """The relation as SnelStart has it right now (not this run's copy): for an update, and
        to see whether a write whose answer was lost happened."""
        found = self._api.get_list("relaties", RELATIECODE.eq(code), unique=True)
        return next((row for row in found if int(row.get("relatiecode", -1)) == code), None)

    def next_code(self) -> int:
        """SnelStart's habit: one more than the highest relatiecode in use, of any kind."""
        self._load()
        return self._highest + 1

    # RelationLookup, answered from the index ----------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        code = code.strip()
        return self.by_code(int(code)) if code.isascii() and code.isdigit() else None

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return _sorted(self._load().relations_by_email(email, email_pass))

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return _sorted(self._load().relations_by_vat(vat_number))

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return _sorted(self._load().relations_by_coc(coc_number))

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return _sorted(self._load().relations_by_postcode(country, postcode))

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return sorted(self._load().names_by_postcode(country, postcode), key=lambda pair: pair[0].code)


def _sorted(relations: list[Relation]) -> list[Relation]:
    return sorted(relations, key=lambda r: r.code)
