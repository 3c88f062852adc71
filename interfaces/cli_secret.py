"""`sconnect secret set PROFILE SECTION.NAME` and `secret delete PROFILE SECTION.NAME`: a secret in
the operating system's keyring (SPEC §11). The value is read from a prompt that does not echo,
or from stdin when that is not a terminal — never from the command line, which would keep it
in the shell's history and show it to every user in the process list."""
from __future__ import annotations

import os
import sys

import typer

from interfaces.command_group import command_group
from interfaces.plain import line
from interfaces.wiring import load

EXIT_CONFIG = 78
# A secret is a key or a password: a few hundred characters at most. Reading stdin stops there,
# so a file piped in by mistake is refused rather than stored.
MAX_SECRET = 4096
# Every secret setting (infrastructure.config.secrets.SECRET_SETTINGS, in its order: a test checks
# they agree) and its name for the prompt; `--help` lists them without loading the configuration.
WHAT = {"myshop.private_key": "myShop private key (privésleutel)", "snelstart.password": "SnelStart password",
        "snelstart.subscription_key": "SnelStart B2B subscription key",
        "snelstart.client_key": "SnelStart koppelsleutel (client key)"}

app = command_group(help="Keep a secret in the operating system's keyring.")
ProfileArgument = typer.Argument(..., help="The profile id.")
SettingArgument = typer.Argument(..., help="The secret: " + ", ".join(WHAT) + ".")


def _print(text: str) -> None:
    from rich.console import Console

    Console().print(line(text), soft_wrap=True)


def _fail(line: str, code: int = EXIT_CONFIG) -> typer.Exit:
    print(line, file=sys.stderr)
    return typer.Exit(code)


def _check(ctx: typer.Context, profile: str, setting: str) -> tuple[str, str]:
    from domain.errors import ConfigurationError
    from infrastructure.config.loader import PROFILE_ID
    from infrastructure.config.secrets import SECRET_SETTINGS

    if setting not in SECRET_SETTINGS:
        raise _fail(f"{setting!r} is not a secret S-Connect keeps; one of {', '.join(SECRET_SETTINGS)}", 2)
    if not PROFILE_ID.match(profile):
        raise _fail(f"{profile!r} is not a profile id (letters, digits, '-' and '_')", 2)
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    if profile not in config.profiles:
        raise ConfigurationError(f"no profile '{profile}' in {config.path}; the profiles are: "
                                 f"{', '.join(config.profiles)}")
    section, name = setting.split(".")
    return section, name


def _read_value(profile: str, setting: str) -> str:
    if sys.stdin.isatty():
        import getpass

        value = getpass.getpass(f"{WHAT[setting]} of {profile} (not shown as you type): ")
    else:
        value = sys.stdin.read(MAX_SECRET + 1)
        if len(value) > MAX_SECRET:
            raise _fail(f"stdin holds more than {MAX_SECRET} characters: that is no {WHAT[setting]}; nothing stored")
        # A trailing line end is how `echo` and files end; it is never part of a key.
        value = value.rstrip("\r\n")
    if not value.strip():
        raise _fail(f"nothing given; the {WHAT[setting]} of {profile} is unchanged")
    if "\n" in value or "\r" in value:  # two lines piped in: a file, or a key and something else
        raise _fail(f"stdin holds more than one line: give only the {WHAT[setting]}; nothing stored")
    return value


@app.command("set")
def set_command(ctx: typer.Context, profile: str = ProfileArgument, setting: str = SettingArgument) -> None:
    """Store a secret in the keyring (read from a hidden prompt, or from stdin)."""
    from infrastructure.config import SECRET_SINKS, env_name
    from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring

    section, name = _check(ctx, profile, setting)
    keyring = SystemKeyring()
    variable = env_name(profile, section, name)
    try:
        backend = keyring.name()  # before the prompt: no keyring, no question
    except KeyringUnavailable as unavailable:
        raise _fail(f"{unavailable}: set the environment variable {variable} instead (see docs/configuration.md)")
    value = _read_value(profile, setting)
    for sink in SECRET_SINKS:  # masked from here on, whatever goes wrong
        sink(value)
    try:
        keyring.set(profile, section, name, value)
    except KeyringUnavailable as unavailable:
        raise _fail(f"{unavailable}: nothing stored; set the environment variable {variable} instead")
    _print(f"{setting} of {profile} is now kept in the keyring ({backend})")
    if os.environ.get(variable):
        _print(f"note: {variable} is set in this environment, and the environment comes first")


@app.command("delete")
def delete_command(ctx: typer.Context, profile: str = ProfileArgument, setting: str = SettingArgument) -> None:
    """Remove a secret from the keyring."""
    from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring

    section, name = _check(ctx, profile, setting)
    try:
        deleted = SystemKeyring().delete(profile, section, name)
    except KeyringUnavailable as unavailable:
        raise _fail(f"{unavailable}: nothing deleted")
    what = "removed from the keyring" if deleted else "was not in the keyring; nothing to delete"
    _print(f"{setting} of {profile} {what}")
