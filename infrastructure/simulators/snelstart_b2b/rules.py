"""The B2B simulator's validation: a request body → the domain object to write, or the API's refusal.

What the reference's error-code list documents is checked here (codes marked [I] in
docs below are our reading of where the list is vague); what the in-memory administration
already refuses — relatiecode taken (REL-0008), artikelcode taken (ART-0005), a money field
with more than four decimals (REF-0013), an inactive article on an order line (ALG-0105), a
relation that is not a Klant (VOR-0002) — is left to it.

Field lengths come from the one table of domain.field_limits, with its codes and SnelStart's
own wording ("… mag maximaal 50 karakters bevatten"): vestigingsAdres straat/postcode/plaats/
contactpersoon → REL-0020…0023, correspondentieAdres → REL-0025…0028, an order's factuuradres/
afleveradres → VOR-0006…0009 (the message names the address). An unknown land id → REL-0055 /
REL-0056 / VOR-0010 [I].
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from domain import field_limits as limits
from domain.article import Article, RevenueGroup
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.field_limits import AddressLimits, FieldLimit, snelstart_length
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.simulators.snelstart_b2b.filter import parse_datetime
from infrastructure.simulators.snelstart_b2b.models import EMAIL_SETTINGS, Body, BodyError, Countries
from infrastructure.snelstart.snapshot import StoredSalesOrderLine

_ADDRESS_FIELDS = ("contactpersoon", "straat", "postcode", "plaats")
_WRITABLE_KINDS = ("Klant", "Leverancier")
PROCESS_STATUSES = ("Order", "Offerte")  # "Contantbon en Factuur zijn niet beschikbaar"
VAT_ENTRIES = ("Inclusief", "Exclusief")


class Refused(Exception):
    """The API's 400: a list of (errorCode, message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{code}: {message}" for code, message in errors))
        self.errors = errors


class _Checks:
    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []

    def fail(self, code: str, message: str) -> None:
        self.errors.append((code, message))

    def done(self) -> None:
        # A body that does not bind to the model is refused for that alone, as model binding
        # fails before any business rule runs.
        binding = [error for error in self.errors if error[0] == "REF-0016"]
        if self.errors:
            raise Refused(binding or self.errors)


def _body(value: object) -> Body:
    try:
        return Body(value)
    except BodyError as error:
        raise Refused([("REF-0016", str(error))]) from None


def _read(checks: _Checks, read, *args):
    """`read(*args)`; a value of the wrong type is noted as REF-0016 and read as None."""
    try:
        return read(*args)
    except BodyError as error:
        checks.fail("REF-0016", str(error))
        return None


_EMPTY_IDS = ("", "00000000-0000-0000-0000-000000000000")  # .NET clients send Guid.Empty


def check_id_on_create(checks: _Checks, body: Body) -> None:
    if body.present("id") and str(body.value.get("id")).strip() not in _EMPTY_IDS:
        checks.fail("ALG-0100", "id moet leeg zijn bij het aanmaken")


def check_url_id(body: Body, url_id: str) -> None:
    """ALG-0101: a PUT's body id, when given, must be the url's."""
    given = body.value.get("id")
    if given not in (None, "") and str(given).strip().lower() != url_id.lower():
        raise Refused([("ALG-0101", f"id {given} in de body is niet gelijk aan id {url_id} in de url")])


def _length(checks: _Checks, limit: FieldLimit, value: str, where: str = "") -> None:
    """The table's limit, refused with its code in SnelStart's words."""
    if limit.fits(value):
        return
    if snelstart_length(value) < limit.minimum:
        checks.fail(limit.minimum_code, f"{where}{limit.field} moet minimaal {limit.minimum} karakters bevatten")
    else:
        checks.fail(limit.code, f"{where}{limit.field} mag maximaal {limit.length} karakters bevatten")


