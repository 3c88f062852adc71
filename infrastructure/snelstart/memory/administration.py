"""The in-memory SnelStart administration: reads (Administration) and writes (Gateway) in one object.

It is the tests' administration and the base of the file-backed demo kind, so it refuses what
SnelStart refuses (with SnelStart's error codes) and totals orders the way SnelStart does;
the contract suite in tests/contract keeps it honest against the real adapters.
"""
from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from infrastructure.clock import AMSTERDAM
from domain.article import ARTICLE_CODE_FIELD, Article, NewArticle, RevenueGroup, SalesTemplate
from domain.customer import NewRelation, Relation
from domain.recognition import EmailPass
from domain.relation_index import RelationIndex
from domain.sales_order import BookedOrderRef, CreatedSalesOrder, PlanLine, SalesOrderPlan
from infrastructure.snelstart.memory.errors import SnelStartRefused
from infrastructure.snelstart.memory.totals import line_total, order_total_incl_vat
from infrastructure.snelstart.snapshot import Snapshot, StoredSalesOrder, StoredSalesOrderLine

# The Dutch rates behind an artikelomzetgroep's btwSoort. Verlegd (reverse charge) puts no
# VAT on the invoice; "Overig" has no fixed rate, so such an article needs the plan's rate.
VAT_RATES = {"Hoog": Decimal("21"), "Laag": Decimal("9"), "Geen": Decimal("0"), "Verlegd": Decimal("0")}
_MAX_DECIMALS = 4  # REF-0013: SnelStart refuses money fields with more than four decimals
_VAT_NUMBER = re.compile(r"[0-9A-Za-z]{2,50}")


def _resolve(items: list, reference: str, number_of, description_of):
    """SPEC §11: a reference is an id, else a number, else a description (case-insensitive)."""
    wanted = reference.strip()
    if not wanted:
        return None
    for pick in (lambda x: x.id == wanted,
                 lambda x: wanted.isascii() and wanted.isdigit() and number_of(x) == int(wanted),
                 lambda x: description_of(x).strip().casefold() == wanted.casefold()):
        found = next((x for x in items if pick(x)), None)
        if found is not None:
            return found
    return None


def _check_money(value: Decimal, what: str) -> None:
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -_MAX_DECIMALS:
        raise SnelStartRefused("REF-0013", f"{what} {value} has more than four decimals")


