"""The relations of a B2B administration as recognition asks for them: read once per run.

Recognition compares normalised values (domain.customer): e-mail lower-cased and split on `;`,
VAT numbers with the country prefix made explicit, KvK numbers padded to eight digits, postcodes
without spaces. SnelStart stores what users typed, and OData cannot express those comparisons:
`Email eq 'a@b.nl'` misses " A@B.nl ; c@d.nl", `KvkNummer eq '01234567'` misses "1234567",
and whether SnelStart compares strings case-insensitively is not documented. A filter that
misses a relation makes S-Connect create a duplicate customer, so instead the first look-up of
a run fills the same RelationIndex the in-memory administration uses with every relation, and
every look-up of the run is answered from it — the same answers as every other adapter.

Reading every relation costs ceil(relations / 500) calls: 100 for 50,000, every run, 1,200 an
hour at a run every 5 minutes — a quarter of the hourly limit spent on nothing (reference §5c).
So the relations are kept between runs in the state database (per administration), and a run
asks only what changed since: `GET /relaties?$filter=ModifiedOn gt datetime'…'`, the documented
example — one call when little changed. The moment asked from is the latest `modifiedOn`
SnelStart showed (its own clock, never ours) minus OVERLAP, so a relation saved in the same
second as the last one seen, or committed a moment late, is not missed; what comes back twice is
written over itself. Whether a deleted relation shows up in such a read is not documented ([I]),
so the copy is read whole again once it is a day old (FULL_READ_AFTER), when there is none, and
when SnelStart gave no `modifiedOn` to ask from. The index itself is built only when an order
needs it: a run that finds no new order asks SnelStart nothing about relations.

The searches see customers only (`relatiesoort` holds Klant), inactive ones included and
flagged (recognition skips them and says so); `relation_by_code` sees every relation, so a
supplier's code is not handed out again and booking on it is refused by SnelStart (VOR-0002).
"""
from __future__ import annotations

import gc
import logging
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Callable, Protocol

from domain.customer import Relation
from infrastructure.clock import AMSTERDAM
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex
from infrastructure.snelstart.b2b import mapping, relation_copy
from infrastructure.snelstart.b2b.odata import MODIFIED_ON, RELATIECODE
from infrastructure.snelstart.b2b.transport import Transport

log = logging.getLogger(__name__)

CUSTOMER = "Klant"
FULL_READ_AFTER = timedelta(days=1)
# Asked again from this long before the last read began: a relation saved while it ran, or on a
# SnelStart server whose clock is a little behind, is not missed.
OVERLAP = timedelta(minutes=5)


class KeptCopy(Protocol):
    full_read_at: datetime  # UTC
    modified_until: str  # the latest modifiedOn seen, as SnelStart wrote it
    relations: list[str]  # relation_copy JSON


class RelationMemory(Protocol):
    """Where the copy is kept between runs (the state store, infrastructure/state/b2b_memory.py)."""

    def relation_copy(self, administration: str) -> KeptCopy | None: ...
    def keep_relation_copy(self, administration: str, relations: dict[int, str], modified_until: str, *,
                           full_read_at: datetime | None = None) -> None: ...


