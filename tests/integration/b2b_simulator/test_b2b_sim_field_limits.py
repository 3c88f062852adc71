"""The simulator holds every client to SnelStart's field limits (domain.field_limits), also those
of fields S-Connect does not write (mobieleTelefoon, websiteUrl, iban, bic, the e-mail send
settings, orderreferentie): a value at the limit is taken, one character more is refused with
the table's code and SnelStart's own wording."""
from __future__ import annotations

import pytest
from b2b_sim_support import error_codes
from test_b2b_sim_articles import new_article
from test_b2b_sim_orders import line, new_order
from test_b2b_sim_relations import new_relation

from domain import field_limits as limits
from domain.field_limits import FieldLimit


def text(length: int) -> str:
    return ("K1" * length)[:length]


RELATION_FIELDS = [(limits.RELATION_NAME, "naam"), (limits.PHONE, "telefoon"), (limits.MOBILE_PHONE, "mobieleTelefoon"),
                   (limits.EMAIL, "email"), (limits.COC_NUMBER, "kvkNummer"), (limits.WEBSITE, "websiteUrl"),
                   (limits.IBAN, "iban"), (limits.BIC, "bic")]


@pytest.mark.parametrize("limit, key", RELATION_FIELDS, ids=[key for _, key in RELATION_FIELDS])
def test_a_relation_field(api, limit: FieldLimit, key: str):
    assert api.post("relaties", new_relation(api, **{key: text(limit.length)})).status_code == 201
    answer = api.post("relaties", new_relation(api, **{key: text(limit.length + 1)}))
    assert error_codes(answer) == [limit.code]
    assert f"{limit.field} mag maximaal {limit.length} karakters bevatten" in answer.text


SETTINGS = [(name, which, limit) for name, pair in limits.EMAIL_SETTINGS.items()
            for which, limit in zip(("email", "ccEmail"), pair)]


@pytest.mark.parametrize("setting, which, limit", SETTINGS, ids=[limit.field for _, _, limit in SETTINGS])
def test_an_email_send_setting(api, setting: str, which: str, limit: FieldLimit):
    def body(length: int) -> dict:
        value = {"shouldSend": False, "email": "", "ccEmail": ""} | {which: text(length)}
        return new_relation(api, **{setting: value})
    assert api.post("relaties", body(limit.length)).status_code == 201
    assert error_codes(api.post("relaties", body(limit.length + 1))) == [limit.code]


def test_an_article_description(api):
    limit = limits.ARTICLE_DESCRIPTION
    assert api.post("artikelen", new_article(api, omschrijving=text(limit.length))).status_code == 201
    assert error_codes(api.post("artikelen", new_article(api, artikelcode="ART-5002",
                                                         omschrijving=text(limit.length + 1)))) == ["ART-0007"]


ORDER_FIELDS = [(limits.ORDER_REFERENCE, "orderreferentie"), (limits.ORDER_DESCRIPTION, "omschrijving"),
                (limits.MEMO, "memo")]


@pytest.mark.parametrize("limit, key", ORDER_FIELDS, ids=[key for _, key in ORDER_FIELDS])
def test_an_order_field(api, limit: FieldLimit, key: str):
    assert api.post("verkooporders", new_order(api, **{key: text(limit.length)})).status_code == 201
    assert error_codes(api.post("verkooporders", new_order(api, **{key: text(limit.length + 1)}))) == [limit.code]


def test_a_line_description_of_an_article_line_or_a_text_line(api):
    limit = limits.LINE_DESCRIPTION
    long = text(limit.length + 1)
    assert api.post("verkooporders", new_order(api, regels=[line(api, "ART-1001", "1", "24.95",
                                                                 omschrijving=text(limit.length))])).status_code == 201
    assert error_codes(api.post("verkooporders", new_order(api, regels=[
        line(api, "ART-1001", "1", "24.95", omschrijving=long)]))) == [limit.code]
    assert error_codes(api.post("verkooporders", new_order(api, regels=[{"omschrijving": long}]))) == [limit.code]


def test_an_emoji_counts_two_as_in_snelstart(api):
    assert api.post("relaties", new_relation(api, naam="🫘" * 25)).status_code == 201
    assert error_codes(api.post("relaties", new_relation(api, naam="🫘" * 25 + "x"))) == ["REL-0007"]
