"""The memory kind's administration file carries its identity in the snapshot's "administratie":
given at the first ask, written into the file, kept when the file is moved."""
from __future__ import annotations

import json

from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import Snapshot


def test_the_file_gets_an_id_once_and_keeps_it_when_moved(tmp_path):
    path = tmp_path / "administration.json"
    FileAdministration.create(path, Snapshot())
    assert "administratie" not in json.loads(path.read_text())

    first = FileAdministration(path).identity()
    assert first.key.startswith("memory:") and first.name == "administration.json"
    assert json.loads(path.read_text())["administratie"]["id"] == first.key.removeprefix("memory:")

    moved = path.rename(tmp_path / "elders.json")
    assert FileAdministration(moved).identity().key == first.key
    other = tmp_path / "other.json"
    FileAdministration.create(other, Snapshot())
    assert FileAdministration(other).identity().key != first.key
