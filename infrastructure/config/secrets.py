"""Secrets (private key, passwords, API keys): from the environment first, then from the
operating system's keyring (`sconnect secret set`), then from the configuration file — only if
no other user can open it (SPEC §11). Every value read is handed to the SECRET_SINKS so the log
and exports can blank it out; each Secret says where it came from (never its value)."""
from __future__ import annotations

import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from infrastructure.config.keyring_store import KeyringUnavailable, SystemKeyring
from infrastructure.config.model import Secret, SnelStartKind
from infrastructure.config.problems import Problems
from infrastructure.config.values import fail, key_path
from infrastructure.state.redact import userinfo_secrets

# Callables taking each secret value read (e.g. the log's redactor); the container wires them.
SECRET_SINKS: list[Callable[[str], None]] = []
# The source of a secret that was in a file other users can open: not used (see SecretReader.read).
REFUSED = "refused"


def env_prefix(profile_id: str) -> str:
    """SCONNECT_<PROFILE>_; a '-' in a profile id becomes '_' (shells allow no '-')."""
    return f"SCONNECT_{profile_id}_".replace("-", "_").upper()


def env_name(profile_id: str, section: str, name: str) -> str:
    """SCONNECT_<PROFILE>_<SECTION>_<NAME>, the variable a secret is looked up in first."""
    return f"{env_prefix(profile_id)}{section}_{name}".upper()


# The secrets of a profile, as SECTION.NAME: what `sconnect secret set` accepts.
SECRET_SETTINGS = ("myshop.private_key", "snelstart.password", "snelstart.subscription_key",
                   "snelstart.client_key")
# Secret.source of a secret from the keyring; one from the environment says "env <VARIABLE>".
KEYRING, FILE = "keyring", "file"


def ways_to_give(profile_id: str, section: str, name: str) -> str:
    """How the user can give a missing secret, the safest first."""
    return (f"set {env_name(profile_id, section, name)} or run "
            f"`sconnect secret set {profile_id} {section}.{name}`")


def _open_to_others(file: Path) -> bool:
    # Windows has no group/other mode bits (os.stat reports 0o666): its ACLs are out of reach here.
    if os.name == "nt":
        return False
    return bool(stat.S_IMODE(file.stat().st_mode) & 0o077)


def profile_secrets(profile) -> list[tuple[str, str]]:
    """(environment variable, what it holds) for every secret `profile` may need to run."""
    found = [(env_name(profile.id, "myshop", "private_key"), "the myShop privésleutel")]
    kind = profile.snelstart.kind
    if kind is SnelStartKind.B2B:
        found += [(env_name(profile.id, "snelstart", "subscription_key"), "the SnelStart B2B API subscription key"),
                  (env_name(profile.id, "snelstart", "client_key"), "the SnelStart koppelsleutel")]
    elif kind is SnelStartKind.SQL and profile.snelstart.username:
        found.append((env_name(profile.id, "snelstart", "password"), "the SQL Server login's password"))
    elif kind in (SnelStartKind.SQL, SnelStartKind.MDB, SnelStartKind.LOCAL):
        found.append((env_name(profile.id, "snelstart", "password"),
                      "the SnelStart Gateway password (leave empty when there is none)"))
    return found


class SecretReader:
    """Reads the secrets of one configuration file, with one environment."""

    def __init__(self, file: Path, environ: Mapping[str, str], required: bool = True,
                 file_problems: Problems | None = None, keyring: SystemKeyring | None = None,
                 every_secret: bool = True):
        self.file = file
        self.environ = environ
        # None: the keyring is not asked (a command that needs no secrets, or no keyring here).
        self.keyring = keyring
        # False: the keyring is asked only for the secrets a profile's kind uses (a run); True:
        # for every secret (`config check` says where each one came from).
        self.every_secret = every_secret
        self.keyring_problem = ""  # the keyring is there but could not be read (locked): said with a missing secret
        # True: a missing or refused secret is a problem of the file (`file_problems`), refused
        # with the others. False: it is noted per profile (`problems`), and the profile says it
        # when it is about to run (Profile.require_secrets) — commands that only read
        # S-Connect's own state need no key at all, and one profile's missing key must not stop
        # the other profiles.
        self.required = required
        self.file_problems = file_problems if file_problems is not None else Problems()
        self.problems: dict[str, list[str]] = {}

    def missing(self, profile_id: str, where: str, message: str) -> None:
        """A secret `profile_id` cannot run without is missing or refused (see `required`)."""
        if self.keyring_problem:
            message += f" ({self.keyring_problem})"
        error = fail(where, message)
        if self.required:
            self.file_problems.add(error)
        else:
            self.problems.setdefault(profile_id, []).append(str(error))

    def read(self, data: Mapping[str, Any], profile_id: str, section: str, name: str,
             path: str, *, used: bool = True) -> Secret:
        """`used=False`: a secret the profile's kind does not use, looked up in the keyring only
        when every secret is asked for (finding the keyring's backend costs a run a moment)."""
        variable = env_name(profile_id, section, name)
        from_env = self.environ.get(variable, "")
        if from_env:  # an empty variable counts as unset: `export X=` is a common slip
            return self._register(Secret(from_env, f"env {variable}"))
        from_keyring = self._from_keyring(profile_id, section, name) if used or self.every_secret else None
        if from_keyring:
            return self._register(Secret(from_keyring, KEYRING))
        if name not in data:
            return Secret("", "default")
        value = data[name]
        where = key_path(path, name)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # a numeric password is still a password
        if not isinstance(value, str):
            # The value itself is never shown: it may be the secret, mistyped.
            raise fail(where, "expected text in quotes")
        if value and _open_to_others(self.file):
            # Refused, and not handed to the sinks: the value is not used.
            self.missing(profile_id, where, f"the configuration file can be opened by other users; run "
                                            f"`chmod 600 {self.file}`, or move the secret out of the file "
                                            f"({ways_to_give(profile_id, section, name)})")
            return Secret("", REFUSED)
        return self._register(Secret(value, FILE))

    def _from_keyring(self, profile_id: str, section: str, name: str) -> str | None:
        if self.keyring is None:
            return None
        try:
            return self.keyring.get(profile_id, section, name)
        except KeyringUnavailable as unavailable:
            if not self.keyring_problem and "no keyring" not in str(unavailable):
                self.keyring_problem = str(unavailable)
            self.keyring = None  # asked once per reading: a locked keyring stays locked
            return None

    @staticmethod
    def address(value: str) -> str:
        """A URL setting: a user and password in it (`https://user:password@host/`) are secrets
        like any other, masked wherever the address or an error quoting it is written."""
        for secret in userinfo_secrets(value):
            for sink in SECRET_SINKS:
                sink(secret)
        return value

    @staticmethod
    def _register(secret: Secret) -> Secret:
        for sink in SECRET_SINKS:
            sink(secret.reveal())
        return secret
