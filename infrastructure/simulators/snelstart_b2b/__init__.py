"""A local SnelStart B2B API v2: stands in for SnelStart Web, enforcing `reference/snelstart.md`
§1–5c (token, OData filters and paging, the models, the refusal codes) over an in-memory
administration that computes like SnelStart (infrastructure/snelstart/rules)."""
