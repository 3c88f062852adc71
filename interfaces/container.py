"""The one place that knows every adapter (dependency-injector).

Configuration in — one checked `Profile` and the state path — use cases out. The SnelStart
adapter is picked by a `Selector` on `snelstart.kind`; tests override providers with fakes.

Start-up (issue 20, bench/startup.py; issue 19's idle run, bench/idle.py): importing this
module costs nothing. `Container` is built on first use (dependency-injector itself pulls in
asyncio; the web frameworks its wiring could inject into are left out:
infrastructure/optional_imports.py), and each adapter is imported by the provider that makes
it, so a run on the embedded administration never loads httpx's B2B client, the classic ODBC
reader or SQLAlchemy's read-only store. `Licensing` and `status_store` are the light factories
for `status` and the licence commands: the licence book, the clock and a plain-sqlite3 read of
the state file, without dependency-injector, SQLAlchemy, httpx or pyodbc.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

if TYPE_CHECKING:
    from infrastructure.licence import LicenceBook
    from infrastructure.snelstart.b2b.administration import B2BAdministration
    from infrastructure.snelstart.classic.administration import ClassicAdministration
    from infrastructure.snelstart.classic.com import GatewayLibrary
    from infrastructure.snelstart.classic.sources import OdbcSource
    from infrastructure.snelstart.embedded import EmbeddedAdministration
    from infrastructure.state.store import SqliteStateStore


def _not_available(kind: str):
    def fail(*_args, **_kwargs):
        from domain.errors import ConfigurationError

        raise ConfigurationError(
            f"snelstart.kind: '{kind}' is not available in this version yet; use 'memory' "
            f"(see docs/configuration.md)")
    return fail


def _kind(profile) -> str:
    return profile.snelstart.kind.value


def _administration_file(profile) -> str:
    from domain.errors import ConfigurationError
    from infrastructure.snelstart.embedded.administration_file import file_problem

    path = profile.snelstart.database_file
    # Missing, empty (zero-byte) or a folder: an empty administration would fail every order
    # ("template not found") until held, so run and test-connection refuse it and create nothing.
    problem = file_problem(path)
    if problem is not None:
        raise ConfigurationError(f"profiles.{profile.id}.snelstart.database: {problem}")
    return str(path)


def _b2b_administration(profile, memory) -> Iterator[B2BAdministration]:
    """SnelStart Web through the B2B API; one per run (the container is made per run), so its
    look-up caches never outlive a run — except what it keeps in `memory` (the state store): its
    calls per minute (rate limits) and its copy of the relations. A Resource:
    `shutdown_resources` closes its connections and writes down its calls."""
    from infrastructure.snelstart.b2b.administration import B2BAdministration
    from infrastructure.snelstart.b2b.pacing import RATE_LIMITS

    connection = profile.snelstart
    administration = B2BAdministration(connection.base_url, connection.token_url,
                                       connection.subscription_key.reveal(), connection.client_key.reveal(),
                                       rate_limit=RATE_LIMITS[connection.rate_limit], memory=memory)
    try:
        yield administration
    finally:
        administration.close()


def _embedded_administration(path: str, driver: str) -> Iterator[EmbeddedAdministration]:
    from infrastructure.snelstart.embedded import EmbeddedAdministration

    administration = EmbeddedAdministration(path, driver) if driver else EmbeddedAdministration(path)
    try:
        yield administration
    finally:
        administration.close()


def _memory_administration(path: str):
    from infrastructure.snelstart.memory.file_administration import FileAdministration

    return FileAdministration(path)


def _classic_source(profile) -> OdbcSource:
    """SnelStart desktop over ODBC: the connection string of the profile's kind and platform.
    Tests override this provider with a classic-shaped SQLite database."""
    from infrastructure.snelstart.classic.sources import check_administration_file, classic_source

    if profile.snelstart.kind.value in ("mdb", "local"):
        # Not found: say so, and list what is there.
        check_administration_file(profile.snelstart, f"profiles.{profile.id}.snelstart")
    return classic_source(profile.snelstart)


def _gateway_library(profile) -> GatewayLibrary:
    """The SnelStart Gateway (COM, Windows). Tests override this provider with the fake Gateway."""
    from infrastructure.snelstart.classic.com import ComLibrary

    return ComLibrary(profile.snelstart.gateway_progid)


def _schema_map(profile):
    from infrastructure.snelstart.classic.schema_map import load_schema_map

    return load_schema_map(profile.snelstart.schema_map, f"profiles.{profile.id}.snelstart.schema_map")


def _classic_administration(profile, source: OdbcSource, library: GatewayLibrary) -> Iterator[ClassicAdministration]:
    from infrastructure.snelstart.classic.administration import ClassicAdministration
    from infrastructure.snelstart.classic.gateway import GatewayTarget

    administration = ClassicAdministration(source, _schema_map(profile), library, GatewayTarget.of(profile.snelstart))
    try:
        yield administration
    finally:
        administration.close()


def _gateway_check(profile, library: GatewayLibrary):
    """Test connection's write path for the classic kinds: the Gateway opens the administration,
    whether or not the ODBC read path works."""
    from infrastructure.snelstart.classic.gateway import ClassicGateway, GatewayTarget

    def check() -> str:
        gateway = ClassicGateway(library, GatewayTarget.of(profile.snelstart))
        try:
            return gateway.check()
        finally:
            gateway.close()
    return check


def _myshop_source(profile, clock, state):
    from infrastructure.myshop.client import MyShopOrderSource
    from infrastructure.myshop.signing import signer_named

    shop = profile.myshop
    # A new history (`history new --start-from`) reads the shop from its own starting point.
    binding = state.bound_administration(profile.id)
    start = binding.start_from if binding is not None and binding.start_from else shop.start_from
    return MyShopOrderSource(shop.base_url, shop.shop_id, shop.private_key.reveal(), start, clock,
                             signer=signer_named(shop.signing.value), import_statuses=shop.import_statuses,
                             skip_statuses=shop.skip_statuses, columns=shop.columns)


def _licence_book(state_path, public_key: bytes, clock) -> LicenceBook:
    from infrastructure.licence import LICENCE_FILE, LicenceBook

    # Next to the state database: the installation's own data folder (docs/licence.md).
    return LicenceBook(Path(state_path).parent / LICENCE_FILE, public_key, lambda: clock.now().date())


def _issuer_public_key() -> bytes:
    from infrastructure.licence import ISSUER_PUBLIC_KEY

    return ISSUER_PUBLIC_KEY


def _system_clock():
    from infrastructure.clock import SystemClock

    return SystemClock()


# `snelstart.kind`, in SnelStartKind's order (a test checks they agree): `profile add --help` names them
# without loading the configuration's reader.
KINDS = ("sql", "mdb", "local", "b2b", "embedded", "memory")


def _state_store(path, profile, clock) -> SqliteStateStore:
    from infrastructure.state.store import SqliteStateStore

    store = SqliteStateStore(path)
    # Files an older S-Connect left readable by others were made private on opening: the log
    # says so, under the profile that opened them (docs/privacy.md).
    for line in store.made_private:
        store.log(profile.id, None, "", "basic", line, clock.now())
    if store.made_private:
        store.flush_log()  # now: a command that writes nothing else would lose the line
    return store


def _read_only_state(path):
    from infrastructure.state.read_only import ReadOnlyStateStore

    return ReadOnlyStateStore(path)


def _matcher(profile):
    from domain.matching import strategy_for

    return strategy_for(profile.settings.customers)


def _this_process() -> str:
    from infrastructure.state.process import this_process

    return this_process()


def _import_orders(**parts):
    from application.import_orders import ImportOrders

    return ImportOrders(**parts)


def _dry_run(**parts):
    from application.dry_run import DryRun

    return DryRun(**parts)


def _reconcile(**parts):
    from application.reconcile import Reconcile

    return Reconcile(**parts)


class Licensing:
    """The licence book and the clock, for what needs no profile and no adapter: `status`, the
    licence and profile commands, the console's licence page. A light factory: no
    dependency-injector. The issuer's key is the container's `licence_key`, so a test that
    overrides that provider is obeyed here too; before `Container` is built nobody can have
    overridden it, and the product's own key is used."""

    def __init__(self, state_path: Path):
        self.state_path = Path(state_path)
        self._clock = None

    def clock(self):
        if self._clock is None:
            self._clock = _system_clock()
        return self._clock

    def licence_book(self) -> LicenceBook:
        key = _CONTAINER.licence_key() if _CONTAINER is not None else _issuer_public_key()
        return _licence_book(self.state_path, key, self.clock())


