"""The tests' own keyring: a real `keyring` backend that keeps its entries in a JSON file, so no
test ever touches the user's keyring. Unit tests install it with `keyring.set_keyring`; a
`sconnect` subprocess gets it the way any user picks a backend, with

    PYTHON_KEYRING_BACKEND=keyring_backend.FileKeyring   (tests/ on PYTHONPATH)
    SCONNECT_TEST_KEYRING=<the JSON file>
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import KeyringLocked, PasswordDeleteError

BACKEND = "keyring_backend.FileKeyring"
FILE_VARIABLE = "SCONNECT_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = 1  # only ever chosen on purpose
    name = "test keyring"

    def __init__(self, file: str | Path | None = None, locked: bool = False):
        super().__init__()
        self.file = Path(file or os.environ[FILE_VARIABLE])
        self.locked = locked

    def _entries(self) -> dict:
        if self.locked:
            raise KeyringLocked("the test keyring is locked")
        return json.loads(self.file.read_text()) if self.file.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries.setdefault(service, {})[username] = password
        self.file.write_text(json.dumps(entries))

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        if username not in entries.get(service, {}):
            raise PasswordDeleteError("not found")
        del entries[service][username]
        self.file.write_text(json.dumps(entries))
