"""Orders abroad on a B2B administration (SPEC §4, reference snelstart.md §5c): the adapter reads
companyInfo's factureerBuitenlandsBtw and /vatrates, and the simulator, with foreign VAT on,
computes an order's VAT as SnelStart does — the delivery country's rate for a consumer, none for
a business with a VAT number — so what S-Connect predicts is checked against it."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from domain.customer import NewRelation, RelationAddress
from domain.sales_order import PlanLine, SalesOrderPlan
from domain.vat_abroad import CountryRate
from infrastructure.simulators.snelstart_b2b.server import ALL_SCOPES

D = Decimal
KOLN = RelationAddress("Anna Müller", "Hohe Straße 12", "50667", "Köln", "DE")


def order(relation_code: int, delivery: RelationAddress | None = None, excl: bool = False) -> SalesOrderPlan:
    # ART-2001 is in "Omzet hoog", ART-1001 in "Omzet laag".
    return SalesOrderPlan(payment_reference="40", relation_code=relation_code, template_id="",
                          date=datetime(2024, 3, 10), description="Webshop-order 40", prices_excl_vat=excl,
                          delivery_address=delivery,
                          lines=(PlanLine("ART-2001", D("1"), "Mok", D("11.90")),
                                 PlanLine("ART-1001", D("1"), "Koffie", D("10.70"))))


@pytest.mark.parametrize("simulator_options", [{"foreign_vat": True}])
def test_with_foreign_vat_on_the_adapter_reads_the_setting_and_the_rates(api, adapter):
    abroad = adapter.vat_abroad()

    assert abroad.foreign_vat is True
    assert CountryRate("DEU", "SR", D("19"), date(2021, 1, 1)) in abroad.rates
    assert abroad.rates_of("DE", ("RRL",), date(2024, 3, 1)) == [D("7")]


def test_with_foreign_vat_off_the_rates_are_not_asked(api, adapter):
    assert adapter.vat_abroad().foreign_vat is False
    assert not [c for c in api.calls if c.path.lower().endswith("/vatrates")]


@pytest.mark.parametrize("simulator_options", [{"scopes": tuple(s for s in ALL_SCOPES if s != "settings:read")}])
def test_without_settings_read_whether_snelstart_bills_foreign_vat_is_unknown(api, adapter):
    abroad = adapter.vat_abroad()

    assert abroad.foreign_vat is None
    assert "settings:read" in abroad.why
    assert "foreign VAT (OSS) not readable" in adapter.check_read()


@pytest.mark.parametrize("simulator_options", [{"foreign_vat": True}])
def test_a_consumer_in_germany_is_billed_germanys_rates(api, adapter):
    consumer = adapter.create_relation(NewRelation("Anna Müller", KOLN, email="anna@example.de"))

    created = adapter.create_sales_order(order(consumer.code, KOLN))

    # 11.90 incl. 19 %: VAT 1.90; 10.70 incl. 7 %: VAT 0.70 (at home: 2.07 and 0.88).
    assert created.total_vat == D("2.60")


@pytest.mark.parametrize("simulator_options", [{"foreign_vat": True}])
def test_a_business_with_a_vat_number_in_the_eu_is_billed_no_vat(api, adapter):
    business = adapter.create_relation(NewRelation("Café Sonnenschein GmbH", KOLN, vat_number="DE298765432"))

    created = adapter.create_sales_order(order(business.code, KOLN, excl=True))

    assert created.total_vat == D("0.00")
    assert created.total_incl_vat == D("22.60")


@pytest.mark.parametrize("simulator_options", [{"foreign_vat": True}])
def test_the_delivery_address_decides_not_the_customer_card(api, adapter):
    # Relation 1001 lives in Amsterdam; delivered to Köln, a consumer pays German VAT.
    created = adapter.create_sales_order(order(1001, KOLN))

    assert created.total_vat == D("2.60")
    home = adapter.create_sales_order(order(1001))
    assert home.total_vat == D("2.95")  # 11.90 × 21/121 = 2.07, 10.70 × 9/109 = 0.88


def test_with_foreign_vat_off_snelstart_bills_dutch_vat_abroad(api, adapter):
    consumer = adapter.create_relation(NewRelation("Anna Müller", KOLN, email="anna@example.de"))

    created = adapter.create_sales_order(order(consumer.code, KOLN))

    assert created.total_vat == D("2.95")
