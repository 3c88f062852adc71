"""The service's environment file (`service install`): made 0600 and exclusively, listing the
variable of every secret each profile needs (the B2B keys too); an existing file or a planted
link is never written through; the scheduler warns when others can read it."""
from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from interfaces.cli import app
from profiles import config_text, profile

CONFIG = config_text(profile("shop1", kind="embedded"), profile("web2", kind="b2b"))


@pytest.fixture
def folder(tmp_path, monkeypatch):
    old = os.umask(0o022)
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    os.chmod(tmp_path / "config.toml", 0o600)
    (tmp_path / "administration.sqlite").write_bytes(b"")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("SCONNECT_CONFIG", str(tmp_path / "config.toml"))
    for variable in [v for v in os.environ if v.startswith("SCONNECT_") and v != "SCONNECT_CONFIG"]:
        monkeypatch.delenv(variable)
    yield tmp_path
    os.umask(old)


def install(*args: str):
    result = CliRunner().invoke(app, ["service", "install", "--platform", "linux", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_environment_file_is_made_0600_and_names_every_secret(folder):
    said = install()
    env = folder / "environment"
    assert stat.S_IMODE(os.stat(env).st_mode) == 0o600
    names = [line for line in env.read_text().splitlines() if not line.startswith("#") and line]
    assert names == ["SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY=", "SCONNECT_WEB2_MYSHOP_PRIVATE_KEY=",
                     "SCONNECT_WEB2_SNELSTART_SUBSCRIPTION_KEY=", "SCONNECT_WEB2_SNELSTART_CLIENT_KEY="]
    assert f"written: {env} (0600)" in said and "SCONNECT_WEB2_SNELSTART_CLIENT_KEY" in said
    unit = (folder / "xdg" / "systemd" / "user" / "sconnect.service").read_text()
    assert f"EnvironmentFile=-{env}" in unit


def test_an_existing_environment_file_is_kept_and_what_it_lacks_is_named(folder):
    env = folder / "environment"
    env.write_text("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY=filled-in-key-1234\n")
    os.chmod(env, 0o644)
    said = install()
    assert env.read_text() == "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY=filled-in-key-1234\n"
    assert "kept:" in said and "SCONNECT_WEB2_SNELSTART_CLIENT_KEY" in said
    assert "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY," not in said
    assert "can be read by other users" in said and "chmod 600" in said


def test_a_link_planted_as_the_environment_file_is_not_written_through(folder):
    victim = folder / "victim"
    victim.write_text("not yours\n")
    (folder / "environment").symlink_to(victim)
    said = install()
    assert victim.read_text() == "not yours\n"
    assert f"kept: {folder / 'environment'} (it exists)" in said


def test_a_dry_run_shows_the_file_and_writes_nothing(folder):
    said = install("--dry-run")
    assert "SCONNECT_WEB2_SNELSTART_SUBSCRIPTION_KEY=" in said
    assert not (folder / "environment").exists()


def test_the_scheduler_warns_when_the_environment_file_is_open_to_others(folder):
    env = folder / "environment"
    env.write_text("# nothing yet\n")
    os.chmod(env, 0o644)
    result = CliRunner().invoke(app, ["schedule", "--once"])
    assert result.exit_code == 0, result.output
    assert f"warning: {env} can be read by other users of this computer" in result.output
    os.chmod(env, 0o600)
    assert "warning" not in CliRunner().invoke(app, ["schedule", "--once"]).output
