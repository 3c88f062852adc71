"""Writing to a B2B administration (the Gateway port): relations, articles, sales orders.

SnelStart has no idempotency key, so a write whose answer was lost (UnknownWrite) is looked up
before it is sent again: a relation by the relatiecode S-Connect chose for it, an article by its
artikelcode, a sales order by its betalingskenmerk — only an order numbered above the highest
one that carried it before the write can be ours. Updates are GET → change → PUT of the whole
object (PUT replaces everything; there is no ETag, reference §2).

Two refusals are answered rather than passed on: REL-0008 for a code S-Connect picked itself
(another user took it since this run read the codes) → the next code; an invalid VAT number
(REL-0057…0059, 0087, 0088) → the relation is written without it, and a warning says so
(`take_warnings`).
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Callable

from domain.article import Article, NewArticle
from domain.customer import NewRelation, Relation
from domain.errors import OrderRejected
from domain.money import unit
from domain.sales_order import CreatedSalesOrder, PlanLine, SalesOrderPlan
from infrastructure.snelstart.b2b import mapping
from infrastructure.snelstart.b2b.catalogue import Catalogue
from infrastructure.snelstart.b2b.errors import (
    CODE_TAKEN,
    INVALID_VAT,
    SnelStartRefused,
    UnknownWrite,
)
from infrastructure.snelstart.b2b.odata import ARTIKELCODE
from infrastructure.snelstart.b2b.relations import RelationBook
from infrastructure.snelstart.b2b.transport import Transport
from infrastructure.snelstart.rules.sales_orders import line_total, order_total_incl_vat

# REL-0008 for a code S-Connect picked: someone else is creating relations too; a few more tries.
CODE_ATTEMPTS = 10
# A lost answer is looked up, then the write is sent once more; a second lost answer ends it.
SENDS = 2
COST_TYPES_REFUSED = ("cost types 1 and 2 (the order footer's costs) do not exist in the SnelStart B2B API: "
                      "book shipping costs, payment costs and discount as a line — "
                      "sales.shipping_costs / payment_costs / discount = { line = \"<article code>\" }")


def four_decimals(price: Decimal) -> Decimal:
    """SnelStart takes at most four decimals in a money field (REF-0013): more are rounded half
    up (the totals check reports any cent this moves); fewer are sent as they are."""
    exponent = price.normalize().as_tuple().exponent
    return unit(price) if isinstance(exponent, int) and exponent < -4 else price


class _CodeHeldByAnother(SnelStartRefused):
    """The relatiecode a lost write was sent with is held by a relation that is not ours: the
    write did not happen (codes are unique), and the code is taken — REL-0008 by another road."""


def _look(look: Callable[[], dict | None], what: str) -> dict | None:
    """`look` for a write that may have happened. Whatever refusal the look-up meets, it is not
    SnelStart refusing the write: reported as one, the use case would take it for "nothing was
    written" and write again — a second order. So it is an unknown write, looked for again
    before anything is written (the next run does that from its own record)."""
    try:
        return look()
    except _CodeHeldByAnother:
        raise
    except OrderRejected as refusal:
        raise UnknownWrite(f"SnelStart may have done {what}, and looking for it was refused ({refusal}); "
                           f"it is looked for again before anything is written again") from None


def _send_checked(send: Callable[[], object], look: Callable[[], dict | None], what: str) -> dict:
    """`send` a write; when its answer is lost, `look` for what it would have made before
    sending it again. Returns SnelStart's model of the object."""
    for attempt in range(1, SENDS + 1):
        try:
            answer = send()
        except UnknownWrite:
            found = _look(look, what)
            if found is not None:
                return found
            if attempt == SENDS:
                raise
            continue
        if isinstance(answer, dict) and answer:
            return answer
        found = _look(look, what)  # 2xx without a body: read what was written
        if found is not None:
            return found
        raise UnknownWrite(f"SnelStart accepted {what} but what it wrote cannot be found")
    raise AssertionError("unreachable")


