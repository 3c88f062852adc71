"""The embedded administration (`snelstart.kind = "embedded"`): a SnelStart-shaped
administration in an SQLite file, reached through pyodbc and the SQLite3 ODBC driver — the same
ODBC layer the classic SQL Server / Access / LocalDB administrations are to be read through.

One object is both the `Administration` (reader.py) and the `Gateway` (writer.py), like the
in-memory fake; `create` loads a snapshot, `snapshot` dumps one, and `check_read` /
`check_write` serve *test connection*.
"""
from __future__ import annotations

import os
import uuid
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from application.ports import AdministrationIdentity
from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.errors import ConfigurationError
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.recognition import EmailPass
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.vat_abroad import VatAbroad, without_setting
from infrastructure.snelstart.odbc.connection import OdbcConnection
from infrastructure.snelstart.odbc.dialect import Dialect
from infrastructure.snelstart.odbc.sqlite import BUSY_TIMEOUT_MS, SQLITE_DRIVER, connect_sqlite
from infrastructure.snelstart.snapshot import Snapshot

from infrastructure.snelstart.embedded.administration_file import file_problem, is_new, new_file
from infrastructure.snelstart.embedded.reader import EmbeddedReader
from infrastructure.snelstart.embedded.schema import SCHEMA_VERSION, check_schema, create_schema
from infrastructure.snelstart.embedded.writer import EmbeddedWriter


def _refuse_unusable(path: Path) -> None:
    problem = file_problem(path)
    if problem is not None:
        raise ConfigurationError(f"snelstart.database: {problem}")


def _checkpoint(connection: OdbcConnection) -> None:
    # A new file is moved into place without its -wal: every committed page must be in the
    # file itself first (TRUNCATE also empties the -wal, which new_file checks).
    connection.rows("PRAGMA wal_checkpoint(TRUNCATE)")


