"""An index over relations, so recognition answers in constant time instead of scanning.

The in-memory administration uses it directly; the embedded (SQLite) administration files the
same `search_keys` in a table; other SQL and OData adapters answer the same `RelationLookup`
queries themselves. Keys are normalised exactly as `RelationLookup` describes:
every address of every e-mail field per pass, VAT numbers with their country prefix made
explicit from the establishment country, KvK numbers, and (country, postcode) of the
establishment address, where the normalised names are kept for the name step.

Most keys belong to one relation, so a key maps to a bare relation code and only becomes a list
when a second relation shares it: 200,000 relations then cost tens of megabytes, not hundreds.
"""
from __future__ import annotations

import gc
from typing import Iterable, Iterator, Sequence

from domain.customer import (EmailSetting, Relation, RelationAddress, normalise_coc, normalise_country,
                             normalise_name, normalise_postcode, normalise_vat, split_emails)
from domain.recognition import EmailPass

_Table = dict  # key → relation code, or list of relation codes when several share the key


def _put(table: _Table, key: object, code: int) -> None:
    found = table.get(key)
    if found is None:
        table[key] = code
    elif found.__class__ is int:
        if found != code:
            table[key] = [found, code]
    elif code not in found:
        found.append(code)


def _drop(table: _Table, key: object, code: int) -> None:
    found = table.get(key)
    if found is None:
        return
    if found.__class__ is int:
        if found == code:
            del table[key]
    elif code in found:
        found.remove(code)
        if len(found) == 1:
            table[key] = found[0]


def _addresses(*settings: EmailSetting) -> tuple[str, ...]:
    found: tuple[str, ...] = ()
    for setting in settings:
        if setting.email or setting.cc_email:  # most relations leave most of these blocks empty
            found += setting.addresses()
    return found


