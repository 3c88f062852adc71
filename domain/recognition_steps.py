"""The steps recognition is made of, and the trail that explains them.

Each step asks the `RelationLookup` with normalised values, leaves inactive relations aside
(they are never chosen, SPEC 6.1) and writes what it saw into the `Trail`, which becomes the
explanation in the detailed log and of the `explain` command.

An inactive relation a step would have chosen is still remembered: when the walk would end in
"new relation", the order is refused instead (`InactiveCustomer`). A new relation beside an
inactive one with the same code, e-mail, VAT or KvK number or name is the duplicate SPEC 6.1
forbids; the bookkeeper either activates the old one or changes it so it no longer matches.
"""
from __future__ import annotations

import re

from dataclasses import dataclass
from typing import Iterable, Sequence

from rapidfuzz.distance import Indel

from domain.customer import (Relation, normalise_coc, normalise_country, normalise_name, normalise_postcode,
                             normalise_vat, split_emails)
from domain.errors import AmbiguousCustomer, InactiveCustomer, InvalidCustomerCode
from domain.order import Address, CustomerData
from domain.recognition import EmailPass, Recognition, RelationLookup

MAX_RELATION_CODE = 2_147_483_647  # relatiecode is an int32 in SnelStart


def codes(relations: Iterable[Relation]) -> str:
    return ", ".join(str(c) for c in sorted({r.code for r in relations}))


def plural(relations: Sequence[Relation]) -> str:
    return f"relation {relations[0].code}" if len(relations) == 1 else f"relations {codes(relations)}"


def found_text(found: list[Relation], inactive: list[Relation] = ()) -> str:
    text = plural(found) if found else "no active relation"
    return text + (f" (inactive {codes(inactive)} ignored)" if inactive else "")


class InactiveMatch(InactiveCustomer):
    """Only inactive relations match the order; like AmbiguousCustomer it names them and keeps
    the explanation for the detailed log."""

    def __init__(self, message: str, candidates: tuple[int, ...], explanation: str):
        super().__init__(message)
        self.candidates = candidates
        self.explanation = explanation


def active(relations: Iterable[Relation]) -> tuple[list[Relation], list[Relation]]:
    """(active, inactive), each without duplicates and sorted by code, so that the answer never
    depends on the order in which the administration returns relations."""
    unique = sorted({r.code: r for r in relations}.values(), key=lambda r: r.code)
    return [r for r in unique if not r.inactive], [r for r in unique if r.inactive]


class Trail:
    """What recognition saw, step by step: the explanation and the candidates."""

    def __init__(self, strategy: str):
        self.notes: list[str] = [f"recognition {strategy}"]
        self.seen: set[int] = set()
        self.undecided: list[tuple[str, list[Relation]]] = []  # steps that found several
        self.inactive: dict[int, tuple[Relation, list[str]]] = {}  # passed over: relation, matched by

    def note(self, text: str, relations: Iterable[Relation] = ()) -> None:
        self.notes.append(text)
        self.seen.update(r.code for r in relations)

    def extend(self, text: str) -> None:
        """Adds to the last note: the narrowing of what that step found."""
        self.notes[-1] += text

    def pass_over(self, by: str, relations: Iterable[Relation]) -> None:
        """Inactive relations this step would have chosen ("e-mail", "VAT number", …): not
        chosen, but the order will not become a new relation beside them."""
        for relation in relations:
            kinds = self.inactive.setdefault(relation.code, (relation, []))[1]
            if by not in kinds:
                kinds.append(by)

    def leave_undecided(self, what: str, relations: list[Relation]) -> None:
        self.undecided.append((what, relations))

    def undecided_codes(self) -> set[int]:
        return {r.code for _, found in self.undecided for r in found}

    def explanation(self, outcome: str) -> str:
        return "; ".join(self.notes) + f" → {outcome}"

    def match(self, relation: Relation, step: str) -> Recognition:
        self.seen.add(relation.code)
        return Recognition(relation, step, self.explanation(f"relation {relation.code} ({relation.name})"),
                           tuple(sorted(self.seen)))

    def new(self, step: str = "new", customer_code: str | None = None) -> Recognition:
        """The outcome "new relation" — unless a step passed over inactive relations that match:
        then the order is refused (`InactiveMatch`), never duplicated."""
        if self.inactive:
            raise self.inactive_match()
        outcome = f"new relation with code {customer_code}" if customer_code else "new relation"
        return Recognition(None, step, self.explanation(outcome), tuple(sorted(self.seen)), customer_code)

    def inactive_match(self) -> InactiveMatch:
        """`relation 1001 (Bakkerij De Vries B.V.) matches by e-mail but is inactive in SnelStart: …`"""
        found = [self.inactive[code] for code in sorted(self.inactive)]
        by = [f"{r.code} ({r.name}) by {_and(kinds)}" for r, kinds in found]
        if len(found) == 1:
            (relation, kinds), = found
            message = (f"relation {relation.code} ({relation.name}) matches by {_and(kinds)} but is inactive in "
                       "SnelStart: activate it, or change it (or the order) so it no longer matches and a new "
                       "relation is made")
        else:
            message = (f"relations {_and(by)} match but are inactive in SnelStart: activate the right one, or "
                       "change them (or the order) so they no longer match and a new relation is made")
        self.seen.update(self.inactive)
        error = InactiveMatch(message, tuple(sorted(self.inactive)), self.explanation(message))
        error.personal = tuple(relation.name for relation, _ in found)
        return error

    def ambiguous(self, what: str | None = None, relations: list[Relation] | None = None) -> AmbiguousCustomer:
        """The error for the undecided steps (or for this one); its message is one line:
        `ambiguous customer: e-mail info@x.nl matches relations 1002, 1007`."""
        parts = [(what, relations)] if what is not None and relations else self.undecided
        found = sorted({r.code for _, rs in parts for r in rs})
        message = "ambiguous customer: " + "; ".join(f"{w} matches relations {codes(rs)}" for w, rs in parts)
        self.seen.update(found)
        return AmbiguousCustomer(message, tuple(found), self.explanation(message))


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# The customer code ---------------------------------------------------------------------------------