class RelationBook:
    def __init__(self, api: Transport, countries: Callable[[], mapping.Countries],
                 memory: RelationMemory | None = None, administration: str = "",
                 now: Callable[[], float] = time.time):
        self._api, self._countries = api, countries
        self._memory, self._administration, self._now = memory, administration, now
        self._index: RelationIndex | None = None
        self._by_code: dict[int, Relation] = {}
        self._code_of_id: dict[str, int] = {}
        self._highest = 0

    def _load(self) -> RelationIndex:
        if self._index is None:
            kept = None if self._memory is None else self._memory.relation_copy(self._administration)
            now = datetime.fromtimestamp(self._now(), timezone.utc)
            try:
                if kept is None or not kept.modified_until or not now - FULL_READ_AFTER < kept.full_read_at <= now:
                    self._read_whole(now)
                elif not self._bring_up_to_date(kept):
                    self._read_whole(now)
            except BaseException:
                # Half a read is no index: the next look-up reads again rather than missing a relation.
                self._index, self._by_code, self._code_of_id = None, {}, {}
                raise
        return self._index

    def _read_whole(self, now: datetime) -> None:
        countries = self._countries()
        rows = self._api.get_list("relaties")
        with _no_collector():
            self._take([mapping.relation(row, countries) for row in rows])
        if self._memory is not None:
            self._memory.keep_relation_copy(self._administration,
                                            {code: relation_copy.dumps(r) for code, r in self._by_code.items()},
                                            self._read_began(rows, ""), full_read_at=now)

    def _read_began(self, rows: list[dict], before: str) -> str:
        """What the next run asks "changed since": when SnelStart began answering this read (its
        `Date`, as its zone-less Dutch wall clock) minus OVERLAP. Without a Date, the latest
        `modifiedOn` read (a relation saved in that same second may then wait for the daily whole
        read); "" when there is neither (the next run reads whole again)."""
        began = self._api.list_started_at
        if began is None:
            return _latest(rows, before)
        moment = (began.astimezone(AMSTERDAM).replace(tzinfo=None) - OVERLAP).replace(microsecond=0)
        if before and datetime.fromisoformat(before) > moment:
            return before  # never back in time
        return moment.isoformat()

    def _bring_up_to_date(self, kept: KeptCopy) -> bool:
        """False when the kept copy cannot be read (a row damaged, or written by a version that
        kept other fields): it is a cache, read whole again — never a run stopped by it."""
        try:
            with _no_collector():
                relations = [relation_copy.loads(text) for text in kept.relations]
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            log.warning("the kept copy of SnelStart's relations cannot be read (%s); reading them whole", error)
            return False
        self._take(relations)
        since = datetime.fromisoformat(kept.modified_until)
        # Asked again here: an endpoint may ignore $filter (reference §5b); the rows are merged by code.
        rows = [row for row in self._api.get_list("relaties", MODIFIED_ON.gt(since)) if _modified(row) is None
                or _modified(row) > since]
        began = self._read_began(rows, kept.modified_until)
        if not rows:
            if began != kept.modified_until:
                self._memory.keep_relation_copy(self._administration, {}, began)
            return True
        countries = self._countries()
        changed = [mapping.relation(row, countries) for row in rows]
        for relation in changed:
            self.remember(relation)
        log.info("%d relation(s) changed in SnelStart since %s", len(changed), kept.modified_until)
        self._memory.keep_relation_copy(self._administration,
                                        {r.code: relation_copy.dumps(r) for r in changed}, began)
        return True

    def _take(self, relations: list[Relation]) -> None:
        """Every relation read at once (the index is empty): RelationIndex's bulk build, and no
        Python call per relation beyond its making — 50,000 are read whenever a run needs them.
        The later of two with the same code counts, as `remember` does."""
        by_code = self._by_code
        by_code.update((relation.code, relation) for relation in relations)
        self._code_of_id.update((relation.id.lower(), relation.code) for relation in by_code.values() if relation.id)
        self._index = RelationIndex(relation for relation in by_code.values() if CUSTOMER in relation.kinds)
        self._highest = max(self._highest, max(by_code, default=0))

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


@contextmanager
def _no_collector():
    """The cyclic garbage collector off while a copy is read: its 300,000 new objects (which form
    no cycle) would make it walk the growing heap again and again — a third of the reading."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _sorted(relations: list[Relation]) -> list[Relation]:
    return sorted(relations, key=lambda r: r.code)


def _modified(row: dict) -> datetime | None:
    """A row's `modifiedOn` as SnelStart's zone-less wall clock; None when it has none."""
    text = str(row.get("modifiedOn") or "").strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None
    except ValueError:
        return None
    if moment is not None and moment.tzinfo is not None:
        moment = moment.astimezone(AMSTERDAM).replace(tzinfo=None)
    return moment


def _latest(rows: list[dict], before: str) -> str:
    """The latest modifiedOn among `rows` and `before` (ISO text; "" when there is none)."""
    moments = [m for m in (_modified(row) for row in rows) if m is not None]
    if before:
        moments.append(datetime.fromisoformat(before))
    return max(moments).isoformat() if moments else ""
