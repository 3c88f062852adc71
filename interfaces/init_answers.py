"""The answers of `sconnect config init`, and the questions that depend on the SnelStart kind and
on the administration (revenue groups per VAT rate)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from application.first_configuration import RATES, Offer
from domain.errors import ConfigurationError
from infrastructure.config import sections
from infrastructure.config.values import url
from interfaces.questions import Asker

# How S-Connect reaches SnelStart, the most common first (docs/configuration.md, the kinds).
KINDS = [("b2b", "SnelStart Web (the B2B API)"), ("sql", "SnelStart SQL / Netwerk"),
         ("local", "SnelStart 12 (Lokaal)"), ("mdb", "SnelStart 11 and older"),
         ("embedded", "a SnelStart-shaped file of S-Connect's own, for trying it out"),
         ("memory", "a snapshot JSON file, for tests")]


@dataclass
class Answers:
    profile_id: str
    kind: str = ""
    values: dict[str, dict[str, Any]] = field(default_factory=dict)  # section ("" = the profile) → key → value
    secrets: dict[tuple[str, str], str] = field(default_factory=dict)  # typed now, never an option

    def set(self, section: str, key: str, value: Any) -> None:
        if value is not None:
            self.values.setdefault(section, {})[key] = value

    def secret(self, section: str, name: str, value: str | None) -> None:
        if value:
            self.secrets[(section, name)] = value

    def file_values(self, secrets_in_file: dict[tuple[str, str], str]) -> dict[str, dict[str, Any]]:
        values = {section: dict(keys) for section, keys in self.values.items()}
        for (section, name), value in secrets_in_file.items():
            values.setdefault(section, {})[name] = value
        return values


def checked(reader: Callable[[Any, str], Any]) -> Callable[[str], Any]:
    """A configuration reader as a check of one answer: its refusal without the setting's name."""
    def check(value: str) -> Any:
        try:
            return reader(value, "answer")
        except ConfigurationError as error:
            raise ConfigurationError(str(error).removeprefix("answer: ")) from None
    return check


def _not_empty(value: str, path: str) -> str:
    text = value.strip()
    if not text:
        raise ConfigurationError(f"{path}: must not be empty")
    return text


def kind_settings(asker: Asker, answers: Answers, o: dict[str, Any]) -> None:
    """The settings the chosen kind needs."""
    kind = answers.kind
    ask = lambda key, option, question, default=None, check=checked(_not_empty): answers.set(  # noqa: E731
        "snelstart", key, asker.ask(option, question, o[key], default, check))
    if kind in ("embedded", "memory"):
        ask("database", "--database", "The administration file",
            "administration.sqlite" if kind == "embedded" else "administration.json")
    elif kind == "sql":
        ask("server", "--server", "SQL Server (instance), e.g. KANTOOR\\SNELSTART")
        ask("database", "--database", "Database (the administration's name on the server)")
        login = asker.ask("--username", "SQL login (empty: Windows authentication)", o["username"], "", str.strip)
        if login:
            answers.set("snelstart", "username", login)
    elif kind in ("mdb", "local"):
        ask("folder", "--folder", "Folder holding the administrations")
        ask("administration", "--administration", "The administration's name in that folder")
    elif kind == "b2b":
        for key, option in (("base_url", "--b2b-url"), ("token_url", "--token-url")):
            if o[key if key == "token_url" else "b2b_url"] is not None:  # only asked as an option
                value = asker.ask(option, key, o["token_url" if key == "token_url" else "b2b_url"], None,
                                  checked(lambda v, p, key=key: url(v, p, slash=key == "base_url")))
                answers.set("snelstart", key, value)


def snelstart_secrets(kind: str) -> list[tuple[str, str]]:
    if kind == "b2b":
        return [("subscription_key", "SnelStart B2B subscription key"),
                ("client_key", "SnelStart koppelsleutel (client key)")]
    return []  # the SnelStart password is asked by nobody: empty is SnelStart's default (`secret set`)


def revenue_groups(asker: Asker, administration, offer: Offer, given: list[str]) -> Any:
    """The revenue group of new articles per VAT rate: `{"21": "Omzet hoog", …}`."""
    def group(reference: str) -> str:
        found = administration.revenue_group(reference)
        if found is None:
            raise ConfigurationError(f"{reference!r} is not a revenue group of the administration")
        return found.description

    if given:
        try:
            return _given_groups(given, group)
        except ConfigurationError as error:
            raise ConfigurationError(f"--revenue-group: {str(error).removeprefix('answer: ')}") from None
    if not offer.groups:
        return None
    asker.say("  revenue groups (artikelomzetgroepen) of the administration:")
    choices = [(g.description, f"VAT {g.vat_kind.lower()}" if g.vat_kind else "") for g in offer.groups]
    chosen = {}
    for rate, _kind in RATES:
        usual = offer.group_for_rate(rate)
        answer = asker.choose("--revenue-group", f"Revenue group of new articles at {rate} % VAT", None,
                              choices if rate == RATES[0][0] else [], usual.description if usual else "-",
                              lambda text: None if text.strip() in ("-", "") else group(text))
        if answer is not None:
            chosen[rate] = answer
    return chosen or None


def _given_groups(given: list[str], group: Callable[[str], str]) -> Any:
    if len(given) == 1 and "=" not in given[0]:
        return group(given[0])
    chosen = {}
    for item in given:
        rate, separator, reference = item.partition("=")
        if not separator:
            raise ConfigurationError(f"{item!r}: write RATE=GROUP, e.g. 21=\"Omzet hoog\", or one group for every rate")
        chosen[sections.vat_rate(rate, "answer")] = group(reference.strip())
    return chosen
