"""SnelStart, every way of reaching it. The rooms:

adapters, one per `snelstart.kind`, each passing the contract suite (tests/contract):
    memory/     the in-memory administration (the tests' fake) and its snapshot-file variant
    embedded/   a SnelStart-shaped SQLite administration over ODBC (the default)
    odbc/       the shared ODBC layer: dialects, the neutral SQL notation, exact money
    b2b/        SnelStart Web through the B2B API v2
shared rules:
    rules/      what SnelStart refuses and how it computes (totals, codes), shared by every
                administration that must behave like SnelStart: memory, embedded, the B2B
                simulator
the format:
    snapshot/   the administration snapshot JSON (reference/administration-snapshot.md):
                load, dump and the records every kind can be filled from
The simulator of the B2B API lives in infrastructure/simulators/, not here."""
