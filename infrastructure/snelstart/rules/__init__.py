"""SnelStart's own rules, shared by every administration that computes itself (memory,
embedded, the B2B simulator): what a write may hold and the refusal code when it does not
(writes, refusals), and how a sales order is priced and totalled (sales_orders)."""
