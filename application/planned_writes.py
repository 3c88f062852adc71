"""The administration as a dry run sees it: SnelStart's own contents, plus what the orders planned
earlier in the same dry run would have written — new customers and new articles.

A real run creates the relation of a new customer on that customer's first order, so their
second order finds it; it creates a missing article once. A dry run writes nothing, so without
this it would plan the same new customer (with the same relatiecode) and the same new article
on every order — not what the run would do.
"""
from __future__ import annotations

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.customer import Relation, normalise_name
from domain.recognition import EmailPass, NamedRelationLookup
from domain.relation_index import RelationIndex
from domain.sales_order import BookedOrderRef, BookingPlan, SalesOrderHeader
from domain.vat_abroad import VatAbroad

from application.ports import Administration


class PlannedWrites:
    """An Administration: `real`'s answers and the planned relations and articles merged."""

    def __init__(self, real: Administration):
        self.real = real
        self._relations = RelationIndex()
        self._articles: dict[str, Article] = {}

    def remember(self, plan: BookingPlan) -> int | None:
        """What `plan` would write now exists for the next orders; the new relation's code."""
        code = None
        if plan.new_relation is not None:
            new = plan.new_relation
            code = new.code if new.code is not None else self.next_relation_code()
            self._relations.add(Relation(code=code, name=new.name, establishment=new.establishment,
                                         correspondence=new.correspondence, email=new.email, phone=new.phone,
                                         vat_number=new.vat_number, coc_number=new.coc_number,
                                         payment_term=new.payment_term, kinds=("Klant",)))
        for article in plan.new_articles:
            self._articles[article.code.strip()] = Article(article.code.strip(), article.description,
                                                           article.sales_price, article.revenue_group_id)
        return code

    @staticmethod
    def _merged(real: list[Relation], planned: list[Relation]) -> list[Relation]:
        known = {r.code for r in real}
        return sorted(real + [r for r in planned if r.code not in known], key=lambda r: r.code)

    # RelationLookup ---------------------------------------------------------------------------
    def relation_by_code(self, code: str) -> Relation | None:
        return self.real.relation_by_code(code) or self._relations.relation_by_code(code)

    def relations_by_email(self, email: str, email_pass: EmailPass) -> list[Relation]:
        return self._merged(self.real.relations_by_email(email, email_pass),
                            self._relations.relations_by_email(email, email_pass))

    def relations_by_vat(self, vat_number: str) -> list[Relation]:
        return self._merged(self.real.relations_by_vat(vat_number), self._relations.relations_by_vat(vat_number))

    def relations_by_coc(self, coc_number: str) -> list[Relation]:
        return self._merged(self.real.relations_by_coc(coc_number), self._relations.relations_by_coc(coc_number))

    def relations_by_postcode(self, country: str, postcode: str) -> list[Relation]:
        return self._merged(self.real.relations_by_postcode(country, postcode),
                            self._relations.relations_by_postcode(country, postcode))

    def names_by_postcode(self, country: str, postcode: str) -> list[tuple[Relation, str]]:
        if isinstance(self.real, NamedRelationLookup):
            real = self.real.names_by_postcode(country, postcode)
        else:
            real = [(r, normalise_name(r.name)) for r in self.real.relations_by_postcode(country, postcode)]
        known = {r.code for r, _ in real}
        planned = [(r, n) for r, n in self._relations.names_by_postcode(country, postcode) if r.code not in known]
        return sorted(real + planned, key=lambda pair: pair[0].code)

    # Administration ---------------------------------------------------------------------------
    def next_relation_code(self) -> int:
        planned = max((r.code for r in self._relations), default=0)
        return max(self.real.next_relation_code(), planned + 1)

    def sales_orders_with_payment_reference(self, reference: str) -> list[BookedOrderRef]:
        return self.real.sales_orders_with_payment_reference(reference)

    def sales_orders_with_payment_references(self, references) -> dict[str, list[BookedOrderRef]]:
        return self.real.sales_orders_with_payment_references(references)

    def sales_orders_in_period(self, since, until=None) -> list[SalesOrderHeader]:
        return self.real.sales_orders_in_period(since, until)

    def last_template_of(self, relation_code: int) -> SalesTemplate | None:
        return self.real.last_template_of(relation_code)

    def template(self, reference: str) -> SalesTemplate | None:
        return self.real.template(reference)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return self.real.revenue_group(reference)

    def vat_abroad(self) -> VatAbroad:
        return self.real.vat_abroad()

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        found = self.real.article_by_code(code, code_field)
        return found if found is not None else self._articles.get(code.strip())
