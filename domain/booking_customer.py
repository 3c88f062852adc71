"""Which relation the sales order is for (`customers.processing`, SPEC §6.3) and its addresses
(`sales.addresses`, SPEC §4)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.recognition_steps import relation_code
from domain.customer import (NewRelation, Relation, RelationAddress, normalise_coc, normalise_vat,
                             split_emails)
from domain.errors import OrderRejected, SettingMissing
from domain.matching import Recognition
from domain.order import Address, WebshopOrder
from domain.settings import AddressMode, CustomerProcessing, ProfileSettings


@dataclass(frozen=True)
class CustomerDecision:
    relation_code: int | None  # None: the new relation's code, known once it is created
    relation_name: str  # the name the sales order goes out under
    new_relation: NewRelation | None = None
    relation_update: NewRelation | None = None
    notes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def relation_code_from(customer_code: str | None) -> int | None:
    """A shop's customer code can be a relatiecode only if it is a positive whole number."""
    code = None if customer_code is None else relation_code(customer_code)
    return None if code is None else int(code)


def decide_customer(order: WebshopOrder, settings: ProfileSettings, recognition: Recognition,
                    default_customer: Relation | None) -> CustomerDecision:
    customers = settings.customers
    matched = recognition.relation
    if matched is not None:
        if customers.processing is CustomerProcessing.ADD_AND_UPDATE:
            update = relation_update(matched, order)
            # The order goes out under the name the relation is about to get.
            return CustomerDecision(matched.code, update.name, relation_update=update,
                                    notes=(f"customer {matched.code} recognised; updated from the order",))
        return CustomerDecision(matched.code, matched.name, notes=(f"customer {matched.code} recognised",))

    if customers.processing is CustomerProcessing.MANUAL:
        return _default_customer(settings, default_customer)

    code = relation_code_from(recognition.customer_code)
    relation = NewRelation.from_order(order.customer, order.billing, customers.default_payment_term, code)
    warnings: tuple[str, ...] = ()
    if code is not None:
        note = f"new customer with relation code {code} (the shop's customer code)"
    else:
        note = "new customer with the next free relation code"
        if recognition.customer_code:
            warnings = (f"customer code '{recognition.customer_code}' is not a SnelStart relation code "
                        "(a positive number): the new customer gets the next free code",)
    return CustomerDecision(None, relation.name, new_relation=relation, notes=(note,), warnings=warnings)


def relation_update(relation: Relation, order: WebshopOrder) -> NewRelation:
    """What `add_and_update` writes over a recognised relation: the order's data where the order
    has it, the relation's own value where the order leaves a field empty. A webshop order often
    lacks what the bookkeeper entered by hand (a KvK number, a phone number, the company name of a
    customer who ordered as a person), and an empty field in the shop is no reason to clear it.

    Correspondence address and payment term stay None: the adapters keep the relation's own (the
    order has no correspondence address, and default_payment_term is for new relations only, so
    an agreed term is never overwritten)."""
    customer, billing = order.customer, order.billing
    country = (billing.country or "").strip().upper() or relation.establishment.country
    vat = normalise_vat(customer.vat_number, country)
    coc = customer.coc_number.strip()
    # The same number written otherwise ("NL 1234.56.789.B01") keeps the bookkeeper's spelling.
    if not vat or vat == normalise_vat(relation.vat_number, relation.establishment.country):
        vat = relation.vat_number
    if not coc or normalise_coc(coc, country) == normalise_coc(relation.coc_number, relation.establishment.country):
        coc = relation.coc_number
    # Only a company name renames the relation: without one the shop knows a person (or only an
    # e-mail address), and "Bakkerij De Vries B.V." must not become "Jan de Vries".
    company = customer.company.strip() or billing.company.strip()
    return NewRelation(name=company or relation.name, establishment=_establishment(relation.establishment, billing),
                       email=_email(relation, customer.email), phone=customer.phone.strip() or relation.phone,
                       vat_number=vat, coc_number=coc, code=relation.code)


def _establishment(current: RelationAddress, billing: Address) -> RelationAddress:
    """The order's billing address replaces the vestigingsadres as a whole (street, postcode and
    city belong together: half an old address is a wrong address); an order without one keeps
    the relation's. A missing contact person or country keeps the relation's too."""
    if billing.is_empty():
        return current
    new = RelationAddress.from_order(billing)
    return RelationAddress(new.contact_person or current.contact_person, new.street, new.postcode, new.city,
                           billing.country.strip().upper() or current.country)


_EMAIL_LIST = re.compile(r"[;,\s]+")  # the separators split_emails knows


def _email(relation: Relation, order_email: str) -> str:
    """The relation's e-mail field after the order. It may be a `;`-list the bookkeeper made
    (info@ and inkoop@ of one customer). An address the relation already has anywhere (its own
    list, or an invoice, quote, confirmation or reminder field) changes nothing: the order was
    probably recognised by it, and putting it in front would lose the main address for nothing.
    A new address replaces the main (first) address, the one the customer changed in the shop,
    and the other addresses of the list stay: they were added on purpose."""
    emails = split_emails(order_email)
    if not emails:
        return relation.email
    known = set(split_emails(relation.email))
    for setting in (relation.invoice_email, relation.quote_email, relation.confirmation_email,
                    relation.reminder_email):
        known.update(setting.addresses())
    if emails[0] in known:
        return relation.email
    # The others as the bookkeeper wrote them; text without an address (a name, "n.v.t.") goes.
    others = [p for p in _EMAIL_LIST.split(relation.email) if split_emails(p)][1:]
    return ";".join([emails[0], *others])


def _default_customer(settings: ProfileSettings, default_customer: Relation | None) -> CustomerDecision:
    configured = settings.customers.default_customer_code
    if configured is None:
        raise OrderRejected("no matching customer and customers.processing = manual: "
                            "set customers.default_customer_code")
    if default_customer is None:
        raise SettingMissing(f"customers.default_customer_code: relation {configured} does not exist in SnelStart")
    return CustomerDecision(default_customer.code, default_customer.name,
                            notes=(f"no matching customer: booked on default customer {default_customer.code}",))


def _same_name(a: str, b: str) -> bool:
    def key(s: str) -> str:
        return re.sub(r"[\W_]+", "", s.casefold())
    return key(a) == key(b)


def contact_person(address: Address, relation_name: str) -> str:
    """SnelStart's order address (AdresModel) has no company field, only a contactpersoon. The
    relation's name heads the order, so an address of the relation's own company needs only the
    person. An address of another company (a gift or a delivery to a branch) keeps that company
    in the contactpersoon, Dutch style "Bedrijf t.a.v. Persoon", so the parcel reaches it. What
    SnelStart's 50 characters cannot hold is fitted with the rest of the plan (domain.fitting:
    the company wins, a carrier delivers to a company)."""
    person = address.contact_name
    company = address.company.strip()
    if not company or _same_name(company, relation_name):
        return person
    return f"{company} t.a.v. {person}" if person else company


def order_address(address: Address, relation_name: str) -> RelationAddress:
    base = RelationAddress.from_order(address)
    return RelationAddress(contact_person(address, relation_name), base.street, base.postcode,
                           base.city, base.country)


def addresses(order: WebshopOrder, settings: ProfileSettings,
              relation_name: str) -> tuple[RelationAddress | None, RelationAddress | None]:
    """(invoice address, delivery address); None, None: SnelStart takes them from the customer card."""
    if settings.sales.addresses is AddressMode.FROM_CUSTOMER_CARD:
        return None, None
    return order_address(order.billing, relation_name), order_address(order.delivery, relation_name)
