"""The licence in force: imported only when good; a refused file leaves it as it was; the stored
file is checked again at every read."""
from __future__ import annotations

from datetime import date

import pytest
from licences import OTHER_ISSUER, TEST_PUBLIC_KEY, licence_text, write_licence

from infrastructure.licence import LicenceBook, LicenceRefused


@pytest.fixture
def book(tmp_path):
    return LicenceBook(tmp_path / "data" / "licence.toml", TEST_PUBLIC_KEY, lambda: date(2025, 6, 1))


def test_nothing_imported_is_no_licence(book):
    assert book.stored().licence is None and book.stored().problem == ""


def test_an_imported_licence_is_in_force(book, tmp_path):
    licence = book.import_file(write_licence(tmp_path / "l.toml", profiles=4))
    assert book.stored().licence == licence and licence.profiles == 4
    assert book.file.stat().st_mode & 0o777 == 0o600


def test_a_refused_file_leaves_the_licence_in_force(book, tmp_path):
    book.import_file(write_licence(tmp_path / "good.toml", profiles=4))
    before = book.file.read_bytes()
    for bad in (licence_text(issuer=OTHER_ISSUER), licence_text(expires=date(2025, 5, 31)),
                licence_text().replace("profiles = 3", "profiles = 9"), "junk"):
        (tmp_path / "bad.toml").write_text(bad, encoding="utf-8")
        with pytest.raises(LicenceRefused):
            book.import_file(tmp_path / "bad.toml")
        assert book.file.read_bytes() == before and book.stored().licence.profiles == 4


def test_a_stored_licence_edited_afterwards_does_not_count(book, tmp_path):
    book.import_file(write_licence(tmp_path / "l.toml", profiles=2))
    book.file.write_text(book.file.read_text().replace("profiles = 2", "profiles = 20"))
    stored = book.stored()
    assert stored.licence is None
    assert stored.problem.startswith(f"the imported licence does not count: {book.file}: tampered with")


def test_a_stored_licence_that_expired_is_still_shown(tmp_path):
    days = iter([date(2025, 6, 1), date(2027, 1, 1)])
    book = LicenceBook(tmp_path / "licence.toml", TEST_PUBLIC_KEY, lambda: next(days))
    book.import_file(write_licence(tmp_path / "l.toml", expires=date(2026, 1, 31)))
    stored = book.stored()
    assert stored.licence.expires == date(2026, 1, 31) and stored.licence.expired(date(2027, 1, 1))
    assert stored.problem == ""
