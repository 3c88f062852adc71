"""Relaties: what a POST must carry, each refusal code, and PUT replacing the whole object."""
from __future__ import annotations

import pytest
from b2b_sim_support import error_codes


def new_relation(api, **changes) -> dict:
    body = {"relatiesoort": ["Klant"], "naam": "Fietsenmaker Smit",
            "vestigingsAdres": {"contactpersoon": "Piet Smit", "straat": "Dorpsstraat 4", "postcode": "1234 AB",
                                "plaats": "Ergenshuizen", "land": api.land("NL")},
            "email": "piet@smit.nl", "krediettermijn": 14,
            "factuurEmailVersturen": {"shouldSend": True, "email": "facturen@smit.nl", "ccEmail": ""}}
    body.update(changes)
    return body


def test_a_created_relation_is_answered_201_and_can_be_found(api, sim):
    answer = api.post("relaties", new_relation(api, relatiecode=3001))
    assert answer.status_code == 201
    created = answer.json()
    assert created["relatiecode"] == 3001 and created["relatiesoort"] == ["Klant"]
    assert created["factuurEmailVersturen"] == {"shouldSend": True, "email": "facturen@smit.nl", "ccEmail": ""}
    assert api.get(f"relaties/{created['id']}").json() == created
    assert api.relation(3001)["id"] == created["id"]
    stored = next(r for r in sim.snapshot().relations if r.code == 3001)
    assert (stored.name, stored.establishment.postcode, stored.establishment.country, stored.payment_term) == (
        "Fietsenmaker Smit", "1234 AB", "NL", 14)
    assert stored.invoice_email.email == "facturen@smit.nl"


def test_without_a_relatiecode_the_next_number_is_taken(api):
    assert api.post("relaties", new_relation(api)).json()["relatiecode"] == 2002


def test_rel_0008_a_relatiecode_in_use(api):
    assert error_codes(api.post("relaties", new_relation(api, relatiecode=1001))) == ["REL-0008"]


def test_rel_0007_naam_is_required(api):
    assert error_codes(api.post("relaties", new_relation(api, naam="  "))) == ["REL-0007"]


def test_alg_0100_the_id_must_be_empty_on_create(api):
    assert error_codes(api.post("relaties", new_relation(api, id="7d3c1e2a-1111-2222-3333-444455556666"))) == [
        "ALG-0100"]
    assert api.post("relaties", new_relation(api, id="00000000-0000-0000-0000-000000000000")).status_code == 201


@pytest.mark.parametrize("kinds, code", [(None, "REL-0066"), ([], "REL-0066"), (["Klant", "Leverancier"], "REL-0065"),
                                         (["Eigen"], "REL-0048"), (["Prospect"], "REF-0016")])
def test_relatiesoort_must_be_given_and_one_kind(api, kinds, code):
    body = new_relation(api)
    if kinds is None:
        del body["relatiesoort"]
    else:
        body["relatiesoort"] = kinds
    assert error_codes(api.post("relaties", body)) == [code]


def test_a_supplier_may_be_created(api, sim):
    created = api.post("relaties", new_relation(api, relatiesoort=["Leverancier"])).json()
    assert created["relatiesoort"] == ["Leverancier"]
    assert next(r for r in sim.snapshot().relations if r.code == created["relatiecode"]).kinds == ("Leverancier",)


@pytest.mark.parametrize("missing", ["straat", "postcode", "plaats", "land"])
def test_rel_0060_a_partly_filled_establishment_address(api, missing):
    body = new_relation(api)
    del body["vestigingsAdres"][missing]
    assert error_codes(api.post("relaties", body)) == ["REL-0060"]


def test_an_empty_establishment_address_or_one_with_only_a_contact_is_fine(api):
    assert api.post("relaties", new_relation(api, vestigingsAdres=None)).status_code == 201
    assert api.post("relaties", new_relation(api, vestigingsAdres={"contactpersoon": "Piet"})).status_code == 201


# The codes of SnelStart's error list (foutcodes-v2): REL-0020 "VestigingsAdres.Straat mag maximaal 50
# karakters bevatten", 0021 postcode, 0022 plaats, 0023 contactpersoon; 0025…0028 the same for
# the correspondentieadres.
@pytest.mark.parametrize("field, length, code", [("straat", 51, "REL-0020"), ("postcode", 26, "REL-0021"),
                                                 ("plaats", 51, "REL-0022"), ("contactpersoon", 51, "REL-0023")])
def test_establishment_address_lengths(api, field, length, code):
    body = new_relation(api)
    body["vestigingsAdres"][field] = "x" * (length - 1)
    assert api.post("relaties", body).status_code == 201
    body = new_relation(api)
    body["vestigingsAdres"][field] = "x" * length
    assert error_codes(api.post("relaties", body)) == [code]


@pytest.mark.parametrize("field, length, code", [("straat", 51, "REL-0025"), ("postcode", 26, "REL-0026"),
                                                 ("plaats", 51, "REL-0027"), ("contactpersoon", 51, "REL-0028")])
def test_correspondence_address_lengths(api, field, length, code):
    address = {"straat": "Postbus 1", "postcode": "1000 AA", "plaats": "Amsterdam", "land": api.land("NL")}
    address[field] = "x" * length
    assert error_codes(api.post("relaties", new_relation(api, correspondentieAdres=address))) == [code]


def test_rel_0055_and_0056_an_unknown_land(api):
    body = new_relation(api)
    body["vestigingsAdres"]["land"] = {"id": "7d3c1e2a-1111-2222-3333-444455556666"}
    assert error_codes(api.post("relaties", body)) == ["REL-0055"]
    address = {"straat": "Postbus 1", "postcode": "1000 AA", "plaats": "X",
               "land": {"id": "7d3c1e2a-1111-2222-3333-444455556666"}}
    assert error_codes(api.post("relaties", new_relation(api, correspondentieAdres=address))) == ["REL-0056"]


