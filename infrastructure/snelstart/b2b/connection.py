"""*Test connection* for the B2B API (SPEC §2): the token (koppelsleutel), the subscription key,
which administration the koppelsleutel opens, a read — and, when the token is a JWT listing its
scopes (reference §5b), whether it may read and write what a run needs, before a run finds out.

Each failure is one line naming its owner: the subscription key is the integrator's (developer
portal), the koppelsleutel the administration owner's (SnelStart Web), a missing scope the
koppeling's, an unreachable host the network's.
"""
from __future__ import annotations

from application.ports import AdministrationIdentity
from domain.errors import ConfigurationError, ServiceUnavailable
from infrastructure.snelstart.b2b.auth import TokenSource
from infrastructure.snelstart.b2b.errors import Forbidden
from infrastructure.snelstart.b2b.transport import Transport, rows
from infrastructure.state.redact import without_userinfo

READ_SCOPES = ("relaties:read", "artikelen:read", "orders:read")
WRITE_SCOPES = ("relaties:write", "artikelen:write", "orders:write")


class ConnectionCheck:
    def __init__(self, api: Transport, tokens: TokenSource):
        self._api, self._tokens = api, tokens

    def _missing(self, wanted: tuple[str, ...]) -> list[str] | None:
        scopes = self._tokens.scopes
        return None if scopes is None else [s for s in wanted if s not in scopes]

    def read(self) -> str:
        self._tokens.invalidate()
        self._tokens.token()  # the koppelsleutel: refused → ConfigurationError naming it
        try:
            info = self._api.get("companyInfo")  # both credentials; names the administration
        except Forbidden:
            info = None  # settings:read not granted: only orders abroad need it (see foreign_vat)
        name = str(info.get("administratieNaam") or "").strip() if isinstance(info, dict) else ""
        missing = self._missing(READ_SCOPES)
        if missing:
            raise ConfigurationError(f"snelstart.client_key: the koppeling with administration '{name}' may not "
                                     f"read {', '.join(missing)}; grant it in SnelStart Web (koppelingen)")
        rows(self._api.get("relaties", {"$top": "1"}))
        return (f"SnelStart administration '{name or '?'}' (B2B API at {without_userinfo(self._api.base_url)}): "
                f"subscription key and koppelsleutel accepted, relations readable; {foreign_vat(info)}")

    def identity(self) -> AdministrationIdentity:
        """Which administration the koppelsleutel opens (companyInfo.administratieIdentifier)."""
        info = self._api.get("companyInfo")
        info = info if isinstance(info, dict) else {}
        identifier = str(info.get("administratieIdentifier") or "").strip().lower()
        name = str(info.get("administratieNaam") or "").strip()
        if not identifier:
            # Not in every answer the reference shows [I]: the name is the next best thing.
            identifier = f"name:{name}" if name else ""
        if not identifier:
            raise ServiceUnavailable("SnelStart's companyInfo named no administration; try again later")
        return AdministrationIdentity(f"b2b:{identifier}", name)

    def write(self) -> str:
        self._tokens.token()
        missing = self._missing(WRITE_SCOPES)
        if missing is None:
            return ("the token does not list its scopes: whether the koppeling may write shows at the "
                    "first order")
        if missing:
            raise ConfigurationError(f"snelstart.client_key: the koppeling may not write ({', '.join(missing)} "
                                     "missing): SnelStart would refuse new customers, articles or orders; "
                                     "grant them in SnelStart Web (koppelingen)")
        return f"the koppeling may write relations, articles and sales orders ({', '.join(WRITE_SCOPES)})"


def foreign_vat(info: object) -> str:
    """What SnelStart bills abroad, for the bookkeeper (SPEC §4): orders abroad are checked against it."""
    setting = info.get("factureerBuitenlandsBtw") if isinstance(info, dict) else None
    if info is None:
        return ("foreign VAT (OSS) not readable (the koppeling lacks settings:read): orders delivered abroad "
                "at another rate than the Dutch one fail")
    if not isinstance(setting, bool):
        return "SnelStart does not say whether it bills foreign VAT (OSS): orders abroad at a foreign rate fail"
    return ("foreign VAT (OSS) on: orders to consumers in the EU are billed at their country's rate" if setting
            else "foreign VAT (OSS) off: SnelStart bills Dutch VAT abroad")
