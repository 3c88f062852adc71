"""Which relation the sales order is for (`customers.processing`, SPEC §6.3) and its addresses
(`sales.addresses`, SPEC §4)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from domain.recognition_steps import relation_code
from domain.customer import NewRelation, Relation, RelationAddress
from domain.errors import OrderRejected, SettingMissing
from domain.matching import Recognition
from domain.order import Address, WebshopOrder
from domain.settings import AddressMode, CustomerProcessing, ProfileSettings

# SnelStart's contactpersoon holds at most 50 characters (VOR-0006…0010).
CONTACT_PERSON_LENGTH = 50


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
            # default_payment_term is for new relations only: an agreed term is never overwritten.
            update = NewRelation.from_order(order.customer, order.billing, code=matched.code)
            return CustomerDecision(matched.code, matched.name, relation_update=update,
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
    in the contactpersoon, Dutch style "Bedrijf t.a.v. Persoon", so the parcel reaches it; when
    both do not fit in 50 characters the company wins (a carrier delivers to a company)."""
    person = address.contact_name
    company = address.company.strip()
    if not company or _same_name(company, relation_name):
        return person[:CONTACT_PERSON_LENGTH]
    both = f"{company} t.a.v. {person}" if person else company
    return both if len(both) <= CONTACT_PERSON_LENGTH else company[:CONTACT_PERSON_LENGTH]


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
