"""Instellingen: a profile's settings in the manual's groups (§2.2–2.7), read from and written
to the configuration file with tomlkit, so comments and layout stay as the user left them.

Nothing is checked here: the new file is read by the configuration's own rules
(`load_config`) before it replaces the old one, and each problem is shown next to the field its
key names. A secret is never read into a page: the form says whether it is set and where from,
and a value typed into its field replaces it.
"""
from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

import tomlkit

from domain.errors import ConfigurationError
from infrastructure.config import INTERVALS, load_config
from interfaces.console import settings_tables

CHOICES = {
    "kind": ("embedded", "b2b", "sql", "mdb", "local", "memory"),
    "signing": ("default", "empty_partner_param", "no_module_in_hash"),
    "description": ("webshop_order", "auto", "empty", "profile_name"),
    "addresses": ("from_order", "from_customer_card"),
    "lines": ("full", "code_and_quantity", "description_from_snelstart"),
    "recipes": ("never", "when_always", "when_choice_or_always"),
    "processing": ("add_only", "add_and_update", "manual"),
    "recognition": ("smart", "customer_code", "email", "customer_code_or_email", "email_and_postcode",
                    "customer_code_or_email_and_postcode"),
    "interval": tuple(INTERVALS),
}

# The choices in the manual's words (§2.2–2.7); the file keeps the values on the left.
CHOICE_LABELS = {
    "sql": ("SQL (Netwerk)", "SQL (network)"), "mdb": ("MDB", "MDB"), "local": ("Lokaal", "Local"),
    "b2b": ("SnelStart Web (B2B API)", "SnelStart Web (B2B API)"),
    "embedded": ("Ingebouwde administratie (embedded)", "Built-in administration (embedded)"),
    "memory": ("Snapshot-bestand (memory)", "Snapshot file (memory)"),
    "webshop_order": ("Webshop-order <ordernummer>", "Webshop-order <order number>"),
    "auto": ("Automatisch genereren", "Generate automatically"), "empty": ("Leeg laten", "Leave empty"),
    "profile_name": ("Naam van webshop/profiel", "Name of the webshop/profile"),
    "from_order": ("Uit externe order", "From the shop's order"),
    "from_customer_card": ("Van klantkaart", "From the customer card"),
    "full": ("Volledig overnemen", "Take over in full"),
    "code_and_quantity": ("Alleen artikelcode en aantal", "Article code and quantity only"),
    "description_from_snelstart": ("Omschrijving uit SnelStart-artikel", "Description from the SnelStart article"),
    "never": ("Nooit uitklappen", "Never expand"),
    "when_always": ("Uitklappen als 'Recept plaatsen' is 'altijd'", "Expand when 'place recipe' is 'always'"),
    "when_choice_or_always": ("Uitklappen als 'Recept plaatsen' is 'keuze' of 'altijd'",
                              "Expand when 'place recipe' is 'choice' or 'always'"),
    "add_only": ("Alleen toevoegen", "Add only"), "add_and_update": ("Toevoegen en bijwerken", "Add and update"),
    "manual": ("Handmatig", "Manual"),
    "customer_code": ("Klantcode", "Customer code"), "email": ("E-mailadres", "E-mail address"),
    "customer_code_or_email": ("Klantcode of e-mailadres", "Customer code or e-mail address"),
    "email_and_postcode": ("E-mailadres én verzendpostcode", "E-mail address and delivery postcode"),
    "customer_code_or_email_and_postcode": ("Klantcode of (e-mailadres én verzendpostcode)",
                                            "Customer code or (e-mail address and delivery postcode)"),
    "smart": ("Slim", "Smart"), "off": ("uit", "off"),
    "default": ("standaard", "default"), "empty_partner_param": ("lege partnerparameter", "empty partner parameter"),
    "no_module_in_hash": ("zonder module in de hash", "no module in the hash"),
}


# The settings with a value per VAT rate: how the form shows them, and what it makes of the form.
TABLES = {
    "rates": (settings_tables.per_rate_shown, settings_tables.per_rate_wanted),
    "groups": (settings_tables.per_rate_shown, settings_tables.per_rate_wanted),
    "charge": (settings_tables.charge_shown, settings_tables.charge_wanted),
}


@dataclass(frozen=True)
class Field:
    section: str  # "" for the profile's own keys
    key: str
    label: tuple[str, str]  # (Dutch in the manual's words, English)
    kind: str = "text"  # text | choice | bool | int | secret | template | rates | groups | charge
    default: object = None
    kinds: tuple[str, ...] = ()  # SnelStart kinds the field is for (manual §2.2); (): every kind

    @property
    def name(self) -> str:
        return f"{self.section}.{self.key}" if self.section else self.key