def _address(checks: _Checks, body: Body, key: str, countries: Countries, where: AddressLimits,
             land_code: str, label: str, complete: str | None = None) -> RelationAddress | None:
    """An AdresModel; None when absent or entirely empty. `where`: the address's limits and
    codes; `complete`: the code refusing a partly filled address."""
    child = _read(checks, body.child, key)
    if child is None:
        return None
    values = {name: _read(checks, child.text, name) or "" for name in _ADDRESS_FIELDS}
    for limit, name in ((where.street, "straat"), (where.postcode, "postcode"), (where.city, "plaats"),
                        (where.contact_person, "contactpersoon")):
        _length(checks, limit, values[name])
    land_id = _read(checks, child.reference, "land")
    country = ""
    if land_id is not None:
        country = countries.code_of(land_id) or ""
        if not country:
            checks.fail(land_code, f"{label}.land met id {land_id} is niet gevonden")
    filled = [name for name in ("straat", "postcode", "plaats") if values[name].strip()]
    if complete and filled and (len(filled) < 3 or land_id is None):
        checks.fail(complete, f"{label}: als een adresveld is gevuld moeten straat, postcode, plaats en land "
                              "allemaal gevuld zijn")
    if not filled and not values["contactpersoon"].strip() and land_id is None:
        return None
    return RelationAddress(values["contactpersoon"], values["straat"], values["postcode"], values["plaats"],
                           country or "NL")


def _vat_number(checks: _Checks, number: str, country: str) -> None:
    """The btwNummer as domain.field_limits refuses it (REL-0057/0058/0059/0087/0088), in
    SnelStart's words."""
    refused = limits.vat_number_refusal(number, country)
    if refused is None:
        return
    code = refused[0]
    if code in (limits.VAT_NUMBER.code, limits.VAT_NUMBER.minimum_code):
        _length(checks, limits.VAT_NUMBER, number)
    elif code == limits.VAT_NOT_LETTERS_AND_DIGITS:
        checks.fail(code, "btwNummer mag alleen letters en cijfers bevatten")
    elif code == limits.VAT_OTHER_COUNTRY:
        checks.fail(code, f"de landcode van btwNummer {number[:2]!r} hoort niet bij het land van het "
                          f"vestigingsadres ({country})")
    else:
        checks.fail(code, f"btwNummer {number} is geen geldig btw-nummer")


def _email_setting(checks: _Checks, body: Body, key: str) -> EmailSetting:
    child = _read(checks, body.child, key)
    if child is None:
        return EmailSetting()
    setting = EmailSetting(bool(_read(checks, child.boolean, "shouldSend")),
                           _read(checks, child.text, "email") or "",
                           _read(checks, child.text, "ccEmail") or "")
    if setting.should_send and not setting.email.strip():
        checks.fail("REL-0032", f"{key}.email is verplicht als shouldSend aan staat")
    email_limit, cc_limit = limits.EMAIL_SETTINGS[key]
    _length(checks, email_limit, setting.email)
    _length(checks, cc_limit, setting.cc_email)
    return setting


def relation_from_body(raw: object, countries: Countries,
                       current: Relation | None = None) -> tuple[Relation, int | None]:
    """A RelatieWriteModel → the Relation to store. `current`: the relation a PUT replaces (every
    field the body leaves out becomes empty, as a PUT of the whole model does; the relatiecode,
    the key, stays when left out, and extraVeldenKlant is read-only here: it stays too).
    Answers the relation and the relatiecode the body gave (None: the administration picks one)."""
    body = _body(raw)
    checks = _Checks()
    if current is None:
        check_id_on_create(checks, body)
    kinds = _read(checks, body.strings, "relatiesoort")
    if not kinds:
        checks.fail("REL-0066", "relatiesoort is verplicht")
    elif "Eigen" in kinds:
        checks.fail("REL-0048", "relatiesoort Eigen kan niet worden opgegeven")
    elif any(kind not in _WRITABLE_KINDS for kind in kinds):
        checks.fail("REF-0016", f"relatiesoort {kinds} bevat een onbekende waarde")
    elif len(set(kinds)) > 1:
        checks.fail("REL-0065", "relatiesoort kan niet zowel Klant als Leverancier zijn")
    elif current is not None and set(kinds) != set(current.kinds):
        checks.fail("REL-0064", "relatiesoort kan niet worden gewijzigd")
    name = _read(checks, body.text, "naam") or ""
    if not name.strip():
        checks.fail("REL-0007", "naam is verplicht")
    _length(checks, limits.RELATION_NAME, name)
    establishment = _address(checks, body, "vestigingsAdres", countries, limits.ESTABLISHMENT, "REL-0055",
                             "vestigingsAdres", complete="REL-0060")
    correspondence = _address(checks, body, "correspondentieAdres", countries, limits.CORRESPONDENCE, "REL-0056",
                              "correspondentieAdres")
    email = _read(checks, body.text, "email") or ""
    # Fields the relation does not keep are still held to their limits, as the API does.
    texts = {key: _read(checks, body.text, key) or "" for key in ("telefoon", "mobieleTelefoon", "kvkNummer",
                                                                   "websiteUrl", "iban", "bic")}
    for limit, value in ((limits.EMAIL, email), (limits.PHONE, texts["telefoon"]),
                         (limits.MOBILE_PHONE, texts["mobieleTelefoon"]), (limits.COC_NUMBER, texts["kvkNummer"]),
                         (limits.WEBSITE, texts["websiteUrl"]), (limits.IBAN, texts["iban"]),
                         (limits.BIC, texts["bic"])):
        _length(checks, limit, value)
    vat = _read(checks, body.text, "btwNummer") or ""
    _vat_number(checks, vat, (establishment or RelationAddress()).country)
    settings = {name: _email_setting(checks, body, key) for key, name in EMAIL_SETTINGS}
    code = _read(checks, body.integer, "relatiecode")
    values = dict(name=name, establishment=establishment or RelationAddress(), correspondence=correspondence,
                  email=email, phone=texts["telefoon"], vat_number=vat, coc_number=texts["kvkNummer"],
                  payment_term=_read(checks, body.integer, "krediettermijn"),
                  inactive=bool(_read(checks, body.boolean, "nonactief")), kinds=tuple(kinds or ()),
                  **settings)
    checks.done()
    if current is None:
        return Relation(code=code or 0, **values), code
    return replace(current, code=current.code if code is None else code, **values), code


