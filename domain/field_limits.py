"""SnelStart's field limits: how much each field S-Connect writes may hold, where that limit is
written down, and the code SnelStart refuses a longer value with.

This is the one table. Booking fits the shop's values to it before anything is written
(domain.fitting), and every administration that checks writes itself — the in-memory one, the
embedded one, the B2B API simulator, the classic fake Gateway — refuses with the same codes
from it (infrastructure/snelstart/rules/limits.py). docs/field-limits.md lists it for people.

Sources: reference/snelstart.md §5c, which transcribes the B2B API v2 definition and SnelStart's
error list (foutcodes-v2). Where SnelStart documents no limit (an order's omschrijving and memo)
the limit is S-Connect's own, chosen small enough to be safe (`ours`), and so is the refusal
code our administrations give for it (`SCN-…`: not a SnelStart code).

Lengths are counted as SnelStart (.NET) counts them: in UTF-16 code units, so a character
outside the Basic Multilingual Plane (an emoji) counts twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.customer import vat_prefix

SECTION_5C = "reference/snelstart.md §5c"
OURS = "S-Connect's own limit: SnelStart documents none"


def snelstart_length(text: str) -> int:
    """The length SnelStart measures: UTF-16 code units, as a .NET string's Length."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


@dataclass(frozen=True)
class FieldLimit:
    field: str  # SnelStart's name in the API model: "vestigingsAdres.straat"
    label: str  # the field in plain words, for messages: "street"
    length: int  # the most a value may hold
    code: str  # the refusal code for a longer value
    source: str = SECTION_5C
    ours: bool = False  # nothing documented: the limit (and the SCN code) are S-Connect's
    minimum: int = 0  # the least a non-empty value must hold
    minimum_code: str = ""

    def fits(self, value: str) -> bool:
        return snelstart_length(value) <= self.length and not (value and snelstart_length(value) < self.minimum)

    def describe(self) -> str:
        """"at most 50 characters" (with where the limit comes from when it is ours)."""
        text = f"at most {self.length} characters"
        return f"{text}, {OURS}" if self.ours else text


def _limit(field: str, label: str, length: int, code: str, **kwargs) -> FieldLimit:
    return FieldLimit(field, label, length, code, **kwargs)


@dataclass(frozen=True)
class AddressLimits:
    """SnelStart's AdresModel in one of its places (REL-0020…0023 the vestigingsadres,
    REL-0025…0028 the correspondentieadres, VOR-0006…0009 either address of an order)."""

    street: FieldLimit
    postcode: FieldLimit
    city: FieldLimit
    contact_person: FieldLimit

    def all(self) -> tuple[FieldLimit, ...]:
        return (self.street, self.postcode, self.city, self.contact_person)


def _address(place: str, straat: str, postcode: str, plaats: str, contactpersoon: str) -> AddressLimits:
    return AddressLimits(_limit(f"{place}.straat", "street", 50, straat),
                         _limit(f"{place}.postcode", "postcode", 25, postcode),
                         _limit(f"{place}.plaats", "city", 50, plaats),
                         _limit(f"{place}.contactpersoon", "contact person", 50, contactpersoon))


