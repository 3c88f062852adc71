"""myShop as an OrderSource: orders changed since a cursor, one order by number, and the
connection check of `sconnect test-connection` (SPEC §3, reference §6)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import httpx

from application.ports import Clock, FetchResult
from domain.errors import ConfigurationError, OrderLeftOut, OrderRejected, ServiceUnavailable
from domain.order import RejectedOrder, WebshopOrder
from infrastructure.myshop import protocol as p
from infrastructure.myshop.reader import DEFAULT_MAX_BYTES, read_orders
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


class MyShopOrderSource:
    def __init__(self, base_url: str, shop_id: str, private_key: object, start_from: datetime | date | str | int | None,
                 clock: Clock, *, import_statuses: tuple[str, ...] | None = None,
                 skip_statuses: tuple[str, ...] = ("aborted", "cancelled"),
                 overlap: timedelta = timedelta(minutes=10), signer: Signer = DefaultSigner(),
                 timeout: httpx.Timeout = httpx.Timeout(60, connect=5), retries: int = 3,
                 backoff: float = 0.5, transport: httpx.BaseTransport | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES):
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
        self._rpc = RpcClient(base_url, shop_id, PrivateKey(key.strip()), signer=signer, timeout=timeout,
                              retries=retries, backoff=backoff, transport=transport, max_bytes=max_bytes)

    def __repr__(self) -> str:
        return f"MyShopOrderSource(base_url={self._rpc.shown_url!r}, shop_id={self.shop_id!r})"

    # -- OrderSource --------------------------------------------------------------------------
    def fetch_since(self, cursor: datetime | None) -> FetchResult:
        started = self._clock.now()
        orders, rejected, left_out = self._rpc.orders("change_time", self._change_time(cursor), self._read_listed)
        # Every order the shop returned moves the checkpoint, also those before start_from: a
        # quiet shop with only old orders would otherwise keep the cursor at the very start.
        checkpoint = self._checkpoint(started, orders, rejected)
        orders = [o for o in _unique(orders) if self._from_start(o)]
        rejected = [r for r in _unique_rejected(rejected, orders) if self._rejected_from_start(r)]
        left_out = [o for o in _unique(left_out) if self._from_start(o)]
        return FetchResult(orders, rejected, checkpoint=checkpoint, left_out=left_out)

    def _checkpoint(self, started: datetime, orders: list[WebshopOrder],
                    rejected: list[RejectedOrder]) -> datetime | None:
        """Where the next fetch may start: never past the newest change_time the shop itself
        reported (so a computer clock running ahead of myShop's cannot open a gap), minus the
        overlap (myShop's change_time "may not be accurate"), and never inside the hour that
        repeats when the clocks go back. None (stay where we are) when the shop returned nothing."""
        times = [o.change_time for o in orders] + [r.change_time for r in rejected if r.change_time]
        if not times:
            return None
        return p.before_repeated_hour(min(started, max(times)) - self.overlap)

    def fetch_one(self, number: str) -> WebshopOrder:
        number = str(number).strip()
        if not number.isascii() or not number.isdigit():
            raise OrderRejected(f"{number[:20]!r} is not a myShop order number")
        # The shop may zero-pad the number inside the order_id; try it as given first.
        for candidate in dict.fromkeys((number, str(int(number)), f"{int(number):0{SHOP_PADDING}d}")):
            try:
                orders, rejected = self._rpc.orders("order_id", f"{self.shop_id}_{candidate}", self._read_all)
            except UnknownOrder:
                continue
            return self._the_order(number, orders, rejected)
        orders, rejected = self._rpc.orders("change_time", p.EVERYTHING, self._read_all)
        return self._the_order(number, orders, rejected)

    # -- test-connection ----------------------------------------------------------------------
    def check_connection(self) -> ConnectionReport:
        try:
            result = self.fetch_since(None)
        except MyShopRefused as exc:
            hint = self._working_recipe_hint() if exc.code in (p.BAD_SIGNATURE, p.INVALID_REQUEST) else ""
            return ConnectionReport(True, False, 0, str(exc) + hint)
        except ConfigurationError as exc:
            return ConnectionReport(False, False, 0, str(exc))
        except ServiceUnavailable as exc:
            return ConnectionReport(False, False, 0, str(exc))
        count = len(result.orders) + len(result.rejected)
        unreadable = f" ({len(result.rejected)} unreadable)" if result.rejected else ""
        return ConnectionReport(True, True, count, f"myShop shop {self.shop_id} accepted the key; "
                                f"{count} order{'s' if count != 1 else ''} {self._start_text()}{unreadable}")

    def _working_recipe_hint(self) -> str:
        """[P] the shop-owner recipe is unconfirmed: name a candidate the service does accept."""
        current = self._rpc.signer
        for candidate in FALLBACK_SIGNERS:
            if candidate == current:
                continue
            probe = self._rpc.with_signer(candidate, retries=0)
            try:
                probe.orders("change_time", p.format_change_time(self._clock.now()), lambda body: None)
            except (ConfigurationError, ServiceUnavailable):
                continue
            return f" (the key works with signing recipe {candidate.name!r} instead of {current.name!r})"
        return ""

    # -- reading ------------------------------------------------------------------------------
    def _read_listed(self, body: bytes):
        """(orders, unreadable ones, orders their status leaves out). One parse in the common
        case: every order, split by status afterwards. Only when some order cannot be read is the
        answer read once more with the status filter, which leaves out-of-status rows alone
        before they are checked — an unreadable abandoned checkout never fails as an order."""
        everything, rejected = read_orders(body, max_bytes=self.max_bytes)
        wanted = [o for o in everything if self._wanted_status(o.order_status)]
        left_out = [o for o in everything if not self._wanted_status(o.order_status)]
        if rejected:
            wanted, rejected = read_orders(body, max_bytes=self.max_bytes, include_status=self._wanted_status)
        return wanted, rejected, left_out

    def _read_all(self, body: bytes):
        return read_orders(body, max_bytes=self.max_bytes)

    def _wanted_status(self, status: str) -> bool:
        status = status.strip().casefold()
        if self._import is not None and status not in self._import:
            return False
        return status not in self._skip

    def _the_order(self, number: str, orders: list[WebshopOrder], rejected: list[RejectedOrder]) -> WebshopOrder:
        for order in orders:
            if int(order.number) == int(number):
                if not self._wanted_status(order.order_status):
                    raise OrderLeftOut(f"order {number} has status {order.order_status!r} in myShop "
                                       "and is left out", order=order)
                if not self._from_start(order):
                    start = (self.start_number if self.start_number is not None
                             else f"{self.start_time:%Y-%m-%d %H:%M}")
                    raise OrderLeftOut(f"order {number} lies before myshop.start_from ({start})")
                return order
        for bad in rejected:
            if bad.number and int(bad.number) == int(number):
                raise OrderRejected(f"order {number} cannot be read: {bad.reason}")
        raise OrderRejected(f"order {number} is not in myShop shop {self.shop_id}")

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


def _unique(orders: list[WebshopOrder]) -> list[WebshopOrder]:
    """One entry per order_id: change_time "may not be accurate", so answers overlap."""
    seen: dict[str, WebshopOrder] = {}
    for order in orders:
        if order.order_id not in seen or order.change_time > seen[order.order_id].change_time:
            seen[order.order_id] = order
    return list(seen.values())


def _unique_rejected(rejected: list[RejectedOrder], orders: list[WebshopOrder]) -> list[RejectedOrder]:
    readable = {o.order_id for o in orders}
    seen: dict[tuple[str, str], RejectedOrder] = {}
    for bad in rejected:
        key = (bad.order_id, bad.reason if not bad.order_id else "")
        if bad.order_id not in readable and key not in seen:
            seen[key] = bad
    return list(seen.values())
