"""The Gateway adapter against the fake SnelStart Gateway: which methods it calls for which plan,
and how each COM-like failure reaches the user — one line, the order failed alone (a refusal)
or the run stopped (75: SnelStart cannot be used now), nothing half-written."""
from __future__ import annotations

import sys
import tomllib
from datetime import datetime
from decimal import Decimal

import pytest

from domain.customer import NewRelation, RelationAddress
from domain.errors import ConfigurationError, ServiceUnavailable, SnelStartRefused
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.simulators.snelstart_gateway import FakeComError
from infrastructure.snelstart.classic.com import ComLibrary, GatewayNotInstalled
from infrastructure.snelstart.classic.schema_map import parse_schema_map, shipped_text

from classic_fixtures import create, open_classic

D = Decimal
ORDER_METHODS = ("mtdGWayVerkoopOrder", "mtdGWayAdmi")


def plan(*lines: PlanLine, **changes) -> SalesOrderPlan:
    values = dict(payment_reference="4711", relation_code=1001, template_id="tpl-web",
                  date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 4711", prices_excl_vat=False,
                  lines=lines or (PlanLine("ART-2001", D("2"), "Mok met logo", D("8.50")),), memo="bellen bij aflevering")
    values.update(changes)
    return SalesOrderPlan(**values)


def order_calls(library) -> list[str]:
    return [call for call in library.calls if call.startswith(ORDER_METHODS)]


def stored(library, number: int):
    return next(o for o in library.database.sales_orders() if o.number == number)


def test_a_sales_order_is_aanmaken_a_line_per_plan_line_and_sluiten(demo):
    administration, library = demo
    created = administration.create_sales_order(plan(
        PlanLine("ART-2001", D("2"), "Mok met logo", D("8.50")),  # the shop's price: ArtikelB
        PlanLine("ART-1001", D("1")),  # SnelStart prices it (code_and_quantity, a recipe line): ArtikelA
        PlanLine("", D("0"), "Cadeauverpakking gevraagd")))  # no article: a text line

    assert order_calls(library) == [
        "mtdGWayAdmiOpenenViaLoginSettings", "mtdGWayVerkoopOrderAanmakenE",
        "mtdGWayVerkoopOrderRegelToevoegenArtikelB", "mtdGWayVerkoopOrderRegelToevoegenArtikelA",
        "mtdGWayVerkoopOrderRegelToevoegenTekst", "mtdGWayVerkoopOrderSluitenGet"]
    order = stored(library, created.number)
    assert (order.relation_code, order.date, order.template_id, order.payment_reference, order.description,
            order.memo) == (1001, datetime(2024, 3, 10, 12, 30), "tpl-web", "4711", "Webshop-order 4711",
                            "bellen bij aflevering")
    article_price = next(a for a in library.database.snapshot().articles if a.code == "ART-1001").sales_price
    assert [(l.article_code, l.description, l.quantity, l.unit_price) for l in order.lines] == [
        ("ART-2001", "Mok met logo", D("2"), D("8.50")),
        ("ART-1001", "Koffiebonen Espresso 1 kg", D("1"), article_price),
        ("", "Cadeauverpakking gevraagd", D("0"), D("0"))]
    # The number is SluitenGet's answer; the total is read back over ODBC (a REAL: by its text).
    assert created.total_incl_vat == order.total_incl_vat == D("17.00") + article_price
    assert administration.sales_orders_with_payment_reference("4711")[0].number == created.number


def test_the_vat_snelstart_computed_is_read_back_and_a_map_without_its_column_says_none(tmp_path):
    # 2 × 8.50 of ART-2001 (Omzet hoog, 21 %) incl. VAT: 17.00 × 21/121 = 2.95, the fake's
    # computation (rules.vat) read back over ODBC from the map's sales_orders.total_vat.
    path = create(tmp_path)
    without = tomllib.loads(shipped_text())
    del without["sales_orders"]["columns"]["total_vat"]
    for reference, schema_map, expected in (("4711", None, D("2.95")),
                                            ("4712", parse_schema_map(without, "m.toml"), None)):
        administration, library = open_classic(path, schema_map)
        try:
            created = administration.create_sales_order(plan(payment_reference=reference))
        finally:
            administration.close()
            library.database.close()
        assert (created.total_incl_vat, created.total_vat) == (D("17.00"), expected)


def test_with_description_from_snelstart_the_line_takes_the_articles_description(demo):
    administration, library = demo
    created = administration.create_sales_order(plan(PlanLine("ART-2001", D("1"), None, D("9.00"))))
    assert stored(library, created.number).lines[0].description == "Koffiemok wit"


def test_an_access_administration_is_opened_by_folder_and_name(tmp_path):
    from classic_fixtures import create
    from infrastructure.config.model import SnelStartKind
    administration, library = open_classic(create(tmp_path), kind=SnelStartKind.MDB)
    try:
        administration.check_write()
        assert library.calls == ["mtdGWayAdmiOpenen"] and library.opened == "Demo"
    finally:
        administration.close()
        library.database.close()
    assert library.calls[-1] == "mtdGWayAdmiSluiten"


def test_an_administration_the_gateway_does_not_know_is_not_found(tmp_path):
    from classic_fixtures import create
    administration, library = open_classic(create(tmp_path), administration="Andere")
    try:
        with pytest.raises(ConfigurationError, match="administration not found.*Andere.*niet gevonden"):
            administration.check_write()
    finally:
        administration.close()
        library.database.close()


def test_a_locked_administration_stops_the_run_and_writes_nothing(demo):
    administration, library = demo
    library.lock()
    with pytest.raises(ServiceUnavailable, match="in gebruik.*try again"):
        administration.create_sales_order(plan())
    assert administration.sales_orders_with_payment_reference("4711") == []


