"""What is kept of a customer: a failure reason or warning is stored without the customer's
identifiers, where the order number and the relation code say enough (docs/privacy.md).

The reason a run shows and the log (cleaned after four weeks) keep the full text — "ambiguous
customer: e-mail info@bakker.nl matches relations 1002, 1007" — the history keeps
"ambiguous customer: e-mail <e-mail address> matches relations 1002, 1007": the order number
finds the order in the shop, the codes find the relations in SnelStart.

Left out: every e-mail address; the order's names, company, street, postcode, phone, VAT and KvK
numbers wherever they occur (a refusal may quote any of them); and the names a refusal quotes
from SnelStart (`OrderRejected.personal`: a relation's name beside its code).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from domain.order import WebshopOrder

EMAIL = re.compile(r"[^\s@'\"<>()\[\],;:]+@[^\s@'\"<>()\[\],;:]+\.[^\s@'\"<>()\[\],;:]+")
EMAIL_WORDS = "<e-mail address>"
# Shorter values (a house number, "de", a one-letter initial) would blank ordinary words and
# numbers all over a reason; they identify nobody on their own.
MIN_LENGTH = 3


def addresses_in(text: str | None) -> set[str]:
    """The e-mail addresses written in `text`, in lower case (a sentence's full stop left off)."""
    return {found.rstrip(".").casefold() for found in EMAIL.findall(text or "")}


def email_address(text: str) -> str | None:
    """`text` as one e-mail address in lower case, or None when it is not one: `forget --email`
    matches whole addresses, so "an@x.nl" never takes "jan@x.nl" with it."""
    found = addresses_in(text.strip())
    return found.pop() if len(found) == 1 and EMAIL.fullmatch(text.strip().rstrip(".")) else None


def identifiers(order: WebshopOrder) -> list[tuple[str, str]]:
    """(value, what it is) for the order's personal data, longest first."""
    customer = order.customer
    found = [(customer.phone, "phone number"), (customer.vat_number, "VAT number"),
             (customer.coc_number, "KvK number"), (customer.company, "name")]
    for address in (order.billing, order.shipping):
        if address is None:
            continue
        found += [(address.company, "name"), (address.contact_name, "name"), (address.first_name, "name"),
                  (address.last_name, "name"), (address.street_line, "address"), (address.street, "address"),
                  (address.postcode, "postcode")]
    for name, value in customer.extra_fields:  # the shop's extra customer fields: anything at all
        if not value.strip().isdigit():  # a number there is a customer code, which says enough
            found.append((value, name.strip() or "extra field"))
    kept = {value.strip(): what for value, what in found if len(value.strip()) >= MIN_LENGTH}
    return sorted(kept.items(), key=lambda item: len(item[0]), reverse=True)


def without_identifiers(text: str, order: WebshopOrder | None = None, also: Iterable[str] = ()) -> str:
    """`text` with e-mail addresses, the order's personal data and the names in `also` written
    as what they are ("<name>"), matched whole-word and regardless of case."""
    if not text:
        return text
    text = EMAIL.sub(EMAIL_WORDS, text)
    values = identifiers(order) if order is not None else []
    values += [(value.strip(), "name") for value in also if len(value.strip()) >= MIN_LENGTH]
    folded = _folded(text)
    for value, what in sorted(values, key=lambda item: len(item[0]), reverse=True):
        # Most values are not in the text at all: a folded substring test says so without
        # compiling a pattern per value (every order has other names). _folded is at least as
        # forgiving as IGNORECASE, so no match is passed over (tests/unit/test_personal_data.py).
        if _folded(value) not in folded:
            continue
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", f"<{what}>", text, flags=re.IGNORECASE)
        folded = _folded(text)
    return text


def _folded(text: str) -> str:
    """Case-folded the way re.IGNORECASE matches, or more loosely: the Turkish dotted and dotless
    i as i (IGNORECASE matches İ, ı, I and i alike; casefold alone does not)."""
    return text.casefold().replace("\u0307", "").replace("ı", "i")
