"""Ask the administration everything booking needs to decide, before anything is written."""
from __future__ import annotations

from domain import booking
from domain.article import ARTICLE_CODE_FIELD, Article
from domain.field_limits import ArticleCodeLimit
from domain.matching import Recognition
from domain.order import ChargeKind, WebshopOrder
from domain.settings import ChargeMode, CustomerProcessing, ProfileSettings

from application.ports import Administration


def _setting_codes(settings: ProfileSettings) -> set[str]:
    """Article codes named in settings are SnelStart artikelcodes, whatever articles.code_field says."""
    codes = {code.strip() for code in settings.sales.default_articles.values()}
    for kind in ChargeKind:
        charge = settings.sales.charge_booking(kind)
        if charge is not None and charge.mode is ChargeMode.LINE:
            codes.update(code.strip() for code in charge.articles.values())
    return codes - {""}


def gather(order: WebshopOrder, settings: ProfileSettings, recognition: Recognition,
           administration: Administration) -> booking.Lookups:
    sales, code_field = settings.sales, settings.articles.code_field
    template = administration.template(sales.template) if sales.template else None
    last_template = None
    if sales.take_last_template and recognition.relation is not None:
        last_template = administration.last_template_of(recognition.relation.code)

    from_settings = _setting_codes(settings)
    other_field = code_field.casefold() != ARTICLE_CODE_FIELD
    articles: dict[str, Article | None] = {}
    taken: dict[str, Article] = {}
    for code in sorted(booking.needed_article_codes(order, settings)):
        found = administration.article_by_code(code, code_field)
        if found is None and other_field:
            by_artikelcode = administration.article_by_code(code, ARTICLE_CODE_FIELD)
            if code in from_settings:
                found = by_artikelcode
            elif by_artikelcode is not None:
                taken[code] = by_artikelcode
        articles[code] = found
    components = {code: administration.article_by_code(code, ARTICLE_CODE_FIELD)
                  for code in sorted(booking.needed_component_codes(articles, settings))}
    revenue_groups = {ref: administration.revenue_group(ref)
                      for ref in sorted(set(settings.articles.revenue_group.values()))}
    default_customer = None
    customers = settings.customers
    if customers.processing is CustomerProcessing.MANUAL and customers.default_customer_code is not None:
        default_customer = administration.relation_by_code(str(customers.default_customer_code))
    # SnelStart books an article at its revenue group's rate (SPEC §4): the groups of every article
    # the order may use, asked by id.
    group_ids = {article.revenue_group_id.strip() for article in (*articles.values(), *components.values())
                 if article is not None and article.revenue_group_id.strip()}
    article_groups = {group_id: administration.revenue_group(group_id) for group_id in sorted(group_ids)}
    abroad = default_customer is not None and default_customer.establishment.country.strip().upper() not in ("", "NL")
    vat_abroad = administration.vat_abroad() if abroad or booking.abroad_countries(order, recognition) else None
    return booking.Lookups(template=template, last_template=last_template, articles=articles,
                           components=components, revenue_groups=revenue_groups,
                           default_customer=default_customer, taken_codes=taken,
                           article_groups=article_groups, vat_abroad=vat_abroad,
                           article_codes=_article_codes(administration))


def _article_codes(administration: Administration) -> ArticleCodeLimit:
    """What the administration takes as an artikelcode. One that does not say (the classic
    desktop kinds, which create no articles) leaves a new code unchecked: SnelStart says it."""
    says = getattr(administration, "article_code_limit", None)
    return says() if callable(says) else ArticleCodeLimit()
