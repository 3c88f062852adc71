"""A file replaced all at once: a refused or failed write leaves the old file and no stray
temporary file; the mode of the file it replaces is kept."""
from __future__ import annotations

import os

import pytest

from infrastructure.atomic_file import write_atomically


def test_the_new_content_takes_the_old_ones_place_with_its_mode(tmp_path):
    target = tmp_path / "config.toml"
    target.write_text("old")
    os.chmod(target, 0o640)
    write_atomically(target, b"new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["config.toml"]


def test_a_new_file_is_private(tmp_path):
    write_atomically(tmp_path / "licence.toml", b"x")
    assert (tmp_path / "licence.toml").stat().st_mode & 0o777 == 0o600


def test_a_refused_check_leaves_the_old_file_and_no_temporary_one(tmp_path):
    target = tmp_path / "config.toml"
    target.write_text("old")
    seen = []

    def refuse(candidate):
        seen.append(candidate.read_text())
        raise ValueError("no")

    with pytest.raises(ValueError):
        write_atomically(target, b"new", check=refuse)
    assert seen == ["new"] and target.read_text() == "old" and os.listdir(tmp_path) == ["config.toml"]


def test_a_failed_write_leaves_the_old_file(tmp_path):
    target = tmp_path / "config.toml"
    target.write_text("old")
    with pytest.raises(TypeError):
        write_atomically(target, "not bytes")  # type: ignore[arg-type]  # fails inside the write
    assert target.read_text() == "old" and os.listdir(tmp_path) == ["config.toml"]
