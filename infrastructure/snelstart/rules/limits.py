"""SnelStart's field limits as an administration that checks writes itself refuses them: one
check per field of domain.field_limits, with the table's code (REL-0020 for a vestigingsadres
street over 50 characters, VOR-0007 for an order's postcode over 25, …).

The in-memory administration, the embedded one and the B2B API simulator call these, and so
can any other stand-in (the classic fake Gateway): `check_relation`, `check_article_code`,
`check_article_description` and `check_sales_order` take the domain objects the Gateway port
writes. Booking fits every value before it is written (domain.fitting), so a refusal from
here means a plan was not fitted: the contract suite holds every administration to the same
codes, so a plan one kind accepts, every kind accepts.
"""
from __future__ import annotations

from domain import field_limits as limits
from domain.customer import NewRelation, RelationAddress
from domain.field_limits import AddressLimits, ArticleCodeLimit, FieldLimit, snelstart_length
from domain.sales_order import SalesOrderPlan
from infrastructure.snelstart.rules.refusals import SnelStartRefused


def refusal(limit: FieldLimit, value: str, where: str = "") -> SnelStartRefused | None:
    """SnelStart's refusal of `value` in the field of `limit` (None: it fits). `where` names the
    object, e.g. "line 2: "."""
    if limit.fits(value):
        return None
    length = snelstart_length(value)
    if length < limit.minimum:
        return SnelStartRefused(limit.minimum_code,
                                f"{where}{limit.field} holds at least {limit.minimum} characters ({length} given)")
    return SnelStartRefused(limit.code, f"{where}{limit.field} holds at most {limit.length} characters "
                                        f"({length} given)")


def check(limit: FieldLimit, value: str, where: str = "") -> None:
    refused = refusal(limit, value, where)
    if refused is not None:
        raise refused


def check_address(address: RelationAddress | None, where: AddressLimits) -> None:
    if address is None:
        return
    for limit, value in ((where.street, address.street), (where.postcode, address.postcode),
                         (where.city, address.city), (where.contact_person, address.contact_person)):
        check(limit, value)


def check_relation(relation: NewRelation) -> None:
    """Every field of the RelatieWriteModel the Gateway port writes."""
    check(limits.RELATION_NAME, relation.name)
    check_address(relation.establishment, limits.ESTABLISHMENT)
    check_address(relation.correspondence, limits.CORRESPONDENCE)
    check(limits.PHONE, relation.phone)
    check(limits.EMAIL, relation.email)
    check_vat_number(relation.vat_number, relation.establishment.country)
    check(limits.COC_NUMBER, relation.coc_number)


def check_vat_number(number: str, country: str) -> None:
    """REL-0057/0058 (length), REL-0059 (letters and digits), REL-0087 (another country's code),
    REL-0088 (not valid), as domain.field_limits decides for every administration."""
    found = limits.vat_number_refusal(number, country)
    if found is not None:
        raise SnelStartRefused(found[0], f"btwNummer {number!r}: {found[1]}")


def check_article_description(description: str) -> None:
    check(limits.ARTICLE_DESCRIPTION, description)


def check_article_code(code: str, codes: ArticleCodeLimit) -> None:
    """ART-0004 (too long) or ART-0003 (not a number), per the administration's setting."""
    found = codes.refusal(code)
    if found is not None:
        raise SnelStartRefused(found[0], f"artikelcode {code!r}: this administration {found[1]}")


def check_sales_order(plan: SalesOrderPlan) -> None:
    """The VerkoopOrderModel's text fields: addresses, omschrijving, memo and every line's."""
    check_address(plan.invoice_address, limits.INVOICE_ADDRESS)
    check_address(plan.delivery_address, limits.DELIVERY_ADDRESS)
    check(limits.ORDER_DESCRIPTION, plan.description)
    check(limits.MEMO, plan.memo)
    for n, line in enumerate(plan.lines, start=1):
        if line.description is not None:
            check(limits.LINE_DESCRIPTION, line.description, f"line {n}: ")
