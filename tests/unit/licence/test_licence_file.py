"""The licence file: real Ed25519 signatures (the issuer tool's), checked with the test issuer's
public key. Each refusal is one line saying which: unsigned, tampered, signed by another key,
expired, unreadable."""
from __future__ import annotations

import base64
import os
from datetime import date

import pytest
from licences import OTHER_ISSUER, TEST_ISSUER, TEST_PUBLIC_KEY, licence_text

from domain.licence import Licence
from infrastructure.licence import ISSUER_PUBLIC_KEY, LicenceRefused, key_id
from infrastructure.licence.licence_file import read_licence

TODAY = date(2025, 6, 1)


def read(path, public_key: bytes = TEST_PUBLIC_KEY, today: date = TODAY) -> Licence:
    return read_licence(path, public_key, today)


def refusal(path, **kwargs) -> str:
    with pytest.raises(LicenceRefused) as refused:
        read(path, **kwargs)
    message = str(refused.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    return message[len(f"{path}: "):]


@pytest.fixture
def licence(tmp_path):
    path = tmp_path / "licence.toml"
    path.write_text(licence_text(profiles=3, expires=date(2026, 1, 31)), encoding="utf-8")
    return path


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_signed_licence_reads(licence):
    assert read(licence) == Licence("Koffiebranderij De Boon B.V.", 3, date(2026, 1, 31), date(2025, 1, 1))


def test_the_signature_covers_the_content_not_the_layout(licence):
    lines = licence.read_text(encoding="utf-8").splitlines()
    # Fields in another order, comments and blank lines, other quotes: the same licence.
    shuffled = ["# kept in the shop's safe", *reversed(lines), ""]
    licence.write_text("\n\n".join(shuffled).replace('licensee = "', "licensee = '").replace("B.V.\"", "B.V.'"),
                       encoding="utf-8")
    assert read(licence).profiles == 3


def test_unsigned(licence):
    text = "\n".join(line for line in licence.read_text().splitlines() if not line.startswith("signature"))
    licence.write_text(text)
    assert refusal(licence).startswith("unsigned: the file has no signature")
    replace(licence, 'key = "', 'signature = ""\nkey = "')
    assert refusal(licence).startswith("unsigned: ")


@pytest.mark.parametrize("old, new", [("profiles = 3", "profiles = 30"), ("2026-01-31", "2036-01-31"),
                                      ("De Boon", "De Bonen"), ("issued = 2025-01-01", "issued = 2025-01-02")])
def test_tampered(licence, old, new):
    replace(licence, old, new)
    assert refusal(licence).startswith("tampered with: the signature does not match the contents")


def test_signed_by_another_key(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text(licence_text(issuer=OTHER_ISSUER), encoding="utf-8")
    message = refusal(other)
    assert message.startswith(f"signed by another key ({key_id(OTHER_ISSUER.public_key().public_bytes_raw())})")
    assert f"not by the S-Connect licence issuer ({key_id(TEST_PUBLIC_KEY)})" in message


def test_another_keys_signature_under_our_key_id_is_tampered(tmp_path):
    theirs = licence_text(issuer=OTHER_ISSUER)
    forged = theirs.replace(f'key = "{key_id(OTHER_ISSUER.public_key().public_bytes_raw())}"',
                            f'key = "{key_id(TEST_PUBLIC_KEY)}"')
    assert forged != theirs
    path = tmp_path / "forged.toml"
    path.write_text(forged, encoding="utf-8")
    assert refusal(path).startswith("tampered with")


def test_the_product_does_not_trust_the_test_issuer(licence):
    assert key_id(ISSUER_PUBLIC_KEY) != key_id(TEST_PUBLIC_KEY)
    assert refusal(licence, public_key=ISSUER_PUBLIC_KEY).startswith("signed by another key")


def test_expired(licence):
    assert read(licence, today=date(2026, 1, 31)).expires == date(2026, 1, 31)  # the last day still counts
    assert refusal(licence, today=date(2026, 2, 1)) == \
        "expired on 2026-01-31; ask your supplier for a new licence"


@pytest.mark.parametrize("signature, why", [
    (base64.b64encode(b"x" * 63).decode(), "63 bytes; an Ed25519 signature has 64"),
    (base64.b64encode(b"x" * 65).decode(), "65 bytes; an Ed25519 signature has 64"),
    ("not base64 at all!", "not base64 text"),
])
def test_a_signature_of_the_wrong_length_or_form(licence, signature, why):
    text = licence.read_text()
    start = text.index('signature = "') + len('signature = "')
    licence.write_text(text[:start] + signature + text[text.index('"', start):])
    assert refusal(licence) == f"the signature is damaged ({why}); import the file as your supplier sent it"


def test_a_50_mb_file_is_not_read_whole(tmp_path):
    big = tmp_path / "big.toml"
    with open(big, "wb") as file:
        file.write(licence_text().encode())
        file.write(b"#" * (50 * 1024 * 1024))
    assert refusal(big) == "not a licence file (50.0 MB; a licence is a few hundred bytes)"


def test_binary_junk(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(os.urandom(4096))
    assert refusal(junk).startswith("not a licence file (")


def test_not_utf8(licence):
    licence.write_bytes(licence.read_bytes().replace("De Boon".encode(), "Caf\xe9".encode("latin-1")))
    assert refusal(licence) == "not a licence file (line 4 is not UTF-8 text)"


@pytest.mark.parametrize("old, new, why", [
    ("profiles = 3", 'profiles = "3"', "profiles is not a number from 1 to 1000"),
    ("profiles = 3", "profiles = 0", "profiles is not a number from 1 to 1000"),
    ("expires = 2026-01-31", 'expires = "morgen"', "expires is not a date like 2026-01-31"),
    ("expires = 2026-01-31", "expires = 2026-01-31T10:00:00", "expires is not a date like 2026-01-31"),
    ('product = "sconnect"', 'product = "other"', "not a licence for S-Connect"),
    ("profiles = 3", "profiles = 3\ncolour = 1", "unknown field 'colour'"),
    ("profiles = 3\n", "", "no profiles"),
    ("profiles = 3", "profiles = [", "not TOML: "),
])
def test_unreadable_content(licence, old, new, why):
    replace(licence, old, new)
    assert refusal(licence).startswith(f"not a licence file ({why}")


def test_a_missing_file_and_a_folder(tmp_path):
    assert refusal(tmp_path / "nothing.toml") == "no such file"
    assert refusal(tmp_path) == "is a folder, not a licence file"


def test_the_issuer_tool_signs_what_it_says(tmp_path):
    text = licence_text(profiles=7, expires=date(2030, 5, 1), licensee="Ärmel & Zoon", issuer=TEST_ISSUER)
    assert text.startswith("# S-Connect licence. Do not edit")
    path = tmp_path / "l.toml"
    path.write_text(text, encoding="utf-8")
    assert read(path) == Licence("Ärmel & Zoon", 7, date(2030, 5, 1), date(2025, 1, 1))
