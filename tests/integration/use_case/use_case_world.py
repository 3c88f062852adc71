"""A small world for the import-orders use case: a memory administration, a real SQLite state
store in tmp_path, a fixed clock and a shop that is a list."""
from __future__ import annotations

from application.import_orders import ImportOrders
from domain.matching import strategy_for
from domain.settings import (ArticleSettings, ChargeBooking, ChargeMode, CustomerSettings, ProfileSettings,
                             Recognition, SalesSettings)
from fakes import T0, FakeOrderSource
from infrastructure.clock import FixedClock
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import load_snapshot
from infrastructure.state.store import SqliteStateStore

SNAPSHOT = {
    "artikelomzetgroepen": [
        {"id": "og-hoog", "nummer": 1, "omschrijving": "Omzet hoog", "btwSoort": "Hoog"},
        {"id": "og-laag", "nummer": 2, "omschrijving": "Omzet laag", "btwSoort": "Laag"}],
    "verkoopordersjablonen": [
        {"id": "tpl-web", "omschrijving": "Webshop", "prijsIngaveExclusiefBtw": False, "nonactief": False}],
    "relaties": [
        {"id": "r-1001", "relatiecode": 1001, "relatiesoort": ["Klant"], "naam": "Bakkerij De Vries B.V.",
         "vestigingsAdres": {"contactpersoon": "Jan de Vries", "straat": "Keizersgracht 12A",
                             "postcode": "1015 CJ", "plaats": "Amsterdam", "land": "NL"},
         "email": "inkoop@devries.nl"},
        {"id": "r-1002", "relatiecode": 1002, "relatiesoort": ["Klant"], "naam": "Dubbel A",
         "vestigingsAdres": {"contactpersoon": "", "straat": "Laan 1", "postcode": "1000 AA",
                             "plaats": "Amsterdam", "land": "NL"}, "email": "dubbel@example.nl"},
        {"id": "r-1003", "relatiecode": 1003, "relatiesoort": ["Klant"], "naam": "Dubbel B",
         "vestigingsAdres": {"contactpersoon": "", "straat": "Laan 2", "postcode": "1000 AA",
                             "plaats": "Amsterdam", "land": "NL"}, "email": "dubbel@example.nl"}],
    "artikelen": [
        {"id": "a-1", "artikelcode": "ART-1001", "omschrijving": "Koffiebonen 1 kg", "verkoopprijs": "24.95",
         "artikelOmzetgroep": "og-laag"},
        {"id": "a-2", "artikelcode": "VERZEND", "omschrijving": "Verzendkosten", "verkoopprijs": "0",
         "artikelOmzetgroep": "og-hoog"},
        {"id": "a-4", "artikelcode": "KRAT", "omschrijving": "Cold brew krat", "verkoopprijs": "18.00",
         "artikelOmzetgroep": "og-laag",
         "recept": {"plaatsen": "altijd", "regels": [{"artikelcode": "STATIEGELD", "aantal": "6"}]}},
        {"id": "a-5", "artikelcode": "STATIEGELD", "omschrijving": "Statiegeld fles", "verkoopprijs": "0.15",
         "artikelOmzetgroep": "og-hoog"},
        {"id": "a-3", "artikelcode": "WEB", "omschrijving": "Webshopartikel", "verkoopprijs": "0",
         "artikelOmzetgroep": "og-hoog"}],
    "verkooporders": [
        {"id": "o-1", "nummer": 1, "relatie": 1001, "datum": "2024-02-01T10:00:00",
         "verkoopordersjabloon": "tpl-web", "betalingskenmerk": "9", "regels": [],
         "totaalInclusiefBtw": "0.00"}],
}


def settings(**sales) -> ProfileSettings:
    sales_settings = SalesSettings(template="Webshop", shipping_costs=ChargeBooking(ChargeMode.LINE, "VERZEND"),
                                   default_article_code="WEB", **sales)
    return ProfileSettings(id="shop1", sales=sales_settings,
                           articles=ArticleSettings(revenue_group={"21": "Omzet hoog", "9": "Omzet laag"}),
                           customers=CustomerSettings(recognition=Recognition.EMAIL), max_attempts=3)


class World:
    def __init__(self, tmp_path):
        self.clock = FixedClock(T0.replace(hour=12))
        self.administration = MemoryAdministration.from_snapshot(load_snapshot(SNAPSHOT))
        self.gateway = self.administration
        self.state = SqliteStateStore(tmp_path / "state.sqlite")
        self.shop = FakeOrderSource(self.clock)
        self.settings = settings()

    def use_case(self, **overrides) -> ImportOrders:
        parts = dict(settings=self.settings, source=self.shop, administration=self.administration,
                     gateway=self.gateway, state=self.state, clock=self.clock,
                     matcher=strategy_for(self.settings.customers))
        parts.update(overrides)
        return ImportOrders(**parts)

    def run(self, **overrides):
        return self.use_case(**overrides).run()

    def sales_orders(self, reference: str):
        return [o for o in self.administration.snapshot().sales_orders if o.payment_reference == reference]
