"""`sconnect config init`: a first configuration, by answering questions on a terminal — the
shop, how SnelStart is reached, then the template, revenue groups and articles chosen from what
the administration really has (read through the Administration port), and the planning. It
writes a commented file (every setting at its default with its explanation) and ends with
test-connection. `--non-interactive` takes every answer from the options, for scripts."""
from __future__ import annotations

from typing import TYPE_CHECKING

import os
import shutil
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Optional

import typer
from rich.console import Console

if TYPE_CHECKING:  # imported where used: start-up of every command (`--help` included) stays light
    from application import first_configuration as offer_of
    from infrastructure.atomic_file import write_atomically
    from infrastructure.config import SECRET_SINKS, env_name, find_config_path, load_config
    from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring
    from infrastructure.config.model import INTERVALS, MYSHOP_BASE_URL
    from infrastructure.config.problems import Problems
    from infrastructure.config.profile_text import config_file_text
    from infrastructure.config.secrets import SecretReader
    from infrastructure.config import sections
    from infrastructure.config.loader import PROFILE_ID
    from interfaces.init_answers import KINDS, Answers, checked, kind_settings, revenue_groups, snelstart_secrets
    from interfaces.questions import NONE, Asker, MissingAnswers, is_terminal
from domain.errors import ConfigurationError, SConnectError, ServiceUnavailable
from interfaces.plain import line

EXIT_USAGE, EXIT_TEMPFAIL, EXIT_CONFIG = 2, 75, 78
out = Console()


def _stop(message: str, code: int) -> typer.Exit:
    print(" ".join(message.split()), file=sys.stderr)
    return typer.Exit(code)


def init(ctx: typer.Context,
         force: bool = typer.Option(False, "--force", help="Replace an existing file (kept as <file>.bak)."),
         non_interactive: bool = typer.Option(False, "--non-interactive", help="Ask nothing: every answer from "
                                              "the options below, the usual answer where one is left out."),
         profile_id: str = typer.Option("shop1", "--profile-id", help="The profile's id."),
         description: str = typer.Option("", "--description", help="Free text, e.g. the shop's address."),
         shop_id: Optional[str] = typer.Option(None, "--shop-id", help="The myShop winkelnummer."),
         start_from: Optional[str] = typer.Option(None, "--start-from", help="A date or order number (default: today)."),
         shop_url: Optional[str] = typer.Option(None, "--shop-url", help="The myShop RPC address."),
         kind: Optional[str] = typer.Option(None, "--kind", help="sql, mdb, local, b2b, embedded or memory."),
         database: Optional[str] = typer.Option(None, "--database", help="sql: the database; embedded/memory: the file."),
         server: Optional[str] = typer.Option(None, "--server", help="sql: the SQL Server (instance)."),
         username: Optional[str] = typer.Option(None, "--username", help="sql: the SQL login (empty: Windows)."),
         folder: Optional[str] = typer.Option(None, "--folder", help="mdb/local: the folder of the administrations."),
         administration: Optional[str] = typer.Option(None, "--administration", help="mdb/local: its name."),
         b2b_url: Optional[str] = typer.Option(None, "--b2b-url", help="b2b: the API address."),
         token_url: Optional[str] = typer.Option(None, "--token-url", help="b2b: the token address."),
         template: Optional[str] = typer.Option(None, "--template", help="The verkoopordersjabloon (name or number)."),
         revenue_group: Optional[list[str]] = typer.Option(None, "--revenue-group", help="RATE=GROUP (once per VAT "
                                                           "rate), or one GROUP for every rate."),
         shipping_costs: Optional[str] = typer.Option(None, "--shipping-costs", help="An article code, cost_type_1, "
                                                      "cost_type_2, or - (not booked)."),
         payment_costs: Optional[str] = typer.Option(None, "--payment-costs", help="Same forms."),
         discount: Optional[str] = typer.Option(None, "--discount", help="Same forms (the voucher discount)."),
         default_article: Optional[str] = typer.Option(None, "--default-article", help="For lines without an article "
                                                       "code (- for none)."),
         interval: Optional[str] = typer.Option(None, "--interval", help="off, 5m, 10m, 15m, 30m, 1h, … 1d."),
         state: Optional[str] = typer.Option(None, "--state", help="The state database (default: the user data "
                                             "folder)."),
         ) -> None:
    """Make a configuration file by answering questions (or from the options, for scripts)."""
    from infrastructure.config import find_config_path
    from infrastructure.config.loader import PROFILE_ID
    from interfaces.questions import Asker, MissingAnswers, is_terminal

    path = find_config_path((ctx.find_root().obj or {}).get("config"), os.environ)
    if path.exists() and not force:
        raise _stop(f"{path} exists; nothing changed (`sconnect config init --force` replaces it, keeping the old "
                    f"one as {path.name}.bak)", EXIT_USAGE)
    if not PROFILE_ID.match(profile_id):
        raise _stop(f"--profile-id: {profile_id!r} is not a profile id (letters, digits, '-' and '_')", EXIT_USAGE)
    asker = Asker(not non_interactive and is_terminal(), out)
    options = dict(description=description, shop_id=shop_id, start_from=start_from, shop_url=shop_url, kind=kind,
                   database=database, server=server, username=username, folder=folder,
                   administration=administration, b2b_url=b2b_url, token_url=token_url, template=template,
                   revenue_group=revenue_group or [], shipping_costs=shipping_costs, payment_costs=payment_costs,
                   discount=discount, default_article=default_article, interval=interval)
    try:
        answers = _ask(asker, profile_id, path, options)
    except MissingAnswers as missing:
        raise _stop(f"config init: also give {', '.join(missing.options)}", EXIT_USAGE)
    except SConnectError as error:
        raise _stop(f"config init: {error}; nothing written", EXIT_CONFIG)
    _write(path, answers, state, force, asker)
    _test_connection(path, answers)


