"""The artikelcode setting of a SnelStart Web administration (companyInfo artikelcodeSoort and
artikelcodeMaxLengte): read once per run, and a new article's code the administration cannot
take stops the order before anything is written — no customer created for an order that then
fails on its article (issue 17)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from b2b_world import api_calls
from fakes import T0, FakeOrderSource, line, make_order

from application.import_orders import ImportOrders
from domain.article import NewArticle
from domain.errors import SnelStartRefused
from domain.field_limits import ArticleCodeLimit
from domain.matching import strategy_for
from domain.settings import ArticleSettings, CustomerSettings, ProfileSettings, Recognition, SalesSettings
from infrastructure.clock import FixedClock
from infrastructure.state.store import SqliteStateStore

SETTINGS = ProfileSettings(
    id="shop1", sales=SalesSettings(template="Webshop"),
    articles=ArticleSettings(revenue_group={"21": "Omzet hoog", "9": "Omzet laag"}),
    customers=CustomerSettings(recognition=Recognition.EMAIL), max_attempts=3)


@pytest.fixture
def simulator_options() -> dict:
    return {"article_codes": ArticleCodeLimit(10, numeric=False)}


def test_the_artikelcode_setting_is_read_from_company_info_once_per_run(api, adapter):
    assert (adapter.article_code_limit().max_length, adapter.article_code_limit().numeric) == (10, False)
    assert len(api_calls(api, "GET", "/v2/companyInfo")) == 1


@pytest.mark.parametrize("simulator_options", [{"article_codes": ArticleCodeLimit(6, numeric=True)}])
def test_a_numeric_administration_says_so(adapter, simulator_options):
    assert (adapter.article_code_limit().max_length, adapter.article_code_limit().numeric) == (6, True)


def test_a_new_article_code_too_long_for_the_administration_fails_the_order_before_any_write(
        tmp_path, api, adapter):
    order = make_order(31, email="nieuw@klant.nl", lines=[line("KOFFIE-ESPRESSO-1KG", "1", "24.95", "9")])
    clock = FixedClock(T0.replace(hour=12))
    state = SqliteStateStore(tmp_path / "state.sqlite")
    report = ImportOrders(SETTINGS, FakeOrderSource(clock, [order]), adapter, adapter, state, clock,
                          strategy_for(SETTINGS.customers)).run()

    [outcome] = report.outcomes
    assert outcome.status == "failed"
    assert outcome.reason.startswith("article code 'KOFFIE-ESPRESSO-1KG' cannot be created: this SnelStart "
                                     "administration takes article codes of at most 10 characters (artikelcode, "
                                     "ART-0004)")
    assert api_calls(api, "POST") == [] and api_calls(api, "PUT") == []


def test_the_simulator_refuses_a_code_over_its_setting_with_art_0004(api, adapter):
    group = adapter.revenue_group("Omzet hoog").id
    adapter.create_article(NewArticle("ABCDEFGHIJ", "Koffie", Decimal("1.00"), group))
    with pytest.raises(SnelStartRefused) as refused:
        adapter.create_article(NewArticle("ABCDEFGHIJK", "Koffie", Decimal("1.00"), group))
    assert refused.value.code == "ART-0004"


@pytest.mark.parametrize("simulator_options", [{"scopes": ("relaties:read", "relaties:write", "artikelen:read",
                                                            "artikelen:write", "orders:read", "orders:write")}])
def test_without_the_scope_to_read_company_info_the_setting_is_not_known_and_the_run_goes_on(adapter,
                                                                                              simulator_options):
    codes = adapter.article_code_limit()  # companyInfo needs settings:read
    assert (codes.max_length, codes.numeric) == (None, False)