class EmbeddedAdministration:
    """The administration in the SQLite file at `path`, which must hold one: a missing or empty
    (zero-byte) file, or a folder, is refused with a ConfigurationError naming
    snelstart.database — only `create` makes an administration. `driver` is the ODBC driver's
    registered name; a write waits up to `timeout_ms` for another process's write to finish."""

    def __init__(self, path: str | Path, driver: str = SQLITE_DRIVER, dialect: Dialect | None = None,
                 timeout_ms: int = BUSY_TIMEOUT_MS):
        self.path = Path(path)
        _refuse_unusable(self.path)
        self._open(connect_sqlite(self.path, driver, timeout_ms, dialect), check_schema)

    def _open(self, connection: OdbcConnection, schema: Callable[[OdbcConnection], None]) -> None:
        self._db = connection
        try:
            schema(self._db)
        except BaseException:
            self._db.close()
            raise
        self._reader = EmbeddedReader(self._db)
        self._writer = EmbeddedWriter(self._db, self._reader)

    @classmethod
    def create(cls, path: str | Path, snapshot: Snapshot, driver: str = SQLITE_DRIVER) -> "EmbeddedAdministration":
        """The file at `path` holding exactly `snapshot`. An administration already there is
        replaced in one transaction: whatever happens, it holds the old contents or the new. A
        new one (no file, or an empty one) is built beside it and moved in only when whole, so
        a failed load leaves no empty administration behind."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not is_new(path):
            administration = cls(path, driver)
            try:
                administration._writer.replace_contents(snapshot)
            except BaseException:
                administration.close()
                raise
            return administration
        with new_file(path) as building:
            new = cls.__new__(cls)
            new.path = building
            # Messages name the file the user asked for, not the temporary one.
            new._open(connect_sqlite(building, driver, what=str(path)), create_schema)
            try:
                new._writer.replace_contents(snapshot)
                _checkpoint(new._db)
            finally:
                new.close()
        return cls(path, driver)

    def snapshot(self) -> Snapshot:
        return self._reader.snapshot()

    def identity(self) -> AdministrationIdentity:
        """The id stored in the file (tblAdministratie): moving or renaming the file keeps it,
        another administration (another file, a snapshot of another one loaded) has another."""
        with self._db.read():
            administration_id, name = self._reader.about()
        if not administration_id:  # loaded from a snapshot without one: it gets one now, for good
            self._writer.name_administration(uuid.uuid4().hex)
            with self._db.read():
                administration_id, name = self._reader.about()
        return AdministrationIdentity(f"embedded:{administration_id}", name or self.path.name)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "EmbeddedAdministration":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # Test connection ----------------------------------------------------------------------------
    def check_read(self) -> str:
        _refuse_unusable(self.path)  # it may have gone since it was opened
        counts = self._reader.counts()
        return (f"{self.path.name}: embedded administration, schema version {SCHEMA_VERSION}, through "
                f"{self._db.driver_version()}: {counts['tblRelatie']} relations, {counts['tblArtikel']} articles, "
                f"{counts['tblVerkooporder']} sales orders")

    def check_write(self) -> str:
        if not os.access(self.path.parent, os.W_OK) or not os.access(self.path, os.W_OK):
            raise ConfigurationError(f"snelstart.database: {self.path} is not writable by this user")
        with self._db.write():  # takes the write lock, or says who holds it
            pass
        return f"{self.path} is writable"

    # RelationLookup -----------------------------------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        return self._reader.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._reader.relations_by_email(email, email_pass)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._reader.relations_by_vat(vat_number)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._reader.relations_by_coc(coc_number)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._reader.relations_by_postcode(country, postcode)

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return self._reader.names_by_postcode(country, postcode)

    # Administration -----------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        return self._reader.next_relation_code()

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        return self._reader.sales_orders_with_payment_reference(reference)

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        return self._reader.sales_orders_with_payment_references(references)

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        return self._reader.sales_orders_in_period(since, until)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        return self._reader.last_template_of(relation_code)

    def template(self, reference: str) -> SalesTemplate | None:
        return self._reader.template(reference)

    def templates(self) -> list[SalesTemplate]:
        return self._reader.templates()

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return self._reader.revenue_group(reference)

    def revenue_groups(self) -> list[RevenueGroup]:
        return self._reader.revenue_groups()

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        return self._reader.article_by_code(code, code_field)

    def vat_abroad(self) -> VatAbroad:
        # The desktop administrations S-Connect reaches by ODBC bill no foreign VAT (OSS) that a
        # connector could read; SnelStart books the Dutch rate of the revenue group.
        return without_setting("embedded")

    def article_code_limit(self) -> ArticleCodeLimit:
        """No artikelcode setting to read (SnelStart's desktop keeps it in its own settings):
        S-Connect's stand-in value (domain.field_limits)."""
        return STAND_IN_ARTICLE_CODES

    # Gateway ------------------------------------------------------------------------------------
    def create_relation(self, relation: NewRelation) -> Relation:
        return self._writer.create_relation(relation)

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        return self._writer.update_relation(code, relation)

    def create_article(self, article: NewArticle) -> Article:
        return self._writer.create_article(article)

    def update_article(self, article: Article) -> Article:
        return self._writer.update_article(article)

    def take_warnings(self) -> tuple[str, ...]:
        return ()  # every write is done exactly as asked, or refused

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        return self._writer.create_sales_order(plan)

    # A chunk's writes in one transaction (the Gateway's optional begin/commit, application/
    # ports.py): one synced commit for a chunk of orders instead of one or two per order. Each
    # write stays whole on its own (a savepoint: connection.py); the run records them as booked
    # only after `commit_writes`, and a process killed before it leaves none of them — the
    # claims the run made durable before the first write let the next run book them again.
    def begin_writes(self) -> None:
        self._writer.begin()

    def commit_writes(self) -> None:
        self._writer.commit()

    def abandon_writes(self) -> None:
        self._writer.abandon()

