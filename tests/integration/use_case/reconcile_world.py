"""The world of features/reconcile.feature: the use_case_world's administration, held by each
kind of SnelStart administration — in memory, embedded (SQLite through ODBC), and the B2B API
simulator over loopback HTTP — a real SQLite state store, and a shop that is a list. What a
SnelStart user does by hand (delete an order, change a total, type an order in) is done the
way each kind allows it from outside S-Connect."""
from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import httpx

from application.import_orders import ImportOrders
from application.reconcile import Reconcile
from domain.matching import strategy_for
from domain.sales_order import PlanLine, SalesOrderPlan
from fakes import FakeOrderSource
from infrastructure.clock import FixedClock
from infrastructure.simulators.snelstart_b2b.server import B2BSimulator
from infrastructure.snelstart.b2b.administration import B2BAdministration
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import load_snapshot
from infrastructure.state.store import SqliteStateStore
from use_case_world import SNAPSHOT, T0, settings

KINDS = ("memory", "embedded", "b2b")


class ReconcileWorld:
    def __init__(self, kind: str, folder: Path):
        self.kind = kind
        self.clock = FixedClock(T0.replace(hour=12))
        self.state = SqliteStateStore(folder / "state.sqlite")
        self.shop = FakeOrderSource(self.clock)
        self.settings = settings()
        snapshot = load_snapshot(SNAPSHOT)
        self._memory = self._path = self.sim = None
        if kind == "memory":
            self._memory = MemoryAdministration.from_snapshot(snapshot)
        elif kind == "embedded":
            self._path = folder / "administration.sqlite"
            EmbeddedAdministration.create(self._path, snapshot).close()
        else:
            self.sim = B2BSimulator(snapshot).start()

    def close(self) -> None:
        self.state.close()
        if self.sim is not None:
            self.sim.stop()

    @contextmanager
    def administration(self) -> Iterator:
        """One administration per command, as `sconnect` makes one per run (b2b keeps its
        look-ups for a run only)."""
        if self._memory is not None:
            yield self._memory
        elif self._path is not None:
            with EmbeddedAdministration(self._path) as administration:
                yield administration
        else:
            with B2BAdministration(self.sim.base_url, self.sim.token_url, "sub-key", "client-key") as administration:
                yield administration

    def run(self):
        with self.administration() as administration:
            report = ImportOrders(self.settings, self.shop, administration, administration, self.state, self.clock,
                                  strategy_for(self.settings.customers)).run()
        self.clock.advance(minutes=1)
        return report

    def reconcile(self, action=lambda use_case: use_case.report()):
        with self.administration() as administration:
            return action(Reconcile(self.settings, administration, self.state, self.clock, self.shop))

    def sales_orders(self, reference: str) -> list:
        with self.administration() as administration:
            return [h for h in administration.sales_orders_in_period(None) if h.payment_reference == reference]

    # -- by hand, in SnelStart ------------------------------------------------------------------
    def type_by_hand(self, reference: str) -> int:
        with self.administration() as administration:
            template = administration.template("Webshop")
            plan = SalesOrderPlan(reference, 1001, template.id, datetime(2024, 3, 1, 15, 0), "telefonisch", False,
                                  lines=(PlanLine("ART-1001", Decimal("2"), None, Decimal("24.95")),))
            return administration.create_sales_order(plan).number

    def delete_by_hand(self, number: int) -> None:
        if self._memory is not None:
            snapshot = self._memory.snapshot()
            self._memory = MemoryAdministration.from_snapshot(replace(
                snapshot, sales_orders=tuple(o for o in snapshot.sales_orders if o.number != number)))
        elif self._path is not None:
            with _sqlite(self._path) as db:
                db.execute("DELETE FROM tblVerkooporderRegel WHERE nummer = ?", (number,))
                db.execute("DELETE FROM tblVerkooporder WHERE nummer = ?", (number,))
        else:  # as SnelStart Web would: through the API
            with httpx.Client() as http:
                token = http.post(self.sim.token_url, data={"grant_type": "clientkey", "clientkey": "client-key"})
                headers = {"Authorization": f"Bearer {token.json()['access_token']}",
                           "Ocp-Apim-Subscription-Key": "sub-key"}
                [row] = http.get(self.sim.base_url + "verkooporders", headers=headers,
                                 params={"$filter": f"Nummer eq {number}"}).json()
                assert http.delete(self.sim.base_url + f"verkooporders/{row['id']}", headers=headers).is_success

    def change_total_by_hand(self, number: int, total: Decimal) -> None:
        if self._memory is not None:
            snapshot = self._memory.snapshot()
            self._memory = MemoryAdministration.from_snapshot(replace(snapshot, sales_orders=tuple(
                replace(o, total_incl_vat=total) if o.number == number else o for o in snapshot.sales_orders)))
        elif self._path is not None:
            with _sqlite(self._path) as db:
                db.execute("UPDATE tblVerkooporder SET totaalInclusiefBtw = ? WHERE nummer = ?", (str(total), number))
        else:
            self.sim.edit_sales_order(number, total_incl_vat=total)


@contextmanager
def _sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(path)
    try:
        with db:
            yield db
    finally:
        db.close()
