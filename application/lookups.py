"""Ask the administration everything booking needs to decide, before anything is written."""
from __future__ import annotations

from domain import booking
from domain.article import ARTICLE_CODE_FIELD, Article
from domain.matching import Recognition
from domain.order import ChargeKind, WebshopOrder
from domain.settings import ChargeMode, CustomerProcessing, ProfileSettings

from application.ports import Administration


def _setting_codes(settings: ProfileSettings) -> set[str]:
    """Article codes named in settings are SnelStart artikelcodes, whatever articles.code_field says."""
    codes = {settings.sales.default_article_code} if settings.sales.default_article_code else set()
    for kind in ChargeKind:
        charge = settings.sales.charge_booking(kind)
        if charge is not None and charge.mode is ChargeMode.LINE and charge.article_code:
            codes.add(charge.article_code)
    return codes


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
    return booking.Lookups(template=template, last_template=last_template, articles=articles,
                           components=components, revenue_groups=revenue_groups,
                           default_customer=default_customer, taken_codes=taken)
