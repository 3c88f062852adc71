"""Relations (SnelStart's customers) and the normalisation every comparison goes through."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from domain.order import Address, CustomerData


# Slotted: CPython 3.11 specialises reading a slot, but not reading an instance attribute that
# shadows a class attribute (a field's default), so every `relation.email` took the slow,
# generic path; the relation index reads these fields 200,000 times over (issue 19).
@dataclass(frozen=True, slots=True)
class RelationAddress:
    """SnelStart's AdresModel: street and house number in one field."""

    contact_person: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    country: str = "NL"

    @classmethod
    def from_order(cls, address: Address) -> "RelationAddress":
        return cls(address.contact_name, address.street_line, address.postcode.strip(),
                   address.city.strip(), (address.country or "NL").strip().upper())

    def is_empty(self) -> bool:
        return not (self.street or self.postcode or self.city)


@dataclass(frozen=True, slots=True)
class EmailSetting:
    """One of SnelStart's …EmailVersturen blocks; email and cc may be `;`-separated lists."""

    should_send: bool = False
    email: str = ""
    cc_email: str = ""

    def addresses(self) -> tuple[str, ...]:
        if not self.cc_email:  # most blocks: no tuple of the cc to make and join
            return split_emails(self.email)
        return split_emails(self.email) + split_emails(self.cc_email)


@dataclass(frozen=True, slots=True)
class Relation:
    code: int  # relatiecode
    name: str
    establishment: RelationAddress = RelationAddress()  # vestigingsAdres
    correspondence: RelationAddress | None = None  # correspondentieAdres
    email: str = ""  # may be a `;`-list
    phone: str = ""
    vat_number: str = ""
    coc_number: str = ""  # KvK
    payment_term: int | None = None  # krediettermijn (days)
    invoice_email: EmailSetting = EmailSetting()  # factuurEmailVersturen
    quote_email: EmailSetting = EmailSetting()  # offerteEmailVersturen
    confirmation_email: EmailSetting = EmailSetting()  # bevestigingsEmailVersturen
    reminder_email: EmailSetting = EmailSetting()  # aanmaningEmailVersturen
    extra_fields: tuple[tuple[str, str], ...] = ()
    inactive: bool = False
    kinds: tuple[str, ...] = ("Klant",)  # relatiesoort
    id: str = field(default="", compare=False)


@dataclass(frozen=True)
class NewRelation:
    """What S-Connect asks SnelStart to create (or, for an update, to write over a relation)."""

    name: str
    establishment: RelationAddress
    correspondence: RelationAddress | None = None
    email: str = ""
    phone: str = ""
    vat_number: str = ""
    coc_number: str = ""
    payment_term: int | None = None
    code: int | None = None  # None: the next free relatiecode

    @classmethod
    def from_order(cls, customer: CustomerData, billing: Address, payment_term: int | None = None,
                   code: int | None = None) -> "NewRelation":
        name = customer.company.strip() or billing.company.strip() or billing.contact_name or customer.email
        return cls(name=name, establishment=RelationAddress.from_order(billing), email=customer.email.strip(),
                   phone=customer.phone.strip(), vat_number=normalise_vat(customer.vat_number, (billing.country or "NL").strip().upper()),
                   coc_number=customer.coc_number.strip(), payment_term=payment_term, code=code)


# Normalisation (SPEC 6.1, 6.2) ---------------------------------------------------------------
# Every comparison in recognition is between normalised values, on both sides: the order's value
# and the relation's value go through the same function. Each function is idempotent.

def normalise_email(value: str) -> str:
    """Lower-cased, without spaces (an address cannot hold one; pasted ones often do) and
    without the angle brackets of "Name <a@b.nl>" leftovers."""
    return "".join((value or "").split()).strip("<>").lower()