GROUPS: list[tuple[tuple[str, str], list[Field]]] = [
    (("Profiel", "Profile"), [
        Field("", "description", ("Omschrijving", "Description")),
    ]),
    (("Koppeling SnelStart", "SnelStart connection"), [
        Field("snelstart", "kind", ("Soort administratie", "Kind of administration"), "choice"),
        Field("snelstart", "database", ("Administratie (bestand of database)", "Administration (file or database)"),
              kinds=("embedded", "memory", "sql")),
        Field("snelstart", "server", ("SQL Server", "SQL Server"), kinds=("sql",)),
        Field("snelstart", "folder", ("Map", "Folder"), kinds=("mdb", "local")),
        Field("snelstart", "administration", ("Administratie", "Administration"), kinds=("mdb", "local")),
        Field("snelstart", "username", ("SQL gebruikersnaam", "SQL user name"), kinds=("sql",)),
        Field("snelstart", "password", ("SQL wachtwoord", "SQL password"), "secret", kinds=("sql",)),
        Field("snelstart", "user", ("SnelStart-gebruiker", "SnelStart user"), default="Beheerder",
              kinds=("sql", "mdb", "local")),
        Field("snelstart", "subscription_key", ("Abonnementssleutel (B2B API)", "Subscription key (B2B API)"), "secret",
              kinds=("b2b",)),
        Field("snelstart", "client_key", ("Koppelsleutel (B2B API)", "Client key (B2B API)"), "secret",
              kinds=("b2b",)),
    ]),
    (("Koppeling myShop", "myShop connection"), [
        Field("myshop", "start_from", ("Vanaf datum/tijd of ordernummer", "From date/time or order number")),
        Field("myshop", "shop_id", ("Winkelnummer", "Shop number")),
        Field("myshop", "private_key", ("Privésleutel", "Private key"), "secret"),
        Field("myshop", "base_url", ("Adres van myShop", "myShop address"),
              default="https://www.mijnwinkel.nl/RPC/"),
    ]),
    (("Aansluiting SnelStart – Verkopen", "SnelStart – Sales"), [
        Field("sales", "template", ("Verkoopsjabloon", "Sales template"), "template"),
        Field("sales", "take_last_template", ("Laatste overnemen", "Take the last one"), "bool", False),
        Field("sales", "unique_payment_reference", ("Betalingskenmerk uniek", "Unique payment reference"), "bool", True),
        Field("sales", "description", ("Omschrijving order", "Order description"), "choice"),
        Field("sales", "addresses", ("Adressen verkooporder", "Sales order addresses"), "choice"),
        Field("sales", "lines", ("Verwerking orderregels", "Order lines"), "choice"),
        Field("sales", "recipes", ("SnelStart-recepten", "SnelStart recipes"), "choice"),
        Field("sales", "shipping_costs", ("Verzendkosten", "Shipping costs"), "charge"),
        Field("sales", "payment_costs", ("Betalingskosten", "Payment costs"), "charge"),
        Field("sales", "discount", ("Kortingsbedrag", "Discount"), "charge"),
        Field("sales", "default_article_code", ("Standaard artikelcode", "Default article code"), "rates"),
    ]),
    (("Aansluiting SnelStart – Artikelen", "SnelStart – Articles"), [
        Field("articles", "code_field", ("Veld artikelcode", "Article code field"), default="artikelcode"),
        Field("articles", "revenue_group", ("Omzetgroep", "Revenue group"), "groups"),
        Field("articles", "processing", ("Verwerking", "Processing"), "choice"),
    ]),
    (("Aansluiting SnelStart – Klanten", "SnelStart – Customers"), [
        Field("customers", "recognition", ("Herkenning", "Recognition"), "choice"),
        Field("customers", "processing", ("Verwerking", "Processing"), "choice"),
        Field("customers", "default_customer_code", ("Standaard klantcode", "Default customer code"), "int"),
        Field("customers", "default_payment_term", ("Standaard betalingstermijn (dagen)", "Default payment term (days)"), "int"),
    ]),
    (("Planning", "Planning"), [
        Field("planning", "interval", ("Interval", "Interval"), "choice"),
        Field("planning", "next_run", ("Volgende keer uitvoeren", "Next run")),
    ]),
]
FIELDS = [f for _, fields in GROUPS for f in fields]


def default_choice(f: Field) -> str:
    """The value a choice takes when the file leaves it out, from the settings catalogue (the
    docs' tables): shown as "(standaard: …)" in the manual's words."""
    from infrastructure.config.catalogue import SECTIONS

    found = next((s for s in SECTIONS.get(f.section, ()) if s.key == f.key), None)
    value = "" if found is None else found.default.strip("`")
    return value if value in CHOICES.get(f.key, ()) or value == "off" else ""


