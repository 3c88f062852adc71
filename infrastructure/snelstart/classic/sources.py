"""Where a SnelStart desktop administration is, as an ODBC connection string per kind and platform.

- `sql` (SnelStart SQL / Netwerk): SQL Server `server`, database `database`; a SQL login
  (`username` + password) or, without a username, Windows authentication; `encrypt` (default
  on) and `trust_server_certificate` (a server with its own certificate, as a local SnelStart
  server usually has).
- `local` (SnelStart 12 Lokaal): LocalDB, `(localdb)\\MSSQLLocalDB` unless `server` names
  another instance, with the administration's database file `<folder>/<administration>.mdf`.
- `mdb` (SnelStart 11 and older): the Access file `<folder>/<administration>.mdb`, through
  Microsoft's Access driver on Windows and MDBTools' on Linux.
The driver is the first of the usual ones that is installed; `snelstart.odbc_driver` names
another. Which files and databases are administrations is our best guess (docs/classic.md).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from domain.errors import ConfigurationError, SConnectError, ServiceUnavailable
from infrastructure.config.model import SnelStartConnection, SnelStartKind
from infrastructure.snelstart.odbc.access import ACCESS_DRIVER_INSTALL, AccessDialect, default_access_driver, is_limited
from infrastructure.snelstart.odbc.connection import OdbcConnection, driver_message, odbc_module
from infrastructure.snelstart.odbc.dialect import Dialect
from infrastructure.snelstart.odbc.tsql import TSqlDialect

LOCALDB_INSTANCE = r"(localdb)\MSSQLLocalDB"
SQL_SERVER_DRIVERS = ("ODBC Driver 18 for SQL Server", "ODBC Driver 17 for SQL Server",
                      "SQL Server Native Client 11.0", "FreeTDS")
SQL_SERVER_INSTALL = ("install Microsoft's \"ODBC Driver 18 for SQL Server\" (Windows: from Microsoft; Debian: "
                      "the msodbcsql18 package from Microsoft's repository), or name an installed one in "
                      "snelstart.odbc_driver")
EXTENSIONS = {SnelStartKind.MDB: ".mdb", SnelStartKind.LOCAL: ".mdf"}
CLASSIC_KINDS = (SnelStartKind.SQL, SnelStartKind.LOCAL, SnelStartKind.MDB)


def installed_drivers() -> list[str]:
    try:
        return list(odbc_module().drivers())
    except SConnectError:
        return []


@dataclass(frozen=True)
class OdbcSource:
    """How to reach one administration over ODBC. `connection_string` may hold a password:
    it is never printed; `what` names the administration in messages instead."""

    connection_string: str
    dialect: Dialect
    what: str
    driver: str
    install_hint: str
    kind: str = ""

    def connect(self) -> OdbcConnection:
        return OdbcConnection(self.connection_string, self.dialect, self.what, self.driver, self.install_hint,
                              refusal=connect_refusal(self))


def _braced(value: str) -> str:
    """An attribute value as ODBC reads it whatever it holds (`;`, spaces, `}`)."""
    return "{" + value.replace("}", "}}") + "}"


def _choose(preferred: tuple[str, ...], drivers: Callable[[], list[str]]) -> str:
    installed = set(drivers())
    return next((d for d in preferred if d in installed), preferred[0])


def _sql_server_driver(connection: SnelStartConnection, drivers: Callable[[], list[str]]) -> str:
    return connection.odbc_driver or _choose(SQL_SERVER_DRIVERS, drivers)


def administration_file(connection: SnelStartConnection) -> Path:
    """mdb/local: the administration's file in `folder` (the extension may be left out)."""
    assert connection.folder is not None, "the configuration requires snelstart.folder for mdb/local"
    name = connection.administration
    extension = EXTENSIONS[connection.kind]
    return connection.folder / (name if name.lower().endswith(extension) else name + extension)


def administrations_in(folder: Path, kind: SnelStartKind) -> list[str]:
    """The administrations a folder holds: its .mdb (mdb) or .mdf (local) files, by name."""
    extension = EXTENSIONS[kind]
    try:
        return sorted((p.stem for p in folder.iterdir() if p.is_file() and p.suffix.lower() == extension),
                      key=str.casefold)
    except OSError:
        return []