def _extra_fields(checks: _Checks, body: Body, key: str) -> tuple[tuple[str, str], ...]:
    fields = []
    for item in _read(checks, body.items, key) or []:
        name, value = _read(checks, item.text, "naam") or "", _read(checks, item.text, "waarde") or ""
        if name.strip():
            fields.append((name, value))
    return tuple(fields)


def article_from_body(raw: object, group_of: dict[str, RevenueGroup], current: Article | None = None) -> Article:
    """An ArtikelModel → the Article to store; isHoofdartikel/subartikelen are read-only (a PUT
    keeps the recipe), every other field left out of a PUT becomes empty."""
    body = _body(raw)
    checks = _Checks()
    if current is None:
        check_id_on_create(checks, body)
    code = (_read(checks, body.text, "artikelcode") or "").strip()
    if not code:
        checks.fail("ART-0001", "artikelcode is verplicht")
    group_id = _read(checks, body.reference, "artikelOmzetgroep")
    group = None if group_id is None else group_of.get(group_id)
    if group_id is not None and group is None:
        checks.fail("ART-0009", f"artikelOmzetgroep met id {group_id} is niet gevonden")
    price = _read(checks, body.decimal, "verkoopprijs")
    description = _read(checks, body.text, "omschrijving") or ""
    _length(checks, limits.ARTICLE_DESCRIPTION, description)  # the artikelcode: the administration's setting
    article = Article(code, description,
                      Decimal(0) if price is None else price, "" if group is None else group.id,
                      _extra_fields(checks, body, "extraVelden"),
                      bool(_read(checks, body.boolean, "isNonActief")),
                      recipe=None if current is None else current.recipe, id="" if current is None else current.id)
    checks.done()
    return article


@dataclass(frozen=True)
class OrderRequest:
    """A VerkoopOrderModel, read: the plan for the in-memory administration, plus what it cannot
    carry (text lines and their places, process status, orderreferentie)."""

    plan: SalesOrderPlan
    text_lines: tuple[tuple[int, StoredSalesOrderLine], ...] = ()  # (position among all lines, line)
    process_status: str = "Order"
    order_reference: str = ""


def _order_address(checks: _Checks, body: Body, key: str, countries: Countries) -> RelationAddress | None:
    where = limits.INVOICE_ADDRESS if key == "factuuradres" else limits.DELIVERY_ADDRESS
    address = _address(checks, body, key, countries, where, "VOR-0010", key)
    return None if address is None or address.is_empty() else address


