"""The SnelStart B2B API v2 adapter (`snelstart.kind = "b2b"`): auth, transport, OData, mapping,
reads and writes. It talks to SnelStart; its simulator is infrastructure/simulators/snelstart_b2b."""
