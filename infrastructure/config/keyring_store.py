"""Secrets in the operating system's keyring (Windows Credential Manager, macOS Keychain, the
Secret Service of a Linux desktop), through the `keyring` library: `sconnect secret set` puts
them there, the configuration reads them after the environment and before the file (SPEC §11).

Each secret is kept under the service "sconnect" and the name `<profile>.<section>.<name>`
(e.g. `shop1.myshop.private_key`), which is what a keyring manager shows. `keyring` is imported
only when a secret is looked up: most commands never need it, and finding the backend takes a
moment."""
from __future__ import annotations

from domain.errors import SConnectError

SERVICE = "sconnect"


class KeyringUnavailable(SConnectError):
    """No keyring on this machine (a server without a desktop session), or it refused."""


def entry_name(profile_id: str, section: str, name: str) -> str:
    return f"{profile_id}.{section}.{name}"


class SystemKeyring:
    """The keyring `keyring` finds on this machine (or the one PYTHON_KEYRING_BACKEND names)."""

    def __init__(self) -> None:
        self._backend = None

    def _keyring(self):
        if self._backend is None:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
            # fail: no backend found; null: one chosen to keep nothing (PYTHON_KEYRING_BACKEND).
            if isinstance(backend, fail.Keyring) or type(backend).__module__ == "keyring.backends.null":
                raise KeyringUnavailable("there is no keyring on this machine")
            self._backend = backend
        return self._backend

    def name(self) -> str:
        backend = self._keyring()
        return getattr(backend, "name", type(backend).__name__)

    def get(self, profile_id: str, section: str, name: str) -> str | None:
        from keyring.errors import KeyringError

        backend = self._keyring()
        try:
            return backend.get_password(SERVICE, entry_name(profile_id, section, name)) or None
        except KeyringError as error:  # locked, or its service is not running
            raise KeyringUnavailable(f"the keyring could not be read ({_why(error)})") from None

    def set(self, profile_id: str, section: str, name: str, value: str) -> None:
        from keyring.errors import KeyringError

        backend = self._keyring()
        try:
            backend.set_password(SERVICE, entry_name(profile_id, section, name), value)
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring refused the secret ({_why(error)})") from None

    def delete(self, profile_id: str, section: str, name: str) -> bool:
        """True when there was one to delete."""
        from keyring.errors import KeyringError, PasswordDeleteError

        backend = self._keyring()
        try:
            backend.delete_password(SERVICE, entry_name(profile_id, section, name))
            return True
        except PasswordDeleteError:
            return False
        except KeyringError as error:
            raise KeyringUnavailable(f"the keyring refused ({_why(error)})") from None


def _why(error: Exception) -> str:
    # The backend's own words, first line only: never a value, only what went wrong.
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