def check_administration_file(connection: SnelStartConnection, section: str = "snelstart") -> Path:
    """The administration's file, or a one-line ConfigurationError that lists what is there.
    `section`: the settings' place in the file, for the message (profiles.<id>.snelstart)."""
    assert connection.folder is not None
    folder, path = connection.folder, administration_file(connection)
    if not folder.is_dir():
        raise ConfigurationError(f"{section}.folder: {folder} is not a folder (administration not found)")
    if not path.is_file():
        found = administrations_in(folder, connection.kind)
        there = f"the administrations there: {', '.join(found)}" if found else \
            f"there is no {EXTENSIONS[connection.kind]} file there"
        raise ConfigurationError(f"{section}.administration: administration not found: no {path.name} in "
                                 f"{folder} ({there})")
    return path


def classic_source(connection: SnelStartConnection, platform: str = sys.platform,
                   drivers: Callable[[], list[str]] = installed_drivers, database: str | None = None) -> OdbcSource:
    """The ODBC source of a classic administration; `database` (sql only) reads another
    database of the same server (`master`, to list them)."""
    kind = connection.kind
    if kind is SnelStartKind.MDB:
        driver = connection.odbc_driver or default_access_driver(platform)
        path = administration_file(connection)
        return OdbcSource(f"DRIVER={_braced(driver)};DBQ={path};", AccessDialect(limited=is_limited(driver)),
                          str(path), driver, ACCESS_DRIVER_INSTALL, kind.value)
    driver = _sql_server_driver(connection, drivers)
    parts = [f"DRIVER={_braced(driver)}"]
    if kind is SnelStartKind.SQL:
        name = database or connection.database
        parts += [f"SERVER={_braced(connection.server)}", f"DATABASE={_braced(name)}"]
        what = f"database {name} on SQL Server {connection.server}"
        encrypt = True if connection.encrypt is None else connection.encrypt
    elif kind is SnelStartKind.LOCAL:
        path = administration_file(connection)
        server = connection.server or LOCALDB_INSTANCE
        parts += [f"SERVER={_braced(server)}", f"AttachDbFilename={_braced(str(path))}",
                  f"DATABASE={_braced(path.stem)}"]
        what = f"{path} (LocalDB {server})"
        encrypt = bool(connection.encrypt)  # a LocalDB instance lives on this machine
    else:
        raise ConfigurationError(f"snelstart.kind {kind.value} is not a SnelStart desktop kind")
    if kind is SnelStartKind.SQL and connection.username:
        parts += [f"UID={_braced(connection.username)}", f"PWD={_braced(connection.password.reveal())}"]
    else:
        parts.append("Trusted_Connection=yes")
    parts.append(f"Encrypt={'yes' if encrypt else 'no'}")
    if connection.trust_server_certificate:
        parts.append("TrustServerCertificate=yes")
    return OdbcSource(";".join(parts) + ";", TSqlDialect(), what, driver, SQL_SERVER_INSTALL, kind.value)


def databases_on(connection: SnelStartConnection) -> list[str]:
    """sql: the user databases of the server (each may be an administration)."""
    with _closing(classic_source(connection, database="master").connect()) as db:
        return [row[0] for row in db.rows(TSqlDialect().databases())]


class _closing:
    def __init__(self, db: OdbcConnection):
        self.db = db

    def __enter__(self) -> OdbcConnection:
        return self.db

    def __exit__(self, *_exc) -> None:
        self.db.close()


# Why a connection was refused, in SQL Server's words (SQLSTATE and its native messages).
_LOGIN = ("28000", "login failed")
_NO_DATABASE = ("cannot open database", "4060")
_NO_SERVER = ("08001", "server was not found", "server does not exist", "network-related", "named pipes provider",
              "tcp provider", "login timeout expired", "could not open a connection")


def connect_refusal(source: OdbcSource) -> Callable[[Exception], SConnectError | None]:
    """Turns a refused connection into the reason a user can act on (None: no better words)."""

    def refusal(error: Exception) -> SConnectError | None:
        if not isinstance(source.dialect, TSqlDialect):
            return None
        state = str(getattr(error, "args", ("",))[0])
        text = f"{state} {error}".lower()
        message = driver_message(error)
        if any(word in text for word in _NO_DATABASE):
            return ConfigurationError(f"{source.what}: administration not found: the server has no such database "
                                      f"or refuses it to this login (list them: sconnect snelstart administrations)")
        if any(word in text for word in _LOGIN):
            return ConfigurationError(f"{source.what}: login refused ({message}); check snelstart.username and "
                                      "the password, or leave username out for Windows authentication")
        if any(word in text for word in _NO_SERVER):
            return ServiceUnavailable(f"{source.what}: server not found or not reachable ({message})")
        return None

    return refusal