def split_emails(value: str) -> tuple[str, ...]:
    """SnelStart allows several addresses in one field, separated by `;` (`,` and spaces are
    seen in the wild too). Parts without an '@' are names or typos, not addresses."""
    if not value:
        return ()
    if ";" in value or "," in value:
        value = value.replace(";", " ").replace(",", " ")
    # Split at any whitespace, as normalise_email drops it. str methods, not a regular
    # expression: a relation index runs this 200,000 times and a regex search was the largest
    # part of its build.
    parts = value.split()
    if len(parts) == 1:  # the common case: one address
        email = parts[0].strip("<>").lower()  # = normalise_email(part): it holds no whitespace
        return (email,) if "@" in email else ()
    return tuple([email for part in parts if "@" in (email := part.strip("<>").lower())])


def normalise_postcode(value: str) -> str:
    """Without spaces, upper-case: "1234 ab" → "1234AB"."""
    if not value:
        return ""
    joined = value.replace(" ", "")
    if joined.isalnum():  # the common case: only the space between digits and letters
        return joined.upper()
    return "".join(value.split()).upper()


# The shop and SnelStart sometimes use the VAT prefix as if it were a country code.
_COUNTRY_ALIASES = {"UK": "GB", "EL": "GR"}


@lru_cache(maxsize=256)  # a handful of countries, normalised for every VAT and KvK number of an index
def normalise_country(value: str) -> str:
    """ISO 3166-1 alpha-2, upper-case; empty means the Netherlands (SnelStart's default land)."""
    code = (value or "").strip().upper() or "NL"
    return _COUNTRY_ALIASES.get(code, code)


# VAT prefixes are ISO codes, except Greece (EL) and Northern Ireland (XI, for goods).
_VAT_PREFIX = {"GR": "EL"}
_KNOWN_VAT_PREFIXES = frozenset(
    "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK XI GB CH NO".split())


_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NOT_DIGIT = re.compile(r"[^0-9]")


def _letters_and_digits(value: str) -> str:
    """Only A-Z and 0-9, upper-case. Most numbers are written that way already: a test of the
    whole string is cheaper than the regular expression (a relation index files 200,000 of them)."""
    value = value or ""
    if value.isascii() and value.isalnum():
        return value.upper()
    return _NOT_ALNUM.sub("", value).upper()


def vat_prefix(country: str) -> str:
    code = normalise_country(country)
    return _VAT_PREFIX.get(code, code)


def normalise_vat(value: str, country: str = "") -> str:
    """Letters and digits only, upper-case (SnelStart: REL-0057…0059); with `country` (the
    billing country of an order, the establishment country of a relation) the country prefix is
    made explicit when it is missing: for NL, `123456789B01` becomes `NL123456789B01`.

    A number that already starts with its own prefix or with another known VAT prefix keeps it
    (a Belgian company may order with a Dutch billing address). Known limit: a French number
    written without prefix whose two-letter key happens to equal a VAT prefix (e.g. "BE…") is
    taken as that country's number.
    """
    number = _letters_and_digits(value)
    if not number:
        return ""
    own = vat_prefix(country) if country.strip() else ""
    if number.startswith("GR") and own in ("", "EL"):
        number = "EL" + number[2:]  # VIES knows Greece as EL only
    if not own or number.startswith(own) or number[:2] in _KNOWN_VAT_PREFIXES:
        return number
    return own + number


def normalise_coc(value: str, country: str = "NL") -> str:
    """Chamber of commerce number (KvK-nummer) as it is compared.

    Dutch KvK numbers are exactly 8 digits. Numbers of the old northern chambers start with 0
    (01…, 02…, 04…) and spreadsheets drop that zero, so a shorter run of digits is padded to 8
    with leading zeros; anything that is not a digit ("KvK 1234 5678", dots) is left out. Other
    countries' registers have their own shapes (HRB 12345, 0123.456.789): letters and digits.
    """
    if normalise_country(country) == "NL":
        value = value or ""
        digits = value if value.isascii() and value.isdigit() else _NOT_DIGIT.sub("", value)
        return digits.zfill(8) if digits else ""
    return _letters_and_digits(value)


