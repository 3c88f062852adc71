"""Fitting the shop's values into SnelStart's fields (domain.field_limits) before anything is
written, so that an order is never refused over data nobody can change in SnelStart.

A value over its limit is shortened so its meaning survives — a street keeps its house number
and addition, a name is cut at a word boundary and marked with "…", an e-mail list keeps the
addresses that fit whole, a phone number loses its spacing or its second number — and the order
carries one warning per shop value, naming the fields, the limit and the shop's full value.
A value that cannot be shortened without becoming wrong is left out where SnelStart can do
without it (a phone, VAT or KvK number: a cut one would be a wrong one), and stops the order
where it cannot (an e-mail address longer than the whole field, an article code, a VAT number
the order's VAT depends on). A VAT number is never cut or corrected: one SnelStart would
refuse for any reason (length, characters, another country's code, not valid) is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from domain import field_limits as limits
from domain.article import Article, NewArticle
from domain.customer import NewRelation, Relation, RelationAddress, normalise_coc
from domain.errors import OrderRejected
from domain.field_limits import AddressLimits, ArticleCodeLimit, FieldLimit, snelstart_length
from domain.sales_order import BookingPlan, PlanLine, SalesOrderPlan

ELLIPSIS = "…"
_TRAILING = " \t\r\n,;:-–—/("  # what a cut never ends on, before its "…"
# A street line's house number at its end, as Address.street_line writes it ("12", "12A",
# "12-2", "12/3", "12 hs", "12 III"); the street before it may hold numbers ("Plein 1944 3").
_HOUSE_NUMBER = re.compile(r"(?P<street>.*?\S)\s+(?P<number>\d\S*(?:\s+[^\s\d]\S{0,4})?)", re.DOTALL)
_EMAIL_SEPARATORS = re.compile(r"[;,\s]+")
# The phone number a phone field starts with: what comes after it is a second number
# ("020 1234567 / 06 12345678", "… of …") or a remark ("… (na 18 uur)").
_LEADING_PHONE = re.compile(r"\+?[\d\s().\-]*\d")


def _prefix(text: str, units: int) -> str:
    """The longest start of `text` within `units` UTF-16 code units (never half a character)."""
    if snelstart_length(text) <= units:
        return text
    if text.isascii():
        return text[:max(units, 0)]
    used, end = 0, 0
    for end, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > units:
            return text[:end]
    return text


def _tidy(text: str) -> str:
    """One line, single spaces: what a long single-line value loses first (nothing of meaning)."""
    return " ".join(text.split())


def cut(text: str, length: int, *, initial: bool = False) -> str:
    """`text` in at most `length` units: as many whole words as fit, then "…". With `initial`
    a capitalised next word keeps its first letter ("Achterzijde N…": Dutch street
    abbreviations do the same). A cut that would keep less than half the field (one very long
    word) is made inside the word instead."""
    if snelstart_length(text) <= length:
        return text
    room = length - len(ELLIPSIS)
    head = _prefix(text, room)
    boundary = len(head) if len(head) < len(text) and text[len(head)].isspace() else \
        max((i for i, c in enumerate(head) if c.isspace()), default=-1)
    kept = head[:boundary].rstrip(_TRAILING) if boundary > 0 else ""
    if snelstart_length(kept) * 2 < length:
        return head.rstrip(_TRAILING) + ELLIPSIS
    if initial:
        rest = text[boundary:].lstrip()
        if rest[:1].isupper() and snelstart_length(kept) + 2 <= room:
            kept = f"{kept} {rest[0]}"
    return kept + ELLIPSIS


def fitted_text(text: str, limit: FieldLimit, *, multiline: bool = False) -> str:
    """A free text (a name, a city, a description) within `limit`."""
    if limit.fits(text):
        return text
    tidy = text if multiline else _tidy(text)
    return cut(tidy, limit.length)


def fitted_street(line: str, length: int) -> str:
    """The street is shortened and the house number with its addition kept whole: a parcel
    reaches "Burgemeester van Reenensingel Achterzijde N… 12A", not "…Noordelijk Deel 1"."""
    if snelstart_length(line) <= length:
        return line
    tidy = _tidy(line)
    if snelstart_length(tidy) <= length:
        return tidy
    found = _HOUSE_NUMBER.fullmatch(tidy)
    if found:
        number = found["number"]
        room = length - snelstart_length(number) - 1
        if room * 2 >= length:
            return f"{cut(found['street'], room, initial=True)} {number}"
    return cut(tidy, length, initial=True)


def fitted_contact_person(text: str, length: int) -> str:
    """"Bedrijf t.a.v. Persoon" that does not fit keeps the company: a carrier delivers to a
    company, and the person is on the customer card."""
    if snelstart_length(text) <= length:
        return text
    company, sep, _ = text.partition(" t.a.v. ")
    return cut(_tidy(company), length) if sep and company.strip() else cut(_tidy(text), length)


def fitted_emails(text: str, limit: FieldLimit) -> str:
    """A `;`-list keeps, in order, the addresses that fit whole; the first address (the main
    one, by which the customer is recognised) must fit, or the order stops."""
    if limit.fits(text):
        return text
    parts = [p for p in _EMAIL_SEPARATORS.split(text) if p]
    if not parts or snelstart_length(parts[0]) > limit.length:
        first = parts[0] if parts else text
        shown = first if snelstart_length(first) <= 60 else _prefix(first, 59) + ELLIPSIS
        raise OrderRejected(f"e-mail address '{shown}' ({snelstart_length(first)} characters) is longer than "
                            f"SnelStart's e-mail field takes ({limit.field}: {limit.describe()}): "
                            "correct it in the shop")
    kept: list[str] = []
    for part in parts:
        if snelstart_length(";".join([*kept, part])) <= limit.length:
            kept.append(part)
    return ";".join(kept)


def _compact_phone(text: str) -> str:
    """Without spacing: "+31 (0)20 123 45 67" → "+31201234567"."""
    if text.lstrip().startswith("+"):
        text = text.replace("(0)", "")
    return re.sub(r"[\s.()\-]", "", text)


def fitted_phone(text: str, limit: FieldLimit) -> str:
    """The number the field starts with (without a second number or a remark), if need be
    without its spacing; "" when even that does not fit (a cut phone number is a wrong number)."""
    if limit.fits(text):
        return text
    found = _LEADING_PHONE.match(text.strip())
    first = _tidy(found.group(0)) if found else ""
    for candidate in (first, _compact_phone(first)):
        if candidate and limit.fits(candidate):
            return candidate
    return ""


@dataclass
class _Cut:
    limit: FieldLimit
    original: str
    fitted: str
    kept: str = ""  # an update that left the value out: what the relation keeps
    relation: int | None = None
    reason: str = ""  # why SnelStart would refuse a value left out, if not its length
    fields: list[str] = field(default_factory=list)

    def warning(self) -> str:
        limit = self.limit
        where = f"{', '.join(self.fields)}: {limit.describe() if not limit.minimum else self._range()}"
        if self.fitted:
            return f"{limit.label} too long for SnelStart ({where}): '{self.original}' booked as '{self.fitted}'"
        if self.reason:
            text = f"{limit.label} not accepted by SnelStart ({', '.join(self.fields)}: {self.reason}): " \
                   f"'{self.original}' left out"
        else:
            text = f"{limit.label} does not fit SnelStart ({where}): '{self.original}' left out"
        if self.relation is not None:
            text += f"; relation {self.relation} keeps " + (f"'{self.kept}'" if self.kept else "none")
        return text

    def _range(self) -> str:
        return f"{self.limit.minimum} to {self.limit.length} characters"


class Fitting:
    """Fits one order's plan; `warnings()` gives one warning per shop value that was changed,
    naming every field it went into (a street goes into the customer card and both addresses
    of the order)."""

    def __init__(self) -> None:
        self._cuts: dict[tuple[str, str, str, str], _Cut] = {}

    def note(self, limit: FieldLimit, original: str, fitted: str, *, kept: str = "",
             relation: int | None = None, reason: str = "") -> str:
        if fitted != original:
            key = (limit.label, original, fitted, kept)
            entry = self._cuts.setdefault(key, _Cut(limit, original, fitted, kept, relation, reason))
            if limit.field not in entry.fields:
                entry.fields.append(limit.field)
        return fitted

    def warnings(self) -> list[str]:
        return [entry.warning() for entry in self._cuts.values()]

    def text(self, value: str, limit: FieldLimit, *, multiline: bool = False) -> str:
        return self.note(limit, value, fitted_text(value, limit, multiline=multiline))

    def address(self, address: RelationAddress | None, where: AddressLimits) -> RelationAddress | None:
        if address is None:
            return None
        return replace(
            address,
            contact_person=self.note(where.contact_person, address.contact_person,
                                     fitted_contact_person(address.contact_person, where.contact_person.length)),
            street=self.note(where.street, address.street, fitted_street(address.street, where.street.length)),
            postcode=self.text(address.postcode, where.postcode), city=self.text(address.city, where.city))

    def _kept_or_dropped(self, limit: FieldLimit, value: str, fitted: str, current: str | None,
                         code: int | None, reason: str = "") -> str:
        """`fitted` "" means the value cannot be written: a new relation goes without it, an
        updated one keeps its own (`current`)."""
        if fitted or not value:
            return self.note(limit, value, fitted)
        if current is None:
            return self.note(limit, value, "", reason=reason)
        self.note(limit, value, "", kept=current, relation=code, reason=reason)
        return current

    def relation(self, relation: NewRelation | None, current: Relation | None) -> NewRelation | None:
        if relation is None:
            return None
        own = (lambda name: getattr(current, name)) if current is not None else (lambda name: None)
        code = None if current is None else current.code
        country = relation.establishment.country
        coc = relation.coc_number if limits.COC_NUMBER.fits(relation.coc_number) else \
            normalise_coc(relation.coc_number, country)
        vat, refused = relation.vat_number, vat_refusal(relation, current)
        return replace(
            relation, name=self.text(relation.name, limits.RELATION_NAME),
            establishment=self.address(relation.establishment, limits.ESTABLISHMENT),
            correspondence=self.address(relation.correspondence, limits.CORRESPONDENCE),
            email=self.note(limits.EMAIL, relation.email, fitted_emails(relation.email, limits.EMAIL)),
            phone=self._kept_or_dropped(limits.PHONE, relation.phone, fitted_phone(relation.phone, limits.PHONE),
                                        own("phone"), code),
            vat_number=self._kept_or_dropped(limits.VAT_NUMBER, vat, "" if refused else vat, own("vat_number"), code,
                                             refused),
            coc_number=self._kept_or_dropped(limits.COC_NUMBER, relation.coc_number,
                                             coc if limits.COC_NUMBER.fits(coc) else "", own("coc_number"), code))

    def new_article(self, article: NewArticle, codes: ArticleCodeLimit) -> NewArticle:
        check_article_code(article.code.strip(), codes)
        return replace(article, description=self.text(article.description, limits.ARTICLE_DESCRIPTION))

    def article(self, article: Article) -> Article:
        return replace(article, description=self.text(article.description, limits.ARTICLE_DESCRIPTION))

    def sales_order(self, order: SalesOrderPlan) -> SalesOrderPlan:
        return replace(
            order, description=self.text(order.description, limits.ORDER_DESCRIPTION),
            memo=self.text(order.memo, limits.MEMO, multiline=True),
            invoice_address=self.address(order.invoice_address, limits.INVOICE_ADDRESS),
            delivery_address=self.address(order.delivery_address, limits.DELIVERY_ADDRESS),
            lines=tuple(self._line(line) for line in order.lines))

    def _line(self, line: PlanLine) -> PlanLine:
        if line.description is None:
            return line
        return replace(line, description=self.text(line.description, limits.LINE_DESCRIPTION))


def vat_refusal(relation: NewRelation, current: Relation | None = None) -> str:
    """Why SnelStart would refuse the relation's VAT number, in plain words with its code ("" when
    it takes it). The number a relation already has in SnelStart is its own, and not judged."""
    number = relation.vat_number
    if current is not None and number == current.vat_number:
        return ""
    found = limits.vat_number_refusal(number, relation.establishment.country)
    return "" if found is None else f"{found[1]}, {found[0]}"


def check_article_code(code: str, codes: ArticleCodeLimit) -> None:
    """An artikelcode is the article's key in SnelStart: shortened, the next order would not
    find it again. So a code the administration cannot take stops the order."""
    refusal = codes.refusal(code)
    if refusal is not None:
        raise OrderRejected(f"article code '{code}' cannot be created: this SnelStart administration "
                            f"{refusal[1]} (artikelcode, {refusal[0]}); change the code in the shop, or create "
                            "the article in SnelStart under a code it takes, with the shop's code in the extra "
                            "field articles.code_field names")


def fit_plan(plan: BookingPlan, codes: ArticleCodeLimit, current: Relation | None = None) -> BookingPlan:
    """`plan` with every value SnelStart would refuse fitted, and a warning for each.
    `current`: the relation `plan.relation_update` writes over (what a left-out value keeps)."""
    fitting = Fitting()
    new_relation = fitting.relation(plan.new_relation, None)
    relation_update = fitting.relation(plan.relation_update, current)
    written, fitted_relation = plan.new_relation or plan.relation_update, new_relation or relation_update
    if plan.needs_vat_number and written is not None and fitted_relation.vat_number != written.vat_number:
        # The order's VAT (reverse charge abroad) was planned with this VAT number on the card:
        # without it SnelStart would bill a consumer's VAT, with a corrected one a guess.
        raise OrderRejected(f"VAT number '{written.vat_number}' is not accepted by SnelStart (btwNummer: "
                            f"{vat_refusal(written, current) or 'the relation keeps its own'}), and the order's "
                            "VAT is planned with it: correct it in the shop")
    fitted = replace(
        plan, new_relation=new_relation, relation_update=relation_update,
        new_articles=tuple(fitting.new_article(a, codes) for a in plan.new_articles),
        article_updates=tuple(fitting.article(a) for a in plan.article_updates),
        sales_order=fitting.sales_order(plan.sales_order))
    return replace(fitted, warnings=plan.warnings + tuple(fitting.warnings()))
