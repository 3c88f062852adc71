"""`sconnect version` says what is true: S-Connect is not published, so by default nothing is
looked up and the upgrade is `git pull` and `make` in its checkout; once `[upgrade] package` is
set, the index (a local one on 127.0.0.1 here, PEP 691 JSON) is asked for the newest version."""
from __future__ import annotations

import json
import shlex
import socket
import sys

import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from infrastructure.config.upgrade import DEFAULT_INDEX, UpgradeSettings, upgrade_settings
from domain.errors import ConfigurationError
from interfaces.cli import app
from interfaces.version import checkout, installed_version, is_newer, newest_version, upgrade_command
from profiles import config_text, profile

SIMPLE = "application/vnd.pypi.simple.v1+json"


@pytest.fixture
def index():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def _json(server: HTTPServer, path: str, data: dict) -> None:
    server.expect_request(path).respond_with_data(json.dumps(data), content_type=SIMPLE)


def test_the_newest_final_version_is_read_from_the_index(index):
    _json(index, "/simple/sconnect-myshop/", {"versions": ["1.0.0", "2.3.1", "2.4.0rc1", "0.9"], "files": []})
    assert newest_version(index.url_for("/simple/"), "sconnect_myshop") == ("2.3.1", "")


def test_the_versions_may_come_from_the_file_names(index):
    _json(index, "/simple/sconnect/", {"files": [{"filename": "sconnect-0.2.0.tar.gz"},
                                                 {"filename": "sconnect-0.3.0-py3-none-any.whl"}]})
    assert newest_version(index.url_for("/simple/"), "sconnect")[0] == "0.3.0"


def test_an_index_that_does_not_know_the_package_says_so_not_unreachable(index):
    index.expect_request("/simple/sconnect/").respond_with_data("nope", status=404)
    newest, problem = newest_version(index.url_for("/simple/"), "sconnect")
    assert newest is None and "does not know the package 'sconnect'" in problem and "reach" not in problem


def test_an_answer_that_is_not_the_index_json_is_not_a_crash(index):
    index.expect_request("/simple/sconnect/").respond_with_data("<html>captive portal</html>")
    assert "not its JSON" in newest_version(index.url_for("/simple/"), "sconnect")[1]


def test_an_unreachable_index_is_said_quickly():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens here once the socket is closed
    newest, problem = newest_version(f"http://127.0.0.1:{port}/simple/", "sconnect", timeout=2)
    assert newest is None and problem.startswith("could not reach the package index") and "ConnectError" in problem


@pytest.mark.parametrize("candidate, installed, newer", [
    ("0.2.0", "0.1.0", True), ("0.1.0", "0.1.0", False), ("0.1", "0.1.0", False), ("0.10.0", "0.9.9", True),
    ("1.0.0rc1", "1.0.0", False), ("1.0.0", "1.0.0rc1", True), ("0.0.9", "0.1.0", False),
])
def test_versions_compare_as_numbers(candidate, installed, newer):
    assert is_newer(candidate, installed) is newer


def test_the_upgrade_command_names_the_index_and_the_package():
    command = upgrade_command("sconnect-myshop", "https://pypi.example/simple/")
    assert shlex.split(command) == [sys.executable, "-m", "pip", "install", "--upgrade", "--index-url",
                                    "https://pypi.example/simple/", "sconnect-myshop"]


def test_upgrade_settings_default_to_not_published_and_are_checked():
    assert upgrade_settings({}) == UpgradeSettings(None, DEFAULT_INDEX)
    assert upgrade_settings({"upgrade": {"package": "sconnect-myshop"}}).package == "sconnect-myshop"
    for bad, key in (({"upgrade": {"package": "no spaces"}}, "upgrade.package"),
                     ({"upgrade": {"index": "ftp://x"}}, "upgrade.index"),
                     ({"upgrade": {"pakket": "x"}}, "upgrade.pakket")):
        with pytest.raises(ConfigurationError, match=f"^{key}: "):
            upgrade_settings(bad)


def test_version_says_it_is_not_published_and_how_a_checkout_upgrades(tmp_path):
    result = CliRunner().invoke(app, ["--config", str(tmp_path / "none.toml"), "version", "--json"])
    data = json.loads(result.output)
    assert data["installed"] == installed_version() and data["published"] is False and data["newest"] is None
    folder = checkout()  # the tests run from the git checkout
    assert folder is not None and data["upgrade_command"] == f"git -C {folder} pull && make -C {folder}"
    text = CliRunner().invoke(app, ["--config", str(tmp_path / "none.toml"), "version"]).output
    assert "not published on a package index" in text and "pip" not in text


def test_with_a_package_set_version_asks_its_index(index, tmp_path):
    _json(index, "/simple/sconnect-myshop/", {"versions": ["99.0.0"], "files": []})
    config = tmp_path / "config.toml"
    config.write_text(config_text(profile("shop1")) + f'\n[upgrade]\npackage = "sconnect-myshop"\n'
                      f'index = "{index.url_for("/simple/")}"\n', encoding="utf-8")
    data = json.loads(CliRunner().invoke(app, ["--config", str(config), "version", "--json"]).output)
    assert (data["published"], data["newest"], data["upgrade_available"]) == (True, "99.0.0", True)
    assert data["upgrade_command"].endswith(f"--index-url {index.url_for('/simple/')} sconnect-myshop")
