"""The in-memory administration kept in a snapshot JSON file (`snelstart.kind = "memory"`).

State survives between processes: every successful write rewrites the file atomically
(temp file in the same folder, fsync, os.replace), so a process killed mid-write leaves the
old file or the new one, never a torn one. Another process's writes are picked up before each
read or write (the file's identity, size or mtime changed), and writers take an exclusive
lock on a sidecar `.lock` file so two processes cannot both write on top of the same state.
"""
from __future__ import annotations

import contextlib
import glob
import os
import tempfile
import uuid
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from application.ports import AdministrationIdentity
from domain.article import Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.recognition import EmailPass
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, SalesOrderHeader, SalesOrderPlan
from domain.errors import ConfigurationError
from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.vat_abroad import VatAbroad, without_setting
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import Snapshot, read_snapshot_file, snapshot_json

T = TypeVar("T")
_UNKNOWN = (-1, -1, -1)  # matches no file: forces the next read to load the file


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # Windows
            import msvcrt
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def write_atomically(path: Path, text: str) -> None:
    """The old file or the new one, whatever happens: never a half-written one."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _remove_stale_temp_files(path: Path) -> None:
    """Left by a writer killed mid-write; only lock holders write them, and the caller holds the lock."""
    pattern = os.path.join(glob.escape(str(path.parent)), f".{glob.escape(path.name)}.*.tmp")
    for stale in glob.glob(pattern):
        with contextlib.suppress(OSError):
            os.unlink(stale)


class FileAdministration:
    """A MemoryAdministration whose contents live in the snapshot file at `path`.

    A missing file is an administration holding `seed` (empty when None); the file appears
    with the first write.
    """

    def __init__(self, path: str | Path, seed: Snapshot | None = None):
        self.path = Path(path)
        self._seed = seed or Snapshot()
        self._seen: tuple[int, int, int] | None = None
        self._memory = MemoryAdministration(self._seed)
        self._refresh()

    @classmethod
    def create(cls, path: str | Path, snapshot: Snapshot) -> "FileAdministration":
        """A new file holding `snapshot` (an existing one is replaced)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(_lock_path(path)):
            _remove_stale_temp_files(path)
            write_atomically(path, snapshot_json(snapshot))
        return cls(path)

    def _signature(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        # os.replace gives every write a new inode; size and mtime catch in-place edits.
        return st.st_ino, st.st_size, st.st_mtime_ns

    def _refresh(self) -> None:
        signature = self._signature()
        if signature == self._seen:
            return
        snapshot = self._seed if signature is None else read_snapshot_file(self.path)
        self._memory = MemoryAdministration(snapshot)
        self._seen = signature

    def _read(self, query: Callable[[MemoryAdministration], T]) -> T:
        self._refresh()
        return query(self._memory)

    def _write(self, change: Callable[[MemoryAdministration], T]) -> T:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _exclusive(_lock_path(self.path)):
            _remove_stale_temp_files(self.path)
            self._refresh()
            try:
                result = change(self._memory)  # a refusal raises here: the file stays as it was
                write_atomically(self.path, snapshot_json(self._memory.snapshot()))
            except BaseException:
                self._seen = _UNKNOWN  # memory may be ahead of the file: read the file again
                raise
            self._seen = self._signature()
        return result

    def snapshot(self) -> Snapshot:
        return self._read(lambda m: m.snapshot())

    def identity(self) -> AdministrationIdentity:
        """The id in the file; a file without one gets one now, written into it, so it keeps
        being this administration whatever it is called or wherever it is moved."""
        found = self._read(lambda m: m.identity())
        if found is None:
            self._write(lambda m: m.name_it(uuid.uuid4().hex))
            found = self._read(lambda m: m.identity())
        assert found is not None
        return AdministrationIdentity(found.key, found.name or self.path.name)

    # Test connection ----------------------------------------------------------------------------
    def check_read(self) -> str:
        if not self.path.exists():
            raise ConfigurationError(f"snelstart.database: administration file {self.path} does not exist "
                                     f"(fill it with: sconnect embedded load FILE.json)")
        snapshot = self.snapshot()
        return (f"{self.path.name}: {len(snapshot.relations)} relations, {len(snapshot.articles)} articles, "
                f"{len(snapshot.sales_orders)} sales orders")

    def check_write(self) -> str:
        folder = self.path.parent
        if not os.access(folder, os.W_OK) or (self.path.exists() and not os.access(self.path, os.W_OK)):
            raise ConfigurationError(f"snelstart.database: {self.path} is not writable by this user")
        return f"{self.path} is writable"

    # RelationLookup ---------------------------------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        return self._read(lambda m: m.relation_by_code(code))

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._read(lambda m: m.relations_by_email(email, email_pass))

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._read(lambda m: m.relations_by_vat(vat_number))

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._read(lambda m: m.relations_by_coc(coc_number))

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._read(lambda m: m.relations_by_postcode(country, postcode))

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return self._read(lambda m: m.names_by_postcode(country, postcode))

    # Administration ---------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        return self._read(lambda m: m.next_relation_code())

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        return self._read(lambda m: m.sales_orders_with_payment_reference(reference))

    def sales_orders_with_payment_references(self, references: Iterable[str]) -> dict[str, list[BookedOrderRef]]:
        asked = list(references)
        return self._read(lambda m: m.sales_orders_with_payment_references(asked))

    def sales_orders_in_period(self, since: datetime | None,
                               until: datetime | None = None) -> list[SalesOrderHeader]:
        return self._read(lambda m: m.sales_orders_in_period(since, until))

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        return self._read(lambda m: m.last_template_of(relation_code))

    def template(self, reference: str) -> SalesTemplate | None:
        return self._read(lambda m: m.template(reference))

    def templates(self) -> list[SalesTemplate]:
        return self._read(lambda m: m.templates())

    def revenue_groups(self) -> list[RevenueGroup]:
        return self._read(lambda m: m.revenue_groups())

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return self._read(lambda m: m.revenue_group(reference))

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        return self._read(lambda m: m.article_by_code(code, code_field))

    def vat_abroad(self) -> VatAbroad:
        return without_setting("memory")  # a snapshot file holds no company settings

    def article_code_limit(self) -> ArticleCodeLimit:
        return STAND_IN_ARTICLE_CODES

    # Gateway ----------------------------------------------------------------------------------
    def create_relation(self, relation: NewRelation) -> Relation:
        return self._write(lambda m: m.create_relation(relation))

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        return self._write(lambda m: m.update_relation(code, relation))

    def create_article(self, article: NewArticle) -> Article:
        return self._write(lambda m: m.create_article(article))

    def update_article(self, article: Article) -> Article:
        return self._write(lambda m: m.update_article(article))

    def take_warnings(self) -> tuple[str, ...]:
        return ()  # every write is done exactly as asked, or refused

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        return self._write(lambda m: m.create_sales_order(plan))
