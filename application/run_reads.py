"""What a run reads of SnelStart that its own writes never change, read once per run.

Every order asks the same questions of the administration: the sales template, the revenue
groups the settings name and those of the articles, the articles the settings name (shipping,
payment, default article), whether foreign VAT is billed. Asked once and kept for the run they
cost nothing after the first order; everything else is passed on as asked — the exactly-once
questions (betalingskenmerk) above all, which must always be SnelStart's answer of the moment.
An article can change by the run's own writes (a new article, an updated one): the kept
articles are forgotten whenever the run writes one.
"""
from __future__ import annotations

from domain.article import Article, RevenueGroup, SalesTemplate
from domain.vat_abroad import VatAbroad

from application.ports import Administration

_UNSET = object()


class RunReads:
    """An Administration that keeps, for one run, what the run's writes do not change."""

    def __init__(self, administration: Administration):
        self._inner = administration
        self._templates: dict[str, SalesTemplate | None] = {}
        self._groups: dict[str, RevenueGroup | None] = {}
        self._articles: dict[tuple[str, str], Article | None] = {}
        self._vat_abroad: VatAbroad | object = _UNSET

    def template(self, reference: str) -> SalesTemplate | None:
        if reference not in self._templates:
            self._templates[reference] = self._inner.template(reference)
        return self._templates[reference]

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        if reference not in self._groups:
            self._groups[reference] = self._inner.revenue_group(reference)
        return self._groups[reference]

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        key = (code, code_field)
        if key not in self._articles:
            self._articles[key] = self._inner.article_by_code(code, code_field)
        return self._articles[key]

    def forget_articles(self) -> None:
        """The run wrote an article: what was kept of articles may be out of date."""
        self._articles.clear()

    def vat_abroad(self) -> VatAbroad:
        if self._vat_abroad is _UNSET:
            self._vat_abroad = self._inner.vat_abroad()
        return self._vat_abroad  # type: ignore[return-value]

    def __getattr__(self, name: str):
        return getattr(self._inner, name)
