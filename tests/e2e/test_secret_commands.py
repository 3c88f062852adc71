"""`sconnect secret set/delete` as the user runs them: the value from a prompt that does not echo
(a real pty) or from stdin, never from the command line; kept in the keyring (the tests' own
backend, tests/keyring_backend.py) and used by the next run; `config check` says where each
secret came from, never its value."""
from __future__ import annotations

import json
import subprocess

import pexpect
import pytest

from installation import KEY

pytestmark = pytest.mark.slow


def keyring_entries(file) -> dict:
    return json.loads(file.read_text()).get("sconnect", {}) if file.exists() else {}


def secret_set(installation, *args: str, value: str) -> subprocess.CompletedProcess:
    return subprocess.run([*installation.command, "secret", "set", *args], input=value, env=installation.env,
                          cwd=installation.folder, capture_output=True, text=True, timeout=60)


def test_a_secret_set_from_stdin_is_kept_in_the_keyring_and_runs_the_profile(installation):
    keyring_file = installation.use_test_keyring()
    del installation.env["SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"]
    before = installation.sconnect("run")
    assert before.returncode == 78 and "sconnect secret set shop1 myshop.private_key" in before.stderr

    result = secret_set(installation, "shop1", "myshop.private_key", value=KEY + "\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "myshop.private_key of shop1 is now kept in the keyring (test keyring)"
    assert keyring_entries(keyring_file) == {"shop1.myshop.private_key": KEY}

    code, report = installation.run_json()
    assert code == 0 and report["created"] == 5
    check = installation.sconnect("config", "check", check=True)
    assert "shop1: myshop.private_key from the keyring" in check.stdout
    data = json.loads(installation.sconnect("config", "check", "--json", check=True).stdout)
    assert data["profiles"]["shop1"]["secret_sources"]["myshop.private_key"] == "keyring"
    assert data["profiles"]["shop1"]["myshop"]["private_key"] == "***"


def test_the_environment_still_comes_first_and_says_so(installation):
    installation.use_test_keyring()
    result = secret_set(installation, "shop1", "myshop.private_key", value="something-else")
    assert result.returncode == 0
    assert "note: SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY is set in this environment, and the environment comes first" \
        in result.stdout
    check = installation.sconnect("config", "check", check=True).stdout
    assert "shop1: myshop.private_key from the environment (SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY)" in check
    assert installation.run_json()[0] == 0  # the right key, from the environment


def test_the_prompt_does_not_echo_on_a_terminal(installation):
    keyring_file = installation.use_test_keyring()
    child = pexpect.spawn(installation.command[0], [*installation.command[1:], "secret", "set", "shop1",
                                                    "myshop.private_key"],
                          env=installation.env, cwd=str(installation.folder), encoding="utf-8", timeout=60)
    child.expect_exact("myShop private key (privésleutel) of shop1 (not shown as you type): ")
    child.sendline("typed-key-7QX")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert "typed-key-7QX" not in child.before  # what the terminal showed after the prompt
    assert "is now kept in the keyring" in child.before
    assert keyring_entries(keyring_file) == {"shop1.myshop.private_key": "typed-key-7QX"}


def test_a_secret_is_never_taken_from_the_command_line(installation):
    keyring_file = installation.use_test_keyring()
    result = secret_set(installation, "shop1", "myshop.private_key", "on-the-command-line", value="")
    assert result.returncode == 2 and "on-the-command-line" not in result.stdout
    assert not keyring_file.exists()


@pytest.mark.parametrize("args, value, line, code", [
    (["shop1", "myshop.colour"], "x", "'myshop.colour' is not a secret S-Connect keeps; one of myshop.private_key, "
                                      "snelstart.password, snelstart.subscription_key, snelstart.client_key", 2),
    (["shop 1", "myshop.private_key"], "x", "'shop 1' is not a profile id (letters, digits, '-' and '_')", 2),
    (["shop9", "myshop.private_key"], "x", "configuration error: no profile 'shop9' in ", 78),
    (["shop1", "myshop.private_key"], "\n", "nothing given; the myShop private key (privésleutel) of shop1 is "
                                            "unchanged", 78),
    (["shop1", "myshop.private_key"], "key\nmore\n", "stdin holds more than one line: give only the myShop private "
                                                     "key (privésleutel); nothing stored", 78),
    (["shop1", "myshop.private_key"], "x" * 5000, "stdin holds more than 4096 characters: that is no myShop private "
                                                  "key (privésleutel); nothing stored", 78),
])
def test_bad_input_is_one_line_and_nothing_is_stored(installation, args, value, line, code):
    keyring_file = installation.use_test_keyring()
    result = secret_set(installation, *args, value=value)
    assert result.returncode == code
    if code == 78:
        assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith(line)
    else:
        assert line in result.stderr
    assert keyring_entries(keyring_file) == {}


def test_without_a_keyring_set_says_so_in_one_line_and_points_to_the_variable(installation):
    result = secret_set(installation, "shop1", "myshop.private_key", value=KEY)  # tests/conftest.py: no keyring
    assert result.returncode == 78 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "there is no keyring on this machine: set the environment variable SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY "
        "instead (see docs/configuration.md)"]


def test_delete(installation):
    keyring_file = installation.use_test_keyring()
    secret_set(installation, "shop1", "snelstart.password", value="pw-123")
    assert keyring_entries(keyring_file) == {"shop1.snelstart.password": "pw-123"}
    deleted = installation.sconnect("secret", "delete", "shop1", "snelstart.password", check=True)
    assert deleted.stdout.strip() == "snelstart.password of shop1 removed from the keyring"
    assert keyring_entries(keyring_file) == {}
    again = installation.sconnect("secret", "delete", "shop1", "snelstart.password", check=True)
    assert again.stdout.strip() == "snelstart.password of shop1 was not in the keyring; nothing to delete"


def test_config_check_warns_about_a_secret_in_the_file(installation):
    del installation.env["SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"]
    installation.config.write_text(installation.config.read_text().replace(
        "[profiles.shop1.myshop]", f'[profiles.shop1.myshop]\nprivate_key = "{KEY}"'))
    installation.config.chmod(0o600)
    check = installation.sconnect("config", "check", check=True)
    assert "shop1: myshop.private_key from the configuration file" in check.stdout
    assert ("warning: profiles.shop1.myshop.private_key is in the configuration file in plain text; keep it in "
            "the keyring with `sconnect secret set shop1 myshop.private_key` and remove it from the file") \
        in " ".join(check.stdout.split())
    assert KEY not in check.stdout + check.stderr
