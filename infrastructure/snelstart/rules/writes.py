"""What SnelStart refuses and how it fills in what a write leaves out: relations, articles, money.

Shared by every administration that checks writes itself (the in-memory fake, the embedded
SQLite administration), so they refuse exactly the same things with the same SnelStart codes;
the contract suite in tests/contract holds them to it. Sales orders: rules.sales_orders.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Callable, Iterable, TypeVar

from domain.article import ARTICLE_CODE_FIELD, Article, NewArticle, RevenueGroup
from domain.customer import NewRelation, Relation
from domain.field_limits import ArticleCodeLimit
from infrastructure.snelstart.rules import limits
from infrastructure.snelstart.rules.refusals import SnelStartRefused
from infrastructure.snelstart.rules.vat import VAT_RATES, group_rate as vat_rate  # noqa: F401 (their home)

T = TypeVar("T")

MAX_DECIMALS = 4  # REF-0013: SnelStart refuses money fields with more than four decimals


def check_money(value: Decimal, what: str) -> None:
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise SnelStartRefused("REF-0013", f"{what} {value} has more than four decimals")


# References (SPEC §11) ------------------------------------------------------------------------

def reference_key(description: str) -> str:
    """A description as a reference compares it: case-insensitive, surrounding spaces ignored."""
    return description.strip().casefold()


def reference_number(reference: str) -> int | None:
    wanted = reference.strip()
    return int(wanted) if wanted.isascii() and wanted.isdigit() else None


def resolve_reference(items: Iterable[T], reference: str, number_of: Callable[[T], int | None],
                      description_of: Callable[[T], str]) -> T | None:
    """SPEC §11: a reference is an id, else a number, else a description (case-insensitive);
    within one kind of match, the first of `items` wins."""
    wanted = reference.strip()
    if not wanted:
        return None
    items = list(items)
    number, key = reference_number(wanted), reference_key(wanted)
    for pick in (lambda x: x.id == wanted,
                 lambda x: number is not None and number_of(x) == number,
                 lambda x: reference_key(description_of(x)) == key):
        found = next((x for x in items if pick(x)), None)
        if found is not None:
            return found
    return None


def new_id(prefix: str, key: object, is_taken: Callable[[str], bool]) -> str:
    """Readable and the same in every adapter (as the snapshot assigns them): `r-1002`."""
    candidate, n = f"{prefix}-{key}", 1
    while is_taken(candidate):
        n += 1
        candidate = f"{prefix}-{key}-{n}"
    return candidate


# Relations ------------------------------------------------------------------------------------

def check_relation_code(code: int) -> None:
    if code <= 0:
        raise SnelStartRefused("REL-0008", f"relatiecode {code} is not a valid relatiecode")


def code_in_use(code: int) -> SnelStartRefused:
    return SnelStartRefused("REL-0008", f"relatiecode {code} is already in use")


def check_relation(relation: NewRelation) -> None:
    """What SnelStart refuses in a relation: no name, any field over its limit and a VAT number
    SnelStart does not take (rules.limits: REL-0007, REL-0020…, REL-0057…0059, REL-0087/0088)."""
    if not relation.name.strip():
        raise SnelStartRefused("REL-0007", "naam is required")
    limits.check_relation(relation)


def unknown_relation(code: int) -> SnelStartRefused:
    return SnelStartRefused("REL-0001", f"no relation has relatiecode {code}")


def created_relation(relation: NewRelation, code: int, id: str) -> Relation:
    """A relation S-Connect creates is always a customer (Klant)."""
    return Relation(code=code, name=relation.name, establishment=relation.establishment,
                    correspondence=relation.correspondence, email=relation.email, phone=relation.phone,
                    vat_number=relation.vat_number, coc_number=relation.coc_number,
                    payment_term=relation.payment_term, kinds=("Klant",), id=id)


def updated_relation(current: Relation, relation: NewRelation) -> Relation:
    # The plan carries no correspondence address or payment term unless it means to change them.
    return replace(current, name=relation.name, establishment=relation.establishment,
                   correspondence=relation.correspondence or current.correspondence,
                   email=relation.email, phone=relation.phone, vat_number=relation.vat_number,
                   coc_number=relation.coc_number,
                   payment_term=current.payment_term if relation.payment_term is None else relation.payment_term)


# Articles -------------------------------------------------------------------------------------

def new_article_code(article: NewArticle, codes: ArticleCodeLimit) -> str:
    """The artikelcode of a new article, as the administration (`codes`: its artikelcode
    setting) takes it."""
    code = article.code.strip()
    if not code:
        raise SnelStartRefused("ART-0001", "artikelcode is required")
    limits.check_article_code(code, codes)
    return code


def article_code_in_use(code: str) -> SnelStartRefused:
    return SnelStartRefused("ART-0005", f"artikelcode {code!r} is already in use")


def unknown_article(code: str) -> SnelStartRefused:
    return SnelStartRefused("ART-0002", f"no article has artikelcode {code!r}")


def check_article(description: str, group_id: str, price: Decimal, group_exists: Callable[[str], bool]) -> None:
    if not description.strip():
        raise SnelStartRefused("ART-0006", "omschrijving is required")
    limits.check_article_description(description)
    if not group_id:
        raise SnelStartRefused("ART-0008", "artikelOmzetgroep is required")
    if not group_exists(group_id):
        raise SnelStartRefused("ART-0009", f"no artikelomzetgroep has id {group_id!r}")
    check_money(price, "verkoopprijs")


def created_article(article: NewArticle, code: str, id: str) -> Article:
    """When the shop's code lives in an extra field (`articles.code_field`), it goes there too."""
    extra = () if article.code_field.strip().casefold() == ARTICLE_CODE_FIELD else (
        (article.code_field.strip(), code),)
    return Article(code, article.description, article.sales_price, article.revenue_group_id, extra, id=id)


def updated_article(current: Article, article: Article) -> Article:
    # SnelStart's API cannot write recipes: whatever the caller sends, the recipe stays.
    return replace(article, code=current.code, recipe=current.recipe, id=current.id)


def field_key(name: str, value: str) -> tuple[str, str]:
    """How `article_by_code` compares an extra field: its name ignoring case, its value exactly
    (surrounding spaces ignored, as users paste codes)."""
    return name.strip().casefold(), value.strip()