def _ask(asker: Asker, profile_id: str, path: Path, o: dict[str, Any]) -> Answers:
    from infrastructure.config.model import INTERVALS, MYSHOP_BASE_URL
    from infrastructure.config import sections
    from interfaces.init_answers import KINDS, Answers, checked, kind_settings, snelstart_secrets

    answers = Answers(profile_id)
    asker.say(("S-Connect: a first configuration", "bold"), f", written to {path}.")
    asker.say("Press Enter to take the answer in [brackets]; Ctrl-C stops without writing anything.")
    asker.say(("\nThe webshop (myShop)", "bold"))
    answers.set("myshop", "shop_id", asker.ask("--shop-id", "myShop winkelnummer", o["shop_id"], None,
                                               checked(sections.shop_number)))
    answers.secret("myshop", "private_key", _secret(asker, profile_id, "myshop", "private_key",
                                                    "myShop private key (privésleutel)"))
    answers.set("myshop", "start_from", asker.ask("--start-from", "Read orders changed from (a date, or an order "
                                                  "number)", o["start_from"], date.today().isoformat(),
                                                  checked(_start_point)))
    answers.set("myshop", "base_url", asker.ask("--shop-url", "myShop address", o["shop_url"], MYSHOP_BASE_URL,
                                                checked(lambda v, p: sections.url(v, p, slash=True))))
    if o["description"]:
        answers.set("", "description", o["description"])
    asker.finish()
    asker.say(("\nSnelStart", "bold"))
    while True:
        chosen = asker.choose("--kind", "How S-Connect reaches SnelStart", o["kind"], KINDS, "b2b", _kind)
        answers.kind = chosen
        answers.values["snelstart"] = {}
        kind_settings(asker, answers, o)
        for name, what in snelstart_secrets(chosen):
            answers.secret("snelstart", name, _secret(asker, profile_id, "snelstart", name, what))
        asker.finish()
        try:
            _choose_from_administration(asker, answers, o)
            break
        except (ConfigurationError, ServiceUnavailable) as error:
            if not asker.interactive:
                raise
            asker.say(("  the administration could not be read:", "yellow"), " ", str(error))
            asker.say("  give the SnelStart settings again (Ctrl-C stops)")
            o = {**o, "kind": None}
    asker.say(("\nPlanning", "bold"))
    answers.set("planning", "interval", asker.ask("--interval", f"Import orders every ({', '.join(INTERVALS)})",
                                                  o["interval"], "15m", _interval))
    asker.finish()
    return answers


