"""For every test: no real keyring. Unless a test installs its own (tests/keyring_backend.py),
the keyring is the `fail` backend — what a server without a desktop session has — in this
process and in every `sconnect` it starts."""
from __future__ import annotations

import os

os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