# Relations (RelatieWriteModel) ------------------------------------------------------------------
# REL-0007 is the list's "Naam moet gevuld zijn"; §5c gives it for the 50 too (a code of its own
# for a name that is too long is not documented).
RELATION_NAME = _limit("naam", "name", 50, "REL-0007")
ESTABLISHMENT = _address("vestigingsAdres", "REL-0020", "REL-0021", "REL-0022", "REL-0023")
CORRESPONDENCE = _address("correspondentieAdres", "REL-0025", "REL-0026", "REL-0027", "REL-0028")
PHONE = _limit("telefoon", "phone", 25, "REL-0013")
MOBILE_PHONE = _limit("mobieleTelefoon", "mobile phone", 25, "REL-0012")
EMAIL = _limit("email", "e-mail", 250, "REL-0085")  # a `;`-list of addresses
VAT_NUMBER = _limit("btwNummer", "VAT number", 50, "REL-0057", minimum=2, minimum_code="REL-0058")
# btwNummer: besides its length SnelStart refuses other than letters and digits (REL-0059), a
# country code other than that of the relation's vestigingsadres (REL-0087) and a number it does
# not find valid (REL-0088): see `vat_number_refusal`.
VAT_NOT_LETTERS_AND_DIGITS = "REL-0059"
VAT_OTHER_COUNTRY = "REL-0087"
VAT_NOT_VALID = "REL-0088"
COC_NUMBER = _limit("kvkNummer", "KvK number", 12, "REL-0006")  # REL-0006: "KvkNummer is ongeldig"
WEBSITE = _limit("websiteUrl", "website", 100, "REL-0015")
# No length code is listed for these; SnelStart calls a value it cannot take invalid.
IBAN = _limit("iban", "IBAN", 50, "REL-0011")
BIC = _limit("bic", "BIC", 15, "REL-0010")
# The send settings (…EmailVersturen): e-mail and cc, each a `;`-list of at most 250.
EMAIL_SETTINGS = {
    "factuurEmailVersturen": (_limit("factuurEmailVersturen.email", "invoice e-mail", 250, "REL-0073"),
                              _limit("factuurEmailVersturen.ccEmail", "invoice cc e-mail", 250, "REL-0075")),
    "offerteEmailVersturen": (_limit("offerteEmailVersturen.email", "quote e-mail", 250, "REL-0081"),
                              _limit("offerteEmailVersturen.ccEmail", "quote cc e-mail", 250, "REL-0083")),
    "bevestigingsEmailVersturen": (
        _limit("bevestigingsEmailVersturen.email", "confirmation e-mail", 250, "REL-0077"),
        _limit("bevestigingsEmailVersturen.ccEmail", "confirmation cc e-mail", 250, "REL-0079")),
    "aanmaningEmailVersturen": (_limit("aanmaningEmailVersturen.email", "reminder e-mail", 250, "REL-0069"),
                                _limit("aanmaningEmailVersturen.ccEmail", "reminder cc e-mail", 250, "REL-0071")),
}

# Articles (ArtikelModel); the artikelcode's limit is the administration's (ArticleCodeLimit).
ARTICLE_DESCRIPTION = _limit("artikel.omschrijving", "article description", 250, "ART-0007")

# Sales orders (VerkoopOrderModel) -----------------------------------------------------------------
INVOICE_ADDRESS = _address("factuuradres", "VOR-0006", "VOR-0007", "VOR-0008", "VOR-0009")
DELIVERY_ADDRESS = _address("afleveradres", "VOR-0006", "VOR-0007", "VOR-0008", "VOR-0009")
ORDER_REFERENCE = _limit("orderreferentie", "order reference", 50, "VOR-0011")
# §5c: 250 for a line's omschrijving, but no refusal code is listed: the code is ours.
LINE_DESCRIPTION = _limit("regels.omschrijving", "line description", 250, "SCN-0001")
# Nothing documented. The omschrijving heads the order in SnelStart's lists: 100 holds S-Connect's
# own description ("Webshop-order 12 – betaald (iDEAL, …) – status …") whole. The memo is a
# memo field, but its size is not written down anywhere: 1000 keeps a customer's remark whole
# in practice and is far below any memo column.
ORDER_DESCRIPTION = _limit("omschrijving", "order description", 100, "SCN-0002", source=OURS, ours=True)
MEMO = _limit("memo", "memo", 1000, "SCN-0003", source=OURS, ours=True)

FIELD_LIMITS: tuple[FieldLimit, ...] = (
    RELATION_NAME, *ESTABLISHMENT.all(), *CORRESPONDENCE.all(), PHONE, MOBILE_PHONE, EMAIL, VAT_NUMBER,
    COC_NUMBER, WEBSITE, IBAN, BIC, *(limit for pair in EMAIL_SETTINGS.values() for limit in pair),
    ARTICLE_DESCRIPTION,
    *INVOICE_ADDRESS.all(), *DELIVERY_ADDRESS.all(), ORDER_REFERENCE, ORDER_DESCRIPTION, MEMO, LINE_DESCRIPTION,
)


