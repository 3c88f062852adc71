"""What a run looks up besides relations: countries, templates and revenue groups (read once per
run: short lists that change rarely) and articles (by code, each asked once per run).

Article look-ups filter on the server (`Artikelcode eq '…'`, or an extra field's value) and are
checked again here, exactly: SnelStart may compare strings case-insensitively ([I]), S-Connect
compares article codes exactly, as every other adapter does. The extra field's *name* is matched
here, case-insensitively (`articles.code_field = "ean"` finds "EAN").
"""
from __future__ import annotations

from decimal import Decimal

from domain.article import ARTICLE_CODE_FIELD, Article, RevenueGroup, SalesTemplate
from domain.errors import ConfigurationError
from domain.field_limits import ArticleCodeLimit
from domain.vat_abroad import VatAbroad
from infrastructure.snelstart.b2b import mapping
from infrastructure.snelstart.b2b.odata import ARTIKELCODE, ID, any_of, extra_field_value, guid
from infrastructure.snelstart.b2b.vat_settings import read_vat_abroad
from infrastructure.snelstart.b2b.transport import Transport
from infrastructure.snelstart.rules.writes import (
    reference_key,
    resolve_reference,
    vat_rate,
)


class Catalogue:
    def __init__(self, api: Transport):
        self._api = api
        self._countries: mapping.Countries | None = None
        self._templates: list[SalesTemplate] | None = None
        self._groups: list[RevenueGroup] | None = None
        self._vat_abroad: VatAbroad | None = None
        self._article_codes: ArticleCodeLimit | None = None
        self._by_code: dict[str, Article | None] = {}  # artikelcode → article, inactive ones too
        self._by_field: dict[tuple[str, str], Article | None] = {}  # (field, value) → active article
        self._agreed: dict[tuple[str, str, int], Decimal] = {}  # (article id, relation id, aantal) → price

    # Read once per run ----------------------------------------------------------------------------
    def countries(self) -> mapping.Countries:
        if self._countries is None:
            # `landen` ignores $filter (reference §5b): always the whole list.
            self._countries = mapping.Countries(self._api.get_list_plain("landen"))
        return self._countries

    def article_codes(self) -> ArticleCodeLimit:
        """The administration's artikelcode setting, from companyInfo. A koppeling without the
        scope settings:read cannot read it: then it is not known (SnelStart itself refuses a
        code that is too long, ART-0004), and the run goes on."""
        if self._article_codes is None:
            try:
                info = self._api.get("companyInfo")
            except ConfigurationError:
                info = None
            self._article_codes = mapping.article_code_limit(info)
        return self._article_codes

    def templates(self) -> list[SalesTemplate]:
        if self._templates is None:
            self._templates = [mapping.template(row) for row in self._api.get_list_plain("verkoopordersjablonen")]
        return self._templates

    def revenue_groups(self) -> list[RevenueGroup]:
        if self._groups is None:
            self._groups = sorted((mapping.revenue_group(row) for row in self._api.get_list_plain("artikelomzetgroepen")),
                                  key=lambda g: (g.number, g.id))
        return self._groups

    def vat_abroad(self) -> VatAbroad:
        if self._vat_abroad is None:
            self._vat_abroad = read_vat_abroad(self._api)
        return self._vat_abroad

    def template(self, reference: str) -> SalesTemplate | None:
        """By id or description: the API's templates have no number."""
        return resolve_reference(self.templates(), reference, lambda t: None, lambda t: t.description)

    def template_by_id(self, template_id: str) -> SalesTemplate | None:
        wanted = template_id.strip().lower()
        return next((t for t in self.templates() if t.id.lower() == wanted), None)

    def revenue_group(self, reference: str) -> RevenueGroup | None:
        return resolve_reference(self.revenue_groups(), reference, lambda g: g.number, lambda g: g.description)

    def vat_rate_of(self, article: Article) -> Decimal | None:
        wanted = article.revenue_group_id.lower()
        return vat_rate(next((g for g in self.revenue_groups() if g.id.lower() == wanted), None))

    # Articles -------------------------------------------------------------------------------------
    def article_with_code(self, code: str) -> Article | None:
        """The article with this artikelcode, active or not (None: there is none)."""
        code = code.strip()
        if code not in self._by_code:
            rows = self._api.get_list("artikelen", ARTIKELCODE.eq(code), unique=True)
            found = [mapping.article(row) for row in rows]
            for article in found:  # a case-insensitive server may return "art-1" for "ART-1"
                self._by_code.setdefault(article.code.strip(), article)
            self._by_code.setdefault(code, None)
        return self._by_code[code]

    def article_by_code(self, code: str, code_field: str) -> Article | None:
        code, field = code.strip(), code_field.strip()
        if field.casefold() == ARTICLE_CODE_FIELD:
            found = self.article_with_code(code)
            return found if found is not None and not found.inactive else None
        key = (reference_key(field), code)
        if key not in self._by_field:
            candidates = sorted((mapping.article(row) for row in
                                 self._api.get_list("artikelen", extra_field_value(code))), key=lambda a: a.code)
            for article in candidates:
                self._by_code.setdefault(article.code.strip(), article)
            self._by_field[key] = next((a for a in candidates if not a.inactive
                                        and (a.field(field) or "").strip() == code), None)
        return self._by_field[key]

    def agreed_prices(self, relation_id: str, wanted: list[tuple[Article, Decimal]]) -> None:
        """Ask the prices of an order's lines in few calls: per whole quantity, one
        `GET /artikelen?relatieId=…&aantal=N&$filter=(Id eq guid'…' or …)` for the articles not
        asked yet in this run (grouped to fit an address, as payment_references.py does). What
        the list leaves out is asked one by one by `agreed_price`."""
        by_quantity: dict[int, dict[str, Article]] = {}
        for article, quantity in wanted:
            aantal = _whole_quantity(quantity)
            if (article.id, relation_id, aantal) not in self._agreed:
                by_quantity.setdefault(aantal, {})[article.id.lower()] = article
        for aantal, articles in sorted(by_quantity.items()):
            ids = sorted(articles)
            for group in _id_groups(ids):
                # At most 20 rows, below the smallest page cap (the spec's 25): a short page is the end.
                rows = self._api.get_list("artikelen", any_of(*(ID.eq(guid(i)) for i in group)), unique=True,
                                          params={"relatieId": relation_id, "aantal": str(aantal)})
                for row in rows:
                    row_id = str(row.get("id") or "").lower()
                    if row_id in articles:
                        self._agreed[(articles[row_id].id, relation_id, aantal)] = mapping.article(row).sales_price

    def agreed_price(self, article: Article, relation_id: str, quantity: Decimal) -> Decimal:
        """The article's price for this customer and quantity, with their price agreements
        (reference §5c: `GET /artikelen/{id}` with `relatieId` and `aantal` answers it in
        `verkoopprijs`). What SnelStart does with a line posted without `stuksprijs` is not
        documented, so `sales.lines = code_and_quantity` asks this and sends the price: a line
        SnelStart priced at 0 would be a money error nobody sees. Asked once per run for each
        article, customer and quantity."""
        aantal = _whole_quantity(quantity)
        key = (article.id, relation_id, aantal)
        if key not in self._agreed:
            row = self._api.get(f"artikelen/{article.id}", {"relatieId": relation_id, "aantal": str(aantal)})
            self._agreed[key] = mapping.article(row).sales_price
        return self._agreed[key]

    def remember(self, article: Article) -> None:
        """An article as SnelStart now has it (created or updated in this run)."""
        self._by_code[article.code.strip()] = article
        values = {value.strip() for _, value in article.extra_fields} | {article.code.strip()}
        for key in [k for k in self._by_field if k[1] in values]:
            del self._by_field[key]  # asked again when needed: the answer may have changed


def _id_groups(ids: list[str], size: int = 20) -> list[list[str]]:
    """20 GUIDs a filter: `Id eq guid'…'` is 63 characters encoded, 20 of them fit in 1,600."""
    return [ids[n:n + size] for n in range(0, len(ids), size)]


def _whole_quantity(quantity: Decimal) -> int:
    """`aantal` is an int32 in the API: a quantity of 2.5 asks the agreement for 2 (a staffel that
    starts at 3 is not reached by 2.5 either), and never less than 1."""
    return max(1, min(int(quantity), 2**31 - 1))
