"""VAT in a run (SPEC §4): a revenue group named for a rate it does not carry is reported before
the first order; a relation abroad written otherwise than the VAT was planned for stops the order
before the sales order is sent; SnelStart's own VAT is compared with the shop's after booking."""
from __future__ import annotations

from dataclasses import replace

from application.test_connection import settings_checks
from domain.order import Address, CustomerData
from domain.settings import ArticleSettings
from domain.vat_abroad import CountryRate, VatAbroad
from fakes import D, GatewayWith, line, make_order
from infrastructure.snelstart.memory.administration import MemoryAdministration


def test_a_revenue_group_named_for_a_rate_it_does_not_carry_is_reported_before_the_first_order(world):
    world.settings = replace(world.settings, articles=ArticleSettings(revenue_group={"21": "Omzet laag",
                                                                                    "9": "Omzet laag"}))
    world.shop.orders = [make_order(12)]
    report = world.run()

    assert report.warnings == ["articles.revenue_group: 'Omzet laag' (named for \"21\") carries 9% VAT (Laag), not "
                               "21%: new articles at 21% would be booked at 9%; name a group at 21%"]
    assert [o.status for o in report.outcomes] == ["created"]  # an order that creates no article is fine


def test_a_line_on_an_article_of_another_rate_fails_alone(world):
    world.shop.orders = [make_order(12, lines=[line("ART-1001", "2", "24.95", "21")]), make_order(13)]
    report = world.run()

    by_order = {o.order: o for o in report.outcomes}
    assert by_order["12"].status == "failed" and by_order["13"].status == "created"
    assert by_order["12"].reason.startswith("line 'Artikel ART-1001': the shop charged 21% VAT on article ART-1001, "
                                            "SnelStart books 9% (its revenue group 'Omzet laag')")
    assert world.sales_orders("12") == []


def test_a_business_abroad_written_without_its_vat_number_stops_before_the_sales_order(world):
    # SnelStart bills foreign VAT: a Belgian business with a VAT number pays no VAT (reverse
    # charge). The relation is written without the number (as the B2B adapter does when SnelStart
    # refuses it): SnelStart would bill a consumer's VAT, so no sales order is sent.
    world.administration = MemoryAdministration(world.administration.snapshot(),
                                                VatAbroad(True, (CountryRate("BEL", "SR", D("21")),)))

    def create_relation(relation):
        return world.administration.create_relation(replace(relation, vat_number=""))

    order = replace(make_order(12, email="info@brasseriedeklok.be", company="Brasserie De Klok BV",
                               lines=[line("ART-1001", "2", "24.95", "0")]),
                    customer=CustomerData(email="info@brasseriedeklok.be", company="Brasserie De Klok BV",
                                          vat_number="BE0456789123"),
                    billing=Address(company="Brasserie De Klok BV", street="Sint-Pieterskaai", house_number="3",
                                    postcode="8310", city="Sint-Kruis", country="BE"))
    world.shop.orders = [order]
    report = world.run(administration=world.administration,
                       gateway=GatewayWith(world.administration, create_relation=create_relation))
    # Planned as reverse charge: without the guard it would have been booked at 0 %, billed as 21 %.

    [outcome] = report.outcomes
    assert outcome.status == "failed"
    assert "was written without the VAT number" in outcome.reason
    assert world.sales_orders("12") == []


def test_snelstarts_own_vat_is_compared_with_the_shops_after_booking(world):
    # The plan foresees 4.12 of VAT, as the shop declared; SnelStart reports 4.13 (it computed
    # otherwise than S-Connect foresaw): booked all the same, with the warning.
    def create_sales_order(plan):
        created = world.administration.create_sales_order(plan)
        return replace(created, total_vat=created.total_vat + D("0.01"))

    world.shop.orders = [replace(make_order(12), total_vat=D("4.12"))]
    report = world.run(gateway=GatewayWith(world.administration, create_sales_order=create_sales_order))

    [outcome] = report.outcomes
    assert outcome.status == "created"
    assert outcome.warnings == ("VAT differs: shop 4.12, SnelStart 4.13 (difference 0.01)",)


def test_the_detailed_log_shows_the_vat_per_rate(world):
    world.shop.orders = [replace(make_order(12, lines=[line("ART-1001", "2", "24.95", "9"),
                                                       line("WEB", "1", "12.10", "21")]), total_vat=D("6.22"))]
    report = world.run()

    assert report.outcomes[0].warnings == ()
    messages = [e.message for e in world.state.log_entries("shop1", detailed=True)]
    assert "VAT as SnelStart declares it: 4.12 at 9%, 2.10 at 21% (shop: 6.22 in all)" in messages


def test_test_connection_names_a_group_or_article_that_does_not_carry_its_rate(world):
    settings = replace(world.settings,
                       sales=replace(world.settings.sales, default_article_code="",
                                     default_article_per_rate={"21": "WEB", "9": "VERZEND"}),
                       articles=ArticleSettings(revenue_group={"21": "Omzet hoog", "9": "Omzet hoog"}))

    checks = {(c.part, c.message): c.ok for c in settings_checks(settings, world.administration)}

    assert checks[("profiles.shop1.articles.revenue_group", "'Omzet hoog' (VAT 21%): group 1")] is True
    assert checks[("profiles.shop1.articles.revenue_group",
                   "'Omzet hoog' (VAT 9%): group 1 carries 21% VAT (Hoog), not 9%: new articles at 9% would be "
                   "booked at 21%; name a group at 9%")] is False
    assert checks[("profiles.shop1.sales.default_article_code", "article WEB (VAT 21%): Webshopartikel")] is True
    assert checks[("profiles.shop1.sales.default_article_code",
                   "article VERZEND (VAT 9%): Verzendkosten is booked at 21% VAT (revenue group 'Omzet hoog'); "
                   "name an article at 9%")] is False
