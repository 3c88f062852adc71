"""One ODBC connection to an administration: statements in the neutral notation (sql.py),
transactions, and the driver's generic errors turned into what they mean.

The connection runs in autocommit mode and opens its transactions itself, because the write
transaction must take the write lock at its start (Dialect.begin_write); pyodbc's own
transactions start with a plain BEGIN. `fast_executemany` stays off: the SQLite3 ODBC driver
crashes the process with it.
"""
from __future__ import annotations

import contextlib
import re
from typing import Any, Callable, Iterable, Iterator, Mapping

from domain.errors import ConfigurationError, SConnectError, ServiceUnavailable
from infrastructure.snelstart.odbc.dialect import Dialect
from infrastructure.snelstart.odbc.sql import Sql, Statement

UNIXODBC_INSTALL = "apt-get install unixodbc"


def odbc_module():
    """pyodbc, or a one-line ConfigurationError saying how to get ODBC."""
    try:
        import pyodbc
    except ImportError as error:  # pyodbc itself, or the libodbc.so.2 of unixODBC it links
        raise ConfigurationError(f"ODBC cannot be used on this machine ({error}); install unixODBC with: "
                                 f"{UNIXODBC_INSTALL} (and the Python package pyodbc)") from None
    return pyodbc


_DRIVER_TEXT = re.compile(r"\[(?:SQLite|Microsoft|unixODBC)\]([^\[]*?)\s*(?:\(\d+\)\s*)*(?:\(SQL\w+\))?\s*$")


def driver_message(error: Exception) -> str:
    """The driver's own words, without ODBC's SQLSTATE and function-name wrapping."""
    text = " ".join(str(arg) for arg in getattr(error, "args", ()) if isinstance(arg, str)) or str(error)
    found = _DRIVER_TEXT.search(text.splitlines()[-1] if text else text)
    return (found.group(1) if found else text).strip() or type(error).__name__


def _missing_driver(error: Exception) -> bool:
    # unixODBC: IM002 "Data source name not found…" or 01000 "Can't open lib 'X' : file not
    # found"; Windows' driver manager: IM002 too.
    state = str(getattr(error, "args", ("",))[0])
    return state in ("IM002", "IM003") or "Can't open lib" in str(error)


class DriverError(SConnectError):
    """A statement the driver refused for a reason no other error here names (a value of the
    wrong type, a number too large to bind): one line in the driver's own words, never pyodbc's
    (SQLSTATE, message) tuple."""


class ConstraintViolation(Exception):
    """A statement broke a constraint of the database (a key, NOT NULL, a foreign key)."""


class UniqueViolation(ConstraintViolation):
    """A statement broke a unique key: (table, column) as the dialect read it from the error."""

    def __init__(self, table: str, column: str, message: str):
        super().__init__(message)
        self.table, self.column = table, column


def _storable(args: list) -> list:
    # The driver passes text as C strings: everything after a NUL character would silently be
    # lost, so such a value is refused instead (XML cannot hold one; a snapshot or API could).
    for value in args:
        if isinstance(value, str) and "\x00" in value:
            raise ConstraintViolation(f"a text holds a NUL character, which the ODBC driver cannot store: "
                                      f"{value.split(chr(0))[0][:40]!r}…")
    return args


# SQLite's words for a database another process holds, or one the disk will not let us use.
_BUSY = ("database is locked", "database table is locked", "busy")
_UNAVAILABLE = ("disk i/o error", "unable to open", "disk is full", "readonly database", "connect failed")


