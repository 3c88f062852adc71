"""add_and_update (SPEC §6.3): what is written over a recognised relation. The rule book
(features/customer_processing.feature) holds the main cases; these are the edges."""
from __future__ import annotations

from datetime import datetime

from domain.booking_customer import relation_update
from domain.customer import EmailSetting, Relation, RelationAddress
from domain.order import Address, CustomerData, WebshopOrder
from infrastructure.snelstart.memory.administration import MemoryAdministration
from infrastructure.snelstart.snapshot import Snapshot

ESTABLISHMENT = RelationAddress("Piet de Vries", "Oudestraat 1", "3511 AA", "Utrecht", "NL")
DE_VRIES = Relation(1001, "Bakkerij De Vries B.V.", establishment=ESTABLISHMENT,
                    correspondence=RelationAddress("", "Postbus 12", "3500 AA", "Utrecht", "NL"),
                    email="info@devries.nl", phone="0301111111", vat_number="NL123456789B01",
                    coc_number="12345678", payment_term=30,
                    invoice_email=EmailSetting(True, "facturen@devries.nl", "boekhouding@devries.nl"))


def order(customer: CustomerData, billing: Address = Address()) -> WebshopOrder:
    moment = datetime(2024, 3, 1, 10, 0)
    return WebshopOrder(order_id="1817700_00012", number="12", order_date=moment, change_time=moment,
                        customer=customer, billing=billing)


def test_an_address_known_as_invoice_e_mail_leaves_the_relation_e_mail_alone():
    update = relation_update(DE_VRIES, order(CustomerData(email="Boekhouding@devries.nl")))
    assert update.email == "info@devries.nl"


def test_a_new_address_replaces_a_single_one():
    assert relation_update(DE_VRIES, order(CustomerData(email=" nieuw@devries.nl"))).email == "nieuw@devries.nl"


def test_text_without_an_address_in_the_relation_list_does_not_survive_a_new_address():
    relation = Relation(1001, "X", email="n.v.t.; info@x.nl ; Inkoop@X.nl")
    assert relation_update(relation, order(CustomerData(email="nieuw@x.nl"))).email == "nieuw@x.nl;Inkoop@X.nl"


def test_an_order_with_only_an_e_mail_address_changes_nothing_else():
    update = relation_update(DE_VRIES, order(CustomerData(email="info@devries.nl"), Address(country="")))
    assert (update.name, update.establishment, update.email, update.phone, update.vat_number, update.coc_number) == (
        DE_VRIES.name, ESTABLISHMENT, DE_VRIES.email, DE_VRIES.phone, DE_VRIES.vat_number, DE_VRIES.coc_number)
    assert update.code == 1001 and update.payment_term is None and update.correspondence is None


def test_a_billing_address_replaces_street_postcode_and_city_together():
    billing = Address(street="Dorpsstraat", house_number="3", city="Zeist", country="")
    update = relation_update(DE_VRIES, order(CustomerData(), billing))
    # No postcode in the order: the old one would belong to another street.
    assert update.establishment == RelationAddress("Piet de Vries", "Dorpsstraat 3", "", "Zeist", "NL")


def test_the_billing_company_renames_the_relation_when_the_customer_data_has_none():
    update = relation_update(DE_VRIES, order(CustomerData(), Address(company="De Vries Brood B.V.")))
    assert update.name == "De Vries Brood B.V."


def test_a_vat_number_of_another_country_replaces_the_relations():
    update = relation_update(DE_VRIES, order(CustomerData(vat_number="0123.456.789"), Address(country="BE")))
    assert update.vat_number == "BE0123456789"


def test_the_memory_administration_keeps_what_the_update_leaves_out():
    administration = MemoryAdministration(Snapshot(relations=(DE_VRIES,)))
    update = relation_update(DE_VRIES, order(CustomerData(email="nieuw@devries.nl")))
    stored = administration.update_relation(1001, update)
    assert stored.email == "nieuw@devries.nl"
    assert (stored.payment_term, stored.correspondence, stored.invoice_email) == (
        30, DE_VRIES.correspondence, DE_VRIES.invoice_email)
    assert (stored.phone, stored.vat_number, stored.coc_number, stored.name) == (
        "0301111111", "NL123456789B01", "12345678", "Bakkerij De Vries B.V.")