class Writer:
    def __init__(self, api: Transport, relations: RelationBook, catalogue: Catalogue):
        self._api, self._relations, self._catalogue = api, relations, catalogue
        self._warnings: list[str] = []
        self._highest_with_reference: dict[str, int] = {}

    def take_warnings(self) -> tuple[str, ...]:
        """Warnings about the writes since the last call (a VAT number left off, …)."""
        found, self._warnings = tuple(self._warnings), []
        return found

    # Relations ------------------------------------------------------------------------------------
    def create_relation(self, new: NewRelation) -> Relation:
        countries = self._catalogue.countries()
        chosen = new.code is None
        code = self._relations.next_code() if chosen else new.code
        assert code is not None
        writing, dropped = new, ""
        for _ in range(CODE_ATTEMPTS):
            body = mapping.relation_json(writing, code, countries)
            try:
                row = _send_checked(lambda body=body: self._api.post("relaties", body),
                                    lambda code=code, writing=writing: self._ours_by_code(code, writing),
                                    f"POST relaties (relatiecode {code})")
            except SnelStartRefused as refusal:
                retry = False
                if refusal.codes & INVALID_VAT and writing.vat_number:
                    dropped, writing, retry = f"{writing.vat_number} ({refusal})", replace(writing, vat_number=""), True
                if CODE_TAKEN in refusal.codes and chosen:
                    self._relations.code_taken(code)
                    code, retry = self._relations.next_code(), True
                if not retry:
                    raise
                continue
            created = mapping.relation(row, countries)
            self._relations.remember(created)
            if dropped:
                self._warnings.append(f"SnelStart refused the VAT number {dropped}; relation {created.code} "
                                      f"was created without it")
            return created
        raise SnelStartRefused(CODE_TAKEN, f"relatiecodes up to {code} are taken faster than S-Connect can "
                                           f"pick one; try again later")

    def _ours_by_code(self, code: int, new: NewRelation) -> dict | None:
        row = self._relations.fresh_by_code(code)
        if row is None:
            return None
        if str(row.get("naam") or "") == new.name:
            return row
        raise _CodeHeldByAnother(CODE_TAKEN, f"relatiecode {code} is already in use")

    def update_relation(self, code: int, new: NewRelation) -> Relation:
        countries = self._catalogue.countries()
        current = self._relations.fresh_by_code(code)
        if current is None:
            raise SnelStartRefused("REL-0001", f"no relation has relatiecode {code}")
        path = f"relaties/{current['id']}"
        body = mapping.apply_relation(current, new, countries)

        def done(row: dict) -> bool:
            seen = mapping.relation(row, countries)
            return (seen.name, seen.establishment, seen.email, seen.phone, seen.coc_number) == (
                new.name, new.establishment, new.email, new.phone, new.coc_number)
        try:
            row = self._put(path, body, done)
        except SnelStartRefused as refusal:
            if not (refusal.codes & INVALID_VAT and new.vat_number):
                raise
            # Keep the VAT number SnelStart has rather than fail the order over the shop's.
            body = {**body, "btwNummer": current.get("btwNummer") or ""}
            row = self._put(path, body, done)
            self._warnings.append(f"SnelStart refused the VAT number {new.vat_number} ({refusal}); relation "
                                  f"{code} keeps {body['btwNummer'] or 'none'}")
        updated = mapping.relation(row, countries)
        self._relations.remember(updated)
        return updated

    def _put(self, path: str, body: dict, done: Callable[[dict], bool]) -> dict:
        """PUT the whole object; a lost answer is checked by reading it back (`done`: it shows
        what was written)."""
        def written() -> dict | None:
            row = self._api.get(path, missing_ok=True)
            return row if isinstance(row, dict) and done(row) else None
        return _send_checked(lambda: self._api.put(path, body), written, f"PUT {path}")

    # Articles -------------------------------------------------------------------------------------
    def create_article(self, new: NewArticle) -> Article:
        code = new.code.strip()
        row = _send_checked(lambda: self._api.post("artikelen", mapping.article_json(new)),
                            lambda: self._article_row(code), f"POST artikelen (artikelcode {code!r})")
        created = mapping.article(row)
        self._catalogue.remember(created)
        return created

    def _article_row(self, code: str) -> dict | None:
        found = self._api.get_list("artikelen", ARTIKELCODE.eq(code), unique=True)
        return next((row for row in found
                     if str(row.get("artikelcode") or "").strip() == code), None)

    def update_article(self, article: Article) -> Article:
        current = self._article_row(article.code.strip())
        if current is None:
            raise SnelStartRefused("ART-0002", f"no article has artikelcode {article.code!r}")
        row = self._put(f"artikelen/{current['id']}", mapping.apply_article(current, article),
                        lambda seen: (mapping.article(seen).description, mapping.article(seen).sales_price)
                        == (article.description, article.sales_price))
        updated = mapping.article(row)
        self._catalogue.remember(updated)
        return updated

    # Sales orders ---------------------------------------------------------------------------------
    def seen_with_reference(self, reference: str, numbers: list[int]) -> None:
        """The highest order number carrying `reference` before this run writes one (a lost
        answer is then recognised as an order above it)."""
        self._highest_with_reference[reference.strip()] = max(numbers, default=0)

    def create_sales_order(self, plan: SalesOrderPlan,
                           orders_with_reference: Callable[[str], list[dict]]) -> CreatedSalesOrder:
        # Everything that may be refused is asked before the POST: after it, a refusal would
        # tell the use case "nothing was written" about an order SnelStart may hold.
        if plan.cost_type_1 or plan.cost_type_2:
            raise SnelStartRefused("", COST_TYPES_REFUSED)
        relation = None if plan.relation_code is None else self._relations.by_code(plan.relation_code)
        if relation is None:
            raise SnelStartRefused("VOR-0001", f"no relation has relatiecode {plan.relation_code}")
        template_id = ""
        if plan.template_id:
            template = self._catalogue.template_by_id(plan.template_id)
            if template is None:
                raise SnelStartRefused("VOR-0003", f"no verkoopordersjabloon has id {plan.template_id!r}")
            template_id = template.id
        plan = self._priced(plan, relation.id)
        lines, articles = self._lines(plan.lines)
        rates = self._vat_rates(plan.lines, articles)
        body = mapping.sales_order_json(plan, relation.id, template_id, lines, self._catalogue.countries())
        reference = plan.payment_reference.strip()
        if reference not in self._highest_with_reference:
            self.seen_with_reference(reference, [mapping.order_number(o) for o in orders_with_reference(reference)])
        before = self._highest_with_reference[reference]

        def ours() -> dict | None:
            newer = [o for o in orders_with_reference(reference) if mapping.order_number(o) > before]
            if not newer:
                return None
            newest = max(newer, key=mapping.order_number)
            full = self._api.get(f"verkooporders/{newest['id']}", missing_ok=True)
            return full if isinstance(full, dict) else newest

        row = _send_checked(lambda: self._api.post("verkooporders", body), ours,
                            f"POST verkooporders (betalingskenmerk {reference!r})")
        # From here on nothing asks SnelStart anything: the order is written.
        number = mapping.order_number(row)
        self._highest_with_reference[reference] = max(before, number)
        return CreatedSalesOrder(number, relation.code, mapping.total_incl_vat(row), str(row.get("id") or ""),
                                 _without_recipe_lines(plan, row, articles, rates), mapping.total_vat(row))

    def _priced(self, plan: SalesOrderPlan, relation_id: str) -> SalesOrderPlan:
        """Lines SnelStart should price (`sales.lines = code_and_quantity`) get the price SnelStart
        itself gives this customer for this quantity, sent explicitly (see Catalogue.agreed_price)."""
        if all(line.unit_price is not None or not line.article_code.strip() for line in plan.lines):
            return plan
        unpriced: list[tuple[int, PlanLine, Article]] = []
        for n, line in enumerate(plan.lines, start=1):
            code = line.article_code.strip()
            if line.unit_price is None and code:
                article = self._catalogue.article_with_code(code)
                if article is None:
                    raise SnelStartRefused("VOR-0013", f"line {n}: no article has artikelcode {line.article_code!r}")
                unpriced.append((n, line, article))
        self._catalogue.agreed_prices(relation_id, [(article, line.quantity) for _, line, article in unpriced])
        priced = {n: replace(line, unit_price=self._catalogue.agreed_price(article, relation_id, line.quantity))
                  for n, line, article in unpriced}
        lines = [priced.get(n, line) for n, line in enumerate(plan.lines, start=1)]
        return replace(plan, lines=tuple(lines))

    def _lines(self, plan_lines: tuple[PlanLine, ...]) -> tuple[list[dict], list[Article | None]]:
        lines, articles = [], []
        for n, line in enumerate(plan_lines, start=1):
            code = line.article_code.strip()
            article = self._catalogue.article_with_code(code) if code else None
            if code and article is None:
                raise SnelStartRefused("VOR-0013", f"line {n}: no article has artikelcode {line.article_code!r}")
            priced = line if line.unit_price is None else replace(line, unit_price=four_decimals(line.unit_price))
            lines.append(mapping.line_json(priced, article.id if article else ""))
            articles.append(article)
        return lines, articles

    def _vat_rates(self, plan_lines: tuple[PlanLine, ...], articles: list[Article | None]) -> list[Decimal]:
        """The VAT rate of every line the totals check keeps (SPEC §4: all but recipe lines),
        read before the POST — from the plan, or the article's revenue group."""
        if not any(line.from_recipe for line in plan_lines):
            return []
        rates = []
        for line, article in zip(plan_lines, articles, strict=True):
            rate = line.vat_rate if line.vat_rate is not None or line.from_recipe else (
                self._catalogue.vat_rate_of(article) if article else None)
            rates.append(rate if rate is not None else Decimal("0"))
        return rates


def _without_recipe_lines(plan: SalesOrderPlan, row: dict, articles: list[Article | None],
                          rates: list[Decimal]) -> Decimal | None:
    """SPEC §4: the shop's total is compared with the order leaving out the lines recipe
    expansion added; SnelStart only gives the whole order's total, so the rest is totalled
    here the way SnelStart totals (rules.sales_orders), from the line totals it computed."""
    if not any(line.from_recipe for line in plan.lines):
        return None
    answered = [r for r in row.get("regels") or () if isinstance(r, dict)]
    kept: list[tuple[Decimal, Decimal | None]] = []
    for n, (line, article, rate) in enumerate(zip(plan.lines, articles, rates, strict=True)):
        if line.from_recipe:
            continue
        if len(answered) == len(plan.lines) and answered[n].get("totaal") not in (None, ""):
            total = mapping.money_of(answered[n]["totaal"])
        else:
            price = line.unit_price if line.unit_price is not None else (
                article.sales_price if article else Decimal("0"))
            total = line_total(line.quantity, four_decimals(price))
        kept.append((total, rate))
    return order_total_incl_vat(plan.prices_excl_vat, kept)
