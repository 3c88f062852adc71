"""The one place that knows every adapter (dependency-injector).

Configuration in — one checked `Profile` and the state path — use cases out. The SnelStart
adapter is picked by a `Selector` on `snelstart.kind`; tests override providers with fakes.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from dependency_injector import containers, providers

from application.dry_run import DryRun
from application.import_orders import ImportOrders
from application.reconcile import Reconcile
from domain.errors import ConfigurationError
from domain.matching import strategy_for
from infrastructure.clock import SystemClock
from infrastructure.licence import ISSUER_PUBLIC_KEY, LICENCE_FILE, LicenceBook
from infrastructure.config import SECRET_SINKS
from infrastructure.myshop.client import MyShopOrderSource
from infrastructure.myshop.signing import signer_named
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.embedded.administration_file import file_problem
from infrastructure.snelstart.b2b.administration import B2BAdministration
from infrastructure.snelstart.classic.administration import ClassicAdministration
from infrastructure.snelstart.classic.com import ComLibrary, GatewayLibrary
from infrastructure.snelstart.classic.gateway import ClassicGateway, GatewayTarget
from infrastructure.snelstart.classic.schema_map import load_schema_map
from infrastructure.snelstart.classic.sources import OdbcSource, check_administration_file, classic_source
from infrastructure.snelstart.b2b.pacing import RATE_LIMITS
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.state.process import this_process
from infrastructure.state.redact import register_secret
from infrastructure.state.read_only import ReadOnlyStateStore
from infrastructure.state.store import SqliteStateStore

# Every secret the configuration reads is redacted from the state database and the log.
if register_secret not in SECRET_SINKS:
    SECRET_SINKS.append(register_secret)


def _not_available(kind: str):
    def fail(*_args, **_kwargs):
        raise ConfigurationError(
            f"snelstart.kind: '{kind}' is not available in this version yet; use 'memory' "
            f"(see docs/configuration.md)")
    return fail


def _kind(profile) -> str:
    return profile.snelstart.kind.value


def _administration_file(profile) -> str:
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
    connection = profile.snelstart
    administration = B2BAdministration(connection.base_url, connection.token_url,
                                       connection.subscription_key.reveal(), connection.client_key.reveal(),
                                       rate_limit=RATE_LIMITS[connection.rate_limit], memory=memory)
    try:
        yield administration
    finally:
        administration.close()


def _embedded_administration(path: str, driver: str) -> Iterator[EmbeddedAdministration]:
    administration = EmbeddedAdministration(path, driver) if driver else EmbeddedAdministration(path)
    try:
        yield administration
    finally:
        administration.close()


def _classic_source(profile) -> OdbcSource:
    """SnelStart desktop over ODBC: the connection string of the profile's kind and platform.
    Tests override this provider with a classic-shaped SQLite database."""
    if profile.snelstart.kind.value in ("mdb", "local"):
        # Not found: say so, and list what is there.
        check_administration_file(profile.snelstart, f"profiles.{profile.id}.snelstart")
    return classic_source(profile.snelstart)


def _gateway_library(profile) -> GatewayLibrary:
    """The SnelStart Gateway (COM, Windows). Tests override this provider with the fake Gateway."""
    return ComLibrary(profile.snelstart.gateway_progid)


def _schema_map(profile):
    return load_schema_map(profile.snelstart.schema_map, f"profiles.{profile.id}.snelstart.schema_map")


def _classic_administration(profile, source: OdbcSource, library: GatewayLibrary) -> Iterator[ClassicAdministration]:
    administration = ClassicAdministration(source, _schema_map(profile), library, GatewayTarget.of(profile.snelstart))
    try:
        yield administration
    finally:
        administration.close()


def _gateway_check(profile, library: GatewayLibrary):
    """Test connection's write path for the classic kinds: the Gateway opens the administration,
    whether or not the ODBC read path works."""
    def check() -> str:
        gateway = ClassicGateway(library, GatewayTarget.of(profile.snelstart))
        try:
            return gateway.check()
        finally:
            gateway.close()
    return check


def _myshop_source(profile, clock, state):
    shop = profile.myshop
    # A new history (`history new --start-from`) reads the shop from its own starting point.
    binding = state.bound_administration(profile.id)
    start = binding.start_from if binding is not None and binding.start_from else shop.start_from
    return MyShopOrderSource(shop.base_url, shop.shop_id, shop.private_key.reveal(), start, clock,
                             signer=signer_named(shop.signing.value), import_statuses=shop.import_statuses,
                             skip_statuses=shop.skip_statuses, columns=shop.columns)


def _licence_book(state_path, public_key: bytes, clock) -> LicenceBook:
    # Next to the state database: the installation's own data folder (docs/licence.md).
    return LicenceBook(Path(state_path).parent / LICENCE_FILE, public_key, lambda: clock.now().date())


KINDS = ("memory", "embedded", "sql", "mdb", "local", "b2b")


def _per_kind(profile: providers.Provider, **available: providers.Provider) -> providers.Selector:
    """A Selector on `snelstart.kind`; a kind without an adapter yet says so (exit 78)."""
    choices = {kind: available.get(kind) or providers.Callable(_not_available(kind)) for kind in KINDS}
    return providers.Selector(providers.Callable(_kind, profile), **choices)


def _state_store(path, profile, clock) -> SqliteStateStore:
    store = SqliteStateStore(path)
    # Files an older S-Connect left readable by others were made private on opening: the log
    # says so, under the profile that opened them (docs/privacy.md).
    for line in store.made_private:
        store.log(profile.id, None, "", "basic", line, clock.now())
    if store.made_private:
        store.flush_log()  # now: a command that writes nothing else would lose the line
    return store


class Container(containers.DeclarativeContainer):
    profile = providers.Dependency()  # infrastructure.config.Profile
    state_path = providers.Dependency()

    clock = providers.Singleton(SystemClock)
    state = providers.Singleton(_state_store, state_path, profile, clock)
    # The issuer's public key is part of the product; only a test overrides this provider.
    licence_key = providers.Object(ISSUER_PUBLIC_KEY)
    licence_book = providers.Singleton(_licence_book, state_path, licence_key, clock)

    # The administration both reads (Administration) and writes (Gateway).
    memory_administration = providers.Singleton(
        FileAdministration, providers.Callable(_administration_file, profile))
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
    classic_administration = providers.Resource(_classic_administration, profile, classic_source, gateway_library)
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
    matcher = providers.Callable(lambda p: strategy_for(p.settings.customers), profile)

    import_orders = providers.Factory(
        ImportOrders, settings=settings, source=order_source, administration=administration,
        gateway=gateway, state=state, clock=clock, matcher=matcher, holder=providers.Callable(this_process))
    # SPEC §8. The dry run reads the state through a store that cannot write (nor create or
    # migrate the file); it never touches `state`.
    read_only_state = providers.Singleton(ReadOnlyStateStore, state_path)
    # The dry run's shop reads its starting point from the read-only store: the writable one
    # would create a state file, and a dry run writes nothing anywhere.
    dry_run_source = providers.Singleton(_myshop_source, profile, clock, read_only_state)
    dry_run = providers.Factory(DryRun, settings=settings, source=dry_run_source, administration=administration,
                                state=read_only_state, clock=clock, matcher=matcher)
    reconcile = providers.Factory(Reconcile, settings=settings, administration=administration, state=state,
                                  clock=clock, source=order_source,
                                  start_from=providers.Callable(lambda p: p.myshop.start_time, profile))
