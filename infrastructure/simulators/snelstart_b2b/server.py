"""A local SnelStart B2B API v2 (reference snelstart.md §1–5b) on loopback, for tests and benchmarks.

    with B2BSimulator(snapshot, subscription_key="sub-key", client_key="client-key") as api:
        api.base_url   # http://127.0.0.1:<port>/v2/        api.token_url   # …/b2b/token

It enforces what the live API is documented or observed to do: the token endpoint
(`grant_type=clientkey&clientkey=…`, tokens that expire), both headers on every /v2 call (a bad
subscription key answered by "API management", a bad bearer by the API), scopes (403),
OData `$filter`/`$top`/`$skip`/`$select` on relaties, artikelen and verkooporders with
case-sensitive properties (filter.py), page caps, bare JSON arrays, `landen` ignoring
`$filter`, the validation codes of rules.py, and the rate limits of §5c (`rate_limit`, per
minute and per hour; a call past them is answered 429 with Retry-After, as API Management does,
and not counted). The contents live in a MemoryAdministration
(store.py), so totals and refusals are the in-memory fake's. Faults can be injected:
`fail_next` (429 with Retry-After, 5xx), `lose_answer_of_next` (the write happens, the answer
never comes), `answer_after_write` (the write happens, a proxy's 5xx or 408 comes back),
`latency`, and `ignore_skip` (a list that pages wrongly).

Paths are matched case-insensitively (ASP.NET routing); filter properties are not. `$orderby`,
`$expand` and `$count` are refused: the API does not document them, so no client may rely on them.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Self
from urllib.parse import parse_qs

from domain.field_limits import STAND_IN_ARTICLE_CODES, ArticleCodeLimit
from domain.vat_abroad import CountryRate, VatAbroad
from infrastructure.clock import AMSTERDAM, SystemClock
from infrastructure.simulators.loopback import LoopbackServer
from infrastructure.simulators.snelstart_b2b.filter import FilterError, check_select, compile_filter
from infrastructure.simulators.snelstart_b2b.http import (API_PATH, TOKEN_PATH, Answer, Call, Fault, errors_answer,
                                                   handler_for, is_loopback, not_found)
from infrastructure.simulators.snelstart_b2b.models import ARTIKEL_SCHEMA, RELATIE_SCHEMA, VERKOOPORDER_SCHEMA
from infrastructure.simulators.snelstart_b2b.rules import Refused
from infrastructure.simulators.snelstart_b2b.store import SimStore
from infrastructure.simulators.snelstart_b2b.throttle import PRODUCTION_LIMIT, TEST_LIMIT, Throttle  # noqa: F401
from infrastructure.simulators.snelstart_b2b.vat import RATES, company_info, vat_rates_json
from infrastructure.snelstart.snapshot import Snapshot

ALL_SCOPES = ("relaties:read", "relaties:write", "artikelen:read", "artikelen:write", "orders:read", "orders:write",
              "settings:read")
# Azure API Management's own wording: the partner's subscription key, not the koppelsleutel.
INVALID_KEY = "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription."
MISSING_KEY = ("Access denied due to missing subscription key. Make sure to include subscription key when making "
               "requests to an API.")
DENIED = "Authorization has been denied for this request."
_SCOPE_OF = {"relaties": "relaties", "artikelen": "artikelen", "artikelomzetgroepen": "artikelen",
             "verkooporders": "orders", "verkoopordersjablonen": "orders", "companyinfo": "settings",
             "vatrates": "settings"}
_ODATA = {"relaties": (RELATIE_SCHEMA, "Relatie"), "artikelen": (ARTIKEL_SCHEMA, "Artikel"),
          "verkooporders": (VERKOOPORDER_SCHEMA, "VerkoopOrder")}
_NOT_DOCUMENTED = ("$orderby", "$expand", "$count", "$inlinecount", "$apply", "$search")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not a number")


class B2BSimulator:
    def __init__(self, snapshot: Snapshot | None = None, *, subscription_key: str = "sub-key",
                 client_key: str = "client-key", token_ttl: float = 3599.0, page_cap: int = 500,
                 artikelen_cap: int = 500, latency: float = 0.0, scopes: tuple[str, ...] = ALL_SCOPES,
                 administration_name: str = "Simulated administration", administration_id: str | None = None,
                 case_insensitive_filters: bool = True,
                 ignore_skip: bool = False, foreign_vat: bool = False,
                 vat_rates: tuple[CountryRate, ...] = RATES,
                 article_codes: ArticleCodeLimit = STAND_IN_ARTICLE_CODES,
                 host: str = "127.0.0.1", port: int = 0,
                 monotonic: Callable[[], float] = time.monotonic,
                 now: Callable[[], datetime] | None = None,
                 rate_limit: tuple[int, int] | None = PRODUCTION_LIMIT):
        """`snapshot`: the starting contents. `page_cap`: the most rows a list answers ($top above it
        is cut to it); `artikelen_cap`: the same for artikelen (25 plays the spec's maximum).
        `latency`: seconds every /v2 call waits (the token call does not). `scopes`: what issued
        tokens may do. `case_insensitive_filters`: string comparisons in $filter ignore case, as
        SQL Server's default collation does ([I]); False plays an exact-matching API.
        `ignore_skip`: OData lists answer from the first row whatever `$skip` says (a broken
        server or proxy cache; a client must not page forever).
        `foreign_vat`: companyInfo's factureerBuitenlandsBtw — orders abroad get the delivery
        country's VAT from `vat_rates` (a consumer) or none (a business), as SnelStart computes.
        `article_codes`: the administration's artikelcode setting, shown on companyInfo and
        enforced (ART-0003/0004); by default what the memory and embedded administrations take.
        `monotonic` times token expiry and the rate limits; `now` (zone-less Amsterdam wall clock)
        stamps modifiedOn. `rate_limit`: (calls a minute, calls an hour) — the production key's
        (500, 5000) unless told otherwise, TEST_LIMIT (100, 1000) for a test key, None: none."""
        host = "127.0.0.1" if host == "localhost" else host
        if not is_loopback(host):
            raise ValueError(f"the simulator only listens on loopback, not on {host!r}")
        self.token_ttl, self.page_cap, self.artikelen_cap = token_ttl, page_cap, artikelen_cap
        self.latency = latency
        self.scopes = tuple(scopes)
        self.administration_name = administration_name
        # companyInfo.administratieIdentifier (a GUID): which administration the koppelsleutel opens.
        self.administration_id = administration_id or str(uuid.uuid4())
        self.case_insensitive_filters = case_insensitive_filters
        self.ignore_skip = ignore_skip
        self.foreign_vat, self.vat_rates = foreign_vat, tuple(vat_rates)
        self.article_codes = article_codes
        self._wall = now or SystemClock().now
        self.store = SimStore(snapshot, self._wall, VatAbroad(foreign_vat, self.vat_rates), article_codes)
        self.__subscription_key = subscription_key
        self.__client_key = client_key
        self._monotonic = monotonic
        self._tokens: dict[str, tuple[float, tuple[str, ...]]] = {}  # token → (expires at, scopes)
        self._issued = 0
        self._calls: list[Call] = []
        self._faults: list[Fault] = []
        self._throttle = Throttle(rate_limit)
        self._lock = threading.RLock()
        self._http = LoopbackServer(host, port, "b2b-simulator")
        self._stopping = self._http.stopping

    def __repr__(self) -> str:  # never the keys
        return f"B2BSimulator(base_url={self.base_url!r})"

    # -- life cycle ---------------------------------------------------------------------------
    def start(self) -> Self:
        self._http.start(handler_for(self))
        return self

    def stop(self) -> None:
        self._http.stop()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"{self._http.origin}{API_PATH}" if self._http.origin else ""

    @property
    def token_url(self) -> str:
        return f"{self._http.origin}{TOKEN_PATH}" if self._http.origin else ""

    # -- for tests ----------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        with self._lock:
            return list(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls.clear()

    def snapshot(self) -> Snapshot:
        with self._lock:
            return self.store.snapshot()

    def edit_sales_order(self, number: int, **changes) -> None:
        """A SnelStart user changes sales order `number` by hand in SnelStart Web (its total, its
        date, its betalingskenmerk: StoredSalesOrder's fields)."""
        with self._lock:
            self.store.edit_order(number, **changes)

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens = {token: (float("-inf"), scopes) for token, (_, scopes) in self._tokens.items()}

    def fail_next(self, status: int, times: int = 1, method: str | None = None, path_prefix: str | None = None,
                  retry_after: float | str | None = None, body: object = None) -> None:
        """The next `times` calls matching method/path answer `status` without doing anything.
        `path_prefix`: "relaties", "/v2/relaties" or "/b2b/token"; None: any /v2 call."""
        with self._lock:
            self._faults.append(Fault(status, times, method, path_prefix, retry_after, body))

    def lose_answer_of_next(self, method: str, path_prefix: str) -> None:
        """The next matching call is performed, then the connection is closed without an answer."""
        with self._lock:
            self._faults.append(Fault(0, 1, method, path_prefix, lose=True, after=True))

    def answer_after_write(self, status: int, method: str, path_prefix: str, times: int = 1,
                           body: object = None) -> None:
        """The next `times` matching calls are performed, then answered `status` instead of their
        own answer: a proxy or gateway (520–524, 504, 408) that gave up waiting while SnelStart
        went on and wrote. `body`: as fail_next's."""
        with self._lock:
            self._faults.append(Fault(status, times, method, path_prefix, body=body, after=True))

    def take_fault(self, method: str, path: str, after: bool) -> Fault | None:
        """The first fault for this call: one that answers instead of it (`after` False), or one
        that acts once it was performed (`after` True)."""
        with self._lock:
            for fault in self._faults:
                if fault.after == after and fault.matches(method, path):
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                    return fault
        return None

    def server_time(self) -> float:
        """The simulated server's clock (the `Date` of its answers): the one modifiedOn is stamped with."""
        return self._wall().replace(tzinfo=AMSTERDAM).timestamp()

    def wait(self, seconds: float) -> None:
        self._stopping.wait(seconds)  # stop() cuts it short

    def record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)

    # -- the token endpoint -------------------------------------------------------------------
    def answer_token(self, method: str, content_type: str, body: bytes) -> Answer:
        if method != "POST":
            return Answer(405, {"error": "invalid_request", "error_description": "use POST"})
        if "application/x-www-form-urlencoded" not in content_type:
            return Answer(400, {"error": "invalid_request",
                                "error_description": "the body must be application/x-www-form-urlencoded"})
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if form.get("grant_type") != "clientkey":
            return Answer(400, {"error": "unsupported_grant_type",
                                "error_description": "grant_type must be clientkey"})
        if not form.get("clientkey") or form["clientkey"] != self.__client_key:
            return Answer(400, {"error": "invalid_grant", "error_description": "The clientkey is invalid."})
        with self._lock:
            self._issued += 1
            token = self._jwt(self._issued)
            self._tokens[token] = (self._monotonic() + self.token_ttl, self.scopes)
        return Answer(200, {"access_token": token, "token_type": "bearer", "expires_in": int(self.token_ttl)})

    def _jwt(self, serial: int) -> str:
        """JWT-shaped, with the `scopes` claim the live token has (a client may read it)."""
        header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        claims = {"iss": "b2b-simulator", "jti": serial, "scopes": list(self.scopes),
                  "exp": int(time.time() + self.token_ttl)}
        payload = _b64(json.dumps(claims).encode())
        signature = _b64(hashlib.sha256(f"{header}.{payload}.{serial}".encode()).digest())
        return f"{header}.{payload}.{signature}"

    # -- the API ------------------------------------------------------------------------------
    def answer_api(self, method: str, path: str, query: dict[str, str], headers, body: bytes) -> Answer:
        key = headers.get("Ocp-Apim-Subscription-Key") or query.get("subscription-key")
        if not key:
            return Answer(401, {"statusCode": 401, "message": MISSING_KEY})
        if key != self.__subscription_key:
            return Answer(401, {"statusCode": 401, "message": INVALID_KEY})
        wait = self._throttle.wait(self._monotonic())
        if wait is not None:
            return Answer(429, {"statusCode": 429, "message": f"Rate limit is exceeded. Try again in {wait} seconds."},
                          {"Retry-After": str(wait)})
        scopes = self._token_scopes(headers.get("Authorization", ""))
        if scopes is None:
            return Answer(401, {"Message": DENIED}, {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        parts = [p for p in path[len(API_PATH):].split("/") if p]
        resource = parts[0].lower() if parts else ""
        if resource in _SCOPE_OF:
            needed = f"{_SCOPE_OF[resource]}:{'read' if method == 'GET' else 'write'}"
            if needed not in scopes:
                return Answer(403, {"message": f"The token does not have the scope {needed} this operation "
                                               f"needs (check the koppeling's package and permissions)."})
        parsed: object = None
        if method in ("POST", "PUT"):
            content_type = headers.get("Content-Type", "")
            if "json" not in content_type:
                return Answer(415, {"Message": f"The request entity's media type '{content_type}' is not supported "
                                               "for this resource."})
            try:
                parsed = json.loads(body.decode("utf-8"), parse_float=Decimal, parse_constant=_no_constant)
            except (ValueError, UnicodeDecodeError) as error:
                return errors_answer([("REF-0016", f"de JSON is ongeldig of onvolledig: {error}")])
        with self._lock:
            try:
                return self._route(method, resource, parts[1:], query, parsed)
            except Refused as refused:
                return errors_answer(refused.errors)
            except FilterError as error:
                return errors_answer([("ALG-0104", str(error))])

    def _company_info(self) -> dict:
        info: dict[str, object] = {"administratieIdentifier": self.administration_id,
                                   **company_info(self.administration_name, self.foreign_vat)}
        info["artikelcodeSoort"] = "Numeriek" if self.article_codes.numeric else "Alfanumeriek"
        if self.article_codes.max_length is not None:
            info["artikelcodeMaxLengte"] = self.article_codes.max_length
        return info

    def _token_scopes(self, authorization: str) -> tuple[str, ...] | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        with self._lock:
            found = self._tokens.get(token.strip())
        if found is None or self._monotonic() >= found[0]:
            return None
        return found[1]

    def _route(self, method: str, resource: str, rest: list[str], query: dict[str, str], body: object) -> Answer:
        store = self.store
        if resource == "companyinfo" and method == "GET" and not rest:
            return Answer(200, self._company_info())
        if resource == "vatrates" and method == "GET":
            rows = vat_rates_json(self.vat_rates)
            if not rest:
                return Answer(200, rows)
            row = next((r for r in rows if r["countryCode"].lower() == rest[0].lower()), None)
            return Answer(200, row) if row and len(rest) == 1 else not_found()
        if resource == "landen" and method == "GET":
            if not rest:  # the live /landen ignores $filter: the whole list, always
                return Answer(200, store.countries.rows)
            row = next((r for r in store.countries.rows if r["id"] == rest[0].lower()), None)
            return Answer(200, row) if row and len(rest) == 1 else not_found()
        if resource not in _SCOPE_OF or resource in ("companyinfo", "vatrates"):
            return not_found()
        if method == "GET":
            if not rest:
                rows = store.rows(resource)
                rows = self._odata(resource, rows, query) if resource in _ODATA else rows
                return self._with_agreements(resource, rows, query)
            row = store.row(resource, rest[0]) if len(rest) == 1 else None
            return self._with_agreements(resource, row, query) if row is not None else not_found()
        if method == "DELETE" and resource == "verkooporders" and len(rest) == 1:
            # Documented (reference §2) as "HTTP 200 OK" under status 201: any 2xx, no body.
            return Answer(200, None) if store.delete_order(rest[0]) else not_found()
        writes: dict[tuple[str, str, int], Callable[[], dict | None]] = {
            ("POST", "relaties", 0): lambda: store.create_relation(body),
            ("PUT", "relaties", 1): lambda: store.update_relation(rest[0], body),
            ("PUT", "relaties", 2): lambda: store.set_relation_custom_fields(rest[0], body),
            ("POST", "artikelen", 0): lambda: store.create_article(body),
            ("PUT", "artikelen", 1): lambda: store.update_article(rest[0], body),
            ("PUT", "artikelen", 2): lambda: store.set_article_custom_fields(rest[0], body),
            ("POST", "verkooporders", 0): lambda: store.create_order(body),
        }
        write = writes.get((method, resource, len(rest)))
        if write is None or (len(rest) == 2 and rest[1].lower() != "customfields"):
            return Answer(405, {"Message": f"The requested resource does not support http method '{method}'."})
        row = write()
        if row is None:
            return not_found()
        return Answer(201 if method == "POST" else 200, row)

    def _with_agreements(self, resource: str, found: list[dict] | dict, query: dict[str, str]) -> Answer:
        """`relatieId` (uuid) + `aantal` (int32) on GET artikelen: prices with the customer's
        agreements (reference §5c)."""
        if resource != "artikelen" or "relatieId" not in query:
            return Answer(200, found)
        relation, aantal = query["relatieId"], query.get("aantal", "1")
        if not _GUID.fullmatch(relation):
            return errors_answer([("ALG-0104", f"relatieId {relation!r} is geen geldige guid")])
        if not aantal.isdigit() or int(aantal) > 2**31 - 1:
            return errors_answer([("ALG-0104", f"aantal {aantal!r} is geen geheel getal")])
        rows = [self.store.priced_for(row, relation, int(aantal)) for row in
                (found if isinstance(found, list) else [found])]
        if any(row is None for row in rows):
            return not_found()
        return Answer(200, rows if isinstance(found, list) else rows[0])

    def _odata(self, resource: str, rows: list[dict], query: dict[str, str]) -> list[dict]:
        schema, entity = _ODATA[resource]
        for option in query:
            if option.lower() in _NOT_DOCUMENTED:
                raise FilterError(f"The query option '{option}' is not supported (not documented by the API).")
        if "$filter" in query:
            keep = compile_filter(query["$filter"], schema, entity, case_insensitive=self.case_insensitive_filters)
            rows = [row for row in rows if keep(row)]
        cap = min(self.page_cap, self.artikelen_cap) if resource == "artikelen" else self.page_cap
        skip, top = _count(query, "$skip", 0), _count(query, "$top", cap)
        if self.ignore_skip:
            skip = 0
        rows = rows[skip:skip + min(top, cap)]
        if "$select" in query:
            names = check_select(query["$select"], schema, entity)
            if names != ["*"]:
                rows = [{name: row[name] for name in names if name in row} for row in rows]
        return rows


def _count(query: dict[str, str], option: str, default: int) -> int:
    raw = query.get(option)
    if raw is None:
        return default
    if not raw.strip().isdigit():
        raise FilterError(f"Invalid value '{raw}' for {option}: a whole number of 0 or more is required.")
    return int(raw)