# VAT numbers -------------------------------------------------------------------------------------

_LETTERS_AND_DIGITS = re.compile(r"[0-9A-Za-z]+")
# How SnelStart decides that a number is valid (REL-0088) is not documented: S-Connect knows the
# shape of the Dutch, Belgian and German numbers (no check digits), and takes other countries'
# numbers on trust. The B2B simulator refuses with the same shapes.
VAT_SHAPES = {"NL": re.compile(r"NL\d{9}B\d{2}"), "BE": re.compile(r"BE[01]\d{9}"), "DE": re.compile(r"DE\d{9}")}


def vat_number_refusal(number: str, country: str) -> tuple[str, str] | None:
    """(SnelStart's code, what is wrong in plain words) when SnelStart refuses `number` as the
    btwNummer of a relation whose vestigingsadres is in `country`; None when it takes it (an
    empty number is no number, and taken). A VAT number is never shortened or corrected: one
    SnelStart refuses is left out, or stops the order (domain.fitting)."""
    if not number:
        return None
    length = snelstart_length(number)
    if length > VAT_NUMBER.length:
        return VAT_NUMBER.code, f"it is longer than {VAT_NUMBER.length} characters"
    if length < VAT_NUMBER.minimum:
        return VAT_NUMBER.minimum_code, f"it is shorter than {VAT_NUMBER.minimum} characters"
    if not _LETTERS_AND_DIGITS.fullmatch(number):
        return VAT_NOT_LETTERS_AND_DIGITS, "it holds other than letters and digits"
    own = vat_prefix(country or "NL")
    if number[:2].upper() != own:
        return VAT_OTHER_COUNTRY, f"it does not start with {own}, the country of the relation's address"
    shape = VAT_SHAPES.get(own)
    if shape is not None and not shape.fullmatch(number.upper()):
        return VAT_NOT_VALID, f"it is not a valid {own} VAT number"
    return None


# Article codes: per administration -----------------------------------------------------------------

ARTICLE_CODE_TOO_LONG = "ART-0004"  # "Artikelcode is te lang"
ARTICLE_CODE_NOT_A_NUMBER = "ART-0003"  # "Artikelcode is geen nummer"


@dataclass(frozen=True)
class ArticleCodeLimit:
    """What an administration takes as an artikelcode: SnelStart's companyInfo
    `artikelcodeSoort` (Numeriek / Alfanumeriek) and `artikelcodeMaxLengte`. An artikelcode is
    a key (the next order looks the article up by it), so a code that does not fit is never
    shortened: the order stops and says so."""

    max_length: int | None = None  # None: the administration does not say
    numeric: bool = False  # artikelcodeSoort Numeriek: digits only
    source: str = ""  # where the administration's rule comes from, for the docs and messages

    def refusal(self, code: str) -> tuple[str, str] | None:
        """(SnelStart's code, what is wrong) when `code` cannot be this administration's
        artikelcode; None when it can."""
        if self.numeric and not (code.isascii() and code.isdigit()):
            return ARTICLE_CODE_NOT_A_NUMBER, "takes numeric article codes only"
        length = snelstart_length(code)
        if self.max_length is not None and length > self.max_length:
            return ARTICLE_CODE_TOO_LONG, f"takes article codes of at most {self.max_length} characters"
        return None


# The administrations with no artikelcode setting to read — memory, embedded, and the B2B
# simulator unless told otherwise — take what SnelStart's alphanumeric codes take by choice of
# S-Connect: SnelStart's own setting runs from 10 (its default) to 255 characters; 30 holds
# EAN/GTIN codes (13–14 digits) and the SKUs webshops use.
STAND_IN_ARTICLE_CODES = ArticleCodeLimit(30, False, "S-Connect's stand-in administrations (30, alphanumeric)")