def relation_code(value: str) -> str | None:
    """The shop's customer code as a relatiecode ("01001" → "1001"), or None if it cannot be one."""
    value = value.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return str(number) if 0 < number <= MAX_RELATION_CODE else None


@dataclass(frozen=True)
class CodeResult:
    relation: Relation | None  # the active relation with the shop's code
    code_for_new: str | None  # the code a new relation may take (given, valid, not in use)


def customer_code_step(customer: CustomerData, lookup: RelationLookup, trail: Trail,
                       strict: bool = False) -> CodeResult:
    """Step 1 of every strategy that uses the code. `strict` (recognition = customer_code)
    turns "unusable code" into an error instead of a note."""
    given = customer.customer_code
    if given is None:
        trail.note("no customer code in the order")
        return CodeResult(None, None)
    code = relation_code(given)
    if code is None:
        if strict:
            raise InvalidCustomerCode(f"customer code '{given}' is not a SnelStart relation code (a number "
                                      f"from 1 to {MAX_RELATION_CODE})")
        trail.note(f"customer code '{given}' is not a relation code, not used")
        return CodeResult(None, None)
    relation = lookup.relation_by_code(code)
    if relation is None:
        trail.note(f"customer code {code}: no relation {code}")
        return CodeResult(None, code)
    if relation.inactive:
        if strict:
            error = InactiveCustomer(f"customer code {code}: relation {code} ({relation.name}) is inactive in "
                                     "SnelStart; activate it or correct the code in the shop")
            error.personal = (relation.name,)
            raise error
        trail.note(f"customer code {code}: relation {code} is inactive, ignored", [relation])
        trail.pass_over("customer code", [relation])
        return CodeResult(None, None)
    trail.note(f"customer code {code}", [relation])
    return CodeResult(relation, None)


# E-mail ----------------------------------------------------------------------------------------------

def order_email(customer: CustomerData) -> str:
    """The order's e-mail address, normalised; of a `;`-list, the first address."""
    emails = split_emails(customer.email)
    return emails[0] if emails else ""


def email_search(email: str, lookup: RelationLookup, trail: Trail) -> tuple[list[Relation], EmailPass | None]:
    """The three-pass search: the first pass that finds an active relation ends it.
    Returns the active relations found and the pass, noted in the trail."""
    if not email:
        trail.note("no e-mail in the order")
        return [], None
    for email_pass in EmailPass:
        found, inactive = active(lookup.relations_by_email(email, email_pass))
        if found or inactive:
            trail.note(f"e-mail {email} ({email_pass.label}): {found_text(found, inactive)}", found + inactive)
            trail.pass_over("e-mail", inactive)
        if found:
            return found, email_pass
    trail.note(f"e-mail {email}: no active relation has it as relation, invoice or quote/confirmation/reminder "
               "e-mail")
    return [], None