def _choose_from_administration(asker: Asker, answers: Answers, o: dict[str, Any]) -> None:
    """Template, revenue groups and articles, from what the administration has."""
    from application import first_configuration as offer_of
    from interfaces.init_answers import revenue_groups
    from interfaces.questions import NONE

    from dependency_injector import providers

    from interfaces.container import Container  # every adapter: only when an administration is asked

    connection = _connection(answers)
    container = Container(profile=SimpleNamespace(id=answers.profile_id, snelstart=connection),
                          state_path=Path(os.devnull))
    container.b2b_memory.override(providers.Object(None))  # no state database yet: nothing kept
    try:
        administration = container.administration()
        offer = offer_of.read_offer(administration)
        asker.say(f"  the administration has {len(offer.templates)} sales template(s) and {len(offer.groups)} "
                  f"revenue group(s)")
        if not offer.templates:
            raise ConfigurationError("it has no active verkoopordersjabloon; make one in SnelStart first")
        first = offer.template_first()

        def template(reference: str) -> str:
            found = administration.template(reference)
            if found is None or found.inactive:
                raise ConfigurationError(f"{reference!r} is not an active template of the administration")
            return found.description

        answers.set("sales", "template", asker.choose(
            "--template", "Sales template (verkoopordersjabloon) for new orders", o["template"],
            [(t.description, f"number {t.number}" if t.number is not None else "") for t in offer.templates],
            first.description if first else None, template))
        answers.set("articles", "revenue_group", revenue_groups(asker, administration, offer, o["revenue_group"]))
        for purpose, option, question in (
                ("shipping_costs", "--shipping-costs", "Article for shipping costs"),
                ("payment_costs", "--payment-costs", "Article for payment costs"),
                ("discount", "--discount", "Article for the voucher discount"),
                ("default_article_code", "--default-article", "Article for lines without an article code")):
            usual = offer_of.usual_article(administration, purpose)
            value = asker.ask(option, f"{question} (code, {NONE} for none)",
                              o["default_article" if purpose == "default_article_code" else purpose],
                              usual.code if usual else NONE,
                              lambda text, p=purpose: _article_answer(administration, answers.kind, p, text))
            if value is not None:
                answers.set("sales", purpose, value)
    finally:
        container.shutdown_resources()


def _article_answer(administration, kind: str, purpose: str, text: str) -> Any:
    from application import first_configuration as offer_of
    from interfaces.questions import NONE

    text = text.strip()
    if text in (NONE, ""):
        return None
    if purpose != "default_article_code" and text.lower() in ("cost_type_1", "cost_type_2"):
        if kind == "b2b":
            raise ConfigurationError("the B2B API has no footer cost types; give an article code")
        return text.lower()
    found = offer_of.article(administration, text)
    if found is None:
        raise ConfigurationError(f"{text!r} is not an active article of the administration")
    return found.code if purpose == "default_article_code" else {"line": found.code}


