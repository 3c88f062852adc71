"""`sconnect upgrade`: pip of S-Connect's own interpreter installs the newest version from a
package index — a local one on 127.0.0.1 (PEP 691 JSON, real wheels) — into an environment of
the test's own, then the scheduler service is restarted; refusals are one line and leave the
installed version working. The process boundary is the point: pip installs into the
environment of the interpreter that runs `sconnect`, so it runs in a virtual environment made
here, never in the one the tests run from."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from interfaces.upgrade import restart_scheduler

pytestmark = pytest.mark.slow

SIMPLE = "application/vnd.pypi.simple.v1+json"
# Not S-Connect's own name: pip in the test environment must never touch the `sconnect` the
# tests run from (it is visible there, see `environment`).
PACKAGE = "sconnect-probe"


def wheel(folder: Path, version: str) -> Path:
    """A real, minimal wheel of PACKAGE whose module says its version."""
    name = f"sconnect_probe-{version}"
    files = {"sconnect_probe/__init__.py": f"VERSION = {version!r}\n",
             f"{name}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {version}\n",
             f"{name}.dist-info/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b'=').decode()},"
              f"{len(text.encode())}" for path, text in files.items()]
    files[f"{name}.dist-info/RECORD"] = "\n".join(record + [f"{name}.dist-info/RECORD,,"]) + "\n"
    path = folder / f"{name}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        for member, text in files.items():
            archive.writestr(member, text)
    return path


class Index:
    """A package index on 127.0.0.1 serving PACKAGE's wheels as pip and `upgrade` read them."""

    def __init__(self, server: HTTPServer, folder: Path):
        self.server, self.folder, self.files = server, folder, []
        self.url = server.url_for("/simple/")

    def publish(self, version: str, damaged: bool = False) -> None:
        path = wheel(self.folder, version)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.files.append({"filename": path.name, "url": self.server.url_for(f"/files/{path.name}"),
                           "hashes": {"sha256": "0" * 64 if damaged else digest}})
        self.server.clear()  # the page changes: serve it and every file again
        page = {"meta": {"api-version": "1.0"}, "name": PACKAGE, "files": self.files,
                "versions": [f["filename"].split("-")[1] for f in self.files]}
        self.server.expect_request(f"/simple/{PACKAGE}/").respond_with_data(json.dumps(page), content_type=SIMPLE)
        for f in self.files:
            self.server.expect_request(f"/files/{f['filename']}").respond_with_data(
                (self.folder / f["filename"]).read_bytes())


@pytest.fixture
def index(tmp_path):
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    (tmp_path / "wheels").mkdir()
    yield Index(server, tmp_path / "wheels")
    server.clear()
    server.stop()


