"""Contract: every administration computes a sales order's VAT like SnelStart (SPEC §4) — from the
article's revenue group, never from the rate the plan says the shop charged (a SnelStart order
line has no VAT field) — reports the VAT it computed, and says what it bills abroad.

The contract's articles: ART-1001 in "Omzet laag" (9 %), ART-2001 in "Omzet hoog" (21 %).
Amounts worked out by hand in the comments.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from domain.sales_order import PlanLine, SalesOrderPlan

D = Decimal


def plan(lines, excl: bool = False) -> SalesOrderPlan:
    return SalesOrderPlan(payment_reference="30", relation_code=1001, template_id="tpl-zakelijk" if excl else "tpl-web",
                          date=datetime(2024, 3, 10, 12, 30), description="Webshop-order 30", prices_excl_vat=excl,
                          lines=tuple(lines))


def test_a_line_is_taxed_at_its_articles_group_not_at_the_rate_the_plan_gives(administration):
    # Prices excl. VAT: 10.00 of ART-1001 (9 %) is 10.00 + 0.90 = 10.90. Taking the plan's 21 %
    # would make 12.10: what the in-memory and embedded fakes did before, hiding a wrong rate.
    created = administration.create_sales_order(plan([PlanLine("ART-1001", D("1"), "Koffie", D("10.00"), D("21"))],
                                                     excl=True))

    assert created.total_incl_vat == D("10.90")
    assert created.total_vat == D("0.90")


def test_with_prices_incl_vat_the_vat_follows_the_groups_too(administration):
    # 12.10 of ART-2001 (21 %): VAT 2.10; 10.90 of ART-1001 (9 %): VAT 0.90. The plan says 0 % for
    # both; the total incl. VAT is the same either way, the VAT declared is not.
    created = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("12.10"), D("0")),
                                                      PlanLine("ART-1001", D("1"), "Koffie", D("10.90"), D("0"))]))

    assert created.total_incl_vat == D("23.00")
    assert created.total_vat == D("3.00")


def test_the_vat_is_rounded_once_per_rate(administration):
    # Three lines of 1.00 incl. 21 %: per line 0.1736 → 0.17 (0.51 in all); over the rate
    # 3.00 × 21/121 = 0.5207 → 0.52.
    created = administration.create_sales_order(plan([PlanLine("ART-2001", D("1"), "Mok", D("1.00"))] * 3))

    assert created.total_vat == D("0.52")


def test_every_administration_says_what_it_bills_abroad(administration, adapter_factory):
    abroad = administration.vat_abroad()

    # Foreign VAT is off in the simulated B2B administration (companyInfo factureerBuitenlandsBtw);
    # the others have no such setting at all, and say which kind they are.
    assert abroad.foreign_vat is False
    if adapter_factory.name == "b2b":
        assert abroad.setting is True
    else:
        assert abroad.setting is False and "no foreign VAT" in abroad.why


@pytest.mark.parametrize("excl", [False, True])
def test_the_vat_of_a_recipe_line_is_its_articles(administration, excl):
    # A component SnelStart prices itself: STATIEGELD is in "Omzet nul" (0 %): no VAT on it.
    # 2 × 8.50 = 17.00 of ART-2001 at 21 %: incl. VAT 2.95; excl. 17.00 × 21 % = 3.57.
    created = administration.create_sales_order(plan(
        [PlanLine("ART-2001", D("2"), "Mok", D("8.50"), D("21")),
         PlanLine("STATIEGELD", D("2"), "Statiegeld", D("0.15"), D("21"), from_recipe=True)], excl=excl))

    assert created.total_vat == (D("3.57") if excl else D("2.95"))
