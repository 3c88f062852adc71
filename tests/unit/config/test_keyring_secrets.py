"""Secrets from the keyring (SPEC §11): looked up after the environment and before the file,
through the tests' own keyring backend (tests/keyring_backend.py) — never the user's."""
from __future__ import annotations

import keyring
import pytest
from config_files import toml_text
from keyring_backend import FileKeyring

from domain.errors import ConfigurationError
from infrastructure.config import SECRET_SINKS, load_config
from infrastructure.config.keyring_store import SystemKeyring
from infrastructure.config.render import plain_text_secrets, secret_origins

NO_KEY = {"private_key": None}


@pytest.fixture
def vault(tmp_path):
    before = keyring.get_keyring()
    backend = FileKeyring(tmp_path / "keyring.json")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


def load(cfg, text: str, environ=None, **kwargs):
    return load_config(cfg.write(text), dict(environ or {}), **kwargs)


def test_a_secret_in_the_keyring_is_used_and_said_to_come_from_there(cfg, vault):
    SystemKeyring().set("shop1", "myshop", "private_key", "pk-from-keyring")
    profile = load(cfg, toml_text(myshop=NO_KEY)).profile()
    assert profile.myshop.private_key.reveal() == "pk-from-keyring"
    assert profile.myshop.private_key.source == "keyring"
    assert secret_origins(profile) == [("myshop.private_key", "from the keyring")]


def test_the_environment_comes_before_the_keyring_and_the_keyring_before_the_file(cfg, vault):
    SystemKeyring().set("shop1", "myshop", "private_key", "pk-from-keyring")
    environ = {"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-from-env"}
    assert load(cfg, toml_text(), environ).profile().myshop.private_key.reveal() == "pk-from-env"
    assert load(cfg, toml_text()).profile().myshop.private_key.reveal() == "pk-from-keyring"  # file has geheim-123
    SystemKeyring().delete("shop1", "myshop", "private_key")
    profile = load(cfg, toml_text()).profile()
    assert profile.myshop.private_key.reveal() == "geheim-123"
    assert secret_origins(profile) == [("myshop.private_key", "from the configuration file")]


def test_each_profile_and_setting_has_its_own_entry(cfg, vault):
    SystemKeyring().set("shop2", "myshop", "private_key", "pk-2")
    SystemKeyring().set("shop1", "snelstart", "client_key", "ck-1")
    text = toml_text("shop1", snelstart={"kind": '"b2b"', "database": None, "subscription_key": '"sk"'}) + \
        toml_text("shop2", myshop=NO_KEY)
    config = load(cfg, text)
    assert config.profile("shop2").myshop.private_key.reveal() == "pk-2"
    assert config.profile("shop1").snelstart.client_key.reveal() == "ck-1"
    assert config.profile("shop1").myshop.private_key.source == "file"
    assert vault.get_password("sconnect", "shop2.myshop.private_key") == "pk-2"


def test_without_a_keyring_the_file_and_the_environment_still_work(cfg):
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.fail"  # tests/conftest.py
    assert load(cfg, toml_text()).profile().myshop.private_key.reveal() == "geheim-123"
    with pytest.raises(ConfigurationError) as error:
        load(cfg, toml_text(myshop=NO_KEY))
    assert "keyring" not in str(error.value).split("`")[-1]  # no complaint about a keyring there is not


def test_a_locked_keyring_is_said_with_the_missing_secret(cfg, tmp_path):
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(tmp_path / "k.json", locked=True))
    try:
        with pytest.raises(ConfigurationError) as error:
            load(cfg, toml_text(myshop=NO_KEY))
    finally:
        keyring.set_keyring(before)
    assert str(error.value).endswith(", or write it in the file (the keyring could not be read "
                                     "(the test keyring is locked))")


def test_commands_that_need_no_secrets_do_not_ask_the_keyring(cfg, tmp_path):
    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring(tmp_path / "k.json", locked=True))  # asking it would say "locked"
    try:
        config = load(cfg, toml_text(myshop=NO_KEY), need_secrets=False)
    finally:
        keyring.set_keyring(before)
    assert not any("keyring could not be read" in line for line in config.profile().secret_problems)


def test_a_secret_from_the_keyring_goes_to_the_sinks(cfg, vault):
    SystemKeyring().set("shop1", "myshop", "private_key", "pk-sink")
    seen: list[str] = []
    SECRET_SINKS.append(seen.append)
    try:
        load(cfg, toml_text(myshop=NO_KEY))
    finally:
        SECRET_SINKS.remove(seen.append)
    assert "pk-sink" in seen


def test_a_secret_in_the_file_is_a_warning_naming_the_way_out(cfg):
    config = load(cfg, toml_text(), {"SCONNECT_SHOP1_SNELSTART_PASSWORD": "pw"})
    assert plain_text_secrets(config) == [
        "profiles.shop1.myshop.private_key is in the configuration file in plain text; keep it in the keyring "
        "with `sconnect secret set shop1 myshop.private_key` and remove it from the file"]
    assert secret_origins(config.profile()) == [
        ("myshop.private_key", "from the configuration file"),
        ("snelstart.password", "from the environment (SCONNECT_SHOP1_SNELSTART_PASSWORD)")]


def test_a_run_asks_the_keyring_only_for_the_secrets_of_the_profiles_kind(cfg, vault, monkeypatch):
    """An embedded profile uses no SnelStart secret: loading it for a run (per profile, as
    `run` and the scheduler do) does not ask the keyring for one (finding the keyring's backend
    costs every run a moment: issue 19, the idle run). A b2b profile's keys and a desktop kind's
    password still come from there; `config check` (every profile at once) asks for every secret,
    to say where each came from."""
    asked = []
    real_get = SystemKeyring.get
    monkeypatch.setattr(SystemKeyring, "get", lambda self, *entry: asked.append(".".join(entry)) or real_get(self, *entry))
    environ = {"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-from-env"}
    load(cfg, toml_text(), environ, per_profile=True).profile()  # embedded
    assert asked == []
    SystemKeyring().set("shop1", "snelstart", "subscription_key", "sk-1")
    SystemKeyring().set("shop1", "snelstart", "client_key", "ck-1")
    assert load(cfg, toml_text(snelstart={"kind": '"b2b"', "database": None}), environ, per_profile=True).profile() \
        .snelstart.client_key.reveal() == "ck-1"
    assert asked == ["shop1.snelstart.subscription_key", "shop1.snelstart.client_key"]
    asked.clear()
    load(cfg, toml_text(snelstart={"kind": '"sql"', "server": '"srv"', "database": '"adm"'}), environ, per_profile=True)
    assert asked == ["shop1.snelstart.password"]
    asked.clear()
    load(cfg, toml_text(), environ)  # as `config check` reads it
    assert asked == ["shop1.snelstart.password", "shop1.snelstart.subscription_key", "shop1.snelstart.client_key"]
