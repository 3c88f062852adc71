"""What Instellingen offers to choose from, read from the profile's administration: its sales
templates and revenue groups, through the use case `sconnect config init` asks
(application/first_configuration.read_offer over the Administration port) — never an adapter
here. When the administration cannot be read (no keys yet, SnelStart away), the fields stay
free text and the page says why."""
from __future__ import annotations

from dataclasses import dataclass

from domain.errors import SConnectError
from infrastructure.state.redact import redact

# SnelStart's btwSoort in the manual's words, with the Dutch rate it carries.
VAT_KINDS = {"hoog": ("btw hoog, 21%", "VAT high, 21%"), "laag": ("btw laag, 9%", "VAT low, 9%"),
             "geen": ("geen btw, 0%", "no VAT, 0%")}


@dataclass(frozen=True)
class Choice:
    value: str  # what the file gets: the name, as `config init` writes it
    label: tuple[str, str]  # (Dutch, English)


@dataclass(frozen=True)
class Choices:
    templates: tuple[Choice, ...] = ()
    groups: tuple[Choice, ...] = ()
    problem: str = ""  # why nothing could be read ("" when read)


def _template(template) -> Choice:
    entry = ("prijzen excl. btw", "prices excl. VAT") if template.prices_excl_vat else ("prijzen incl. btw",
                                                                                          "prices incl. VAT")
    number = f"{template.number}: " if template.number is not None else ""
    return Choice(template.description, (f"{number}{template.description} ({entry[0]})",
                                         f"{number}{template.description} ({entry[1]})"))


def _group(group) -> Choice:
    kind = VAT_KINDS.get(group.vat_kind.casefold(), (group.vat_kind, group.vat_kind))
    suffix = [f" ({k})" if k else "" for k in kind]
    return Choice(group.description, (f"{group.number}: {group.description}{suffix[0]}",
                                      f"{group.number}: {group.description}{suffix[1]}"))


def read_choices(console, profile_id: str) -> Choices:
    """The profile's administration's templates (the active ones) and revenue groups."""
    from dependency_injector import providers

    from application.first_configuration import read_offer
    from interfaces.wiring import wire

    try:
        wired = wire(console.config(), profile_id, secrets=False)  # the shop's key is not needed here
        wired.container.state.override(providers.Object(console.state))
        try:
            offer = read_offer(wired.container.administration())
        finally:
            wired.close()
    except SConnectError as exc:
        return Choices(problem=redact(str(exc)))
    except OSError as exc:  # the administration's file or folder cannot be opened
        return Choices(problem=redact(f"{type(exc).__name__}: {exc}"))
    return Choices(tuple(_template(t) for t in offer.templates), tuple(_group(g) for g in offer.groups))
