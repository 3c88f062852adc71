"""Benchmark: importing orders into SnelStart Web through the B2B API (issues 7 and 19).

1,000 orders of known customers for known articles, booked by the import-orders use case into
the B2B API simulator with 50 ms of latency on every API call (a realistic round trip to
b2bapi.snelstart.nl). Prints, for that run and for a baseline run without latency:

  - HTTP calls per order (#19 budget: at most 1.2 — look-ups kept for the run, the
    betalingskenmerk checks asked in groups of `or` filters, the POST the one call that cannot go),
  - repeated calls (the same request twice in one run),
  - wall time, in all and per order, against the budget 1.3 × calls × latency.
Those two runs are not paced (pacing.py) and the simulator enforces no limit: they measure the
calls themselves. A third run books the same orders paced for a production key (500 calls a
minute, 5,000 an hour) against a simulator that enforces those limits with 429s, and prints its
calls per minute at the peak and the 429s it met (budget: 0). Then the relation copy kept between
runs (#19 item 6), on an administration of 50,000 relations: the calls of the first run's whole
read, of a later run whose orders need the relations when nothing changed (budget: at most 2),
and of a run that finds no new order.

Run: `make bench-b2b` or `.venv/bin/python bench/b2b.py [--orders N] [--customers N] [--latency MS]
[--paced-orders N] [--relations N]`. Nothing is asserted: the figures are printed.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from application.import_orders import ImportOrders  # noqa: E402
from application.ports import FetchResult  # noqa: E402
from domain.customer import Relation, RelationAddress  # noqa: E402
from domain.matching import strategy_for  # noqa: E402
from domain.money import cents  # noqa: E402
from domain.order import (  # noqa: E402
    Address,
    Charge,
    ChargeKind,
    CustomerData,
    OrderLine,
    WebshopOrder,
)
from domain.settings import (  # noqa: E402
    ArticleSettings,
    ChargeBooking,
    ChargeMode,
    CustomerSettings,
    ProfileSettings,
    SalesSettings,
)
from infrastructure.clock import FixedClock  # noqa: E402
from infrastructure.snelstart.b2b.administration import B2BAdministration  # noqa: E402
from infrastructure.snelstart.b2b.pacing import PRODUCTION, RateLimit  # noqa: E402
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator  # noqa: E402
from infrastructure.simulators.snelstart_b2b.throttle import PRODUCTION_LIMIT  # noqa: E402
from infrastructure.snelstart.snapshot import Snapshot, parse_snapshot_json  # noqa: E402
from infrastructure.state.store import SqliteStateStore  # noqa: E402

START = datetime(2024, 3, 1, 8, 0)
# (artikelcode, description, price incl. VAT, VAT rate): articles the demo administration has.
ARTICLES = (("ART-1001", "Koffiebonen Espresso 1 kg", "24.95", "9"),
            ("ART-1002", "Koffiebonen Lungo 500 g", "12.95", "9"),
            ("ART-2001", "Koffiemok wit", "8.50", "21"))
SETTINGS = ProfileSettings(
    id="bench",
    sales=SalesSettings(template="Webshop", shipping_costs=ChargeBooking(ChargeMode.LINE, "VERZEND"),
                        default_article_code="WEB"),
    articles=ArticleSettings(revenue_group={"21": "Omzet hoog", "9": "Omzet laag", "0": "Omzet nul"}),
    customers=CustomerSettings())


def administration(customers: int, extra: int = 0) -> Snapshot:
    """The demo administration with `customers` more relations, each with its own e-mail."""
    text = resources.files("interfaces.demo").joinpath("administration.json").read_text("utf-8")
    demo = parse_snapshot_json(text)
    relations = [Relation(code=3000 + n, name=f"Klant {n}", email=f"klant{n}@example.nl",
                          establishment=RelationAddress(f"Klant {n}", f"Dorpsstraat {n}", f"{1000 + n % 8000} AB",
                                                        "Ergens", "NL"))
                 for n in range(customers)]
    relations += [Relation(code=100_000 + n, name=f"Relatie {n}", email=f"relatie{n}@example.nl",
                           establishment=RelationAddress("", f"Laan {n}", f"{1000 + n % 8000} CD", "Elders", "NL"))
                  for n in range(extra)]
    return Snapshot(demo.relations + tuple(relations), demo.articles, demo.revenue_groups, demo.templates,
                    demo.sales_orders)


def orders(count: int, customers: int) -> list[WebshopOrder]:
    made = []
    for n in range(count):
        c = n % customers
        lines = tuple(OrderLine(code, text, Decimal(1 + (n + i) % 3), Decimal(price), Decimal(rate),
                                cents(Decimal(price) * (1 + (n + i) % 3)))
                      for i, (code, text, price, rate) in enumerate(ARTICLES[: 1 + n % len(ARTICLES)]))
        shipping = Charge(ChargeKind.SHIPPING, Decimal("6.95"), Decimal("21"), "Verzendkosten")
        billing = Address(first_name="Klant", last_name=str(c), street="Dorpsstraat", house_number=str(c),
                          postcode=f"{1000 + c % 8000} AB", city="Ergens", country="NL")
        total = cents(sum((line.line_total for line in lines), shipping.amount))
        made.append(WebshopOrder(order_id=f"1817700_{200000 + n}", number=str(200000 + n),
                                 order_date=START + timedelta(minutes=n), change_time=START + timedelta(minutes=n),
                                 customer=CustomerData(email=f"klant{c}@example.nl"), billing=billing,
                                 lines=lines, charges=(shipping,), total=total, order_status="processing"))
    return made


class ListSource:
    """The shop, as a list (the shop's own calls are not what this benchmark measures)."""

    def __init__(self, orders: list[WebshopOrder]):
        self.orders = orders

    def fetch_since(self, cursor):
        return FetchResult(self.orders, [], checkpoint=max(o.change_time for o in self.orders))

    def fetch_one(self, number: str) -> WebshopOrder:
        return next(o for o in self.orders if o.number == number)


@dataclass
class Figures:
    latency_ms: float
    orders: int
    created: int
    api_calls: int
    token_calls: int
    repeated: int
    wall: float
    in_api: float  # seconds spent waiting for SnelStart (the rest: recognition, booking, state store)
    peak_per_minute: int  # the most calls sent in any 60 seconds
    refused: int  # calls answered 429
    waited: float  # seconds the pacing waited

    def line(self) -> str:
        budget = 1.3 * self.api_calls * self.latency_ms / 1000
        wall_budget = f", budget 1.3 x calls x latency = {budget:.1f} s" if self.latency_ms else ""
        return (f"latency {self.latency_ms:4.0f} ms: {self.orders} orders ({self.created} created), "
                f"{self.api_calls / self.orders:.2f} HTTP calls per order (budget <= 1.2; {self.api_calls} API "
                f"calls + {self.token_calls} token), {self.repeated} repeated, wall {self.wall:.1f} s{wall_budget} "
                f"({1000 * self.wall / self.orders:.1f} ms per order, of which {1000 * self.in_api / self.orders:.1f} "
                f"ms in SnelStart calls); peak {self.peak_per_minute} calls a minute, {self.refused} answered 429, "
                f"paced {self.waited:.1f} s")


class Stopwatch:
    """httpx event hooks: the time from sending a request to reading its answer, and when each
    API call was sent."""

    def __init__(self):
        self.total, self._started = 0.0, 0.0
        self.sent: list[float] = []

    def request(self, request: httpx.Request) -> None:
        self._started = time.perf_counter()
        if "/v2/" in request.url.path:
            self.sent.append(self._started)

    def peak_per_minute(self) -> int:
        """The most calls sent in any 60 seconds (a sliding window over the send times)."""
        peak, first = 0, 0
        for last, at in enumerate(self.sent):
            while self.sent[first] <= at - 60:
                first += 1
            peak = max(peak, last - first + 1)
        return peak

    def response(self, response: httpx.Response) -> None:
        response.read()
        self.total += time.perf_counter() - self._started


def run(count: int, customers: int, latency: float, paced: RateLimit | None = None) -> Figures:
    """`paced`: the adapter paces for that key and the simulator enforces its limits; None: neither."""
    snapshot, shop = administration(customers), orders(count, customers)
    limit = None if paced is None else PRODUCTION_LIMIT if paced == PRODUCTION else (paced.per_minute, paced.per_hour)
    with tempfile.TemporaryDirectory() as folder, B2BSimulator(snapshot, latency=latency, rate_limit=limit) as api:
        clock = FixedClock(START + timedelta(days=1))
        state = SqliteStateStore(Path(folder) / "state.sqlite", clock)
        watch = Stopwatch()
        http = httpx.Client(timeout=60, event_hooks={"request": [watch.request], "response": [watch.response]})
        with http, B2BAdministration(api.base_url, api.token_url, "sub-key", "client-key", http=http,
                                     rate_limit=paced, memory=state) as adapter:
            use_case = ImportOrders(SETTINGS, ListSource(shop), adapter, adapter, state, clock,
                                    strategy_for(SETTINGS.customers), holder="bench")
            started = time.perf_counter()
            report = use_case.run()
            wall = time.perf_counter() - started
            waited = adapter.pacer.waited
        state.close()
        calls = api.calls
    api_calls = [c for c in calls if c.path.startswith("/v2/")]
    asked = Counter((c.method, c.path, tuple(sorted(c.query.items()))) for c in api_calls if c.method == "GET")
    created = sum(1 for o in report.outcomes if o.status == "created")
    return Figures(latency * 1000, count, created, len(api_calls), len(calls) - len(api_calls),
                   sum(n - 1 for n in asked.values()), wall, watch.total, watch.peak_per_minute(),
                   sum(1 for c in api_calls if c.status == 429), waited)


def relation_copy(relations: int, latency: float) -> None:
    """#19 item 6: the calls the relations cost, run after run, on `relations` relations."""
    snapshot = administration(0, relations)
    with tempfile.TemporaryDirectory() as folder, B2BSimulator(snapshot, latency=latency, rate_limit=None) as api:
        state = SqliteStateStore(Path(folder) / "state.sqlite")
        moments = iter([0.0, 3600.0, 7200.0])  # three runs, an hour apart (the copy is a day old after 24 h)
        for what in ("first run (no copy yet): whole read", "later run, orders need the relations, none changed",
                     "later run, no new order"):
            at = next(moments) + time.time()
            api.reset_calls()
            started, cpu = time.perf_counter(), time.thread_time()
            with B2BAdministration(api.base_url, api.token_url, "sub-key", "client-key", rate_limit=None,
                                   memory=state, now=lambda at=at: at) as adapter:
                if "no new order" not in what:
                    adapter.relation_by_code("100000")
            wall, cpu = time.perf_counter() - started, time.thread_time() - cpu
            calls = [c for c in api.calls if c.path.startswith("/v2/")]
            # CPU of this thread (the simulator answers in its own): the copy's reading and indexing.
            print(f"relations {relations}: {what}: {len(calls)} API calls, {wall:.2f} s "
                  f"(CPU of S-Connect's side {cpu:.2f} s; load average {os.getloadavg()[0]:.1f})")
        state.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--customers", type=int, default=250)
    parser.add_argument("--latency", type=float, default=50.0, help="milliseconds per API call")
    parser.add_argument("--paced-orders", type=int, default=1000, help="orders of the paced run (0: none)")
    parser.add_argument("--relations", type=int, default=50_000, help="relations of the relation copy's runs")
    args = parser.parse_args()
    print(f"b2b import: {args.orders} orders, {args.customers} known customers, {len(ARTICLES)} known articles "
          f"(+ shipping line)")
    print("baseline  " + run(args.orders, args.customers, 0.0).line())
    print("measured  " + run(args.orders, args.customers, args.latency / 1000).line())
    if args.paced_orders:
        print("paced     " + run(args.paced_orders, args.customers, args.latency / 1000, PRODUCTION).line()
              + f" (production key: at most {PRODUCTION.per_minute} a minute, {PRODUCTION.per_hour} an hour)")
    if args.relations:
        relation_copy(args.relations, args.latency / 1000)


if __name__ == "__main__":
    main()
