"""The ports: what the use cases need from the outside world, as Protocols.

Adapters in infrastructure/ implement them; the container in interfaces/ wires them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Iterable, Iterator, Protocol

from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.booked_summary import BookedSummary
from domain.customer import NewRelation, Relation
from domain.field_limits import ArticleCodeLimit
from domain.matching import RelationLookup
from domain.order import RejectedOrder, WebshopOrder
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad

# An order's state in the history lives in a module of its own (status reads it without the ports).
from application.order_state import FINISHED, OrderState  # noqa: F401 — part of the ports


@dataclass(frozen=True)
class FetchResult:
    orders: list[WebshopOrder]
    rejected: list[RejectedOrder] = field(default_factory=list)
    # Where the next fetch may start when every order up to here is finished: the older of the
    # request's start and the newest change the shop reported, minus an overlap window (myShop's
    # change_time "may not be accurate"); None when the shop returned nothing (stay put).
    checkpoint: datetime | None = None
    # Orders the shop returned whose status leaves them out (cancelled, aborted): never booked,
    # but a booked order that comes back here was cancelled after it was booked (SPEC §8).
    left_out: list[WebshopOrder] = field(default_factory=list)


class ShopStream(Protocol):
    """The shop's answer read as it comes (a run and reconcile consume it; nothing holds it all).
    `checkpoint` (as FetchResult's) and `expected` (an upper bound of the items) are known
    before the first item. Close it, or use `with`."""

    checkpoint: datetime | None
    expected: int

    def __iter__(self) -> Iterator[WebshopOrder | RejectedOrder]:
        """Every item once, in the answer's own order (reconcile: the order does not matter)."""
        ...

    def in_booking_order(self) -> Iterator[WebshopOrder | RejectedOrder]:
        """Every item once: orders oldest change first, then by number (domain.order.booking_order);
        an order that could not be read wherever it comes."""
        ...

    def left_out(self) -> Iterator[WebshopOrder]:
        """The orders whose status leaves them out (FetchResult.left_out), one by one."""
        ...

    def __enter__(self) -> ShopStream: ...
    def __exit__(self, *exc: object) -> None: ...


class OrderSource(Protocol):
    """The webshop. Abandoned checkouts are left out by the adapter (returned apart, in
    `FetchResult.left_out`). Reading never moves the cursor: the use case does that."""

    def fetch_since(self, cursor: datetime | None) -> FetchResult:
        """Orders changed since `cursor` (None: since the profile's start_from), all in lists."""
        ...

    def answer_since(self, cursor: datetime | None) -> ShopStream:
        """The same orders as a stream (application/shop_stream.py stands in for a source that
        only lists)."""
        ...

    def fetch_one(self, number: str) -> WebshopOrder:
        """One order by its number; raises OrderRejected if it cannot be read, OrderLeftOut
        (carrying the order when its status is what leaves it out) if the settings leave it out."""
        ...


@dataclass(frozen=True)
class AdministrationIdentity:
    """Which SnelStart administration this is, so a history is never applied to another one.

    `key` is stable while the administration lives and differs between two administrations:
    the id stored in an embedded or snapshot file, the administratieIdentifier of SnelStart Web,
    server + database (or the file) of a classic administration. `name` is what a person calls
    it, for messages."""

    key: str  # kind-qualified: "embedded:6f1c…", "b2b:…", "memory:…", "sql:SERVER/Database"
    name: str = ""

    def __str__(self) -> str:
        return f"'{self.name}' ({self.key})" if self.name else self.key


class Administration(RelationLookup, Protocol):
    """Reads from SnelStart (matching look-ups included, via RelationLookup)."""

    def identity(self) -> AdministrationIdentity | None:
        """Which administration this is; None when it cannot tell (a bare in-memory one)."""
        ...

    def next_relation_code(self) -> int: ...
    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]: ...
    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        """The exactly-once check of a chunk of orders in one go: for every reference asked (the
        key, as given), what `sales_orders_with_payment_reference` says of it — [] when none.
        Asked of SnelStart every time, never from a cache; few calls, not one per reference."""
        ...
    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        """Every sales order dated from `since` (None: the first) up to, not including, `until`
        (None: no end), read in bulk — one query or a few pages, never one call per order."""
        ...
    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        """The template of the customer's latest sales order, if any."""
        ...
    def template(self, reference: str) -> SalesTemplate | None:
        """By id, number or description (case-insensitive), in that order."""
        ...
    def revenue_group(self, reference: str) -> RevenueGroup | None:
        """By id, number or description (case-insensitive), in that order."""
        ...
    def templates(self) -> list[SalesTemplate]:
        """Every verkoopordersjabloon, inactive ones too (`config init` offers the active ones)."""
        ...
    def revenue_groups(self) -> list[RevenueGroup]:
        """Every artikelomzetgroep (`config init` offers one per VAT rate)."""
        ...
    def article_by_code(self, code: str, code_field: str) -> Article | None:
        """The active article whose `code_field` (artikelcode or an extra field) equals `code`."""
        ...
    def vat_abroad(self) -> VatAbroad:
        """Whether SnelStart bills foreign VAT (OSS) and the rates it lists; an administration
        without such a setting says so (`VatAbroad.foreign_vat` None, with why)."""
        ...
    def article_code_limit(self) -> ArticleCodeLimit:
        """What this administration takes as an artikelcode (companyInfo artikelcodeSoort and
        artikelcodeMaxLengte on b2b; domain.field_limits.STAND_IN_ARTICLE_CODES where the
        administration has no such setting to read). Optional: an administration without it
        (the classic kinds) leaves new article codes unchecked (application.lookups)."""
        ...


