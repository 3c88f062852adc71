"""`sconnect version` asks the package index's JSON API for the newest version (a local index on
127.0.0.1 here), and says so when it cannot."""
from __future__ import annotations

import socket

import pytest
from pytest_httpserver import HTTPServer

from interfaces.version import installed_version, is_newer, newest_version, upgrade_command


@pytest.fixture
def index():
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_the_newest_version_is_read_from_the_index(index):
    index.expect_request("/pypi/sconnect/json").respond_with_json({"info": {"version": "2.3.1"}, "releases": {}})
    assert newest_version(index.url_for("/pypi/sconnect/json")) == ("2.3.1", "")


def test_an_index_that_does_not_know_the_package_says_so(index):
    index.expect_request("/pypi/sconnect/json").respond_with_data("nope", status=404)
    newest, problem = newest_version(index.url_for("/pypi/sconnect/json"))
    assert newest is None and "404" in problem


def test_an_answer_that_is_not_the_index_json_is_not_a_crash(index):
    index.expect_request("/j").respond_with_data("<html>captive portal</html>")
    assert newest_version(index.url_for("/j"))[0] is None


def test_an_unreachable_index_is_said_quickly():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens here once the socket is closed
    newest, problem = newest_version(f"http://127.0.0.1:{port}/pypi/sconnect/json", timeout=2)
    assert newest is None and problem == "ConnectError"


@pytest.mark.parametrize("candidate, installed, newer", [
    ("0.2.0", "0.1.0", True), ("0.1.0", "0.1.0", False), ("0.1", "0.1.0", False), ("0.10.0", "0.9.9", True),
    ("1.0.0rc1", "1.0.0", False), ("1.0.0", "1.0.0rc1", True), ("0.0.9", "0.1.0", False),
])
def test_versions_compare_as_numbers(candidate, installed, newer):
    assert is_newer(candidate, installed) is newer


def test_the_installed_version_and_the_upgrade_command():
    assert installed_version()[0].isdigit()  # the package is installed (pip install -e .)
    assert upgrade_command().endswith("-m pip install --upgrade sconnect")


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:port/", "http://" + "a" * 300 + "/", "http://xn--/"])
def test_an_index_address_that_is_no_url_is_said_not_a_crash(url):
    newest, problem = newest_version(url, timeout=2)
    assert newest is None and problem.startswith("not a valid address: ") and "\n" not in problem


def test_the_version_command_says_a_bad_index_address_in_its_line():
    from typer.testing import CliRunner

    from interfaces.cli import app

    result = CliRunner().invoke(app, ["version", "--index-url", "http://[::1"])
    assert result.exit_code == 0, result.output
    assert "could not reach the package index (not a valid address: " in result.output
    assert "unexpected error" not in result.output and result.exception is None