# Postcodes -------------------------------------------------------------------------------------------

def establishment_postcode(relation: Relation) -> str:
    return normalise_postcode(relation.establishment.postcode)


def delivery_postcode(billing: Address, delivery: Address) -> tuple[str, str]:
    """(postcode, label): the delivery postcode; the billing one when the order has no separate
    delivery address or its delivery address has no postcode."""
    postcode = normalise_postcode(delivery.postcode)
    if postcode and delivery != billing:
        return postcode, "delivery postcode"
    return normalise_postcode(billing.postcode), "billing postcode"


def narrow_by_postcode(relations: list[Relation], billing: Address,
                       delivery: Address) -> tuple[list[Relation], str]:
    """Those whose establishment postcode equals the billing or the delivery postcode, and how."""
    wanted: dict[str, list[str]] = {}
    for label, address in (("billing", billing), ("delivery", delivery)):
        postcode = normalise_postcode(address.postcode)
        if postcode:
            wanted.setdefault(postcode, []).append(label)
    kept = [r for r in relations if establishment_postcode(r) in wanted]
    if not wanted:
        return [], "no postcode in the order to narrow by"
    if not kept:
        tried = " or ".join(f"{' and '.join(labels)} postcode {pc}" for pc, labels in wanted.items())
        return [], f"none has {tried}"
    matched = sorted({establishment_postcode(r) for r in kept})
    how = " or ".join(f"{' and '.join(wanted[pc])} postcode {pc}" for pc in matched)
    return kept, f"narrowed by {how} to {codes(kept)}"


# VAT, KvK, name -------------------------------------------------------------------------------------

def vat_number(customer: CustomerData, billing: Address) -> str:
    return normalise_vat(customer.vat_number, normalise_country(billing.country))


def coc_number(customer: CustomerData, billing: Address) -> str:
    return normalise_coc(customer.coc_number, billing.country)


def in_country(relations: Iterable[Relation], country: str) -> list[Relation]:
    return [r for r in relations if normalise_country(r.establishment.country) == country]


def order_name(customer: CustomerData, billing: Address) -> str:
    """The name a new relation would get (NewRelation.from_order), without the e-mail fallback."""
    return customer.company.strip() or billing.company.strip() or billing.contact_name


def names_by_postcode(lookup: RelationLookup, country: str, postcode: str) -> list[tuple[Relation, str]]:
    keeper = getattr(lookup, "names_by_postcode", None)  # NamedRelationLookup, when offered
    if keeper is not None:
        return keeper(country, postcode)
    return [(r, normalise_name(r.name)) for r in lookup.relations_by_postcode(country, postcode)]


def _sorted_words(name: str) -> str:
    return " ".join(sorted(name.split()))


def name_similarity(a: str, b: str) -> tuple[int, int]:
    """rapidfuzz's token_sort_ratio of two normalised names as an exact fraction
    (numerator, denominator) of 100: floats put 66 at 65.99999999999999, and a threshold
    must not depend on that."""
    left, right = _sorted_words(a), _sorted_words(b)
    total = len(left) + len(right)
    if not total:
        return 0, 1
    return total - Indel.distance(left, right), total


def name_score(a: str, b: str) -> float:
    same, total = name_similarity(a, b)
    return 100 * same / total


_NUMBER = re.compile(r"\d+")


def numbers(name: str) -> list[str]:
    """The numbers in a name, in order, without leading zeros: "Garage West 2", "Klant 4384 BV"."""
    return [n.lstrip("0") or "0" for n in _NUMBER.findall(name)]


def numbers_differ(a: str, b: str) -> str:
    """Why two names are not the same name whatever their score, or "": a fuzzy score forgives a
    typo in a word, but a different number is a different business (house and branch numbers,
    customer numbers in a name: "Klant 4384 BV" is not "Klant 4348 BV")."""
    left, right = numbers(a), numbers(b)
    if sorted(left) == sorted(right):
        return ""
    return f"numbers differ: {' '.join(left) or 'none'} in the order, {' '.join(right) or 'none'} in SnelStart"


def reaches(a: str, b: str, threshold: int) -> bool:
    """`a` (the order's normalised name) is similar enough to `b` (SnelStart's): the score reaches
    the threshold and both carry the same numbers."""
    same, total = name_similarity(a, b)
    return 100 * same >= threshold * total and not numbers_differ(a, b)
