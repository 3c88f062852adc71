"""What the B2B simulator's tests share: a small administration and a plain httpx client that
speaks to the simulator the way the API expects (token, both headers) — deliberately not the
adapter, so the simulator is tested on its own."""
from __future__ import annotations

import copy
from decimal import Decimal

import httpx

from infrastructure.snelstart.snapshot import Snapshot, load_snapshot

SUB_KEY = "sub-key-test"
CLIENT_KEY = "client-key-test"


def _address(street: str, postcode: str, city: str, country: str = "NL", contact: str = "") -> dict:
    return {"contactpersoon": contact, "straat": street, "postcode": postcode, "plaats": city, "land": country}


DOCUMENT = {
    "artikelomzetgroepen": [
        {"id": "og-hoog", "nummer": 1, "omschrijving": "Omzet hoog", "btwSoort": "Hoog"},
        {"id": "og-laag", "nummer": 2, "omschrijving": "Omzet laag", "btwSoort": "Laag"},
    ],
    "verkoopordersjablonen": [
        {"id": "tpl-web", "nummer": 1, "omschrijving": "Webshop", "prijsIngaveExclusiefBtw": False},
        {"id": "tpl-zakelijk", "nummer": 2, "omschrijving": "Zakelijk", "prijsIngaveExclusiefBtw": True},
    ],
    "relaties": [
        {"id": "r-1001", "relatiecode": 1001, "naam": "Bakkerij De Vries B.V.",
         "vestigingsAdres": _address("Keizersgracht 12A", "1015 CJ", "Amsterdam", contact="Jan de Vries"),
         "email": "Inkoop@DeVries.nl", "btwNummer": "NL123456789B01", "kvkNummer": "12345678",
         "factuurEmailVersturen": {"shouldSend": True, "email": "facturen@devries.nl", "ccEmail": ""},
         "extraVeldenKlant": [{"naam": "webshop", "waarde": "ja"}]},
        {"id": "r-1002", "relatiecode": 1002, "naam": "Jan Jansen",
         "vestigingsAdres": _address("Oudegracht 101", "3511 AD", "Utrecht"),
         "email": "jan@jansen-online.nl; j.jansen@gmail.com"},
        {"id": "r-1003", "relatiecode": 1003, "naam": "Koffiebar Peeters",
         "vestigingsAdres": _address("Grote Markt 1", "1000", "Brussel", "BE"), "email": "fleur@peeters.be"},
        {"id": "r-1004", "relatiecode": 1004, "naam": "De Oude Molen", "nonactief": True,
         "vestigingsAdres": _address("Molenstraat 1", "6211 KX", "Maastricht"), "email": "molen@example.nl"},
        {"id": "r-2001", "relatiecode": 2001, "relatiesoort": ["Leverancier"], "naam": "Koffie Import B.V.",
         "vestigingsAdres": _address("Havenweg 2", "3011 AA", "Rotterdam")},
    ],
    "artikelen": [
        {"id": "a-1001", "artikelcode": "ART-1001", "omschrijving": "Koffiebonen 1 kg", "verkoopprijs": "24.95",
         "artikelOmzetgroep": "og-laag", "extraVelden": [{"naam": "EAN", "waarde": "8712345678906"}]},
        {"id": "a-2001", "artikelcode": "ART-2001", "omschrijving": "Koffiemok wit", "verkoopprijs": "8.50",
         "artikelOmzetgroep": "og-hoog"},
        {"id": "a-3001", "artikelcode": "ART-3001", "omschrijving": "Proefpakket", "verkoopprijs": "19.95",
         "artikelOmzetgroep": "og-hoog",
         "recept": {"plaatsen": "keuze", "regels": [{"artikelcode": "ART-1001", "aantal": "0.5"},
                                                    {"artikelcode": "ART-2001", "aantal": "2"}]}},
        {"id": "a-0999", "artikelcode": "ART-0999", "omschrijving": "Huismelange (oud)", "verkoopprijs": "11.95",
         "artikelOmzetgroep": "og-laag", "isNonActief": True},
    ],
    "verkooporders": [
        {"id": "o-1", "nummer": 1, "relatie": 1001, "datum": "2024-03-01T10:15:23", "verkoopordersjabloon": "tpl-web",
         "betalingskenmerk": "12", "omschrijving": "Webshop-order 12", "verkooporderBtwIngaveModel": "Inclusief",
         "regels": [{"artikelcode": "ART-2001", "omschrijving": "Koffiemok wit", "aantal": "1",
                     "stuksprijs": "8.50", "kortingsPercentage": "0", "totaal": "8.50"}],
         "totaalInclusiefBtw": "8.50"},
        {"id": "o-2", "nummer": 2, "relatie": 1002, "datum": "2024-03-05T09:00:00",
         "verkoopordersjabloon": "tpl-zakelijk", "betalingskenmerk": "O'Brien-13", "verkooporderBtwIngaveModel":
         "Exclusief", "regels": [], "totaalInclusiefBtw": "0"},
    ],
}