class Environment:
    """A virtual environment of its own that sees the tests' packages (S-Connect, pip) through
    a .pth file, so pip of its interpreter installs into it and nowhere else."""

    def __init__(self, folder: Path):
        self.folder = folder
        venv.EnvBuilder(with_pip=False).create(folder / "env")
        self.python = folder / "env" / "bin" / "python"
        self.site = Path(subprocess.run([str(self.python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                        capture_output=True, text=True, check=True).stdout.strip())
        (self.site / "tests_packages.pth").write_text(f"import site; site.addsitedir({sysconfig.get_paths()['purelib']!r})\n")
        self.bin = folder / "bin"  # a `systemctl` of the test's own: it notes what it was asked
        self.bin.mkdir()
        self.asked = folder / "systemctl-asked.txt"
        (self.bin / "systemctl").write_text(f"#!/bin/sh\necho \"$@\" >> '{self.asked}'\n")
        (self.bin / "systemctl").chmod(0o755)
        units = folder / "xdg" / "systemd" / "user"
        units.mkdir(parents=True)
        (units / "sconnect.service").write_text("[Service]\nExecStart=sconnect schedule\n")
        # pip's settings of this machine (extra indexes, wheel folders) stay out: only the local index.
        self.env = {**{k: v for k, v in os.environ.items() if not k.startswith("PIP_")}, "PIP_CONFIG_FILE": os.devnull,
                    "XDG_CONFIG_HOME": str(folder / "xdg"), "PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}",
                    "SCONNECT_CONFIG": str(folder / "none.toml")}

    def sconnect(self, *args: str, package: tuple[str, ...] = ("--package", PACKAGE)) -> subprocess.CompletedProcess:
        return subprocess.run([str(self.python), "-m", "interfaces", "upgrade", *package, *args],
                              env=self.env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)

    def probe_version(self) -> str:
        """What the installed package says when imported in a fresh interpreter: it works."""
        return subprocess.run([str(self.python), "-c", "import sconnect_probe; print(sconnect_probe.VERSION)"],
                              env=self.env, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def environment(tmp_path):
    return Environment(tmp_path)


def test_upgrade_installs_the_newest_release_restarts_the_service_and_keeps_a_working_version(environment, index):
    index.publish("0.1.5")
    index.publish("9.1.0")
    index.publish("9.2.0rc1")  # a pre-release is not the newest version
    done = environment.sconnect("--index-url", index.url, "--yes")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"upgraded {PACKAGE} 0.1.0 to 9.1.0 in {environment.folder / 'env'}")
    assert lines[1] == ("the scheduler service is restarted and runs the new version "
                        "(systemctl --user try-restart sconnect.service)")
    assert environment.asked.read_text() == "--user try-restart sconnect.service\n"
    assert environment.probe_version() == "9.1.0"
    assert list((environment.site).glob("sconnect_probe-9.1.0.dist-info"))  # in the test's environment

    again = environment.sconnect("--index-url", index.url, "--yes")
    assert again.returncode == 0 and again.stdout.splitlines() == [
        f"{PACKAGE} 9.1.0 is up to date (newest on {index.url}: 9.1.0); nothing to install"]

    index.publish("9.3.0", damaged=True)  # a download that does not match the index's hash
    failed = environment.sconnect("--index-url", index.url, "--yes")
    assert failed.returncode == 1 and failed.stdout == ""
    [line] = failed.stderr.splitlines()
    assert line.startswith(f"not upgraded: pip could not install {PACKAGE} 9.3.0: ")
    assert line.endswith(f"; {PACKAGE} 9.1.0 stays installed")
    assert environment.probe_version() == "9.1.0"
    assert environment.asked.read_text().count("try-restart") == 1  # nothing restarted for nothing


def test_without_yes_and_without_a_terminal_nothing_is_installed(environment, index):
    index.publish("9.1.0")
    result = environment.sconnect("--index-url", index.url)
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"not upgraded: {PACKAGE} 9.1.0 is available (installed: 0.1.0); add --yes to install it without being asked"]
    assert not list(environment.site.glob("sconnect_probe*"))


def test_the_package_and_index_of_the_configuration_are_what_upgrade_asks(environment, index):
    # `version` advises from [upgrade]; `upgrade` installs from the same settings, no options needed.
    index.publish("9.1.0")
    (environment.folder / "none.toml").write_text(f'[upgrade]\npackage = "{PACKAGE}"\nindex = "{index.url}"\n')
    result = environment.sconnect(package=())
    assert result.returncode == 2 and result.stderr.splitlines() == [
        f"not upgraded: {PACKAGE} 9.1.0 is available (installed: 0.1.0); add --yes to install it without being asked"]


def test_a_read_only_environment_is_left_alone(environment, index):
    index.publish("9.1.0")
    environment.site.chmod(0o555)
    try:
        result = environment.sconnect("--index-url", index.url, "--yes")
    finally:
        environment.site.chmod(0o755)
    assert result.returncode == 77 and result.stderr.splitlines() == [
        f"not upgraded: {environment.site} is not writable, so pip cannot install into the environment S-Connect "
        f"runs from ({environment.folder / 'env'}); run the upgrade as the user who installed it; nothing changed"]
    assert not list(environment.site.glob("sconnect_probe*"))


def test_an_index_that_cannot_be_reached_or_does_not_know_the_package_changes_nothing(environment, index):
    index.server.expect_request(f"/simple/{PACKAGE}/").respond_with_data("Not Found", status=404)
    unknown = environment.sconnect("--index-url", index.url, "--yes")  # nothing published under that name
    assert unknown.returncode == 75 and unknown.stderr.splitlines() == [
        f"not upgraded: the package index {index.url} does not know the package '{PACKAGE}': check upgrade.package "
        "and upgrade.index; nothing changed"]
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{closed.getsockname()[1]}/simple/"  # nothing listens once it is closed
    unreachable = environment.sconnect("--index-url", nowhere, "--yes")
    assert unreachable.returncode == 75 and unreachable.stderr.splitlines() == [
        f"not upgraded: could not reach the package index {nowhere} (ConnectError); nothing changed"]
    assert not list(environment.site.glob("sconnect_probe*"))


def test_without_a_package_name_it_says_how_a_checkout_upgrades(tmp_path):
    result = subprocess.run([sys.executable, "-m", "interfaces", "upgrade", "--yes"], capture_output=True, text=True,
                            timeout=120, env={**os.environ, "SCONNECT_CONFIG": str(tmp_path / "none.toml")})
    root = Path(__file__).resolve().parents[2]
    assert result.returncode == 2 and result.stderr.splitlines() == [
        "not upgraded: S-Connect is not published on a package index, so there is nothing to install from (set "
        f"upgrade.package in the configuration, or name it with --package); upgrade this checkout with: git -C {root} pull && make -C {root}"]


@pytest.mark.parametrize("units, systemctl, said", [
    ((), True, "no scheduler service is installed; a `sconnect schedule` you started yourself runs the old version "
               "until you stop it and start it again"),
    (("sconnect.service", "sconnect.timer"), True, "the scheduler's timer starts the new version at its next minute"),
    (("sconnect.service",), False, "restart the scheduler service so it runs the new version: "
                                   "systemctl --user restart sconnect.service"),
])
def test_the_scheduler_is_restarted_or_the_user_told_how(tmp_path, units, systemctl, said):
    (tmp_path / "systemd" / "user").mkdir(parents=True)
    for unit in units:
        (tmp_path / "systemd" / "user" / unit).write_text("[Service]\n")
    (tmp_path / "bin").mkdir()
    if systemctl:
        (tmp_path / "bin" / "systemctl").write_text("#!/bin/sh\nexit 0\n")
        (tmp_path / "bin" / "systemctl").chmod(0o755)
    assert restart_scheduler("linux", {"XDG_CONFIG_HOME": str(tmp_path), "PATH": str(tmp_path / "bin")}) == said


def test_on_windows_the_task_restart_is_told():
    assert restart_scheduler("win32") == ('restart the scheduler so it runs the new version: '
                                          'schtasks /End /TN "S-Connect" then schtasks /Run /TN "S-Connect"')