def order_from_body(raw: object, countries: Countries, relation_code_of: dict[str, int],
                    article_of: dict[str, Article], template_id_of: dict[str, str]) -> OrderRequest:
    """`…_of`: GUID → relatiecode / Article / the template's snapshot id."""
    body = _body(raw)
    checks = _Checks()
    check_id_on_create(checks, body)
    if body.value.get("nummer") not in (None, "", 0):
        checks.fail("VOR-0005", "nummer moet leeg zijn bij het aanmaken; SnelStart kent het toe")
    relation_id = _read(checks, body.reference, "relatie")
    code = None if relation_id is None else relation_code_of.get(relation_id)
    if code is None:
        checks.fail("VOR-0001", "relatie is verplicht" if relation_id is None
                    else f"relatie met id {relation_id} is niet gevonden")
    date = _order_date(checks, body)
    template_guid = _read(checks, body.reference, "verkoopordersjabloon")
    template_id = "" if template_guid is None else template_id_of.get(template_guid)
    if template_id is None:
        checks.fail("VOR-0003", f"verkoopordersjabloon met id {template_guid} is niet gevonden")
    status = _read(checks, body.text, "procesStatus") or "Order"
    if status not in PROCESS_STATUSES:
        checks.fail("REF-0016", f"procesStatus {status!r}: Contantbon en Factuur zijn niet beschikbaar; "
                                f"gebruik {' of '.join(PROCESS_STATUSES)}")
    # The V1 client's default; an adapter must always send it (reference §4.3).
    entry = _read(checks, body.text, "verkooporderBtwIngaveModel") or "Exclusief"
    if entry not in VAT_ENTRIES:
        checks.fail("REF-0016", f"verkooporderBtwIngaveModel {entry!r} is onbekend")
    reference = _read(checks, body.text, "orderreferentie") or ""
    description = _read(checks, body.text, "omschrijving") or ""
    memo = _read(checks, body.text, "memo") or ""
    for limit, value in ((limits.ORDER_REFERENCE, reference), (limits.ORDER_DESCRIPTION, description),
                         (limits.MEMO, memo)):
        _length(checks, limit, value)
    invoice = _order_address(checks, body, "factuuradres", countries)
    delivery = _order_address(checks, body, "afleveradres", countries)
    lines, texts = _order_lines(checks, body, article_of)
    checks.done()
    plan = SalesOrderPlan(payment_reference=_read(checks, body.text, "betalingskenmerk") or "",
                          relation_code=code, template_id=template_id or "", date=date or datetime.min,
                          description=description, prices_excl_vat=entry == "Exclusief", invoice_address=invoice,
                          delivery_address=delivery, lines=tuple(lines), memo=memo)
    checks.done()
    return OrderRequest(plan, tuple(texts), status, reference)


def _order_date(checks: _Checks, body: Body) -> datetime | None:
    raw = _read(checks, body.text, "datum")
    if not raw:
        if raw is not None:
            checks.fail("REF-0016", "datum is verplicht")
        return None
    try:
        return parse_datetime(raw)
    except ValueError:
        checks.fail("REF-0016", f"datum {raw!r} is geen datum")
        return None


def _order_lines(checks: _Checks, body: Body, article_of: dict[str, Article]):
    lines: list[PlanLine] = []
    texts: list[tuple[int, StoredSalesOrderLine]] = []
    for n, line in enumerate(_read(checks, body.items, "regels") or []):
        label = f"regels[{n}]"
        article_id = _read(checks, line.reference, "artikel")
        description = _read(checks, line.text, "omschrijving")
        _length(checks, limits.LINE_DESCRIPTION, description or "", f"{label}.")
        discount = _read(checks, line.decimal, "kortingsPercentage")
        if discount:
            checks.fail("SIM-0001", f"{label}.kortingsPercentage: the simulator books no discounts")
        quantity = _read(checks, line.decimal, "aantal")
        price = _read(checks, line.decimal, "stuksprijs")
        if article_id is None:  # a text line: a description, no article, no amount
            if not (description or "").strip():
                checks.fail("REF-0016", f"{label}: a line needs an artikel or an omschrijving")
            elif price:
                checks.fail("VOR-0013", f"{label}: a line with a stuksprijs needs an artikel")
            texts.append((n, StoredSalesOrderLine("", description or "", quantity or Decimal(0),
                                                  Decimal(0))))
            continue
        article = article_of.get(article_id)
        if article is None:
            checks.fail("VOR-0013", f"{label}.artikel met id {article_id} is niet gevonden")
            continue
        if quantity is None:
            checks.fail("REF-0016", f"{label}.aantal is verplicht")
            continue
        # What SnelStart does with a line posted without `stuksprijs` is not documented (only an
        # empty omschrijving is said to take the article's): the simulator books it at 0.00, the
        # worst case, so a connector that leaves the price out is seen (reference §5c).
        lines.append(PlanLine(article.code, quantity, description or None,
                              price if price is not None else Decimal("0.00")))
    return lines, texts