def shown_fields(kind: str, values: dict) -> list[tuple[tuple[str, str], list[Field]]]:
    """The groups with the fields of this SnelStart kind (and any field that has a value)."""
    return [(group, [f for f in fields if not f.kinds or kind in f.kinds or values.get(f.name)])
            for group, fields in GROUPS]


def read_document(path: Path) -> tomlkit.TOMLDocument:
    return tomlkit.parse(path.read_text(encoding="utf-8-sig"))


def _table(doc, profile: str, section: str, create: bool = False):
    profiles = doc.get("profiles", {})
    table = profiles.get(profile)
    if table is None or not section:
        return table
    if section not in table and create:
        table.add(section, tomlkit.table())
    return table.get(section)


def shown_values(doc, profile: str) -> dict[str, str | bool]:
    """Each field's value as the form shows it (never a secret's)."""
    values: dict[str, str | bool] = {}
    for f in FIELDS:
        table = _table(doc, profile, f.section)
        item = None if table is None else table.get(f.key)
        if f.kind == "secret":
            continue
        if f.kind == "bool":
            values[f.name] = bool(item) if item is not None else bool(f.default)
        elif f.kind in TABLES:
            values[f.name] = TABLES[f.kind][0](item)
        elif item is None:
            values[f.name] = ""
        else:
            values[f.name] = str(item)
    return values


def as_typed(form: dict[str, str], names) -> dict[str, object]:
    """The form's values of the fields `names` as the page shows them (after a problem: what was
    typed stays, the rows per rate too)."""
    typed: dict[str, object] = {}
    for f in FIELDS:
        if f.name not in names:
            continue
        if f.kind in TABLES:
            prefix = f.name + (".line" if f.kind == "charge" else "")
            rows = {key[len(prefix) + 1:-1]: value for key, value in form.items()
                    if key.startswith(prefix + "[") and key.endswith("]")}
            typed[f.name] = {"*": form.get(prefix, ""), **rows, **({"mode": form.get(f.name, "")}
                                                                  if f.kind == "charge" else {})}
        else:
            typed[f.name] = form.get(f.name, "")
    return typed


def apply(doc, profile: str, form: dict[str, str]) -> dict[str, str]:
    """The form's changes into `doc` (only what changed; a field emptied goes back to its default,
    a checkbox sends "off" before its "on"); problems of form, per field name."""
    problems: dict[str, str] = {}
    before = shown_values(doc, profile)
    for f in FIELDS:
        if f.name not in form:
            continue  # not on the page (another SnelStart kind's field): left as it is
        if f.kind == "bool":
            wanted: object = form.get(f.name) == "on"
            if wanted == before[f.name]:
                continue
        elif f.kind in TABLES:
            wanted, problem = TABLES[f.kind][1](form, f.name)
            table = _table(doc, profile, f.section)
            if problem:
                problems[f.name] = problem
                continue
            if settings_tables.unchanged(None if table is None else table.get(f.key), wanted):
                continue
            wanted = settings_tables.toml_value(wanted)
        else:
            raw = form.get(f.name, "").strip()
            if f.kind == "secret":
                if not raw:
                    continue  # left empty: the secret stays as it is
                wanted = raw
            elif raw == before.get(f.name, ""):
                continue
            elif not raw:
                wanted = None  # emptied: the key goes, the default applies
            elif f.kind == "int":
                try:
                    wanted = int(raw)
                except ValueError:
                    problems[f.name] = f"'{raw}' is geen geheel getal / is not a whole number"
                    continue
            else:
                wanted = raw
        table = _table(doc, profile, f.section, create=wanted is not None)
        if wanted is None:
            if table is not None and f.key in table:
                del table[f.key]
        else:
            table[f.key] = wanted
    return problems


def field_problems(error: ConfigurationError, profile: str) -> tuple[dict[str, str], list[str]]:
    """The configuration's one-line problems, by the field their key names; the rest apart."""
    by_field: dict[str, str] = {}
    other: list[str] = []
    prefix = f"profiles.{profile}."
    for line in str(error).splitlines():
        key, _, message = line.partition(": ")
        key = key.split(": ")[-1].strip()
        matched = None
        if key.startswith(prefix):
            rest = key[len(prefix):]
            matched = next((f.name for f in FIELDS if rest == f.name or rest.startswith(f.name + ".")), None)
        if matched and message:
            by_field[matched] = message
        else:
            other.append(line)
    return by_field, other


def save(path: Path, doc, environ, secret_written: bool) -> None:
    """Check the new text with the configuration's own rules, then put it in place at once
    (a half-written file is never read). Raises ConfigurationError, naming the key."""
    text = tomlkit.dumps(doc)
    mode = stat.S_IMODE(path.stat().st_mode)
    if secret_written:
        mode &= 0o700  # a secret in the file: no other user may open it (the loader insists)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temp, mode)
        load_config(Path(temp), environ, need_secrets=False)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