class Gateway(Protocol):
    """Writes to SnelStart. Each call is one write; none is retried blindly."""

    def create_relation(self, relation: NewRelation) -> Relation: ...
    def update_relation(self, code: int, relation: NewRelation) -> Relation: ...
    def create_article(self, article: NewArticle) -> Article: ...
    def update_article(self, article: Article) -> Article: ...
    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder: ...
    def take_warnings(self) -> tuple[str, ...]:
        """What the writes since the last call did differently than asked and the bookkeeper
        should know (the B2B API refused a VAT number, so the relation was created without
        it); cleared by the call. Adapters that always write what is asked return ()."""
        ...

    # Optional (an adapter without them writes each call on its own): `begin_writes()` opens one
    # transaction that the writes until `commit_writes()` join — one durable commit for a chunk
    # of orders — and `abandon_writes()` undoes them. application/written_together.py uses them.


@dataclass(frozen=True)
class ProcessedOrder:
    profile: str
    order_number: str
    order_id: str
    state: OrderState
    attempts: int = 0  # failures so far
    # The sales order was (maybe) sent to SnelStart; SnelStart's highest order number with this
    # betalingskenmerk at that moment (0: none). None: nothing was sent.
    write_baseline: int | None = None
    sales_order: int | None = None
    customer_code: int | None = None
    shop_total: Decimal | None = None
    booked_total: Decimal | None = None
    payload_hash: str = ""
    last_error: str = ""
    warnings: tuple[str, ...] = ()
    change_time: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Booked: what was booked of the shop's order (None: booked before S-Connect kept it; its
    # shop_total stands in). The shop's latest differing version a run saw after that, and
    # whether the user has acknowledged it (`reconcile --ack`).
    booked_summary: BookedSummary | None = None
    shop_change: BookedSummary | None = None
    change_acknowledged: bool = False

    @property
    def write_started(self) -> bool:
        return self.write_baseline is not None


@dataclass(frozen=True)
class Claim:
    """One order of a chunk claimed before SnelStart is written (StateStore.claim_many).
    `write_baseline`: the write mark recorded with the claim (see ProcessedOrder), None to keep
    the one an earlier attempt left."""

    order_number: str
    order_id: str
    payload_hash: str
    change_time: datetime | None
    write_baseline: int | None