class MemoryAdministration:
    """Administration + Gateway over plain dicts; the relation look-ups go through a RelationIndex."""

    def __init__(self, snapshot: Snapshot | None = None):
        snapshot = snapshot or Snapshot()
        self._relations = RelationIndex(snapshot.relations)
        self._articles: dict[str, Article] = {}
        self._by_field: dict[tuple[str, str], dict[str, Article]] = {}
        for article in snapshot.articles:
            self._put_article(article)
        self._groups = list(snapshot.revenue_groups)
        self._templates = list(snapshot.templates)
        self._orders: dict[int, StoredSalesOrder] = {o.number: o for o in snapshot.sales_orders}

    @classmethod
    def from_snapshot(cls, snapshot: Snapshot) -> "MemoryAdministration":
        return cls(snapshot)

    def snapshot(self) -> Snapshot:
        return Snapshot(tuple(self._relations), tuple(self._articles.values()), tuple(self._groups),
                        tuple(self._templates), tuple(self._orders.values()))

    @staticmethod
    def _new_id(prefix: str, key: object, taken: set[str]) -> str:
        """Readable and the same in every adapter (as the snapshot assigns them): `r-1002`."""
        candidate, n = f"{prefix}-{key}", 1
        while candidate in taken:
            n += 1
            candidate = f"{prefix}-{key}-{n}"
        return candidate

    # RelationLookup (arguments normalised as domain.recognition.RelationLookup describes) -------
    def relation_by_code(self, code: str) -> Relation | None:
        return self._relations.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return sorted(self._relations.relations_by_email(email, email_pass), key=lambda r: r.code)

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return sorted(self._relations.relations_by_vat(vat_number), key=lambda r: r.code)

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return sorted(self._relations.relations_by_coc(coc_number), key=lambda r: r.code)

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return sorted(self._relations.relations_by_postcode(country, postcode), key=lambda r: r.code)

    # NamedRelationLookup: the index keeps normalised names, so the name step need not redo them.
    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        return sorted(self._relations.names_by_postcode(country, postcode), key=lambda pair: pair[0].code)

    # Administration ---------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        # SnelStart's habit: one more than the highest relatiecode in use (customers and suppliers).
        return max((r.code for r in self._relations), default=0) + 1

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        wanted = reference.strip()
        return [BookedOrderRef(o.number, o.relation_code, o.total_incl_vat)
                for o in sorted(self._orders.values(), key=lambda o: o.number)
                if wanted and o.payment_reference.strip() == wanted]

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        orders = [o for o in self._orders.values() if o.relation_code == relation_code]
        if not orders:
            return None
        latest = max(orders, key=lambda o: (o.date, o.number))
        return next((t for t in self._templates if t.id == latest.template_id), None)

    def template(self, reference: str) -> SalesTemplate | None:
        return _resolve(self._templates, reference, lambda t: t.number, lambda t: t.description)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return _resolve(self._groups, reference, lambda g: g.number, lambda g: g.description)

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        wanted = code.strip()
        if code_field.strip().casefold() == ARTICLE_CODE_FIELD:
            found = self._articles.get(wanted)
            return found if found is not None and not found.inactive else None
        matches = self._by_field.get((code_field.strip().casefold(), wanted), {})
        return next((a for _, a in sorted(matches.items()) if not a.inactive), None)

    # Gateway ----------------------------------------------------------------------------------
    def create_relation(self, relation: NewRelation) -> Relation:
        code = relation.code if relation.code is not None else self.next_relation_code()
        if code <= 0:
            raise SnelStartRefused("REL-0008", f"relatiecode {code} is not a valid relatiecode")
        if self._relations.relation_by_code(str(code)) is not None:
            raise SnelStartRefused("REL-0008", f"relatiecode {code} is already in use")
        self._check_relation(relation)
        taken = {r.id for r in self._relations}
        created = Relation(code=code, name=relation.name, establishment=relation.establishment,
                           correspondence=relation.correspondence, email=relation.email, phone=relation.phone,
                           vat_number=relation.vat_number, coc_number=relation.coc_number,
                           payment_term=relation.payment_term, kinds=("Klant",),
                           id=self._new_id("r", code, taken))
        self._relations.add(created)
        return created

    def update_relation(self, code: int, relation: NewRelation) -> Relation:
        current = self._relations.relation_by_code(str(code))
        if current is None:
            raise SnelStartRefused("REL-0001", f"no relation has relatiecode {code}")
        self._check_relation(relation)
        # The plan carries no correspondence address or payment term unless it means to change them.
        updated = replace(current, name=relation.name, establishment=relation.establishment,
                          correspondence=relation.correspondence or current.correspondence,
                          email=relation.email, phone=relation.phone, vat_number=relation.vat_number,
                          coc_number=relation.coc_number,
                          payment_term=current.payment_term if relation.payment_term is None
                          else relation.payment_term)
        self._relations.add(updated)
        return updated

    @staticmethod
    def _check_relation(relation: NewRelation) -> None:
        if not relation.name.strip():
            raise SnelStartRefused("REL-0007", "naam is required")
        if relation.vat_number and not _VAT_NUMBER.fullmatch(relation.vat_number):
            raise SnelStartRefused("REL-0059", f"btwNummer {relation.vat_number!r} must be 2 to 50 letters "
                                               "and digits only")

    def create_article(self, article: NewArticle) -> Article:
        code = article.code.strip()
        if not code:
            raise SnelStartRefused("ART-0001", "artikelcode is required")
        if code in self._articles:
            raise SnelStartRefused("ART-0005", f"artikelcode {code!r} is already in use")
        self._check_article(article.description, article.revenue_group_id, article.sales_price)
        extra = () if article.code_field.strip().casefold() == ARTICLE_CODE_FIELD else (
            (article.code_field.strip(), code),)
        created = Article(code, article.description, article.sales_price, article.revenue_group_id, extra,
                          id=self._new_id("a", code, {a.id for a in self._articles.values()}))
        self._put_article(created)
        return created

    def update_article(self, article: Article) -> Article:
        current = self._articles.get(article.code.strip())
        if current is None:
            raise SnelStartRefused("ART-0002", f"no article has artikelcode {article.code!r}")
        self._check_article(article.description, article.revenue_group_id, article.sales_price)
        # SnelStart's API cannot write recipes: whatever the caller sends, the recipe stays.
        updated = replace(article, code=current.code, recipe=current.recipe, id=current.id)
        self._put_article(updated)
        return updated

    def _check_article(self, description: str, group_id: str, price: Decimal) -> None:
        if not description.strip():
            raise SnelStartRefused("ART-0006", "omschrijving is required")
        if not group_id:
            raise SnelStartRefused("ART-0008", "artikelOmzetgroep is required")
        if not any(g.id == group_id for g in self._groups):
            raise SnelStartRefused("ART-0009", f"no artikelomzetgroep has id {group_id!r}")
        _check_money(price, "verkoopprijs")

    def _put_article(self, article: Article) -> None:
        old = self._articles.get(article.code)
        if old is not None:
            for name, value in old.extra_fields:
                self._by_field.get((name.strip().casefold(), value.strip()), {}).pop(old.code, None)
        self._articles[article.code] = article
        for name, value in article.extra_fields:
            self._by_field.setdefault((name.strip().casefold(), value.strip()), {})[article.code] = article

    def create_sales_order(self, plan: SalesOrderPlan) -> CreatedSalesOrder:
        relation = None if plan.relation_code is None else self._relations.relation_by_code(str(plan.relation_code))
        if relation is None:
            raise SnelStartRefused("VOR-0001", f"no relation has relatiecode {plan.relation_code}")
        if "Klant" not in relation.kinds:
            raise SnelStartRefused("VOR-0002", f"relation {relation.code} is not a customer (Klant)")
        if plan.template_id and not any(t.id == plan.template_id for t in self._templates):
            raise SnelStartRefused("VOR-0003", f"no verkoopordersjabloon has id {plan.template_id!r}")
        lines, amounts, recipe = [], [], []
        for n, line in enumerate(plan.lines, start=1):
            stored, rate = self._order_line(n, line, plan.prices_excl_vat)
            lines.append(stored)
            amounts.append((stored.total, rate))
            recipe.append(line.from_recipe)
        for n, amount, rate in ((1, plan.cost_type_1, plan.cost_type_1_vat_rate),
                                (2, plan.cost_type_2, plan.cost_type_2_vat_rate)):
            _check_money(amount, f"kostensoort{n}")
            if amount:
                if plan.prices_excl_vat and rate is None:
                    raise SnelStartRefused("VOR-0012", f"kostensoort{n} has no VAT rate")
                amounts.append((amount, rate))
        date = plan.date.astimezone(AMSTERDAM).replace(tzinfo=None) if plan.date.tzinfo else plan.date
        number = max(self._orders, default=0) + 1
        order = StoredSalesOrder(
            number=number, relation_code=relation.code, date=date, template_id=plan.template_id,
            payment_reference=plan.payment_reference, description=plan.description, vat_entry=plan.vat_entry,
            invoice_address=plan.invoice_address or relation.establishment,
            delivery_address=plan.delivery_address or relation.establishment,
            lines=tuple(lines), cost_type_1=plan.cost_type_1, cost_type_2=plan.cost_type_2,
            total_incl_vat=order_total_incl_vat(plan.prices_excl_vat, amounts), memo=plan.memo,
            id=self._new_id("o", number, {o.id for o in self._orders.values()}))
        self._orders[number] = order
        without_recipes = None
        if any(recipe):
            kept = [a for a, from_recipe in zip(amounts, recipe + [False] * (len(amounts) - len(recipe)))
                    if not from_recipe]
            without_recipes = order_total_incl_vat(plan.prices_excl_vat, kept)
        return CreatedSalesOrder(number, relation.code, order.total_incl_vat, order.id, without_recipes)

    def _order_line(self, n: int, line: PlanLine,
                    prices_excl_vat: bool) -> tuple[StoredSalesOrderLine, Decimal | None]:
        article = self._articles.get(line.article_code.strip())
        if article is None:
            raise SnelStartRefused("VOR-0013", f"line {n}: no article has artikelcode {line.article_code!r}")
        if article.inactive:
            raise SnelStartRefused("ALG-0105", f"line {n}: article {article.code!r} is inactive")
        # A missing price is the article's verkoopprijs, taken as given in the order's VAT entry.
        price = article.sales_price if line.unit_price is None else line.unit_price
        _check_money(price, f"line {n}: stuksprijs")
        rate = line.vat_rate if line.vat_rate is not None else self._vat_rate(article)
        if rate is None and prices_excl_vat:
            raise SnelStartRefused("VOR-0014", f"line {n}: article {article.code!r} has no VAT rate")
        stored = StoredSalesOrderLine(article.code, article.description if line.description is None
                                      else line.description, line.quantity, price, Decimal("0"),
                                      line_total(line.quantity, price))
        return stored, rate

    def _vat_rate(self, article: Article) -> Decimal | None:
        group = next((g for g in self._groups if g.id == article.revenue_group_id), None)
        return None if group is None else VAT_RATES.get(group.vat_kind)
