"""`customers.recognition = "smart"` (SPEC 6.1): customer code, e-mail, VAT number, KvK number,
name — the first unique match wins.

A step that finds several relations first narrows them (by postcode, then by the candidates
of earlier undecided steps); if it still has several, it does not pick one: the walk goes on,
and when no later step is unique the order stops as ambiguous. Smart never creates a new
relation for a customer it half-recognised: a duplicate relation is worse than a refused order
the user can fix in SnelStart. For the same reason a step that finds only inactive relations (by
code, e-mail, VAT or KvK number or the same name) makes the walk end in a refusal instead of a
new relation, when no step finds an active one (`Trail.new`).
"""
from __future__ import annotations

from domain.customer import Relation, normalise_country, normalise_name, normalise_postcode
from domain.errors import ConfigurationError
from domain.order import Address, CustomerData
from domain.recognition import Recognition, RelationLookup
from domain.recognition_steps import (Trail, active, codes, coc_number, customer_code_step, email_search,
                                      found_text, in_country, name_score, names_by_postcode, narrow_by_postcode,
                                      numbers_differ, order_email, order_name, plural, reaches, vat_number)


class SmartStrategy:
    name = "smart"

    def __init__(self, name_threshold: int = 90):
        if not 0 < name_threshold <= 100:
            raise ConfigurationError(f"customers.name_threshold: {name_threshold} is not between 1 and 100")
        self.name_threshold = name_threshold

    def recognise(self, customer: CustomerData, billing: Address, delivery: Address,
                  lookup: RelationLookup) -> Recognition:
        trail = Trail(self.name)
        code = customer_code_step(customer, lookup, trail)
        if code.relation is not None:
            return trail.match(code.relation, "customer_code")
        for step, search in (("email", self._email), ("vat_number", self._vat), ("coc_number", self._coc),
                             ("name", self._name)):
            found = search(customer, billing, delivery, lookup, trail)
            if found is not None:
                return trail.match(found, step)
        if trail.undecided:
            raise trail.ambiguous()
        return trail.new(customer_code=code.code_for_new)

    # The steps: each notes what it saw and answers a unique relation or None. ------------------
    def _email(self, customer: CustomerData, billing: Address, delivery: Address, lookup: RelationLookup,
               trail: Trail) -> Relation | None:
        email = order_email(customer)
        found, _ = email_search(email, lookup, trail)
        return _decide(trail, f"e-mail {email}", found, billing, delivery)

    def _vat(self, customer: CustomerData, billing: Address, delivery: Address, lookup: RelationLookup,
             trail: Trail) -> Relation | None:
        number = vat_number(customer, billing)
        if not number:
            trail.note("no VAT number in the order")
            return None
        found, inactive = active(lookup.relations_by_vat(number))
        trail.note(f"VAT number {number}: {found_text(found, inactive)}", found + inactive)
        trail.pass_over("VAT number", inactive)
        return _decide(trail, f"VAT number {number}", found, billing, delivery)

    def _coc(self, customer: CustomerData, billing: Address, delivery: Address, lookup: RelationLookup,
             trail: Trail) -> Relation | None:
        number = coc_number(customer, billing)
        if not number:
            trail.note("no KvK number in the order")
            return None
        country = normalise_country(billing.country)
        everywhere = lookup.relations_by_coc(number)
        found, inactive = active(in_country(everywhere, country))
        here = {r.code for r in found + inactive}
        elsewhere = [r for r in everywhere if r.code not in here]
        note = f"KvK number {number} in {country}: {found_text(found, inactive)}"
        if elsewhere:
            note += f" ({plural(elsewhere)} in another country ignored)"
        trail.note(note, found + inactive)
        trail.pass_over("KvK number", inactive)
        return _decide(trail, f"KvK number {number}", found, billing, delivery)

    def _name(self, customer: CustomerData, billing: Address, delivery: Address, lookup: RelationLookup,
              trail: Trail) -> Relation | None:
        name = normalise_name(order_name(customer, billing))
        country, postcode = normalise_country(billing.country), normalise_postcode(billing.postcode)
        if not name or not postcode:
            trail.note("no name and billing postcode in the order to search by" if not name and not postcode else
                       "no name in the order" if not name else "no billing postcode in the order, name not searched")
            return None
        where = f"name '{name}' in {country} {postcode}"
        neighbours = sorted(names_by_postcode(lookup, country, postcode), key=lambda pair: pair[0].code)
        # Only the same name counts when passing over inactive relations: a similar one is too
        # weak a reason to refuse the order.
        ignored = [r for r, n in neighbours if r.inactive and n == name]
        trail.pass_over("name", ignored)
        neighbours = [(r, n) for r, n in neighbours if n and not r.inactive]
        same = [r for r, n in neighbours if n == name]
        if same:
            trail.note(f"{where}: {found_text(same, ignored)} with the same name", same + ignored)
            return _decide(trail, where, same, billing, delivery, narrow=False)
        similar = [(r, n) for r, n in neighbours if reaches(name, n, self.name_threshold)]
        if similar:
            scores = ", ".join(f"{r.code} '{n}' {name_score(name, n):.1f}" for r, n in similar)
            trail.note(f"{where}: {plural([r for r, _ in similar])} with a similar name (score ≥ "
                       f"{self.name_threshold}: {scores})", [r for r, _ in similar])
            return _decide(trail, where, [r for r, _ in similar], billing, delivery, narrow=False)
        note = f"{where}: no active relation with this name"
        if neighbours:
            score, _, closest, closest_name = max((name_score(name, n), -r.code, r, n) for r, n in neighbours)
            why = numbers_differ(name, closest_name) if score >= self.name_threshold else ""
            note += (f" (closest: {closest.code} '{closest_name}', score {score:.1f}, but {why})" if why else
                     f" (closest: {closest.code} '{closest_name}', score {score:.1f} < {self.name_threshold})")
        elif not ignored:
            note = f"{where}: no active relation with this postcode"
        trail.note(note + (f" (inactive {codes(ignored)} ignored)" if ignored else ""), ignored)
        return None


def _decide(trail: Trail, what: str, found: list[Relation], billing: Address, delivery: Address,
            narrow: bool = True) -> Relation | None:
    """One found → that one. Several → narrow by postcode, then by the candidates of earlier
    undecided steps; still several → leave the step undecided and let the walk go on."""
    if len(found) <= 1:
        return found[0] if found else None
    remaining = found
    if narrow:
        kept, how = narrow_by_postcode(found, billing, delivery)
        trail.extend(f", {how}")
        if len(kept) == 1:
            return kept[0]
        remaining = kept or found
    earlier = trail.undecided_codes()
    common = [r for r in remaining if r.code in earlier]
    if len(common) == 1:
        trail.extend(f", of which only {common[0].code} was a candidate of an earlier step too")
        return common[0]
    trail.extend(f"; undecided between {codes(remaining)}, the walk goes on")
    trail.leave_undecided(what, remaining)
    return None