class OdbcConnection:
    """`what` names the administration in messages (a file path, never a connection string:
    for SQL Server that string would hold the password). `refusal` may name the reason a
    refused connection had (a login refused, a database not found) better than the driver."""

    def __init__(self, connection_string: str, dialect: Dialect, what: str, driver: str, install_hint: str,
                 refusal: Callable[[Exception], SConnectError | None] | None = None):
        self._pyodbc = odbc_module()
        self.what = what
        self.driver = driver
        try:
            self._connection = self._pyodbc.connect(connection_string, autocommit=True)
        except self._pyodbc.Error as error:
            if _missing_driver(error):
                raise ConfigurationError(f"the ODBC driver '{driver}' is not installed; {install_hint}") from None
            reason = refusal(error) if refusal is not None else None
            if reason is not None:
                raise reason from None
            raise ServiceUnavailable(f"{what} cannot be opened: {driver_message(error)}") from None
        self.sql = Sql(dialect)
        self.dialect = dialect
        self._cursor = self._connection.cursor()
        self._cursor.fast_executemany = False  # the SQLite3 driver crashes with it on
        self._in_transaction = False
        self._writing = False
        self._savepoints = 0

    def driver_version(self) -> str:
        try:
            return f"{self._connection.getinfo(self._pyodbc.SQL_DRIVER_NAME)} " \
                   f"{self._connection.getinfo(self._pyodbc.SQL_DRIVER_VER)}"
        except self._pyodbc.Error:  # MDBTools answers no SQLGetInfo
            return f"the ODBC driver {self.driver}"

    # The catalogue: what every ODBC driver lists through SQLTables / SQLColumns -------------------
    def table_names(self) -> list[str]:
        """The database's own tables (not views, not system tables), as it spells them."""
        try:
            return sorted({row.table_name for row in self._cursor.tables(tableType="TABLE")
                           if row.table_name and not row.table_name.lower().startswith(("msys", "sqlite_"))},
                          key=str.casefold)
        except self._pyodbc.Error as error:
            raise self._failed(error) from None

    def column_names(self, table: str) -> list[str]:
        """A table's columns in their order (SQLColumns' ORDINAL_POSITION)."""
        try:
            found = [(row.ordinal_position or 0, row.column_name) for row in self._cursor.columns(table=table)
                     if (row.table_name or table).casefold() == table.casefold()]
        except self._pyodbc.Error as error:
            raise self._failed(error) from None
        return [name for _, name in sorted(found, key=lambda pair: pair[0])]

    # Statements ---------------------------------------------------------------------------------
    def _failed(self, error: Exception) -> Exception:
        violated = self.dialect.unique_violation(error)
        if violated is not None:
            return UniqueViolation(*violated, driver_message(error))
        message = driver_message(error)
        lowered = message.lower()
        if any(word in lowered for word in _BUSY):
            return ServiceUnavailable(f"{self.what} is in use by another process (locked); try again later")
        if any(word in lowered for word in _UNAVAILABLE):
            return ServiceUnavailable(f"{self.what} cannot be used: {message}")
        if "constraint failed" in lowered:
            return ConstraintViolation(message)
        if "not a database" in lowered:
            return ConfigurationError(f"{self.what} is not an embedded administration (not an SQLite database)")
        return DriverError(f"{self.what}: the ODBC driver refused a statement: {message}")

    def _unbindable(self, error: OverflowError) -> DriverError:
        # pyodbc raises OverflowError itself for an int beyond 64 bits, before the driver sees it.
        return DriverError(f"{self.what}: a number is too large for the database ({error})")

    def execute(self, statement: Statement, params: Mapping[str, Any] | None = None) -> int:
        sql, args = self.sql.bind(statement, params)
        try:
            self._cursor.execute(sql, _storable(args))
        except self._pyodbc.Error as error:
            raise self._failed(error) from None
        except OverflowError as error:
            raise self._unbindable(error) from None
        return self._cursor.rowcount

    def execute_many(self, statement: Statement, rows: Iterable[Mapping[str, Any]]) -> None:
        sql, args = self.sql.bind_many(statement, rows)
        if not args:
            return
        for row in args:
            _storable(row)
        try:
            self._cursor.executemany(sql, args)
        except self._pyodbc.Error as error:
            raise self._failed(error) from None
        except OverflowError as error:
            raise self._unbindable(error) from None

    def rows(self, statement: Statement, params: Mapping[str, Any] | None = None) -> list:
        self.execute(statement, params)
        try:
            return self._cursor.fetchall()
        except self._pyodbc.Error as error:
            raise self._failed(error) from None

    def first(self, statement: Statement, params: Mapping[str, Any] | None = None):
        found = self.rows(statement, params)
        return found[0] if found else None

    def value(self, statement: Statement, params: Mapping[str, Any] | None = None) -> Any:
        row = self.first(statement, params)
        return None if row is None else row[0]

    def _raw(self, sql: str) -> None:
        try:
            self._cursor.execute(sql)
        except self._pyodbc.Error as error:
            raise self._failed(error) from None

    def next_key(self, table: str, column: str) -> int:
        self._raw(self.dialect.next_key(table, column))
        return int(self._cursor.fetchone()[0])

    # Transactions -------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self, writing: bool) -> Iterator[None]:
        if self._in_transaction:
            if writing and not self._writing:
                raise RuntimeError("a write cannot join a read transaction: it would not hold the write lock")
            if writing:
                # A write inside a write (one of the writes a held transaction gathers, see
                # `begin`) is a savepoint: refused or broken off halfway, it is undone alone —
                # never a sales order's header committed without its lines.
                with self._savepoint():
                    yield
                return
            yield  # a read inside a write (or inside a read) joins it
            return
        self._raw(self.dialect.begin_write() if writing else self.dialect.begin_read())
        self._in_transaction, self._writing = True, writing
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self._commit()

    @contextlib.contextmanager
    def _savepoint(self) -> Iterator[None]:
        self._savepoints += 1
        name = f"write{self._savepoints}"
        self._raw(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self._cursor.execute(f"ROLLBACK TO {name}")
                self._cursor.execute(f"RELEASE {name}")
            raise
        finally:
            self._savepoints -= 1
        self._raw(f"RELEASE {name}")

    def begin(self) -> None:
        """A write transaction left open, holding the write lock: the writes that follow join it
        (each a savepoint of its own) until `commit` — all of them on disk in one synced commit —
        or `rollback`. A process killed before the commit leaves none of them."""
        if self._in_transaction:
            raise RuntimeError("a transaction is open already")
        self._raw(self.dialect.begin_write())
        self._in_transaction = self._writing = True

    def commit(self) -> None:
        """Commit the transaction `begin` opened."""
        if not (self._in_transaction and self._writing):
            raise RuntimeError("no write transaction is open")
        self._commit()

    def _commit(self) -> None:
        """COMMIT the open transaction; one whose COMMIT fails is rolled back."""
        try:
            self._raw("COMMIT")
        except BaseException:
            self.rollback()
            raise
        self._in_transaction = self._writing = False

    def rollback(self) -> None:
        """Undo the transaction `begin` opened (nothing when none is open)."""
        if not self._in_transaction:
            return
        try:
            with contextlib.suppress(Exception):
                self._cursor.execute("ROLLBACK")
        finally:
            self._in_transaction = self._writing = False

    def write(self) -> contextlib.AbstractContextManager[None]:
        """One write = one transaction, holding the write lock from its start: all of it is
        committed, or none of it (also when the process is killed halfway)."""
        return self._transaction(writing=True)

    def read(self) -> contextlib.AbstractContextManager[None]:
        """Several reads that must see one state (a relation and its extra fields)."""
        return self._transaction(writing=False)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._cursor.close()
        with contextlib.suppress(Exception):
            self._connection.close()
