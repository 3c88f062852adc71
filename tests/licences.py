"""Licences for tests: a test issuer's key pair (and another issuer's), licence files signed with
the real issuer tool (tools/licence_issuer.py), and the one way a test makes the product trust
the test issuer — the container's `licence_key` provider, overridden as tests override any
provider. The production public key is never replaced by a setting or an environment variable.

    python tests/e2e/sconnect_test_issuer.py ARGS…   # `sconnect ARGS` trusting the test issuer
"""
from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from dependency_injector import providers

from licence_issuer import public_bytes, sign


def _key(seed: str) -> Ed25519PrivateKey:
    # Fixed seeds: the same test keys in every run, and nothing secret in them.
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())


TEST_ISSUER = _key("sconnect test issuer")
OTHER_ISSUER = _key("somebody else's issuer")
TEST_PUBLIC_KEY = public_bytes(TEST_ISSUER)


def licence_text(profiles: int = 3, expires: date = date(2099, 12, 31), licensee: str = "Koffiebranderij De Boon B.V.",
                 issuer: Ed25519PrivateKey = TEST_ISSUER, issued: date = date(2025, 1, 1)) -> str:
    return sign(issuer, licensee, profiles, expires, issued)


def write_licence(path: Path, **fields) -> Path:
    path.write_text(licence_text(**fields), encoding="utf-8")
    return path


def trust_test_issuer() -> None:
    """From now on, containers made in this process check licences with the test issuer's key."""
    from interfaces.container import Container

    Container.licence_key.override(providers.Object(TEST_PUBLIC_KEY))


def trust_the_real_issuer() -> None:
    from interfaces.container import Container

    Container.licence_key.reset_override()
