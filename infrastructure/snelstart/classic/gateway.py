"""Writing to SnelStart desktop through its Gateway: the `Gateway` port (reference/snelstart.md §6.1).

The call sequences, with the methods public code shows:
- open: `Login(user, password, True)` when `snelstart.user` is a SnelStartID e-mail address
  (SnelStart 12); then `mtdGWayAdmiOpenen(folder, name)` for an Access administration, or
  `mtdGWayAdmiOpenenViaLoginSettings(0, settings)` with a `clsGWayLoginSettings` naming the
  server, the database and the authentication for SQL and LocalDB;
- a customer card: `clsGWKlant` — properties set, `mtdGWayKlantWrite`; an update reads the
  card first (`mtdGWayKlantRead`), so what S-Connect does not set stays as it was;
- a sales order: `mtdGWayVerkoopOrderAanmakenE` (template, relation, date, description, memo,
  cost centre 0, betalingskenmerk, no salesperson, no subscription), one line per plan line —
  `…RegelToevoegenArtikelA(code, quantity)` where SnelStart prices the line (sales.lines =
  code_and_quantity, recipe lines), `…ArtikelB(code, description, quantity, price, 0)` where the
  shop does, `…Tekst(text)` for a line without an article — and `mtdGWayVerkoopOrderSluitenGet`,
  whose answer is the new order number. Its total and VAT are then read back over ODBC.
After a failed call the Gateway's own words come from `mtdGWayFoutBoodschap`; they become one
line. Nothing here is retried: the use case decides (exactly once).

Our assumptions, not SnelStart's documentation: an order the Gateway never closed is not in
the administration (a process killed between AanmakenE and SluitenGet leaves nothing); the
Gateway refuses a new card whose relatiecode is taken; ArtikelB's first argument takes the
artikelcode. docs/classic.md lists them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from domain.article import Article, NewArticle
from domain.customer import NewRelation, Relation, RelationAddress
from domain.errors import ConfigurationError, SConnectError, ServiceUnavailable, SnelStartRefused
from domain.sales_order import CreatedSalesOrder, SalesOrderPlan
from infrastructure.config.model import SnelStartConnection, SnelStartKind
from infrastructure.snelstart.rules.sales_orders import line_total, order_total_incl_vat, wall_clock

from infrastructure.snelstart.classic.com import CUSTOMER, LOGIN_SETTINGS, SESSION, GatewayLibrary, describe, hresult

NO_ARTICLES = ("articles.processing: the SnelStart Gateway has no method to create or change articles; "
               'with a SnelStart desktop kind use processing = "manual" and sales.default_article_code')
NO_COST_TYPES = ("the SnelStart Gateway has no method to fill a sales order's cost types (kostensoort 1/2); "
                 'book shipping and payment costs as a line: { line = "<article code>" }')
NO_ADDRESSES = ('sales.addresses: the SnelStart Gateway cannot set a sales order\'s addresses; use "from_customer_card" '
                "(SnelStart takes them from the customer card)")

# The Gateway's words (Dutch) and COM's codes for an administration that cannot be used now.
_UNAVAILABLE_WORDS = ("in gebruik", "vergrendeld", "geblokkeerd", "locked", "geen administratie geopend",
                      "niet geopend", "rpc server", "disconnected", "verbinding")
_UNAVAILABLE_HRESULTS = {-2147023174, -2147417848, -2147023170, -2147418113}  # RPC unavailable/disconnected/failed
_NOT_FOUND_WORDS = ("niet gevonden", "bestaat niet", "not found", "onbekende administratie")
_REFUSAL_CODE = re.compile(r"([A-Z]{3}-[0-9]{4})\b")
_LOGIN_WORDS = ("wachtwoord", "inloggen", "login", "password", "gebruiker")


@dataclass(frozen=True)
class GatewayTarget:
    """Which administration the Gateway opens, and as whom."""

    kind: SnelStartKind
    folder: str = ""
    administration: str = ""
    server: str = ""
    database: str = ""
    sql_username: str = ""  # empty: Windows authentication
    sql_password: str = ""
    user: str = ""  # SnelStart's own login
    password: str = ""

    @classmethod
    def of(cls, connection: SnelStartConnection) -> "GatewayTarget":
        password = connection.password.reveal()
        sql_login = connection.kind is SnelStartKind.SQL and bool(connection.username)
        return cls(connection.kind, str(connection.folder or ""), connection.administration, connection.server,
                   connection.database, connection.username if sql_login else "", password if sql_login else "",
                   connection.user, "" if sql_login else password)

    @property
    def name(self) -> str:
        if self.kind is SnelStartKind.SQL:
            return f"{self.database} on {self.server}"
        return self.administration


class ClassicGateway:
    """The `Gateway` port over the SnelStart Gateway. `reader` (a ClassicReader, made on first
    use) reads what the Gateway cannot say: the next relatiecode, a card as written, the
    countries' ids, an article's description, the new order's total."""

    def __init__(self, library: GatewayLibrary, target: GatewayTarget, reader: Callable[[], Any] | None = None):
        self.library, self.target = library, target
        self._reader_of = reader
        self._session: Any = None

    @property
    def reader(self):
        assert self._reader_of is not None, "this Gateway was made for checking only"
        return self._reader_of()

    # Calls and their failures ---------------------------------------------------------------------
    def _words(self, method: str, error: BaseException) -> str:
        if self._session is not None:
            try:
                said = self._session.mtdGWayFoutBoodschap(method)
                if said:
                    return " ".join(str(said).split())
            except Exception:  # noqa: BLE001 — the error text of the call itself is still there
                pass
        return describe(error)

    def _call(self, target: Any, method: str, *args: Any) -> Any:
        try:
            call = getattr(target, method)
        except AttributeError:
            raise ConfigurationError(f"this SnelStart Gateway has no method {method} (another version?); "
                                     "check snelstart.gateway_progid") from None
        try:
            return call(*args)
        except SConnectError:
            raise
        except Exception as error:  # noqa: BLE001 — a COM error, whatever its class on this machine
            raise self._failure(method, error) from None

    def _set(self, target: Any, name: str, value: Any) -> None:
        try:
            setattr(target, name, value)
        except Exception as error:  # noqa: BLE001
            raise self._failure(f"{name} =", error) from None

    def _failure(self, method: str, error: BaseException) -> SConnectError:
        words = self._words(method, error)
        lowered = words.lower()
        if hresult(error) in _UNAVAILABLE_HRESULTS or any(w in lowered for w in _UNAVAILABLE_WORDS):
            return ServiceUnavailable(f"SnelStart Gateway: {words}; try again when SnelStart is free")
        # A refusal that starts with SnelStart's validation code (REL-0020: …) keeps it, so the
        # use cases react to it as they do on every other kind.
        code = _REFUSAL_CODE.match(words)
        return SnelStartRefused(f"SnelStart Gateway refused {method}: {words}", code.group(1) if code else "")

    # The session ----------------------------------------------------------------------------------
    def open(self) -> Any:
        if self._session is not None:
            return self._session
        session = self.library.create(SESSION)
        self._session = session
        try:
            self._open_administration(session)
        except BaseException:
            self._session = None
            raise
        return session

    def _open_administration(self, session: Any) -> None:
        target = self.target
        try:
            if "@" in target.user:  # a SnelStartID (SnelStart 12): the session logs in first
                self._call(session, "Login", target.user, target.password, True)
            if target.kind is SnelStartKind.MDB:
                folder = target.folder if target.folder.endswith(("\\", "/")) else target.folder + "\\"
                opened = self._call(session, "mtdGWayAdmiOpenen", folder, target.administration)
            else:
                opened = self._call(session, "mtdGWayAdmiOpenenViaLoginSettings", 0, self._login_settings())
        except SnelStartRefused as refused:
            lowered = str(refused).lower()
            if any(w in lowered for w in _NOT_FOUND_WORDS):
                raise ConfigurationError(f"administration not found: the SnelStart Gateway cannot open "
                                         f"{target.name} ({refused})") from None
            if any(w in lowered for w in _LOGIN_WORDS):
                raise ConfigurationError(f"the SnelStart Gateway refused the login of snelstart.user "
                                         f"'{target.user}' ({refused})") from None
            raise ConfigurationError(f"the SnelStart Gateway cannot open {target.name}: {refused}") from None
        if opened is False:
            raise ConfigurationError(f"the SnelStart Gateway did not open {target.name} (administration not found, "
                                     "or the login was refused)")

    def _login_settings(self) -> Any:
        target, settings = self.target, self.library.create(LOGIN_SETTINGS)
        local = target.kind is SnelStartKind.LOCAL
        self._set(settings, "prpGWayDbAdministratieNaamSet", target.administration if local else target.database)
        self._set(settings, "prpGWayDbTypeJetSet", False)
        self._set(settings, "prpGWayDbSqlServerNameSet", target.server)
        if local:
            self._set(settings, "prpGWayDbJetFolderSet", target.folder)
        windows = not target.sql_username
        self._set(settings, "prpGWayDbSqlConnectTypeWindowsSet", windows)
        if not windows:
            self._set(settings, "prpGWayDbSqlUserNameSet", target.sql_username)
            self._set(settings, "prpGWayDbSqlPasswordSet", target.sql_password)
        return settings

    def check(self) -> str:
        """Test connection's write path: the Gateway opens the administration."""
        self.open()
        return f"SnelStart Gateway ({self.library.progid}) opened {self.target.name}"

    def close(self) -> None:
        if self._session is not None:
            try:
                self._session.mtdGWayAdmiSluiten()
            except Exception:  # noqa: BLE001 — closing what may already be gone
                pass
            self._session = None

    # Relations ------------------------------------------------------------------------------------
    def _address(self, card: Any, prefix: str, address: RelationAddress) -> None:
        country = self.reader.countries.stored(address.country)
        if country is None:
            raise SnelStartRefused(f"SnelStart knows no country {address.country!r} (its countries table); "
                                   "the customer card cannot be written")
        self._set(card, f"prp{prefix}Adres", address.street)
        self._set(card, f"prp{prefix}AdresContactpersoon", address.contact_person)
        self._set(card, f"prp{prefix}AdresPostcode", address.postcode)
        self._set(card, f"prp{prefix}AdresPlaats", address.city)
        self._set(card, f"prp{prefix}AdresLandID", country)

    def _fill(self, card: Any, relation: NewRelation) -> None:
        for name, value in (("prpNaam", relation.name), ("prpEmail", relation.email), ("prpTelefoon", relation.phone),
                            ("prpBtwNummer", relation.vat_number), ("prpKvkNummer", relation.coc_number)):
            self._set(card, name, value)
        if relation.payment_term is not None:
            self._set(card, "prpKrediettermijn", relation.payment_term)
        self._address(card, "Vestiging", relation.establishment)
        if relation.correspondence is not None:
            self._address(card, "Correspondentie", relation.correspondence)

    def _written(self, code: int) -> Relation:
        relation = self.reader.reread_relation(code)
        if relation is None:
            raise ConfigurationError(f"the SnelStart Gateway wrote relation {code}, but the database does not show "
                                     "it: check the relations table of the schema map (snelstart.schema_map)")
        return relation

    def create_relation(self, relation: NewRelation) -> Relation:
        self.open()
        code = relation.code if relation.code is not None else self.reader.next_relation_code()
        card = self.library.create(CUSTOMER)
        self._set(card, "prpRelatieCode", code)
        self._fill(card, relation)
        self._call(card, "mtdGWayKlantWrite")
        return self._written(code)

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        self.open()
        card = self.library.create(CUSTOMER)
        if not self._call(card, "mtdGWayKlantRead", code):
            raise SnelStartRefused(f"SnelStart Gateway: no relation has relatiecode {code}")
        self._fill(card, relation)
        self._call(card, "mtdGWayKlantWrite")
        return self._written(code)

    # Articles: the Gateway has no method for them (refused at configuration load) -----------------
    def create_article(self, article: NewArticle) -> Article:
        raise ConfigurationError(NO_ARTICLES)

    def update_article(self, article: Article) -> Article:
        raise ConfigurationError(NO_ARTICLES)

    def take_warnings(self) -> tuple[str, ...]:
        return ()  # the Gateway writes what it is given, or refuses

    # Sales orders ---------------------------------------------------------------------------------
    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        if plan.cost_type_1 or plan.cost_type_2:
            raise ConfigurationError(NO_COST_TYPES)
        if plan.invoice_address is not None or plan.delivery_address is not None:
            raise ConfigurationError(NO_ADDRESSES)
        if plan.relation_code is None:
            raise SnelStartRefused("a sales order needs a relation (relatiecode)")
        session = self.open()
        # sjabloonID and relatiecode are Longs to the Gateway: COM converts the text of a number.
        self._call(session, "mtdGWayVerkoopOrderAanmakenE", plan.template_id, plan.relation_code,
                   wall_clock(plan.date), plan.description, plan.memo, 0, plan.payment_reference, "",
                   0, None, None, None, None, None, None, None, None)
        for line in plan.lines:
            code = line.article_code.strip()
            if not code:
                self._call(session, "mtdGWayVerkoopOrderRegelToevoegenTekst", line.description or "")
            elif line.unit_price is None:
                self._call(session, "mtdGWayVerkoopOrderRegelToevoegenArtikelA", code, line.quantity)
            else:
                description = line.description
                if description is None:  # sales.lines = description_from_snelstart
                    article = self.reader.article_with_code(code)
                    description = article.description if article is not None else ""
                self._call(session, "mtdGWayVerkoopOrderRegelToevoegenArtikelB", code, description, line.quantity,
                           line.unit_price, Decimal("0"))
        answer = self._call(session, "mtdGWayVerkoopOrderSluitenGet")
        return self._created(plan, answer)

    def _created(self, plan: SalesOrderPlan, answer: Any) -> CreatedSalesOrder:
        # The order may be in SnelStart now: anything unclear from here on stops the run (75),
        # and the next run finds the order by its betalingskenmerk instead of writing it again.
        try:
            number = int(answer)
        except (TypeError, ValueError):
            raise ServiceUnavailable(f"the SnelStart Gateway closed sales order {plan.payment_reference} but "
                                     f"answered {answer!r}, not an order number") from None
        found = self.reader.sales_order(number)
        if found is None:
            raise ServiceUnavailable(f"the SnelStart Gateway made sales order {number}, but it cannot be read back "
                                     "(check the sales_orders table of the schema map)")
        ref, id_, vat = found
        return CreatedSalesOrder(number, ref.relation_code, ref.total_incl_vat, id_, _without_recipe_lines(plan), vat)


def _without_recipe_lines(plan: SalesOrderPlan) -> Decimal | None:
    """SnelStart's total without the lines recipe expansion added (SPEC §4), totalled the way
    SnelStart totals (rules.sales_orders) from the plan's own prices. None when the order has
    no recipe lines, or when a line it keeps was priced by SnelStart (then the whole total is
    compared, and a difference shows as a warning)."""
    if not any(line.from_recipe for line in plan.lines):
        return None
    kept = [line for line in plan.lines if not line.from_recipe]
    if any(line.unit_price is None or (plan.prices_excl_vat and line.vat_rate is None) for line in kept):
        return None
    return order_total_incl_vat(plan.prices_excl_vat, [(line_total(line.quantity, line.unit_price), line.vat_rate)
                                                        for line in kept])
