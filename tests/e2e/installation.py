"""End-to-end: the `sconnect` command as a user runs it, against the myShop simulator on
127.0.0.1 and the embedded default: a SQLite administration reached through pyodbc and the
SQLite3 ODBC driver (DESIGN: tests/e2e run on the embedded default). `kind="memory"` gives the
same installation on the file-backed in-memory administration, to keep that kind covered too."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from infrastructure.simulators.snelstart_gateway import ClassicDatabase
from infrastructure.snelstart.embedded import EmbeddedAdministration
from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import Snapshot, parse_snapshot_json
from keyring_backend import BACKEND, FILE_VARIABLE
from licences import write_licence
from profiles import ADMINISTRATION_FILES, E2E_SALES, config_text, e2e_profile, snelstart_lines

KEY = "e2e-private-key-3F9A1C2B7D"
TEST_ISSUER_DRIVER = Path(__file__).with_name("sconnect_test_issuer.py")
# SnelStart desktop in the e2e tests: the classic-shaped SQLite administration `Demo` next to
# the configuration and the fake Gateway, through tests/e2e/classic_driver.py.
CLASSIC_KINDS = ("local", "mdb")
CLASSIC_DRIVER = Path(__file__).with_name("classic_driver.py")
CLASSIC_ADMINISTRATION = "Demo"
# The Gateway has no cost types: the payment costs go on their article.
CLASSIC_SALES = {**E2E_SALES, "payment_costs": {"line": "BETAAL"}}


def demo_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def snelstart_section(kind: str) -> str:
    """The lines of [profiles.shop1.snelstart], so a test can replace them as a whole."""
    return snelstart_lines(kind)


class Installation:
    """A folder with config.toml, the administration file and state.sqlite, and a way to run sconnect."""

    def __init__(self, folder: Path, base_url: str, extra_config: str = "", kind: str = "embedded"):
        self.folder = folder
        self.kind = kind
        self.config = folder / "config.toml"
        classic = kind in CLASSIC_KINDS
        where = {"folder": ".", "administration": CLASSIC_ADMINISTRATION, "sales": CLASSIC_SALES} if classic else {}
        self.config.write_text(config_text(e2e_profile(kind=kind, shop_url=base_url, description="e2e shop",
                                                       max_attempts=3, **where)) + extra_config, encoding="utf-8")
        self.admin_file = folder / (f"{CLASSIC_ADMINISTRATION}.sqlite" if classic else ADMINISTRATION_FILES[kind])
        _create(kind, self.admin_file, parse_snapshot_json(
            demo_text("interfaces.demo", "administration.json")))
        self.env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY, "SCONNECT_CONFIG": str(self.config)}
        self.env.pop("SCONNECT_DEBUG", None)
        self.command = [sys.executable, str(CLASSIC_DRIVER)] if self.kind in CLASSIC_KINDS \
            else [sys.executable, "-m", "interfaces"]

    def use_test_keyring(self) -> Path:
        """The tests' own keyring backend (tests/keyring_backend.py) for every sconnect started
        from now on, chosen the way a user picks one (PYTHON_KEYRING_BACKEND); its JSON file."""
        file = self.folder / "test-keyring.json"
        tests = str(Path(__file__).resolve().parents[1])
        self.env.update({"PYTHON_KEYRING_BACKEND": BACKEND, FILE_VARIABLE: str(file),
                         "PYTHONPATH": os.pathsep.join(filter(None, [tests, self.env.get("PYTHONPATH")]))})
        return file

    def grant_licence(self, profiles: int, **fields) -> None:
        """A licence for `profiles` profiles from the tests' issuer, imported; from now on the
        installation's sconnect trusts that issuer (tests/licences.py)."""
        self.command = [sys.executable, str(TEST_ISSUER_DRIVER)]
        self.sconnect("licence", "import", str(write_licence(self.folder / "test-licence.toml", profiles=profiles,
                                                                **fields)), check=True)

    def sconnect(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        result = subprocess.run([*self.command, *args], env=self.env, cwd=self.folder,
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"sconnect {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def run_json(self) -> tuple[int, dict]:
        result = self.sconnect("run", "--json")
        return result.returncode, json.loads(result.stdout) if result.stdout.strip() else {}

    def sales_orders(self) -> list:
        return list(self.snapshot().sales_orders)

    def snapshot(self) -> Snapshot:
        """What the administration holds now, read the way the product reads it."""
        if self.kind == "memory":
            return FileAdministration(self.admin_file).snapshot()
        if self.kind in CLASSIC_KINDS:  # what the fake SnelStart kept
            database = ClassicDatabase(self.admin_file)
            try:
                return database.snapshot()
            finally:
                database.close()
        with EmbeddedAdministration(self.admin_file) as administration:
            return administration.snapshot()


def _create(kind: str, path: Path, snapshot: Snapshot) -> None:
    if kind == "memory":
        FileAdministration.create(path, snapshot)
    elif kind in CLASSIC_KINDS:
        ClassicDatabase.create(path, snapshot).close()
    else:
        EmbeddedAdministration.create(path, snapshot).close()
