"""What the configuration file says, once read and checked: connections, planning and the
booking settings of each profile. The booking rules themselves are domain.settings; the way
to reach the shop and SnelStart is infrastructure's business and lives here."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import Enum
from pathlib import Path

from domain.errors import ConfigurationError
from domain.planning import INTERVALS as PLANNING_INTERVALS
from domain.settings import ProfileSettings
from infrastructure.config.upgrade import UpgradeSettings

MYSHOP_BASE_URL = "https://www.mijnwinkel.nl/RPC/"
B2B_BASE_URL = "https://b2bapi.snelstart.nl/v2/"
B2B_TOKEN_URL = "https://auth.snelstart.nl/b2b/token"
GATEWAY_USER = "Beheerder"  # SnelStart's default administrator login
# The SnelStart Gateway's COM ProgID (its session class); the other classes share its library.
GATEWAY_PROGID = "SnelStartGatewayInterface.clsGWaySnelStart"

# `planning.interval`: the choices of the original program's task planning [2.7]; None = off.
# One list, in the domain: the configuration only reads names from it.
INTERVALS = PLANNING_INTERVALS


class Secret:
    """A key or password. Shows as *** in repr, str, f-strings and logs; `.reveal()` is the
    one way to the value, so every place that needs it is easy to find."""

    __slots__ = ("_value", "source")

    def __init__(self, value: str, source: str = "file"):
        self._value = value
        self.source = source  # "env" (with the variable's name), "file" or "default"

    def reveal(self) -> str:
        return self._value

    def __bool__(self) -> bool:
        return bool(self._value)

    def __repr__(self) -> str:
        return "***"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(("Secret", self._value))


class SnelStartKind(str, Enum):
    """`snelstart.kind`: how the administration is reached (SPEC §2)."""

    SQL = "sql"  # SnelStart SQL / Netwerk: ODBC to SQL Server, Gateway writes
    MDB = "mdb"  # SnelStart 11 and older: the Access file <folder>/<administration>
    LOCAL = "local"  # SnelStart 12: a LocalDB file in <folder> named <administration>
    B2B = "b2b"  # SnelStart Web: the B2B REST API v2, read and write
    EMBEDDED = "embedded"  # a SnelStart-shaped SQLite administration (demos, tests)
    # Demo/test kind: an in-memory administration loaded from (and saved to) the snapshot
    # JSON file named by `database` (reference/administration-snapshot.md).
    MEMORY = "memory"

    @property
    def uses_file(self) -> bool:
        return self in (SnelStartKind.EMBEDDED, SnelStartKind.MEMORY)

    @property
    def is_classic(self) -> bool:
        """SnelStart desktop: read over ODBC through the schema map, written through the Gateway."""
        return self in (SnelStartKind.SQL, SnelStartKind.MDB, SnelStartKind.LOCAL)


@dataclass(frozen=True)
class SnelStartConnection:
    kind: SnelStartKind
    # sql: the database (administratie) name on `server`;
    # embedded/memory: the administration file, as an absolute path.
    database: str = ""
    server: str = ""
    username: str = ""  # sql: SQL Server login; empty = Windows (trusted) authentication
    # The one password of the section, as SPEC §2 names it: the SQL login's password when
    # kind = sql and `username` is set, and the Gateway password (default empty) otherwise.
    password: Secret = field(default_factory=lambda: Secret("", "default"))
    folder: Path | None = None  # mdb/local: the folder holding the administrations
    administration: str = ""  # mdb/local: the administration's name in `folder`
    subscription_key: Secret = field(default_factory=lambda: Secret("", "default"))  # b2b
    client_key: Secret = field(default_factory=lambda: Secret("", "default"))  # b2b koppelsleutel
    base_url: str = ""  # b2b
    token_url: str = ""  # b2b
    rate_limit: str = "production"  # b2b: the subscription key's product (snelstart/b2b/pacing.py)
    user: str = GATEWAY_USER  # Gateway login
    odbc_driver: str = ""  # ODBC kinds: the driver's registered name; empty: the usual one per platform
    schema_map: Path | None = None  # classic kinds: the schema map file; None: the shipped one
    encrypt: bool | None = None  # sql/local: TLS to the server; None: on for sql, off for LocalDB
    trust_server_certificate: bool = False  # sql/local: accept the server's own certificate
    gateway_progid: str = GATEWAY_PROGID  # classic kinds: the Gateway's COM ProgID

    @property
    def database_file(self) -> Path:
        if not self.kind.uses_file:
            raise ConfigurationError(f"snelstart.kind {self.kind.value} has no administration file")
        return Path(self.database)


class SigningRecipe(str, Enum):
    """`myshop.signing`: how requests are signed with the privésleutel. The shop-owner recipe
    is our best model of an undocumented detail (reference/myshop-rpc.md §3.4), so the two
    fallback candidates can be chosen without a code change if the live service refuses it."""

    DEFAULT = "default"
    EMPTY_PARTNER_PARAM = "empty_partner_param"
    NO_MODULE_IN_HASH = "no_module_in_hash"


@dataclass(frozen=True)
class MyShopConnection:
    shop_id: str  # winkelnummer, digits only
    private_key: Secret  # privésleutel; signs requests, is never sent
    # Where reading starts: a date/time (local wall-clock time, as myShop's change_time) or
    # an order number (digits, leading zeros dropped: myShop numbers compare as integers).
    start_from: datetime | str
    base_url: str = MYSHOP_BASE_URL  # always ends with "/": commands are appended to it
    signing: SigningRecipe = SigningRecipe.DEFAULT
    # Which order statuses are imported: abandoned checkouts appear in myShop's order list.
    # import_statuses None = every status not in skip_statuses (compared case-insensitively).
    import_statuses: tuple[str, ...] | None = None
    skip_statuses: tuple[str, ...] = ("aborted", "cancelled")
    # A copy of the column table of myShop's order answer, edited to match a real export
    # (docs/myshop.md); None: the table shipped with S-Connect.
    columns: Path | None = None

    @property
    def start_order_number(self) -> int | None:
        return int(self.start_from) if isinstance(self.start_from, str) else None

    @property
    def start_time(self) -> datetime | None:
        return self.start_from if isinstance(self.start_from, datetime) else None


@dataclass(frozen=True)
class Planning:
    """The task *import orders*: None interval = planned runs off (run now still works)."""

    interval: timedelta | None = None
    next_run: datetime | None = None  # None: at the scheduler's first look

    @property
    def interval_name(self) -> str:
        for name, value in INTERVALS.items():
            if value == self.interval:
                return name
        raise ValueError(f"interval {self.interval} is not one of the planning choices")


@dataclass(frozen=True)
class Profile:
    id: str
    settings: ProfileSettings
    snelstart: SnelStartConnection
    myshop: MyShopConnection
    planning: Planning = Planning()
    # Why this profile cannot reach the shop or SnelStart (a key missing, or in a file others
    # can open), one line each, when the configuration was read without requiring its secrets:
    # one profile's missing key must not stop the others (see `require_secrets`).
    secret_problems: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        return self.settings.description

    def require_secrets(self) -> None:
        """Before the profile runs: its secret problems, one line each, as the ConfigurationError
        reading the file would have raised."""
        if self.secret_problems:
            raise ConfigurationError.several(self.secret_problems)


@dataclass(frozen=True)
class Config:
    path: Path  # the configuration file
    state_path: Path  # the SQLite state store
    profiles: dict[str, Profile] = field(default_factory=dict, hash=False)
    # False: read for a command that never reaches the shop or SnelStart (status, log, history),
    # so no profile's secrets are required when it is wired.
    secrets_needed: bool = True
    upgrade: UpgradeSettings = UpgradeSettings()  # [upgrade]: where S-Connect is published, if it is

    def profile(self, id: str | None = None) -> Profile:
        """The profile named `id`; None is allowed when there is exactly one."""
        choices = ", ".join(self.profiles)
        if id is None:
            if len(self.profiles) == 1:
                return next(iter(self.profiles.values()))
            raise ConfigurationError(
                f"there are {len(self.profiles)} profiles ({choices}): choose one with --profile")
        if id in self.profiles:
            return self.profiles[id]
        raise ConfigurationError(f"no profile '{id}' in {self.path}; the profiles are: {choices}")