def _connection(answers: Answers):
    """The snelstart section as the configuration will read it, the secrets given meanwhile."""
    from infrastructure.config import env_name
    from infrastructure.config.keyring_store import SystemKeyring
    from infrastructure.config.problems import Problems
    from infrastructure.config.secrets import SecretReader
    from infrastructure.config import sections

    environ = {env_name(answers.profile_id, s, n): v for (s, n), v in answers.secrets.items()}
    problems = Problems()
    reader = SecretReader(Path(os.devnull), {**os.environ, **environ}, required=True, file_problems=problems,
                          keyring=SystemKeyring())
    data = {"kind": answers.kind, **answers.values.get("snelstart", {})}
    connection = sections.snelstart(data, f"profiles.{answers.profile_id}.snelstart", answers.profile_id,
                                    Path.cwd(), reader, problems)
    problems.raise_any()
    return connection


def _secret(asker: Asker, profile_id: str, section: str, name: str, what: str) -> str | None:
    """A secret typed now, unless the environment or the keyring has it already (then it is used
    from there and not written anywhere)."""
    from infrastructure.config import SECRET_SINKS, env_name
    from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring

    if os.environ.get(env_name(profile_id, section, name)):
        asker.say(f"  {what}: from {env_name(profile_id, section, name)}")
        return None
    try:
        if SystemKeyring().get(profile_id, section, name):
            asker.say(f"  {what}: from the keyring")
            return None
    except KeyringUnavailable:
        pass
    if not asker.interactive:
        return None  # test-connection says it is missing, and how to give it
    value = asker.secret(f"{what}")
    for sink in SECRET_SINKS:
        sink(value)
    return value


def _start_point(value: str, path: str) -> Any:
    from infrastructure.config import sections

    point = sections.start_point(value, path)
    return point if not isinstance(point, str) else int(point)


def _kind(value: str) -> str:
    from interfaces.init_answers import KINDS

    wanted = value.strip().lower()
    if wanted not in [k for k, _ in KINDS]:
        raise ConfigurationError(f"{value!r} is not one of {', '.join(k for k, _ in KINDS)}")
    return wanted


def _interval(value: str) -> str:
    from infrastructure.config import sections
    from interfaces.init_answers import checked

    checked(sections.interval)(value)
    return value.strip().lower()


def _write(path: Path, answers: Answers, state: str | None, force: bool, asker: Asker) -> None:
    from infrastructure.atomic_file import write_atomically
    from infrastructure.config import env_name, load_config
    from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring
    from infrastructure.config.profile_text import config_file_text

    keep_in_file = {}
    if answers.secrets:
        keyring = SystemKeyring()
        try:
            where = keyring.name()
            for (section, name), value in answers.secrets.items():
                keyring.set(answers.profile_id, section, name, value)
            asker.say(f"  the keys typed are kept in the keyring ({where}), not in the file")
        except KeyringUnavailable as unavailable:
            if asker.confirm(f"{unavailable}: write the keys in the configuration file (only you can read it)?",
                             default=False):
                keep_in_file = answers.secrets
            else:
                for section, name in answers.secrets:
                    asker.say(f"  before running, set {env_name(answers.profile_id, section, name)}")
    values = answers.file_values(keep_in_file)
    text = config_file_text(answers.profile_id, answers.kind, values, date.today(), state)
    path.parent.mkdir(parents=True, exist_ok=True)
    if force and path.exists():
        shutil.copy2(path, path.with_name(path.name + ".bak"))
    try:
        write_atomically(path, text.encode("utf-8"), mode=0o600,
                         check=lambda candidate: load_config(candidate, {}, need_secrets=False))
    except OSError as error:
        raise _stop(f"{path}: cannot be written ({error.strerror}); nothing changed", EXIT_CONFIG)
    out.print(line(("written:", "green"), f" {path}"), soft_wrap=True)


def _test_connection(path: Path, answers: Answers) -> None:
    from infrastructure.config import env_name, load_config

    from interfaces.cli import check_connection
    from interfaces.wiring import wire

    out.print(line(("testing the connection …", "bold")), soft_wrap=True)
    environ = {**os.environ, **{env_name(answers.profile_id, s, n): v for (s, n), v in answers.secrets.items()}}
    check_connection(wire(load_config(path, environ, per_profile=True), answers.profile_id))
