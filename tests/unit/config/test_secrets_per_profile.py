"""A profile's secrets are required when that profile is wired to run, not when the file is read:
one profile's missing key must not stop the scheduler, nor `run --profile other`. The profile
that lacks one says so in the one line reading the file would have said."""
from __future__ import annotations

import os

import pytest
from config_files import toml_text

from domain.errors import ConfigurationError
from infrastructure.config import SECRET_SINKS, load_config
from interfaces.wiring import load, wire

KEY_MISSING = ("profiles.shop2.myshop.private_key: missing; set SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY "
               "or run `sconnect secret set shop2 myshop.private_key`, or write it in the file")


def two_profiles(shop2: dict | None = None, **shop2_sections) -> str:
    """shop1 with its key in the file; shop2 without one (its key must come from the environment)."""
    return toml_text("shop1") + toml_text("shop2", myshop={"private_key": None, **(shop2 or {})}, **shop2_sections)


def write(cfg, text: str, mode: int = 0o600):
    return cfg.write(text, mode)


def test_reading_the_file_for_every_profile_at_once_still_refuses_a_missing_key(cfg):
    with pytest.raises(ConfigurationError) as error:
        load_config(write(cfg, two_profiles()), {})
    assert str(error.value) == KEY_MISSING


def test_per_profile_the_other_profiles_read_well_and_the_one_without_its_key_says_why(cfg):
    config = load_config(write(cfg, two_profiles()), {}, per_profile=True)
    config.profile("shop1").require_secrets()  # nothing to say
    assert config.profile("shop1").myshop.private_key.reveal() == "geheim-123"
    assert config.profile("shop2").secret_problems == (KEY_MISSING,)
    with pytest.raises(ConfigurationError) as error:
        config.profile("shop2").require_secrets()
    assert str(error.value) == KEY_MISSING


def test_a_missing_b2b_key_waits_for_its_profile_too(cfg):
    text = two_profiles(snelstart={"kind": '"b2b"', "database": None},
                        shop2={"private_key": '"pk-2"'})
    config = load_config(write(cfg, text), {}, per_profile=True)
    assert config.profile("shop2").secret_problems == (
        "profiles.shop2.snelstart.subscription_key: missing; kind b2b needs it "
        "(set SCONNECT_SHOP2_SNELSTART_SUBSCRIPTION_KEY or run `sconnect secret set shop2 snelstart.subscription_key`)",
        "profiles.shop2.snelstart.client_key: missing; kind b2b needs it "
        "(set SCONNECT_SHOP2_SNELSTART_CLIENT_KEY or run `sconnect secret set shop2 snelstart.client_key`)")
    assert config.profile("shop1").secret_problems == ()


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_a_key_in_a_file_others_can_open_is_refused_for_its_profile_only_and_never_used(cfg):
    seen: list[str] = []
    SECRET_SINKS.append(seen.append)
    try:
        path = write(cfg, toml_text("shop1", myshop={"private_key": None}) + toml_text("shop2"), mode=0o644)
        config = load_config(path, {"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-env-1"}, per_profile=True)
    finally:
        SECRET_SINKS.remove(seen.append)
    assert config.profile("shop1").secret_problems == ()
    shop2 = config.profile("shop2")
    assert shop2.secret_problems == (f"profiles.shop2.myshop.private_key: the configuration file can be opened by "
                                     f"other users; run `chmod 600 {path}`, or move the secret out of the file "
                                     f"(set SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY or run `sconnect secret set shop2 "
                                     f"myshop.private_key`)",)
    assert shop2.myshop.private_key.reveal() == "" and seen == ["pk-env-1"]


def test_wiring_a_profile_requires_its_secrets_and_only_its_own(cfg, monkeypatch):
    monkeypatch.delenv("SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY", raising=False)
    config = load(str(write(cfg, two_profiles())))  # what `run` and the scheduler read
    assert wire(config, "shop1").profile.id == "shop1"
    with pytest.raises(ConfigurationError) as error:
        wire(config, "shop2")
    assert str(error.value) == KEY_MISSING
    assert wire(config, "shop2", secrets=False).profile.id == "shop2"  # the shared state store
    monkeypatch.setenv("SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY", "pk-env-2")
    assert wire(load(str(cfg.folder / "config.toml")), "shop2").profile.myshop.private_key.reveal() == "pk-env-2"


def test_commands_that_need_no_secrets_wire_every_profile(cfg, monkeypatch):
    monkeypatch.delenv("SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY", raising=False)
    config = load(str(write(cfg, two_profiles())), need_secrets=False)
    assert wire(config, "shop2").profile.id == "shop2"


def test_config_check_can_still_require_every_profiles_secrets(cfg, monkeypatch):
    monkeypatch.delenv("SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="shop2.myshop.private_key: missing"):
        load(str(write(cfg, two_profiles())), every_profile=True)