# Names (SPEC 6.2) ---------------------------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter plus accent.
_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
                          "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ĸ": "k"})
# Dots and apostrophes are dropped so abbreviations close up ("B.V." → "bv", "McDonald's" →
# "mcdonalds"); '&' is the word "en" ("Jansen & Zn." = "Jansen en Zn."); any other punctuation
# separates words ("De Vries-Bakker" → "de vries bakker").
_JOINERS = str.maketrans({".": "", "'": "", "’": "", "‘": "", "`": "", "´": "", "&": " en "})
_SEPARATORS = re.compile(r"[^\w\s]|_")
# The same for plain ASCII names in one pass (most names; a regex per name costs the index build
# of a large administration a noticeable share of its time).
_ASCII_WORDS = str.maketrans({**{chr(c): " " for c in range(128) if not chr(c).isalnum()},
                              ".": "", "'": "", "`": "", "&": " en "})


def _fold(value: str) -> str:
    """Case-folded, accents removed (é → e, ß → ss, ø → o, æ → ae)."""
    text = value.casefold()
    if text.isascii():
        return text
    for _ in range(3):  # decomposition can reveal capitals or new letters (ℌ → H, ǅ → Dž)
        before = text
        text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
        text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
        if text == before:
            break
    return text


def _words(value: str) -> list[str]:
    text = value.casefold()
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return _words_of_any_script(text)


def _words_of_any_script(text: str) -> list[str]:
    return _SEPARATORS.sub(" ", _fold(text).translate(_JOINERS)).split()


def _load_legal_forms() -> frozenset[tuple[str, ...]]:
    """The legal forms of domain/legal_forms.txt, each as the run of words it becomes."""
    text = resources.files("domain").joinpath("legal_forms.txt").read_text(encoding="utf-8")
    forms: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            forms.add(tuple(_words(line)))  # "B.V." → ("bv",)
            forms.add(tuple(_words(line.replace(".", " "))))  # "B. V." → ("b", "v")
    return frozenset(form for form in forms if form)


LEGAL_FORMS = _load_legal_forms()
# One-word forms ("bv", "gmbh") are dropped with a set lookup; runs ("en zonen", "bv io") are
# matched at the words they start with, longest first.
_LEGAL_WORDS = frozenset(form[0] for form in LEGAL_FORMS if len(form) == 1)
_LEGAL_RUNS: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(sorted((f for f in LEGAL_FORMS if len(f) > 1 and f[0] == first), key=len, reverse=True))
    for first in {f[0] for f in LEGAL_FORMS if len(f) > 1}}
_LEGAL_FIRST_WORDS = _LEGAL_WORDS | _LEGAL_RUNS.keys()


def _without_runs(words: list[str]) -> list[str]:
    kept: list[str] = []
    i = 0
    while i < len(words):
        for run in _LEGAL_RUNS.get(words[i], ()):
            if tuple(words[i:i + len(run)]) == run:
                i += len(run)
                break
        else:
            kept.append(words[i])
            i += 1
    return kept


def _without_legal_forms(words: list[str]) -> list[str]:
    if _LEGAL_FIRST_WORDS.isdisjoint(words):
        return words
    while True:  # until nothing changes: removing "bv" from "en bv zonen" leaves "en zonen"
        before = len(words)
        if not _LEGAL_RUNS.keys().isdisjoint(words):
            words = _without_runs(words)
        words = [w for w in words if w not in _LEGAL_WORDS]
        if len(words) == before:
            return words


def normalise_name(value: str) -> str:
    """A relation or company name as it is compared (SPEC 6.2): "Bakkerij De Vries B.V.",
    "bakkerij de vries bv" and "Bakkerij  de Vriés" all become "bakkerij de vries"."""
    return " ".join(_without_legal_forms(_words(value or "")))
