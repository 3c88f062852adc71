"""Reconcile's bulk read through the B2B API: pages of `GET /verkooporders` with `$filter` on the
date and `$select` of five fields — a few calls for a thousand orders, never one per order."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from b2b_world import api_calls

START = datetime(2024, 5, 1, 9, 0)


@pytest.fixture
def document(document):
    for n in range(1_200):
        document["verkooporders"].append({
            "nummer": 100 + n, "relatie": 1002, "datum": (START + timedelta(hours=n)).isoformat(),
            "verkoopordersjabloon": "tpl-web", "betalingskenmerk": str(5000 + n),
            "regels": [{"artikelcode": "ART-2001", "omschrijving": "Mok", "aantal": "1", "stuksprijs": "8.50",
                        "kortingsPercentage": "0", "totaal": "8.50"}], "totaalInclusiefBtw": "8.50"})
    return document


def test_a_thousand_orders_in_three_pages_of_five_fields(api, adapter):
    found = adapter.sales_orders_in_period(START)

    assert len(found) == 1_200 and found[0].payment_reference == "5000" and found[0].total_incl_vat == Decimal("8.50")
    calls = api_calls(api, "GET", "/v2/verkooporders")
    assert len(calls) == 3
    assert {c.query["$filter"] for c in calls} == {"Datum ge datetime'2024-05-01T09:00:00'"}
    assert {c.query["$select"] for c in calls} == {"Id,Nummer,Betalingskenmerk,TotaalInclusiefBtw,Datum"}
    assert [c.query["$skip"] for c in calls] == ["0", "500", "1000"]


def test_a_closed_period_filters_on_both_ends(api, adapter):
    found = adapter.sales_orders_in_period(START + timedelta(hours=10), START + timedelta(hours=20))

    assert [h.number for h in found] == list(range(110, 120))
    # A short first page is asked once more (it may be the server's cap, transport.py): two calls.
    calls = api_calls(api, "GET", "/v2/verkooporders")
    assert len(calls) == 2
    assert {c.query["$filter"] for c in calls} == {"Datum ge datetime'2024-05-01T19:00:00' and "
                                                   "Datum lt datetime'2024-05-02T05:00:00'"}
