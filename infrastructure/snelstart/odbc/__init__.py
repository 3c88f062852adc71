"""The shared ODBC layer: dialects, the neutral SQL notation, connections and exact money.

The embedded administration reads and writes through it today; the classic SnelStart
administrations (SQL Server, Access, LocalDB) are to read through the same layer."""
