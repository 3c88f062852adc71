"""myShop as an OrderSource: orders changed since a cursor, one order by number, and the
connection check of `sconnect test-connection` (SPEC §3, reference §6)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from infrastructure.http_client import httpx

from application.ports import Clock, FetchResult
from domain.errors import (ConfigurationError, OrderLeftOut, OrderNotInShop, OrderRejected, ServiceUnavailable,
                           UnreadableAnswer)
from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop import protocol as p
from infrastructure.myshop.columns import ColumnTable, load_table
from infrastructure.myshop.reader import DEFAULT_MAX_BYTES, OrderDocument
from infrastructure.myshop.spool import in_booking_order
from infrastructure.myshop.rpc import MyShopRefused, PrivateKey, RpcClient, UnknownOrder
from infrastructure.myshop.signing import FALLBACK_SIGNERS, DefaultSigner, Signer

# The order-number part of an order_id as the reference shows it ("1817700_00012"); tried when
# the number as given is unknown, before falling back to reading the whole list.
SHOP_PADDING = 5


@dataclass(frozen=True)
class ConnectionReport:
    reachable: bool
    key_accepted: bool
    orders_since_start: int
    message: str
    readable: bool = True  # False: the shop answered, but with something that cannot be read
    orders: tuple[WebshopOrder, ...] = ()  # the readable orders since start_from (what a first run takes)


class ShopAnswer:
    """One fetch's answer, read order by order after the whole was checked: what `fetch_since`
    collects into a list, and what a use case that books as it reads iterates itself (items:
    WebshopOrder or RejectedOrder, start_from applied). `expected` (an upper bound: start_from
    is applied while iterating) and `checkpoint` are known before the first order. Close it, or
    use `with`: a large answer is spooled to a temporary file until then."""

    def __init__(self, document: OrderDocument, checkpoint: datetime | None, source: MyShopOrderSource):
        self.document, self.checkpoint, self._source = document, checkpoint, source
        self.expected = document.expected

    def __iter__(self) -> Iterator[WebshopOrder | RejectedOrder]:
        reported: set[tuple[str, str]] = set()
        for item in self.document:
            if isinstance(item, WebshopOrder):
                if self._source._from_start(item):
                    yield item
                continue
            key = (item.order_id, item.reason if not item.order_id else "")
            if key not in reported and self._source._rejected_from_start(item):
                reported.add(key)
                yield item

    def in_booking_order(self) -> Iterator[WebshopOrder | RejectedOrder]:
        """The same items, orders oldest change first then by number (the order they are booked
        in): as they come when the answer already has them so (the survey knows), else sorted
        through a temporary file (spool.py) — never all held."""
        return iter(self) if self.document.in_change_order else in_booking_order(self)

    def left_out(self) -> Iterator[WebshopOrder]:
        """The readable orders from start_from on whose status the source leaves out (a run and
        reconcile compare them with what was booked: a cancelled order), one by one. Read from
        the same spooled answer, only when the survey met such orders; an unreadable one is
        dropped, as an abandoned checkout never fails as an order."""
        if not self.document.left_out_count:
            return
        wanted = self._source._wanted_status
        others = OrderDocument(self.document.source, max_bytes=self.document.max_bytes,
                               include_status=lambda status: not wanted(status), table=self.document.table)
        for item in others:
            if isinstance(item, WebshopOrder) and self._source._from_start(item):
                yield item

    def close(self) -> None:
        self.document.close()

    def __enter__(self) -> ShopAnswer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class MyShopOrderSource:
    def __init__(self, base_url: str, shop_id: str, private_key: object, start_from: datetime | date | str | int | None,
                 clock: Clock, *, import_statuses: tuple[str, ...] | None = None,
                 skip_statuses: tuple[str, ...] = ("aborted", "cancelled"),
                 overlap: timedelta = timedelta(minutes=10), signer: Signer = DefaultSigner(),
                 timeout: httpx.Timeout = httpx.Timeout(60, connect=5), retries: int = 3,
                 backoff: float = 0.5, transport: httpx.BaseTransport | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES, columns: ColumnTable | Path | None = None):
        shop_id = str(shop_id).strip()
        if not shop_id.isascii() or not shop_id.isdigit():
            raise ConfigurationError(f"myshop.shop_id {shop_id[:20]!r} is not a winkelnummer (digits only)")
        # A plain string, or a secret wrapper with .reveal() (infrastructure.config's Secret).
        key = private_key.reveal() if hasattr(private_key, "reveal") else private_key
        if not isinstance(key, str) or not key.strip():
            raise ConfigurationError("myshop.private_key is empty: copy the privésleutel from the myShop "
                                     "back office (koppelingen → eigen koppelingen)")
        self.shop_id = shop_id
        self.start_time, self.start_number = _start(start_from)
        self._clock = clock
        self._import = _statuses(import_statuses) if import_statuses is not None else None
        self._skip = _statuses(skip_statuses)
        self.overlap = overlap
        self.max_bytes = max_bytes
        self.columns = columns if isinstance(columns, ColumnTable) else load_table(columns)
        self._rpc = RpcClient(base_url, shop_id, PrivateKey(key.strip()), signer=signer, timeout=timeout,
                              retries=retries, backoff=backoff, transport=transport, max_bytes=max_bytes)

    def __repr__(self) -> str:
        return f"MyShopOrderSource(base_url={self._rpc.shown_url!r}, shop_id={self.shop_id!r})"

    # -- OrderSource --------------------------------------------------------------------------
    def fetch_since(self, cursor: datetime | None) -> FetchResult:
        with self.answer_since(cursor) as answer:
            orders: list[WebshopOrder] = []
            rejected: list[RejectedOrder] = []
            for item in answer:
                (orders if isinstance(item, WebshopOrder) else rejected).append(item)
            left_out = list(answer.left_out())
        return FetchResult(orders, rejected, checkpoint=answer.checkpoint, left_out=left_out)

    def answer_since(self, cursor: datetime | None) -> ShopAnswer:
        """The orders changed since `cursor` as a stream (see ShopAnswer)."""
        started = self._clock.now()
        document = self._rpc.orders("change_time", self._change_time(cursor), self._read_listed)
        return ShopAnswer(document, self._checkpoint(started, document.newest_change), self)

    def _checkpoint(self, started: datetime, newest: datetime | None) -> datetime | None:
        """Where the next fetch may start: never past the newest change_time the shop itself
        reported (so a computer clock running ahead of myShop's cannot open a gap), minus the
        overlap (myShop's change_time "may not be accurate"), and never inside the hour that
        repeats when the clocks go back. None (stay where we are) when the shop returned nothing.
        Every order the shop returned counts, also those before start_from: a quiet shop with
        only old orders would otherwise keep the cursor at the very start."""
        if newest is None:
            return None
        return p.before_repeated_hour(min(started, newest) - self.overlap)

    def fetch_one(self, number: str) -> WebshopOrder:
        number = str(number).strip()
        if not number.isascii() or not number.isdigit():
            raise OrderRejected(f"{number[:20]!r} is not a myShop order number")
        # The shop may zero-pad the number inside the order_id; try it as given first.
        for candidate in dict.fromkeys((number, str(int(number)), f"{int(number):0{SHOP_PADDING}d}")):
            try:
                document = self._rpc.orders("order_id", f"{self.shop_id}_{candidate}", self._read_all)
            except UnknownOrder:
                continue
            return self._the_order(number, document)
        return self._the_order(number, self._rpc.orders("change_time", p.EVERYTHING, self._read_all))

    # -- test-connection ----------------------------------------------------------------------
    def check_connection(self) -> ConnectionReport:
        try:
            result = self.fetch_since(None)
        except MyShopRefused as exc:
            hint = self._working_recipe_hint() if exc.code in (p.BAD_SIGNATURE, p.INVALID_REQUEST) else ""
            return ConnectionReport(True, False, 0, str(exc) + hint)
        except ConfigurationError as exc:
            return ConnectionReport(False, False, 0, str(exc))
        except UnreadableAnswer as exc:
            # The key was accepted (the shop sent orders, not a refusal); what it sent is the problem.
            return ConnectionReport(True, True, 0, str(exc), readable=False)
        except ServiceUnavailable as exc:
            return ConnectionReport(False, False, 0, str(exc))
        count = len(result.orders) + len(result.rejected)
        unreadable = f" ({len(result.rejected)} unreadable)" if result.rejected else ""
        return ConnectionReport(True, True, count, f"myShop shop {self.shop_id} accepted the key; "
                                f"{count} order{'s' if count != 1 else ''} {self._start_text()}{unreadable}",
                                orders=tuple(result.orders))

    def _working_recipe_hint(self) -> str:
        """[P] the shop-owner recipe is unconfirmed: name a candidate the service does accept."""
        current = self._rpc.signer
        for candidate in FALLBACK_SIGNERS:
            if candidate == current:
                continue
            probe = self._rpc.with_signer(candidate, retries=0)
            try:
                probe.orders("change_time", p.format_change_time(self._clock.now()), lambda answer: answer.close())
            except (ConfigurationError, ServiceUnavailable):
                continue
            return f" (the key works with signing recipe {candidate.name!r} instead of {current.name!r})"
        return ""

    # -- reading ------------------------------------------------------------------------------
    def _read_listed(self, answer) -> OrderDocument:
        return OrderDocument(answer, max_bytes=self.max_bytes, include_status=self._wanted_status,
                             table=self.columns)

    def _read_all(self, answer) -> OrderDocument:
        return OrderDocument(answer, max_bytes=self.max_bytes, table=self.columns)

    def _wanted_status(self, status: str) -> bool:
        status = status.strip().casefold()
        if self._import is not None and status not in self._import:
            return False
        return status not in self._skip

    def _the_order(self, number: str, document: OrderDocument) -> WebshopOrder:
        found: WebshopOrder | None = None
        bad: RejectedOrder | None = None
        with document:
            for item in document:
                if isinstance(item, WebshopOrder):
                    if found is None and int(item.number) == int(number):
                        found = item
                elif bad is None and item.number and int(item.number) == int(number):
                    bad = item
        if found is not None:
            if not self._wanted_status(found.order_status):
                raise OrderLeftOut(f"order {number} has status {found.order_status!r} in myShop and is left out",
                                   order=found)
            if not self._from_start(found):
                start = (self.start_number if self.start_number is not None
                         else f"{self.start_time:%Y-%m-%d %H:%M}")
                raise OrderLeftOut(f"order {number} lies before myshop.start_from ({start})")
            return found
        if bad is not None:
            raise OrderRejected(f"order {number} cannot be read: {bad.reason}")
        raise OrderNotInShop(f"order {number} is not in myShop shop {self.shop_id}")

    # -- where reading starts -----------------------------------------------------------------
    def _change_time(self, cursor: datetime | None) -> str:
        moments = [p.format_change_time(m) for m in (cursor, self.start_time) if m is not None]
        return max(moments) if moments else p.EVERYTHING  # yyyymmddhhmmss sorts as time

    def _from_start(self, order: WebshopOrder) -> bool:
        if self.start_number is not None:
            return int(order.number) >= self.start_number
        if self.start_time is not None:
            # "Orders from this date": an older order that only changed status is not wanted.
            return p.format_change_time(order.order_date) >= p.format_change_time(self.start_time)
        return True

    def _rejected_from_start(self, rejected: RejectedOrder) -> bool:
        if self.start_number is not None and rejected.number:
            return int(rejected.number) >= self.start_number
        return True  # when in doubt, report it: never drop an order silently

    def _start_text(self) -> str:
        if self.start_number is not None:
            return f"from order number {self.start_number}"
        if self.start_time is not None:
            return f"since {self.start_time:%Y-%m-%d %H:%M}"
        return "in total"


def _start(value) -> tuple[datetime | None, int | None]:
    if value is None:
        return None, None
    if isinstance(value, datetime):
        return value, None
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time()), None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return None, value
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.isdigit():
            return None, int(text)
        try:
            return datetime.fromisoformat(text), None
        except ValueError:
            pass
    raise ConfigurationError(f"myshop.start_from {str(value)[:40]!r} is neither a date/time "
                             "(2024-03-01T00:00:00) nor an order number")


def _statuses(names) -> frozenset[str]:
    return frozenset(str(n).strip().casefold() for n in names)
