"""A write whose answer was lost is an *unknown* write: the adapter looks before writing again,
so a dropped connection or a 5xx never makes a duplicate relation, article or sales order."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from b2b_world import api_calls

from domain.article import NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.errors import ServiceUnavailable
from domain.sales_order import PlanLine, SalesOrderPlan

ADDRESS = RelationAddress("Piet", "Dorpsstraat 7", "1234 AB", "Ergens", "NL")


def plan(adapter, reference: str = "20") -> SalesOrderPlan:
    return SalesOrderPlan(reference, 1001, adapter.template("Webshop").id, datetime(2024, 3, 10, 12, 30),
                          f"Webshop-order {reference}", False,
                          lines=(PlanLine("ART-2001", Decimal("2"), "Mok", Decimal("8.50")),))


def orders_with(api, reference: str) -> list:
    return [o for o in api.snapshot().sales_orders if o.payment_reference == reference]


def test_a_relation_whose_answer_was_lost_is_found_by_its_code(api, adapter):
    api.lose_answer_of_next("POST", "relaties")

    created = adapter.create_relation(NewRelation("Pieters Webwinkel", ADDRESS, email="piet@pieters.nl"))

    assert created.code == 2002 and created.name == "Pieters Webwinkel"
    assert [r.code for r in api.snapshot().relations if r.name == "Pieters Webwinkel"] == [2002]
    assert len(api_calls(api, "POST", "/v2/relaties")) == 1
    assert adapter.relations_by_email("piet@pieters.nl", 1) == [created]


def test_an_article_whose_answer_was_lost_is_found_by_its_code(api, adapter):
    group = adapter.revenue_group("Omzet hoog").id
    api.lose_answer_of_next("POST", "artikelen")

    created = adapter.create_article(NewArticle("ART-4001", "Filterkoffie", Decimal("5.95"), group))

    assert (created.code, created.sales_price) == ("ART-4001", Decimal("5.95"))
    assert [a.code for a in api.snapshot().articles].count("ART-4001") == 1
    assert len(api_calls(api, "POST", "/v2/artikelen")) == 1


@pytest.mark.parametrize("asked_first", [True, False])
def test_a_sales_order_whose_answer_was_lost_is_found_by_its_betalingskenmerk(api, adapter, asked_first):
    if asked_first:  # as the use case does: the payment reference is checked before booking
        assert adapter.sales_orders_with_payment_reference("12") != []
    api.lose_answer_of_next("POST", "verkooporders")

    created = adapter.create_sales_order(plan(adapter, "12"))  # order 1 has "12" already: not ours

    assert created.number == 2 and created.total_incl_vat == Decimal("17.00") and created.relation_code == 1001
    assert [o.number for o in orders_with(api, "12")] == [1, 2]
    assert len(api_calls(api, "POST", "/v2/verkooporders")) == 1


@pytest.mark.parametrize("resource", ["relaties", "artikelen", "verkooporders"])
def test_a_5xx_on_a_write_is_checked_then_sent_again_once(api, adapter, resource):
    group = adapter.revenue_group("Omzet hoog").id
    api.fail_next(502, method="POST", path_prefix=resource)  # answered without doing anything

    write = {"relaties": lambda: adapter.create_relation(NewRelation("Nieuw", ADDRESS)),
             "artikelen": lambda: adapter.create_article(NewArticle("ART-4002", "Nieuw", Decimal("1"), group)),
             "verkooporders": lambda: adapter.create_sales_order(plan(adapter))}[resource]
    write()

    snapshot = api.snapshot()
    made = {"relaties": [r for r in snapshot.relations if r.name == "Nieuw"],
            "artikelen": [a for a in snapshot.articles if a.code == "ART-4002"],
            "verkooporders": orders_with(api, "20")}[resource]
    assert len(made) == 1
    assert [c.status for c in api_calls(api, "POST", f"/v2/{resource}")] == [502, 201]


def test_a_second_lost_answer_ends_the_write_as_unknown(api, adapter):
    api.fail_next(503, times=2, method="POST", path_prefix="verkooporders")

    with pytest.raises(ServiceUnavailable):
        adapter.create_sales_order(plan(adapter))

    assert orders_with(api, "20") == []
    assert len(api_calls(api, "POST", "/v2/verkooporders")) == 2


def test_an_update_whose_answer_was_lost_is_read_back_not_sent_twice(api, adapter):
    api.lose_answer_of_next("PUT", "relaties")

    updated = adapter.update_relation(1001, NewRelation("Bakkerij De Vries", ADDRESS, email="nieuw@devries.nl"))

    assert updated.email == "nieuw@devries.nl"
    assert next(r for r in api.snapshot().relations if r.code == 1001).email == "nieuw@devries.nl"
    assert len(api_calls(api, "PUT", "/v2/relaties")) == 1


@pytest.mark.parametrize("status", [408, 502, 504, 507, 520, 524])
@pytest.mark.parametrize("resource", ["relaties", "artikelen", "verkooporders"])
def test_a_write_done_but_answered_with_a_proxy_error_is_found_not_refused(api, adapter, resource, status):
    # SnelStart wrote; a proxy on the way gave up and answered `status`. Taken for a refusal,
    # the use case would write again: a second relation, article or order.
    group = adapter.revenue_group("Omzet hoog").id
    api.answer_after_write(status, "POST", resource)

    created = {"relaties": lambda: adapter.create_relation(NewRelation("Nieuw", ADDRESS)),
               "artikelen": lambda: adapter.create_article(NewArticle("ART-4002", "Nieuw", Decimal("1"), group)),
               "verkooporders": lambda: adapter.create_sales_order(plan(adapter)).number}[resource]()

    snapshot = api.snapshot()
    made = {"relaties": [r.code for r in snapshot.relations if r.name == "Nieuw"],
            "artikelen": [a.code for a in snapshot.articles if a.code == "ART-4002"],
            "verkooporders": [o.number for o in orders_with(api, "20")]}[resource]
    assert len(made) == 1
    assert created == {"relaties": lambda: adapter.relation_by_code(str(made[0])),
                       "artikelen": lambda: adapter.article_by_code("ART-4002", "artikelcode"),
                       "verkooporders": lambda: made[0]}[resource]()
    assert [(c.status, c.performed) for c in api_calls(api, "POST", f"/v2/{resource}")] == [(status, 201)]


@pytest.mark.parametrize("asked_first", [True, False])
def test_an_order_with_an_older_namesake_is_sent_again_when_the_lost_write_did_nothing(api, adapter, asked_first):
    # Order 1 carries betalingskenmerk "12" already (sales.unique_payment_reference off): after
    # a 502 that wrote nothing, order 1 is not ours, so the order must be sent again.
    if asked_first:
        assert [r.number for r in adapter.sales_orders_with_payment_reference("12")] == [1]
    api.fail_next(502, method="POST", path_prefix="verkooporders")

    created = adapter.create_sales_order(plan(adapter, "12"))

    assert created.number == 2
    assert [o.number for o in orders_with(api, "12")] == [1, 2]
    assert [c.status for c in api_calls(api, "POST", "/v2/verkooporders")] == [502, 201]


def test_a_lost_relation_write_does_not_adopt_a_stranger_holding_its_code(api, adapter_for):
    ours, someone_else = adapter_for(), adapter_for()
    assert ours.next_relation_code() == 2002
    someone_else.create_relation(NewRelation("Iemand Anders", ADDRESS, email="anders@example.nl", code=2002))
    api.fail_next(502, method="POST", path_prefix="relaties")  # ours did nothing

    created = ours.create_relation(NewRelation("Pieters Webwinkel", ADDRESS, email="piet@pieters.nl"))

    assert (created.code, created.name) == (2003, "Pieters Webwinkel")
    relations = {r.code: r.name for r in api.snapshot().relations if r.code >= 2002}
    assert relations == {2002: "Iemand Anders", 2003: "Pieters Webwinkel"}
    assert [c.status for c in api_calls(api, "POST", "/v2/relaties")] == [201, 502, 201]
