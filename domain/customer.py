"""Relations (SnelStart's customers) and the normalisation every comparison goes through."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.order import Address, CustomerData


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class EmailSetting:
    """One of SnelStart's …EmailVersturen blocks; email and cc may be `;`-separated lists."""

    should_send: bool = False
    email: str = ""
    cc_email: str = ""

    def addresses(self) -> tuple[str, ...]:
        return split_emails(self.email) + split_emails(self.cc_email)


@dataclass(frozen=True)
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
                   phone=customer.phone.strip(), vat_number=normalise_vat(customer.vat_number),
                   coc_number=customer.coc_number.strip(), payment_term=payment_term, code=code)


_SPACES = re.compile(r"\s+")


def normalise_email(value: str) -> str:
    return value.strip().casefold()


def split_emails(value: str) -> tuple[str, ...]:
    """SnelStart allows several addresses in one field, separated by `;` (also `,` seen in the wild)."""
    return tuple(e for e in (normalise_email(p) for p in re.split(r"[;,]", value or "")) if e)


def normalise_postcode(value: str) -> str:
    return _SPACES.sub("", value or "").upper()


def normalise_vat(value: str) -> str:
    """VAT numbers are letters and digits only in SnelStart (REL-0057…0059)."""
    return re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