def email_keys(relation: Relation) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The normalised addresses of a relation, per pass of the e-mail search."""
    return (split_emails(relation.email), _addresses(relation.invoice_email),
            _addresses(relation.quote_email, relation.confirmation_email, relation.reminder_email))


# The kinds of search key, as `search_keys` yields them: the e-mail kinds in the order of the
# passes (EMAIL_KEYS[email_pass - 1]), then VAT number, KvK number and establishment postcode.
EMAIL_KEYS = ("email", "invoice_email", "other_email")
VAT_KEY, COC_KEY, POSTCODE_KEY = "vat", "coc", "postcode"
SEARCH_KEY_KINDS = (*EMAIL_KEYS, VAT_KEY, COC_KEY, POSTCODE_KEY)
_EMAIL, _INVOICE_EMAIL, _OTHER_EMAIL = EMAIL_KEYS


def search_keys(relation: Relation) -> Iterator[tuple[str, str | tuple[str, str]]]:
    """Every (kind, normalised value) under which recognition may look the relation up; the
    postcode key is (country, postcode). One pass, no intermediate lists, because an index over
    a large administration runs this 200,000 times. A value may come twice (the same address in
    two fields of one pass): stores that keep a key once per relation drop the repeats.

    This is THE normalisation of a relation's side of every look-up: the in-memory index and
    the SQL administrations' search-key tables both file relations under these keys, so they
    cannot answer differently."""
    if relation.email:
        for address in split_emails(relation.email):
            yield _EMAIL, address
    setting = relation.invoice_email
    if setting.email or setting.cc_email:
        for address in setting.addresses():
            yield _INVOICE_EMAIL, address
    for setting in (relation.quote_email, relation.confirmation_email, relation.reminder_email):
        if setting.email or setting.cc_email:
            for address in setting.addresses():
                yield _OTHER_EMAIL, address
    establishment = relation.establishment
    country = normalise_country(establishment.country)
    if relation.vat_number:
        vat = normalise_vat(relation.vat_number, country)
        if vat:
            yield VAT_KEY, vat
    if relation.coc_number:
        coc = normalise_coc(relation.coc_number, country)
        if coc:
            yield COC_KEY, coc
    postcode = normalise_postcode(establishment.postcode)
    if postcode:
        yield POSTCODE_KEY, (country, postcode)


def search_key_columns(relations: Sequence[Relation]) -> Iterator[tuple[str, list[tuple[object, int]]]]:
    """`search_keys` of many relations at once, a kind at a time: (kind, [(key, relation code),
    …]) in the order of the relations. The same normalisation functions on the same fields give
    the same keys (tests/recognition/test_relation_index.py holds the two to each other); the
    loops run as comprehensions, and each country is normalised once, not once per relation."""
    yield _EMAIL, [(address, r.code) for r in relations if r.email for address in split_emails(r.email)]
    yield _INVOICE_EMAIL, [(address, r.code) for r in relations
                           if (invoice := r.invoice_email).email or invoice.cc_email
                           for address in invoice.addresses()]
    # Most relations leave these three blocks empty: asked inline, without a call.
    yield _OTHER_EMAIL, [(address, r.code) for r in relations
                         if r.quote_email.email or r.quote_email.cc_email or r.confirmation_email.email
                         or r.confirmation_email.cc_email or r.reminder_email.email or r.reminder_email.cc_email
                         for address in _addresses(r.quote_email, r.confirmation_email, r.reminder_email)]
    establishments = [r.establishment for r in relations]
    country_of = {raw: normalise_country(raw) for raw in {e.country for e in establishments}}
    countries = [country_of[e.country] for e in establishments]
    yield VAT_KEY, [(vat, r.code) for r, country in zip(relations, countries)
                    if r.vat_number and (vat := normalise_vat(r.vat_number, country))]
    yield COC_KEY, [(coc, r.code) for r, country in zip(relations, countries)
                    if r.coc_number and (coc := normalise_coc(r.coc_number, country))]
    yield POSTCODE_KEY, [((country, postcode), r.code) for r, country, postcode
                         in zip(relations, countries, _postcodes(establishments)) if postcode]


def _postcodes(establishments: list[RelationAddress]) -> list[str]:
    """`normalise_postcode` of every establishment, worked in C on the column as one string:
    joined with NUL, whitespace dropped and capitals made once, split at the NULs again (a call
    per relation was a tenth of the build). Neither step looks beyond a character, so each
    postcode comes out as normalise_postcode makes it; a NUL inside a postcode is done one by one."""
    raw = [e.postcode or "" for e in establishments]
    joined = "\0".join(raw)
    if joined.count("\0") != len(raw) - 1:
        return [normalise_postcode(postcode) for postcode in raw]
    return "".join(joined.split()).upper().split("\0")


def _file_column(table: _Table, column: list[tuple[object, int]]) -> None:
    """Files a kind's (key, code) pairs in its empty table: the dictionary takes them all in one
    call; only keys of more than one relation (shared e-mail addresses, business parks) are then
    gathered into lists, in the order of the relations, each code once."""
    table.update(column)  # the last code of each key
    if len(table) == len(column):
        return
    shared = {key for key, code in column if table[key] != code}  # a key with one code twice is not
    gathered: dict[object, list[int]] = {}
    for key, code in [pair for pair in column if pair[0] in shared]:
        codes = gathered.setdefault(key, [])
        if code not in codes:
            codes.append(code)
    for key, codes in gathered.items():
        table[key] = codes[0] if len(codes) == 1 else codes


class RelationIndex:
    """A `RelationLookup` (and `NamedRelationLookup`) over relations held in memory."""

    def __init__(self, relations: Iterable[Relation] = ()):
        self._by_code: dict[int, Relation] = {}
        self._email: tuple[_Table, _Table, _Table] = ({}, {}, {})
        self._vat: _Table = {}
        self._coc: _Table = {}
        self._postcode: _Table = {}
        self._names: dict[int, str] = {}  # normalised names, by relation code (see names_by_postcode)
        self._tables = dict(zip(SEARCH_KEY_KINDS, (*self._email, self._vat, self._coc, self._postcode),
                                     strict=True))
        self._add_all(relations)

    def _add_all(self, relations: Iterable[Relation]) -> None:
        """`add` for many relations at once, into the empty index: the keys of each kind for all
        relations (`search_key_columns`), filed by the dictionary itself (`_file_column`). An
        index over 200,000 relations files some 600,000 keys; a Python call or loop step per key
        was most of the build time (issue 19: ≤ 1 s for 200,000 relations)."""
        relations = list(relations)
        by_code = self._by_code
        by_code.update(zip([relation.code for relation in relations], relations))
        if len(by_code) != len(relations):  # rare: a code given twice; the later relation counts
            by_code.clear()
            for relation in relations:
                self.add(relation)
            return
        collecting = gc.isenabled()
        # Nothing filed here can form a reference cycle; the collector would only walk the
        # growing index again and again (a third of the build time for 200,000 relations).
        gc.disable()
        try:
            for kind, column in search_key_columns(relations):
                _file_column(self._tables[kind], column)
        finally:
            if collecting:
                gc.enable()

    def _file(self, relation: Relation, action) -> None:
        """Puts (or drops) every search key of the relation in its table."""
        code, tables = relation.code, self._tables
        for kind, key in search_keys(relation):
            action(tables[kind], key, code)

    def add(self, relation: Relation) -> None:
        """Adds a relation, or replaces the one with the same code."""
        if relation.code in self._by_code:
            self.remove(self._by_code[relation.code])
        self._by_code[relation.code] = relation
        self._file(relation, _put)

    def remove(self, relation: Relation) -> None:
        """Removes the relation with this code (as it was added, whatever `relation` now says)."""
        stored = self._by_code.pop(relation.code, None)
        if stored is not None:
            self._file(stored, _drop)
            self._names.pop(stored.code, None)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Relation]:
        return iter(list(self._by_code.values()))

    def _relations(self, table: _Table, key: object) -> list[Relation]:
        found = table.get(key)
        if found is None:
            return []
        if found.__class__ is int:
            return [self._by_code[found]]
        return [self._by_code[code] for code in found]

    # RelationLookup (arguments normalised, see domain.recognition.RelationLookup) ---------------
    def relation_by_code(self, code: str) -> Relation | None:
        code = code.strip()
        return self._by_code.get(int(code)) if code.isascii() and code.isdigit() else None

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._relations(self._email[email_pass - 1], email)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._relations(self._vat, vat_number)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._relations(self._coc, coc_number)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._relations(self._postcode, (country, postcode))

    # NamedRelationLookup --------------------------------------------------------------------------
    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        """Names are normalised on first use and kept: only the last step of `smart` needs them,
        so a large administration does not pay for them when the index is built."""
        pairs = []
        for relation in self.relations_by_postcode(country, postcode):
            name = self._names.get(relation.code)
            if name is None:
                name = self._names[relation.code] = normalise_name(relation.name)
            pairs.append((relation, name))
        return pairs
