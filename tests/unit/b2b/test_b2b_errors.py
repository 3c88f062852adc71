"""SnelStart's error bodies, whatever their shape, become one-line messages with their codes."""
from __future__ import annotations

import json

import pytest

from domain.errors import ConfigurationError, OrderRejected
from infrastructure.snelstart.b2b.errors import (
    SnelStartRefused,
    forbidden,
    one_line,
    parse_errors,
    refused,
    scope_for,
    token_refused,
    unauthorised,
)
from infrastructure.state.redact import register_secret


@pytest.mark.parametrize("body, codes, message", [
    ([{"errorCode": "REL-0008", "message": "Relatiecode is al in gebruik"}], ["REL-0008"],
     "Relatiecode is al in gebruik"),
    ([{"ErrorCode": "REF-0013", "Message": "Te veel decimalen", "Details": "stuksprijs"}], ["REF-0013"],
     "Te veel decimalen"),
    ({"code": "VOR-0005", "message": "Nummer moet leeg zijn"}, ["VOR-0005"], "Nummer moet leeg zijn"),
    ({"Message": "The query specified in the URI is not valid. ALG-0104 Could not find a property named 'email'"},
     ["ALG-0104"], "The query specified in the URI is not valid. ALG-0104 Could not find a property named 'email'"),
    ({"statusCode": 401, "message": "Access denied due to invalid subscription key."}, [""],
     "Access denied due to invalid subscription key."),
    ({"error": "invalid_grant", "error_description": "Koppelsleutel onbekend"}, [""], "Koppelsleutel onbekend"),
    ({"errors": [{"errorCode": "ART-0005", "message": "bestaat al"}, {"errorCode": "ART-0006", "message": "leeg"}]},
     ["ART-0005", "ART-0006"], "bestaat al"),
])
def test_every_body_shape_gives_its_codes_and_messages(body, codes, message):
    found = parse_errors(json.dumps(body).encode())

    assert [e.code for e in found] == codes
    assert found[0].message == message


def test_plain_text_and_garbage_never_raise():
    assert [(e.code, e.message) for e in parse_errors(b"Fout REL-0059 in btwNummer\n")] == \
        [("REL-0059", "Fout REL-0059 in btwNummer")]
    assert parse_errors(b"\xff\xfe<html>") and parse_errors(b"") == []
    assert parse_errors(b"[1, 2, null]") == [] and parse_errors(b"{}") == []


def test_messages_are_one_line_and_short():
    line = one_line("first\nsecond\r\n\tthird " + "x" * 500)

    assert "\n" not in line and "\t" not in line
    assert line.startswith("first second third ") and len(line) <= 240 and line.endswith("…")


def test_a_registered_secret_never_survives_into_a_message():
    register_secret("geheime-koppelsleutel-123")
    refusal = refused(400, b'[{"errorCode": "ALG-0001", "message": "key geheime-koppelsleutel-123 rejected"}]',
                      "POST relaties")
    assert "geheime-koppelsleutel-123" not in str(refusal)
    assert "***" in str(refusal)


def test_a_refusal_is_an_order_rejection_with_every_code():
    refusal = refused(400, json.dumps([{"errorCode": "REL-0008", "message": "code bezet"},
                                       {"errorCode": "REL-0059", "message": "btw ongeldig"}]), "POST relaties")

    assert isinstance(refusal, OrderRejected) and isinstance(refusal, SnelStartRefused)
    assert refusal.code == "REL-0008" and refusal.codes == {"REL-0008", "REL-0059"}
    assert str(refusal) == "REL-0008: code bezet; REL-0059 btw ongeldig"


def test_a_code_the_message_repeats_is_shown_once():
    refusal = refused(400, b'[{"errorCode": "REL-0008", "message": "REL-0008: code bezet"}]', "POST relaties")

    assert str(refusal) == "REL-0008: code bezet"


def test_a_refusal_without_a_body_says_what_was_refused():
    assert str(refused(409, b"", "PUT artikelen")) == "SnelStart refused PUT artikelen (HTTP 409)"


def test_401_names_the_credential_that_was_refused():
    api_management = unauthorised(b'{"statusCode": 401, "message": "Access denied due to invalid subscription key. '
                                  b'Make sure to provide a valid key for an active subscription."}')
    api = unauthorised(b'{"message": "Authorization has been denied for this request."}')

    assert isinstance(api_management, ConfigurationError) and isinstance(api, ConfigurationError)
    assert str(api_management).startswith("snelstart.subscription_key:")
    assert str(api).startswith("snelstart.client_key:")
    assert "\n" not in str(api_management) + str(api)


def test_a_refused_token_names_the_koppelsleutel():
    error = token_refused(400, b'{"error": "invalid_grant", "error_description": "Onbekende sleutel"}')

    assert str(error).startswith("snelstart.client_key: SnelStart refused the koppelsleutel (HTTP 400: Onbekende")


@pytest.mark.parametrize("method, path, scope", [
    ("GET", "relaties", "relaties:read"), ("POST", "relaties", "relaties:write"),
    ("PUT", "artikelen/abc", "artikelen:write"), ("GET", "artikelomzetgroepen", "artikelen:read"),
    ("POST", "verkooporders", "orders:write"), ("GET", "verkoopordersjablonen", "orders:read"),
    ("GET", "companyInfo", "settings:read"), ("GET", "vatrates", "settings:read"), ("GET", "grootboeken", None),
])
def test_403_names_the_missing_scope(method, path, scope):
    assert scope_for(method, path) == scope
    message = str(forbidden(method, path, b'{"message": "Insufficient scope"}'))
    assert (scope or "access to this part of the API") in message
    assert message.startswith("snelstart.client_key:")