def snapshot_document() -> dict:
    return copy.deepcopy(DOCUMENT)


def sim_snapshot() -> Snapshot:
    return load_snapshot(snapshot_document())


class Api:
    """A bare client: a token from the token endpoint, both headers on every call."""

    def __init__(self, sim, subscription_key: str = SUB_KEY, client_key: str = CLIENT_KEY):
        self.sim = sim
        # Plain HTTP on loopback: no certificate store to load (that alone costs ~0.1 s a client).
        self.http = httpx.Client(timeout=httpx.Timeout(10, connect=2), verify=False)
        self.subscription_key, self.client_key = subscription_key, client_key
        self.token: str | None = None

    def close(self) -> None:
        self.http.close()

    def fetch_token(self) -> httpx.Response:
        return self.http.post(self.sim.token_url, data={"grant_type": "clientkey", "clientkey": self.client_key})

    def headers(self) -> dict[str, str]:
        if self.token is None:
            answer = self.fetch_token()
            assert answer.status_code == 200, answer.text
            self.token = answer.json()["access_token"]
        return {"Authorization": f"Bearer {self.token}", "Ocp-Apim-Subscription-Key": self.subscription_key}

    def get(self, path: str, **params: str) -> httpx.Response:
        return self.http.get(self.sim.base_url + path, params=params, headers=self.headers())

    def post(self, path: str, body: object) -> httpx.Response:
        return self.http.post(self.sim.base_url + path, json=body, headers=self.headers())

    def put(self, path: str, body: object) -> httpx.Response:
        return self.http.put(self.sim.base_url + path, json=body, headers=self.headers())

    def delete(self, path: str) -> httpx.Response:
        return self.http.delete(self.sim.base_url + path, headers=self.headers())

    def rows(self, path: str, **params: str) -> list[dict]:
        answer = self.get(path, **params)
        assert answer.status_code == 200, answer.text
        rows = answer.json()
        assert isinstance(rows, list)
        return rows

    def one(self, path: str, filter_: str) -> dict:
        rows = self.rows(path, **{"$filter": filter_})
        assert len(rows) == 1, rows
        return rows[0]

    def land(self, code: str) -> dict:
        return {"id": next(row["id"] for row in self.rows("landen") if row["landcode"] == code)}

    def relation(self, code: int) -> dict:
        return self.one("relaties", f"Relatiecode eq {code}")

    def article(self, code: str) -> dict:
        return self.one("artikelen", f"Artikelcode eq '{code}'")

    def template(self, description: str) -> dict:
        return next(t for t in self.rows("verkoopordersjablonen") if t["omschrijving"] == description)


def error_codes(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 400, (answer.status_code, answer.text)
    body = answer.json()
    assert isinstance(body, list), body
    return [item["errorCode"] for item in body]


def decimal(value: str) -> Decimal:
    return Decimal(value)
