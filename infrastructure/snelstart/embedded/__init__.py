"""The embedded SnelStart administration: an SQLite file reached through pyodbc and the SQLite3
ODBC driver (`snelstart.kind = "embedded"`). See docs/embedded.md."""
from infrastructure.snelstart.embedded.administration import EmbeddedAdministration
from infrastructure.snelstart.embedded.schema import SCHEMA_VERSION

__all__ = ["EmbeddedAdministration", "SCHEMA_VERSION"]
