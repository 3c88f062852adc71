"""The sales order's article lines: `sales.lines`, `sales.recipes`, `sales.default_article_code`
(SPEC §4) and `articles.processing`, `articles.revenue_group`, `articles.code_field` (SPEC §5).

A line is drafted with the amount the customer paid for it (incl. VAT); its unit price is set
later, once for the whole order, in the template's VAT entry (domain.booking_prices).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Mapping

from domain.article import Article, NewArticle, RevenueGroup
from domain.booking_prices import rate_text
from domain.booking_vat import ANY_RATE, OrderVat, entry_for_rate
from domain.errors import OrderRejected, SettingMissing, UnknownArticle
from domain.field_limits import ARTICLE_DESCRIPTION
from domain.fitting import fitted_text
from domain.money import cents, excl_vat
from domain.order import OrderLine
from domain.settings import ArticleProcessing, LineMode, ProfileSettings


@dataclass(frozen=True)
class Draft:
    """A line before its unit price is set."""

    article_code: str  # SnelStart artikelcode
    quantity: Decimal
    description: str | None = None  # None: SnelStart's article description
    gross: Decimal | None = None  # incl. VAT, what the customer paid; None: SnelStart prices it
    vat_rate: Decimal | None = None
    shop_unit_price: Decimal | None = None  # incl. VAT
    from_recipe: bool = False


def required(mapping: Mapping[str, object], key: str, what: str):
    """A look-up the use case should have made; a missing key is a bug, not an unknown article
    (treating it as unknown would create a duplicate article in SnelStart)."""
    if key not in mapping:
        raise KeyError(f"{what} {key!r} was not looked up before planning")
    return mapping[key]


class LinePlanner:
    """Drafts the lines of one order and collects the articles to create or update on the way."""

    def __init__(self, settings: ProfileSettings, articles: Mapping[str, Article | None],
                 components: Mapping[str, Article | None],
                 revenue_groups: Mapping[str, RevenueGroup | None], prices_excl_vat: bool,
                 taken_codes: Mapping[str, Article] | None, vat: OrderVat):
        self.settings = settings
        self.vat = vat
        self.taken_codes = taken_codes or {}
        self.articles = articles
        self.components = components
        self.revenue_groups = revenue_groups
        self.prices_excl_vat = prices_excl_vat
        self.new_articles: dict[str, NewArticle] = {}
        self.updates: dict[str, Article] = {}
        self.notes: list[str] = []
        self._considered: set[str] = set()

    def order_line(self, line: OrderLine) -> list[Draft]:
        code = line.article_code.strip()
        if not code:
            article = self._default_article(f"line '{line.description.strip()}' has no article code", line)
            self.notes.append(f"line without article code '{line.description.strip()}' booked on {article.code}")
            return [self._catch_all(line, article)] + self._recipe(article, line.quantity)
        article = required(self.articles, code, "article code")
        if article is not None:
            self.vat.check(f"line '{line.description.strip() or code}'", article, line.vat_rate, line.line_total)
            self._update(article, line)
            return [self._main(line, article.code)] + self._recipe(article, line.quantity)
        if self.settings.articles.processing is ArticleProcessing.MANUAL:
            article = self._default_article(f"article '{code}' does not exist in SnelStart "
                                            "and articles.processing = manual", line)
            self.notes.append(f"unknown article {code} booked on {article.code}")
            return [self._catch_all(line, article)] + self._recipe(article, line.quantity)
        # A new article has no recipe yet: nothing to expand.
        return [self._main(line, self._create(code, line).code)]

    def price_in_entry(self, line: OrderLine) -> Decimal:
        """The shop's unit price in the template's VAT entry: what a SnelStart article's price means."""
        return excl_vat(line.unit_price, line.vat_rate) if self.prices_excl_vat else line.unit_price

    def _main(self, line: OrderLine, article_code: str) -> Draft:
        mode = self.settings.sales.lines
        if mode is LineMode.CODE_AND_QUANTITY:
            return Draft(article_code, line.quantity, vat_rate=line.vat_rate)
        description = (line.description.strip() or None) if mode is LineMode.FULL else None
        return Draft(article_code, line.quantity, description, line.line_total, line.vat_rate, line.unit_price)

    def _catch_all(self, line: OrderLine, article: Article) -> Draft:
        # The default article stands in for what the shop sold: its own description and price
        # would say nothing about it, so the shop's are kept whatever sales.lines says.
        return Draft(article.code, line.quantity, line.description.strip() or None, line.line_total,
                     line.vat_rate, line.unit_price)

    def _default_article(self, reason: str, line: OrderLine) -> Article:
        """sales.default_article_code, or its article for the line's rate (a gift card at 0 % on
        an article at 0 %): SnelStart books the line at the article's rate, not the shop's."""
        setting, table = "sales.default_article_code", self.settings.sales.default_articles
        if not table:
            raise SettingMissing(f"{setting}: not set, and {reason}")
        entry = entry_for_rate(table, line.vat_rate,
                               lambda code: self.vat.rate_of(required(self.articles, code, "article code")))
        if entry is None:
            raise SettingMissing(f"{setting}: no article for {rate_text(line.vat_rate)} VAT, and {reason}; "
                                 f'add "{line.vat_rate.normalize():f}" = "<article code>" to {setting}')
        key, code = entry
        article = required(self.articles, code, "article code")
        if article is None:
            raise UnknownArticle(f"{setting}: article '{code}' does not exist in SnelStart")
        booked = self.vat.of_article(article)
        self.vat.check_rate(f"{setting} (line '{line.description.strip()}')", f"article {article.code}", booked,
                            line.vat_rate, line.line_total,
                            advice=per_rate_advice(setting, key, article.code, booked.rate, line.vat_rate))
        return article

    def _update(self, article: Article, line: OrderLine) -> None:
        code = line.article_code.strip()
        if self.settings.articles.processing is not ArticleProcessing.ADD_AND_UPDATE or code in self._considered:
            return
        self._considered.add(code)  # the first line of an article speaks for the order
        description = line.description.strip() or article.description
        price = self.price_in_entry(line)
        # Compared to the cent: a price excl. VAT kept at four decimals (20.6198) is the same
        # price as SnelStart's 20.62, and must not be rewritten on every order. A description
        # longer than SnelStart takes is compared as it would be written (fitted).
        same_price = cents(price) == cents(article.sales_price)
        if fitted_text(description, ARTICLE_DESCRIPTION) == article.description and same_price:
            return
        self.updates[code] = replace(article, description=description,
                                     sales_price=article.sales_price if same_price else price)
        self.notes.append(f"article {article.code} updated")

    def _create(self, code: str, line: OrderLine) -> NewArticle:
        if code in self.new_articles:
            return self.new_articles[code]
        taken = self.taken_codes.get(code)
        if taken is not None:
            # SnelStart would refuse the new article (ART-0005: artikelcode in use), after the
            # customer may already have been created: refuse the order now, saying what to fix.
            field_name = self.settings.articles.code_field
            raise UnknownArticle(f"articles.code_field: no article has '{code}' in field {field_name}, but "
                                 f"article {code} ({taken.description}) has it as artikelcode: fill in its "
                                 f"{field_name}, or change the code in the shop")
        group = self._revenue_group(code, line.vat_rate, line.line_total)
        article = NewArticle(code=code, description=line.description.strip() or code,
                             sales_price=self.price_in_entry(line), revenue_group_id=group.id,
                             code_field=self.settings.articles.code_field)
        self.new_articles[code] = article
        self.notes.append(f"article {code} created")
        return article

    def _revenue_group(self, code: str, vat_rate: Decimal, gross: Decimal) -> RevenueGroup:
        """The group named for the line's rate, which must carry that rate: SnelStart books the
        new article's lines at its group's rate, now and on every later order."""
        setting = self.settings.articles
        if not setting.revenue_group:
            raise SettingMissing(f"articles.revenue_group: not set; needed to create article '{code}'")

        def rate_of(ref: str) -> Decimal | None:
            group = required(self.revenue_groups, ref, "revenue group")
            return None if group is None else self.vat.of_group(group).rate
        entry = entry_for_rate(setting.revenue_group, vat_rate, rate_of)
        if entry is None:
            raise SettingMissing(f"articles.revenue_group: no revenue group for VAT rate {rate_text(vat_rate)} "
                                 f"(needed to create article '{code}')")
        key, ref = entry
        group = required(self.revenue_groups, ref, "revenue group")
        if group is None:
            raise SettingMissing(f"articles.revenue_group: '{ref}' not found in SnelStart")
        booked = self.vat.of_group(group)
        if booked.rate != vat_rate and not self.vat.destination.abroad and booked.rate is not None:
            named = "for every rate" if key == ANY_RATE else f'named for "{key}"'
            raise OrderRejected(f"articles.revenue_group: '{ref}' ({named}) carries {rate_text(booked.rate)} VAT, "
                                f"not {rate_text(vat_rate)} (needed to create article '{code}'); name a revenue "
                                f"group at {rate_text(vat_rate)}")
        self.vat.check_rate("articles.revenue_group", f"new article '{code}'", booked, vat_rate, gross)
        return group

    def _recipe(self, article: Article, ordered: Decimal) -> list[Draft]:
        components = self.settings.sales.recipes.expand(article.recipe, ordered)
        drafts = []
        for component in components:
            found = required(self.components, component.article_code, "recipe component")
            if found is None:
                raise UnknownArticle(f"sales.recipes: component '{component.article_code}' of the recipe of "
                                     f"article '{article.code}' does not exist in SnelStart")
            # SnelStart prices a component line itself (deposit, disposal fee), as it does when
            # a user places the recipe by hand; the shop's price covers the main article only.
            drafts.append(Draft(found.code, component.quantity, from_recipe=True))
        if drafts:
            lines = "1 line" if len(drafts) == 1 else f"{len(drafts)} lines"
            self.notes.append(f"recipe of {article.code} expanded: {lines}")
        return drafts


def per_rate_advice(setting: str, key: str, code: str, booked: Decimal | None, rate: Decimal,
                    line: bool = False) -> str | None:
    """What to write when one article for every rate meets a line of another rate."""
    if key != ANY_RATE or booked is None:
        return None
    table = f'{{ "{booked.normalize():f}" = "{code}", "{rate.normalize():f}" = "<article at {rate_text(rate)}>" }}'
    return f"name an article per rate: {setting} = " + (f"{{ line = {table} }}" if line else table)
