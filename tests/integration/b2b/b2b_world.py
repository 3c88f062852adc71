"""The administration the b2b integration tests start from, and small helpers."""
from __future__ import annotations

SUBSCRIPTION_KEY = "sim-subscription-key-4d7e"
CLIENT_KEY = "sim-koppelsleutel-9b2c"


def _address(street: str, postcode: str, city: str, country: str = "NL") -> dict:
    return {"contactpersoon": "", "straat": street, "postcode": postcode, "plaats": city, "land": country}


DOCUMENT = {
    "artikelomzetgroepen": [
        {"id": "og-hoog", "nummer": 1, "omschrijving": "Omzet hoog", "btwSoort": "Hoog"},
        {"id": "og-laag", "nummer": 2, "omschrijving": "Omzet laag", "btwSoort": "Laag"},
        {"id": "og-nul", "nummer": 3, "omschrijving": "Omzet nul", "btwSoort": "Geen"},
    ],
    "verkoopordersjablonen": [
        {"id": "tpl-web", "omschrijving": "Webshop", "prijsIngaveExclusiefBtw": False},
        {"id": "tpl-zakelijk", "omschrijving": "Zakelijk", "prijsIngaveExclusiefBtw": True},
    ],
    "relaties": [
        {"relatiecode": 1001, "naam": "Bakkerij De Vries B.V.", "email": " Inkoop@DeVries.nl ; info@devries.nl",
         "vestigingsAdres": _address("Keizersgracht 12A", "1015 CJ", "Amsterdam")},
        {"relatiecode": 1002, "naam": "O'Brien Coffee", "email": "sean@obrien.ie",
         "vestigingsAdres": _address("Main Street 1", "D02", "Dublin", "IE")},
        {"relatiecode": 2001, "relatiesoort": ["Leverancier"], "naam": "Koffie Import B.V.",
         "vestigingsAdres": _address("Havenweg 2", "3011 AA", "Rotterdam")},
    ],
    "artikelen": [
        {"artikelcode": "ART-1001", "omschrijving": "Koffiebonen 1 kg", "verkoopprijs": "24.95",
         "artikelOmzetgroep": "og-laag", "extraVelden": [{"naam": "EAN", "waarde": "8712345678906"}]},
        {"artikelcode": "ART-2001", "omschrijving": "Koffiemok wit", "verkoopprijs": "8.50",
         "artikelOmzetgroep": "og-hoog"},
        {"artikelcode": "O'BRIEN-1", "omschrijving": "Irish blend", "verkoopprijs": "12.00",
         "artikelOmzetgroep": "og-laag"},
        {"artikelcode": "ART-3001", "omschrijving": "Cold brew krat", "verkoopprijs": "17.50",
         "artikelOmzetgroep": "og-laag",
         "recept": {"plaatsen": "altijd", "regels": [{"artikelcode": "STATIEGELD", "aantal": "6"}]}},
        {"artikelcode": "STATIEGELD", "omschrijving": "Statiegeld fles", "verkoopprijs": "0.15",
         "artikelOmzetgroep": "og-nul"},
    ],
    "verkooporders": [
        {"nummer": 1, "relatie": 1001, "datum": "2024-03-01T10:00:00", "verkoopordersjabloon": "tpl-web",
         "betalingskenmerk": "12", "regels": [{"artikelcode": "ART-2001", "omschrijving": "Mok", "aantal": "1",
                                               "stuksprijs": "8.50", "totaal": "8.50"}],
         "totaalInclusiefBtw": "8.50"},
    ],
}



class Clock:
    """A monotonic clock the test moves by hand (shared by the simulator and the adapter)."""

    def __init__(self):
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def api_calls(api, method: str | None = None, prefix: str = "/v2/") -> list:
    return [c for c in api.calls if c.path.startswith(prefix) and (method is None or c.method == method)]
