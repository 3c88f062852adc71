"""Once `POST verkooporders` has gone out, nothing may come back as a refusal (OrderRejected):
the use case reads a refusal as "nothing was written" and books the order again on the next run.
What the totals check needs is read before the POST; a look-up refused after it is an unknown
write (ServiceUnavailable), looked for again before anything is written again."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from b2b_world import api_calls

from domain.customer import NewRelation, RelationAddress
from domain.errors import OrderRejected, ServiceUnavailable, SnelStartRefused
from domain.sales_order import PlanLine, SalesOrderPlan

REFUSED = '[{"errorCode": "ALG-0001", "message": "Er is iets misgegaan"}]'


def plan(adapter, reference: str = "20") -> SalesOrderPlan:
    # ART-3001 with its recipe line: the totals check leaves the deposit out and needs the
    # VAT rate of the kept line, from its revenue group.
    return SalesOrderPlan(reference, 1001, adapter.template("Webshop").id, datetime(2024, 3, 10, 12, 30),
                          f"Webshop-order {reference}", False,
                          lines=(PlanLine("ART-3001", Decimal("1"), "Cold brew", Decimal("17.50")),
                                 PlanLine("STATIEGELD", Decimal("6"), "Statiegeld", Decimal("0.15"),
                                          from_recipe=True)))


def orders_with(api, reference: str) -> list[int]:
    return [o.number for o in api.snapshot().sales_orders if o.payment_reference == reference]


def test_what_the_totals_check_needs_is_read_before_the_post(api, adapter):
    # The reviewer's scenario: reading the revenue groups is refused. Before the POST that is a
    # true refusal — nothing was written — never after it.
    api.fail_next(400, method="GET", path_prefix="artikelomzetgroepen", body=REFUSED)

    with pytest.raises(SnelStartRefused, match="ALG-0001"):
        adapter.create_sales_order(plan(adapter))

    assert orders_with(api, "20") == []
    assert api_calls(api, "POST", "/v2/verkooporders") == []


def test_the_recipe_free_total_asks_nothing_after_the_post(api, adapter):
    created = adapter.create_sales_order(plan(adapter))

    assert (created.total_incl_vat, created.total_without_recipe_lines) == (Decimal("18.40"), Decimal("17.50"))
    post = max(i for i, c in enumerate(api.calls) if c.method == "POST")
    assert [(c.method, c.path) for c in api.calls[post + 1:]] == []


@pytest.mark.parametrize("fault", ["nothing done", "done, answered 524"])
@pytest.mark.parametrize("status", [400, 404])
def test_a_refused_look_up_after_a_lost_answer_is_an_unknown_write(api, adapter, fault, status):
    assert adapter.sales_orders_with_payment_reference("20") == []  # as the use case asks first
    order = plan(adapter)
    if fault == "nothing done":
        api.fail_next(502, method="POST", path_prefix="verkooporders")
    else:
        api.answer_after_write(524, "POST", "verkooporders")
    api.fail_next(status, method="GET", path_prefix="verkooporders", body=REFUSED)

    with pytest.raises(ServiceUnavailable) as error:
        adapter.create_sales_order(order)

    assert not isinstance(error.value, OrderRejected)
    assert "ALG-0001" in str(error.value) and "\n" not in str(error.value)
    assert orders_with(api, "20") == ([] if fault == "nothing done" else [2])
    assert len(api_calls(api, "POST", "/v2/verkooporders")) == 1  # not sent again unseen


def test_a_refused_look_up_of_a_relation_write_is_an_unknown_write(api, adapter):
    adapter.next_relation_code()
    api.answer_after_write(504, "POST", "relaties")
    api.fail_next(400, method="GET", path_prefix="relaties", body=REFUSED)

    with pytest.raises(ServiceUnavailable) as error:
        adapter.create_relation(NewRelation("Nieuw", RelationAddress("", "Laan 1", "1234 AB", "Ergens", "NL")))

    assert not isinstance(error.value, OrderRejected)
    assert [r.code for r in api.snapshot().relations if r.name == "Nieuw"] == [2002]