@dataclass(frozen=True)
class BookedRecord:
    """That an order is booked as SnelStart's sales order `sales_order` (StateStore.record_booked_many)."""

    order_number: str
    sales_order: int
    customer_code: int
    shop_total: Decimal
    booked_total: Decimal
    warnings: tuple[str, ...] = ()
    summary: BookedSummary | None = None


@dataclass(frozen=True)
class LogEntry:
    at: datetime
    profile: str
    run_id: int | None
    order_number: str
    level: str  # "basic" or "detailed"
    message: str
    # About a booked order: its SnelStart numbers and both totals (None where the entry has none),
    # so the Excel export can show numbers the bookkeeper adds up.
    sales_order: int | None = None
    customer: int | None = None
    shop_total: Decimal | None = None
    booked_total: Decimal | None = None
    # Where the entry is in the store (None: not stored yet): the console pages from it.
    id: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class RunRecord:
    id: int
    profile: str
    started_at: datetime
    finished_at: datetime | None  # None: still running, or killed
    summary: dict | None


@dataclass(frozen=True)
class Binding:
    """The administration a profile's history belongs to."""

    administration: AdministrationIdentity
    start_from: str | None = None  # a new history's first date/time (ISO) or order number


class StateStore(Protocol):
    """History, claims, cursor, runs, log and locks. Every write is its own transaction."""

    def bound_administration(self, profile: str) -> Binding | None:
        """The administration the profile's history belongs to (None: not bound yet)."""
        ...
    def bind_administration(self, profile: str, administration: AdministrationIdentity) -> None:
        """The history belongs to `administration` from now on (the same one, moved or renamed)."""
        ...
    def has_history(self, profile: str) -> bool:
        """Whether anything says orders of the profile are done: an order row, or a cursor."""
        ...
    def start_new_history(self, profile: str, administration: AdministrationIdentity, start_from: str) -> int:
        """Set the profile's history aside (archived, never read by a run), clear its cursor and
        bind it to `administration`, reading the shop from `start_from`; the orders set aside."""
        ...

    def get(self, profile: str, order_number: str) -> ProcessedOrder | None: ...
    def claim(self, profile: str, order_number: str, order_id: str, payload_hash: str,
              change_time: datetime | None, write_baseline: int | None = None) -> ProcessedOrder:
        """Mark the order 'booking' before anything is written to SnelStart and return the new
        row. Callers `get` first: a row still in 'booking' is a leftover claim. `write_baseline`:
        SnelStart was asked already, so the claim is also `mark_writing(write_baseline)` — one
        fsync'd commit for both facts."""
        ...
    def get_many(self, profile: str, order_numbers: Iterable[str]) -> dict[str, ProcessedOrder | None]:
        """The history rows of a chunk's orders, read at once (None: no row)."""
        ...

    def claim_many(self, profile: str, claims: Iterable[Claim]) -> dict[str, ProcessedOrder]:
        """Claim a chunk's orders in one transaction, on disk (fsync) before it returns: the
        claimed rows by number; an order already booked is left out (never claimed again)."""
        ...

    def unclaim(self, profile: str, previous: dict[str, ProcessedOrder | None]) -> None:
        """Orders claimed by claim_many that the run did not come to (a stop, an outage): back
        to their rows before the claim (`previous`; None: no row). Only while no write of them
        has begun."""
        ...

    def record_booked_many(self, profile: str, records: Iterable[BookedRecord]) -> None:
        """record_booked for a chunk's orders, in one transaction."""
        ...

    def mark_writing(self, profile: str, order_number: str, baseline: int | None) -> None:
        """Just before the sales order is sent: from now on it may exist in SnelStart, with a
        number above `baseline` (the highest existing one with its betalingskenmerk, 0: none).
        None clears it: SnelStart refused the write, so nothing exists."""
        ...
    def record_booked(self, profile: str, order_number: str, sales_order: int, customer_code: int,
                      shop_total: Decimal, booked_total: Decimal, warnings: tuple[str, ...] = (),
                      summary: BookedSummary | None = None) -> None:
        """`summary`: the shop's order as booked, compared when the shop sends it again."""
        ...
    def record_shop_change(self, profile: str, order_number: str, change: BookedSummary | None) -> None:
        """A booked order came back from the shop different from what was booked (None: back as
        booked); a new change is not acknowledged."""
        ...
    def acknowledge_change(self, profile: str, order_number: str, change: BookedSummary) -> None:
        """The user has seen that the booked order is now `change` in the shop."""
        ...
    def rebook(self, profile: str, order_number: str, reason: str) -> bool:
        """A booked order SnelStart no longer has goes back to be booked by the next run
        (failed, attempts reset, no write started); False when the order is not booked."""
        ...
    def record_skipped(self, profile: str, order_number: str, reason: str) -> None: ...
    def record_failed(self, profile: str, order_number: str, order_id: str, reason: str,
                      max_attempts: int, change_time: datetime | None = None,
                      count_attempt: bool = True) -> OrderState:
        """FAILED (attempts + 1 when counted), or HELD once attempts reach max_attempts."""
        ...
    def history(self, profile: str | None = None, limit: int | None = None,
                states: tuple[OrderState, ...] | None = None, *, offset: int = 0,
                since: datetime | None = None, until: datetime | None = None) -> list[ProcessedOrder]:
        """Newest first; only the given states when `states` is set, changed in [since, until)."""
        ...
    def release(self, profile: str, order_number: str) -> bool:
        """A held order goes back to FAILED with its attempts reset (the user fixed something);
        False when the order is not held."""
        ...

    def cursor(self, profile: str) -> datetime | None: ...
    def set_cursor(self, profile: str, value: datetime) -> None: ...

    def start_run(self, profile: str, at: datetime) -> int: ...
    def finish_run(self, run_id: int, at: datetime, summary: dict) -> None: ...
    def last_run(self, profile: str) -> dict | None: ...
    def runs(self, profile: str | None = None, since: datetime | None = None) -> list[RunRecord]: ...
    def log(self, profile: str, run_id: int | None, order_number: str, level: str, message: str,
            at: datetime, *, sales_order: int | None = None, customer: int | None = None,
            shop_total: Decimal | None = None, booked_total: Decimal | None = None) -> None: ...
    def log_entries(self, profile: str | None = None, since: datetime | None = None,
                    detailed: bool = False, *, newest_first: bool = False, limit: int | None = None,
                    beyond: LogEntry | None = None) -> list[LogEntry]:
        """Oldest first (or newest first); `beyond`: only the entries after that one in this
        order — the next page, as cheap however far back it is."""
        ...
    def clear_log(self, profile: str | None = None, since: datetime | None = None) -> int: ...
    def purge_log(self, before: datetime) -> int: ...

    def acquire_lock(self, profile: str, holder: str, at: datetime, ttl_seconds: int) -> bool: ...
    def release_lock(self, profile: str, holder: str) -> None: ...
    def lock_holder(self, profile: str, at: datetime) -> str | None:
        """Who holds the lock at `at` (None: free, expired or left by a dead process), read
        without taking it."""
        ...

    def next_run(self, profile: str) -> datetime | None: ...
    def planned_task(self, profile: str) -> StoredPlan | None: ...
    def set_next_run(self, profile: str, value: datetime, interval: timedelta | None = None,
                     first_run: datetime | None = None) -> None: ...


@dataclass(frozen=True)
class StoredPlan:
    """A profile's next run as the state store keeps it, with the planning it was computed from."""

    next_run: datetime
    interval: timedelta | None  # None: not known (stored by an S-Connect that did not keep it)
    first_run: datetime | None  # the configured first run then (None: none was configured)

    def made_for(self, interval: timedelta | None, first_run: datetime | None) -> bool:
        return (self.interval, self.first_run) == (interval, first_run)


class Clock(Protocol):
    def now(self) -> datetime: ...
