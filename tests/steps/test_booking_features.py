"""The booking rule book: every sales, article and customer processing option of SPEC §4–§6, and
VAT the way a Dutch bookkeeper declares it (SPEC §4)."""
from pytest_bdd import scenarios

scenarios("sales_orders.feature", "articles.feature", "customer_processing.feature", "vat.feature")