# REL-0057 "BtwNummer mag maximaal 50 karakters bevatten", REL-0058 "… moet minimaal 2 karakters bevatten".
@pytest.mark.parametrize("vat, code", [("N", "REL-0058"), ("NL" + "1" * 49, "REL-0057"),
                                       ("NL 1234.56789.B01", "REL-0059"), ("BE0123456749", "REL-0087"),
                                       ("123456789B01", "REL-0087"), ("NL12345678B01", "REL-0088")])
def test_invalid_vat_numbers(api, vat, code):
    assert error_codes(api.post("relaties", new_relation(api, btwNummer=vat))) == [code]


def test_a_valid_vat_number_of_the_establishment_country(api):
    assert api.post("relaties", new_relation(api, btwNummer="NL123456789B01")).status_code == 201
    body = new_relation(api, btwNummer="BE0123456749")
    body["vestigingsAdres"]["land"] = api.land("BE")
    assert api.post("relaties", body).status_code == 201


def test_rel_0032_an_invoice_email_to_send_needs_an_address(api):
    body = new_relation(api, factuurEmailVersturen={"shouldSend": True, "email": "", "ccEmail": ""})
    assert error_codes(api.post("relaties", body)) == ["REL-0032"]


def test_rel_0085_the_email_field_holds_at_most_250_characters(api):
    # REL-0084 is the list's "Email bevat één of meerdere ongeldige emailadressen"; 0085 its length.
    assert error_codes(api.post("relaties", new_relation(api, email="a" * 245 + "@x.nl;"))) == ["REL-0085"]


def test_several_refusals_come_back_together(api):
    body = new_relation(api, naam="", btwNummer="N")
    assert set(error_codes(api.post("relaties", body))) == {"REL-0007", "REL-0058"}


@pytest.mark.parametrize("raw, content_type", [(b"{not json", "application/json"),
                                               (b'{"naam": NaN}', "application/json"),
                                               (b"[1, 2]", "application/json"),
                                               (b'{"naam": 12, "relatiesoort": ["Klant"]}', "application/json")])
def test_ref_0016_invalid_json(api, sim, raw, content_type):
    answer = api.http.post(sim.base_url + "relaties", content=raw,
                           headers={**api.headers(), "Content-Type": content_type})
    assert error_codes(answer) == ["REF-0016"]


def test_a_body_that_is_not_json_is_415(api, sim):
    answer = api.http.post(sim.base_url + "relaties", content=b"naam=x",
                           headers={**api.headers(), "Content-Type": "application/x-www-form-urlencoded"})
    assert answer.status_code == 415


# PUT ------------------------------------------------------------------------------------------
def test_put_replaces_the_whole_object(api, sim):
    relation = api.relation(1001)
    relation["naam"] = "Bakkerij De Vries"
    for left_out in ("email", "btwNummer", "factuurEmailVersturen", "telefoon"):
        del relation[left_out]
    answer = api.put(f"relaties/{relation['id']}", relation)
    assert answer.status_code == 200
    updated = answer.json()
    assert updated["naam"] == "Bakkerij De Vries"
    assert (updated["email"], updated["btwNummer"]) == ("", "")
    assert updated["factuurEmailVersturen"] == {"shouldSend": False, "email": "", "ccEmail": ""}
    assert updated["extraVeldenKlant"] == [{"naam": "webshop", "waarde": "ja"}]  # read-only: kept
    stored = next(r for r in sim.snapshot().relations if r.code == 1001)
    assert (stored.name, stored.email, stored.id) == ("Bakkerij De Vries", "", "r-1001")


def test_get_change_put_keeps_everything_else(api):
    relation = api.relation(1002)
    relation["telefoon"] = "030-1234567"
    updated = api.put(f"relaties/{relation['id']}", relation).json()
    assert {k: v for k, v in updated.items() if k not in ("telefoon", "modifiedOn")} == {
        k: v for k, v in relation.items() if k not in ("telefoon", "modifiedOn")}


def test_put_refusals(api):
    relation = api.relation(1002)
    other = api.relation(1001)
    assert error_codes(api.put(f"relaties/{relation['id']}", {**relation, "id": other["id"]})) == ["ALG-0101"]
    assert error_codes(api.put(f"relaties/{relation['id']}", {**relation, "relatiesoort": ["Leverancier"]})) == [
        "REL-0064"]
    assert error_codes(api.put(f"relaties/{relation['id']}", {**relation, "relatiecode": 1001})) == ["REL-0008"]
    assert error_codes(api.put(f"relaties/{relation['id']}", {**relation, "naam": ""})) == ["REL-0007"]
    assert api.put("relaties/7d3c1e2a-1111-2222-3333-444455556666", relation).status_code == 404


def test_a_changed_relatiecode_moves_the_orders_with_it(api):
    relation = api.relation(1001)
    assert api.put(f"relaties/{relation['id']}", {**relation, "relatiecode": 1501}).status_code == 200
    order = api.one("verkooporders", "Nummer eq 1")
    assert order["relatie"]["id"] == relation["id"]


def test_custom_fields_are_written_through_their_own_endpoint(api, sim):
    relation = api.relation(1002)
    body = {"klantCustomFields": [{"name": "lidnummer", "value": "5299"}], "leverancierCustomFields": []}
    assert api.put(f"relaties/{relation['id']}/customFields", body).status_code == 200
    assert api.relation(1002)["extraVeldenKlant"] == [{"naam": "lidnummer", "waarde": "5299"}]
    assert next(r for r in sim.snapshot().relations if r.code == 1002).extra_fields == (("lidnummer", "5299"),)
