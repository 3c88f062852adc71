"""How SnelStart totals a sales order: moved to infrastructure/snelstart/sales_order_rules.py,
shared by every administration that computes totals itself; kept here for existing imports."""
from __future__ import annotations

from infrastructure.snelstart.sales_order_rules import ZERO, line_total, order_total_incl_vat

__all__ = ["ZERO", "line_total", "order_total_incl_vat"]
