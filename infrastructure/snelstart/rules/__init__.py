"""SnelStart's own rules, shared by every administration that computes itself (memory,
embedded, the B2B simulator, the classic fake Gateway): what a write may hold and the refusal
code when it does not (writes, refusals; every field's length in limits, from the one table
of domain.field_limits), how a sales order is priced and totalled (sales_orders), and at which
VAT rate SnelStart books a line — its article's revenue group's, abroad perhaps the delivery
country's (vat: `line_rates(...)` is the `vat_rate_of` that `sales_orders.price_sales_order`
takes)."""
