"""The licence issuer's tool, for whoever holds the private key (docs/licence.md). Not part of
the installed product.

    python tools/licence_issuer.py keygen PRIVATE.pem
        a new Ed25519 key pair: the private key into PRIVATE.pem (mode 0600; keep it offline),
        the public key printed, for infrastructure/licence/issuer_key.py
    python tools/licence_issuer.py sign PRIVATE.pem --licensee NAME --profiles N --expires YYYY-MM-DD [--out FILE]
        a signed licence file (stdout without --out)
    python tools/licence_issuer.py public PRIVATE.pem
        the public key and key id of a private key
"""
from __future__ import annotations

import argparse
import base64
import os
import sys
from datetime import date
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from infrastructure.licence.licence_file import PRODUCT, canonical, key_id, licence_text  # noqa: E402


def public_bytes(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SystemExit(f"{path}: not an Ed25519 private key")
    return key


def sign(private: Ed25519PrivateKey, licensee: str, profiles: int, expires: date,
         issued: date | None = None) -> str:
    """The text of a signed licence file."""
    fields = {"product": PRODUCT, "licensee": licensee, "profiles": profiles,
              "issued": issued or date.today(), "expires": expires, "key": key_id(public_bytes(private))}
    fields["signature"] = base64.b64encode(private.sign(canonical(fields))).decode("ascii")
    return licence_text(fields)


def keygen(path: Path) -> None:
    if path.exists():
        raise SystemExit(f"{path} exists; a key pair is never overwritten")
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(pem)
    show_public(private)


def show_public(private: Ed25519PrivateKey) -> None:
    raw = public_bytes(private)
    print(f'ISSUER_PUBLIC_KEY = base64.b64decode("{base64.b64encode(raw).decode("ascii")}")')
    print(f"# key id {key_id(raw)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="licence_issuer", description="Make S-Connect licences.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("keygen").add_argument("private", type=Path)
    commands.add_parser("public").add_argument("private", type=Path)
    signing = commands.add_parser("sign")
    signing.add_argument("private", type=Path)
    signing.add_argument("--licensee", required=True)
    signing.add_argument("--profiles", type=int, required=True)
    signing.add_argument("--expires", type=date.fromisoformat, required=True)
    signing.add_argument("--issued", type=date.fromisoformat)
    signing.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "keygen":
        keygen(args.private)
    elif args.command == "public":
        show_public(load_private(args.private))
    else:
        text = sign(load_private(args.private), args.licensee, args.profiles, args.expires, args.issued)
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(f"licence written to {args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)


if __name__ == "__main__":
    main()