def test_an_administration_closed_under_the_adapter_stops_the_run(demo):
    administration, library = demo
    administration.gateway.open()
    library.create("clsGWaySnelStart").mtdGWayAdmiSluiten()  # SnelStart closed it (another session)
    with pytest.raises(ServiceUnavailable, match="geen administratie geopend"):
        administration.create_sales_order(plan())
    assert administration.sales_orders_with_payment_reference("4711") == []


def test_a_line_refused_mid_order_fails_the_order_and_leaves_nothing_of_it(demo):
    administration, library = demo
    library.fail("mtdGWayVerkoopOrderRegelToevoegenArtikelB", "Regel geweigerd: prijs te hoog", nth=2)
    with pytest.raises(SnelStartRefused) as refused:
        administration.create_sales_order(plan(PlanLine("ART-2001", D("1"), "Mok", D("8.50")),
                                               PlanLine("ART-2001", D("1"), "Mok", D("8.50"))))
    assert str(refused.value).startswith("SnelStart Gateway refused mtdGWayVerkoopOrderRegelToevoegenArtikelB: "
                                         "Regel geweigerd: prijs te hoog")
    assert administration.sales_orders_with_payment_reference("4711") == []
    # The next order starts afresh: the unclosed one's line is not carried into it.
    created = administration.create_sales_order(plan(payment_reference="4712"))
    assert [l.quantity for l in stored(library, created.number).lines] == [D("2")]


def test_an_unknown_article_or_a_supplier_is_refused_by_snelstart_in_its_words(demo):
    administration, _ = demo
    with pytest.raises(SnelStartRefused, match="VOR-0013"):
        administration.create_sales_order(plan(PlanLine("BESTAAT-NIET", D("1"), "x", D("1.00"))))
    supplier = next(r.code for r in administration.reader.relations if "Klant" not in r.kinds) \
        if any("Klant" not in r.kinds for r in administration.reader.relations) else None
    if supplier is not None:
        with pytest.raises(SnelStartRefused, match="VOR-0002"):
            administration.create_sales_order(plan(relation_code=supplier))


def test_a_relation_is_written_through_a_customer_card_and_read_back(demo):
    administration, library = demo
    address = RelationAddress("Piet", "Dorpsstraat 7", "1234 AB", "Ergens", "BE")
    created = administration.create_relation(NewRelation("Pieters", address, email="piet@pieters.be",
                                                         vat_number="BE0123456749", payment_term=14))
    assert library.calls[-1] == "mtdGWayKlantWrite"
    assert (created.name, created.establishment, created.vat_number, created.payment_term, created.kinds) == \
        ("Pieters", address, "BE0123456749", 14, ("Klant",))
    # The card holds the country as SnelStart's LandID; the reader turns it back into BE.
    row = library.database.relation_row(created.code)
    assert row["establishment_country"] != "BE" and isinstance(row["establishment_country"], int)
    assert [r.code for r in administration.relations_by_email("piet@pieters.be", 1)] == [created.code]


def test_a_relation_snelstart_refuses_is_one_line_and_not_written(demo):
    administration, _ = demo
    code = administration.next_relation_code()
    with pytest.raises(SnelStartRefused) as refused:
        administration.create_relation(NewRelation("Pieters", RelationAddress(street="x", country="NL"),
                                                   vat_number="NL 12.34"))
    assert "mtdGWayKlantWrite" in str(refused.value) and "REL-0059" in str(refused.value)
    assert administration.relation_by_code(str(code)) is None and administration.next_relation_code() == code


def test_a_country_snelstart_does_not_know_is_refused_before_writing(demo):
    administration, library = demo
    with pytest.raises(SnelStartRefused, match="no country 'XX'"):
        administration.create_relation(NewRelation("Nergens", RelationAddress(street="x", country="XX")))
    assert "mtdGWayKlantWrite" not in library.calls


def test_articles_and_cost_types_are_not_asked_of_the_gateway(demo):
    administration, library = demo
    with pytest.raises(ConfigurationError, match="articles.processing"):
        administration.create_article(None)
    with pytest.raises(ConfigurationError, match="cost types"):
        administration.create_sales_order(plan(cost_type_1=D("0.35")))
    assert order_calls(library) == []


def test_methods_called_out_of_order_fail_as_com_does(demo):
    _, library = demo
    session = library.create("clsGWaySnelStart")
    with pytest.raises(FakeComError):
        session.mtdGWayVerkoopOrderRegelToevoegenArtikelA("ART-2001", D("1"))  # nothing opened yet
    assert "geen administratie geopend" in session.mtdGWayFoutBoodschap("test")
    session.mtdGWayAdmiOpenenViaLoginSettings(0, _settings(library))
    with pytest.raises(FakeComError) as error:
        session.mtdGWayVerkoopOrderSluitenGet()  # no order made
    assert error.value.args[0] == -2147352567 and "geen verkooporder" in error.value.args[2][2]
    card = library.create("clsGWKlant")
    with pytest.raises(AttributeError):
        card.prpBestaatNiet = 1


def _settings(library):
    settings = library.create("clsGWayLoginSettings")
    settings.prpGWayDbAdministratieNaamSet = "Demo"
    return settings


@pytest.mark.skipif(sys.platform == "win32", reason="what a machine without Windows says")
def test_on_linux_the_gateway_is_not_installed_in_one_line():
    with pytest.raises(GatewayNotInstalled) as missing:
        ComLibrary().create("clsGWaySnelStart")
    message = str(missing.value)
    assert message.startswith("the SnelStart Gateway is not installed: it is a Windows COM component")
    assert "Linux" in message and "\n" not in message