def status_store(state_path: Path):
    """What `status` reads of the state file (the last run, the lock, the plan, the held orders)
    with sqlite3 alone; a file that needs creating or migrating goes through the full store."""
    from infrastructure.state.status_reader import open_for_status

    return open_for_status(Path(state_path))


_CONTAINER = None  # the Container class, once built


def _build():
    from infrastructure.optional_imports import reported_missing

    # dependency-injector's wiring (imported by its containers) would load Starlette's request
    # and the other web frameworks' classes it can inject into; S-Connect wires nothing.
    with reported_missing("starlette.requests", "werkzeug.local", "fastapi.params", "fast_depends"):
        from dependency_injector import containers, providers

    from infrastructure.config import SECRET_SINKS
    from infrastructure.state.redact import register_secret

    # Every secret the configuration reads is redacted from the state database and the log.
    if register_secret not in SECRET_SINKS:
        SECRET_SINKS.append(register_secret)

    def _per_kind(profile: providers.Provider, **available: providers.Provider) -> providers.Selector:
        """A Selector on `snelstart.kind`; a kind without an adapter yet says so (exit 78)."""
        choices = {kind: available.get(kind) or providers.Callable(_not_available(kind)) for kind in KINDS}
        return providers.Selector(providers.Callable(_kind, profile), **choices)

    class Container(containers.DeclarativeContainer):
        profile = providers.Dependency()  # infrastructure.config.Profile
        state_path = providers.Dependency()

        clock = providers.Singleton(_system_clock)
        state = providers.Singleton(_state_store, state_path, profile, clock)
        # The issuer's public key is part of the product; only a test overrides this provider.
        licence_key = providers.Callable(_issuer_public_key)
        licence_book = providers.Singleton(_licence_book, state_path, licence_key, clock)

        # The administration both reads (Administration) and writes (Gateway).
        memory_administration = providers.Singleton(
            _memory_administration, providers.Callable(_administration_file, profile))
        embedded_administration = providers.Resource(
            _embedded_administration, providers.Callable(_administration_file, profile),
            providers.Callable(lambda p: p.snelstart.odbc_driver, profile))
        # What the B2B adapter keeps between runs; the dry run overrides it with its read-only store.
        b2b_memory = providers.Callable(lambda state: state, state)
        b2b_administration = providers.Resource(_b2b_administration, profile, b2b_memory)
        # SnelStart desktop (sql, mdb, local): read over ODBC through the schema map, written
        # through the SnelStart Gateway. Tests override the source and the Gateway library.
        classic_source = providers.Callable(_classic_source, profile)
        gateway_library = providers.Singleton(_gateway_library, profile)
        classic_administration = providers.Resource(_classic_administration, profile, classic_source,
                                                    gateway_library)
        administration = _per_kind(profile, memory=memory_administration, embedded=embedded_administration,
                                   b2b=b2b_administration, sql=classic_administration, mdb=classic_administration,
                                   local=classic_administration)
        gateway = _per_kind(profile, memory=memory_administration, embedded=embedded_administration,
                            b2b=b2b_administration, sql=classic_administration, mdb=classic_administration,
                            local=classic_administration)
        # Test connection: each kind says how its read and write paths are checked.
        _classic_read = providers.Callable(lambda a: a.check_read, classic_administration)
        _classic_write = providers.Callable(_gateway_check, profile, gateway_library)
        read_check = _per_kind(profile, memory=providers.Callable(lambda a: a.check_read, memory_administration),
                               embedded=providers.Callable(lambda a: a.check_read, embedded_administration),
                               b2b=providers.Callable(lambda a: a.check_read, b2b_administration),
                               sql=_classic_read, mdb=_classic_read, local=_classic_read)
        write_check = _per_kind(profile, memory=providers.Callable(lambda a: a.check_write, memory_administration),
                                embedded=providers.Callable(lambda a: a.check_write, embedded_administration),
                                b2b=providers.Callable(lambda a: a.check_write, b2b_administration),
                                sql=_classic_write, mdb=_classic_write, local=_classic_write)

        order_source = providers.Singleton(_myshop_source, profile, clock, state)
        settings = providers.Callable(lambda p: p.settings, profile)
        matcher = providers.Callable(_matcher, profile)

        import_orders = providers.Factory(
            _import_orders, settings=settings, source=order_source, administration=administration,
            gateway=gateway, state=state, clock=clock, matcher=matcher, holder=providers.Callable(_this_process))
        # SPEC §8. The dry run reads the state through a store that cannot write (nor create or
        # migrate the file); it never touches `state`.
        read_only_state = providers.Singleton(_read_only_state, state_path)
        # The dry run's shop reads its starting point from the read-only store: the writable one
        # would create a state file, and a dry run writes nothing anywhere.
        dry_run_source = providers.Singleton(_myshop_source, profile, clock, read_only_state)
        dry_run = providers.Factory(_dry_run, settings=settings, source=dry_run_source, administration=administration,
                                    state=read_only_state, clock=clock, matcher=matcher)
        reconcile = providers.Factory(_reconcile, settings=settings, administration=administration, state=state,
                                      clock=clock, source=order_source,
                                      start_from=providers.Callable(lambda p: p.myshop.start_time, profile))

    return Container


def __getattr__(name: str):
    """`from interfaces.container import Container` builds the class the first time (PEP 562)."""
    global _CONTAINER
    if name != "Container":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if _CONTAINER is None:
        _CONTAINER = _build()
    globals()["Container"] = _CONTAINER
    return _CONTAINER
