"""The file-backed administration beyond the contract: sharing the file between processes, and
surviving a process killed in the middle of a write."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from domain.article import NewArticle
from domain.customer import NewRelation, RelationAddress
from domain.errors import SConnectError
from infrastructure.snelstart.memory import FileAdministration
from infrastructure.snelstart.snapshot import SnapshotError, read_snapshot_file

ROOT = Path(__file__).resolve().parents[2]
ADDRESS = RelationAddress("", "Dorpsstraat 7", "1234 AB", "Ergens", "NL")


def new_relation(name: str, code: int | None = None) -> NewRelation:
    return NewRelation(name, ADDRESS, email=f"{name.lower()}@example.nl", code=code)


def run_python(code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_missing_file_starts_from_the_seed_and_appears_with_the_first_write(tmp_path, contract_snapshot):
    path = tmp_path / "sub" / "admin.json"
    administration = FileAdministration(path, seed=contract_snapshot)

    assert administration.relation_by_code("1001") is not None
    assert not path.exists()
    administration.create_relation(new_relation("Nieuw"))
    assert read_snapshot_file(path) == administration.snapshot()


def test_writes_of_one_instance_are_seen_by_another_on_the_same_file(tmp_path, contract_snapshot):
    path = tmp_path / "admin.json"
    first = FileAdministration.create(path, contract_snapshot)
    second = FileAdministration(path)

    created = first.create_relation(new_relation("Eerste"))
    assert second.relation_by_code(str(created.code)) == created
    # The second writer starts from the first one's state: nothing is lost, no code taken twice.
    again = second.create_relation(new_relation("Tweede"))
    assert again.code == created.code + 1
    assert first.relation_by_code(str(created.code)).name == "Eerste"
    assert first.relation_by_code(str(again.code)).name == "Tweede"


def test_a_refused_write_leaves_the_file_as_it_was(tmp_path, contract_snapshot):
    path = tmp_path / "admin.json"
    administration = FileAdministration.create(path, contract_snapshot)
    before = path.read_bytes()

    with pytest.raises(SConnectError, match="ART-0005"):
        administration.create_article(NewArticle("ART-1001", "Dubbel", Decimal("1"), "og-hoog"))

    assert path.read_bytes() == before
    assert administration.article_by_code("ART-1001", "artikelcode").description == "Koffiebonen Espresso 1 kg"


def test_a_damaged_file_is_reported_in_one_line(tmp_path):
    path = tmp_path / "admin.json"
    path.write_text('{"relaties": [{"relatiecode": "een"}]}', encoding="utf-8")

    with pytest.raises(SnapshotError) as error:
        FileAdministration(path)

    assert str(error.value) == "relaties[0].relatiecode: expected a whole number"


@pytest.mark.slow
def test_writes_made_by_another_process_are_seen(tmp_path, contract_snapshot):
    path = tmp_path / "admin.json"
    administration = FileAdministration.create(path, contract_snapshot)
    assert administration.relation_by_code("2002") is None

    child = run_python("""
        import sys
        from domain.customer import NewRelation, RelationAddress
        from infrastructure.snelstart.memory import FileAdministration
        created = FileAdministration(sys.argv[1]).create_relation(
            NewRelation("Van elders", RelationAddress("", "Elders 1", "9999 ZZ", "Elders", "NL")))
        print(created.code)
    """, str(path))
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err

    assert out.strip() == "2002"
    assert administration.relation_by_code("2002").name == "Van elders"
    assert administration.next_relation_code() == 2003


@pytest.mark.slow
def test_a_process_killed_while_writing_leaves_a_whole_file(tmp_path, contract_snapshot):
    """Old file or new file, never a torn one: the writer is SIGKILLed at random moments."""
    path = tmp_path / "admin.json"
    # A long note (an extra field, which has no length limit) makes every write a big file, so
    # kills land mid-write.
    noted = tuple(replace(r, extra_fields=(("notitie", "x" * 200_000),)) if r.code == 1001 else r
                  for r in contract_snapshot.relations)
    FileAdministration.create(path, replace(contract_snapshot, relations=noted))
    writer = """
        import sys
        from domain.customer import NewRelation, RelationAddress
        from infrastructure.snelstart.memory import FileAdministration
        administration = FileAdministration(sys.argv[1])
        print("ready", flush=True)
        while True:
            administration.create_relation(NewRelation("Schrijver", RelationAddress("", "Dorpsstraat 1", "1234 AB",
                                                                                    "X", "NL")))
    """
    rounds, random_delays = 4, random.Random(7)
    for _ in range(rounds):
        before = len(read_snapshot_file(path).relations)
        child = run_python(writer, str(path))
        assert child.stdout.readline().strip() == "ready"
        time.sleep(random_delays.uniform(0.1, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()

        snapshot = read_snapshot_file(path)  # raises if the file were torn
        codes = [r.code for r in snapshot.relations if r.name == "Schrijver"]
        assert len(snapshot.relations) >= before
        assert codes == list(range(2002, 2002 + len(codes)))  # whole writes only, in order
    assert len(read_snapshot_file(path).relations) > len(contract_snapshot.relations)
    # The next write clears temporary files a killed writer may have left behind.
    FileAdministration(path).create_relation(new_relation("Opruimer"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["admin.json", "admin.json.lock"]
