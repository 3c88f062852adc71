"""Secrets: the environment first, the file only when no one else can open it, never shown."""
from __future__ import annotations

import json
import os

import pytest
from config_files import toml_text

from domain.errors import ConfigurationError
from infrastructure.config import SECRET_SINKS, Secret, env_name, render_config

ALL_SECRETS = {"private_key": ("myshop", '"pk-file-4711"'),
               "password": ("snelstart", '"gw-file-pass"'),
               "subscription_key": ("snelstart", '"sub-file-key"'),
               "client_key": ("snelstart", '"client-file-key"')}


def b2b_profile(**secrets: str) -> str:
    snelstart = {"kind": '"b2b"', "database": None, "subscription_key": '"sub-file-key"',
                 "client_key": '"client-file-key"', "password": '"gw-file-pass"'}
    myshop = {"private_key": '"pk-file-4711"'}
    return toml_text(snelstart=snelstart, myshop=myshop, **secrets)


def test_the_environment_name_scheme():
    assert env_name("shop1", "myshop", "private_key") == "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"
    assert env_name("winkel-2", "snelstart", "password") == "SCONNECT_WINKEL_2_SNELSTART_PASSWORD"


def test_secrets_from_a_private_file_are_read(cfg):
    profile = cfg.load(b2b_profile(), mode=0o600).profile()
    assert profile.myshop.private_key.reveal() == "pk-file-4711"
    assert profile.snelstart.password.reveal() == "gw-file-pass"
    assert profile.snelstart.subscription_key.reveal() == "sub-file-key"
    assert profile.snelstart.client_key.reveal() == "client-file-key"
    assert {s.source for s in (profile.myshop.private_key, profile.snelstart.password)} == {"file"}


@pytest.mark.parametrize("name", list(ALL_SECRETS))
def test_the_environment_wins_over_the_file(cfg, name):
    section, _ = ALL_SECRETS[name]
    variable = f"SCONNECT_SHOP1_{section.upper()}_{name.upper()}"
    profile = cfg.load(b2b_profile(), environ={variable: "from-env"}).profile()
    secret = getattr(profile.myshop if section == "myshop" else profile.snelstart, name)
    assert (secret.reveal(), secret.source) == ("from-env", f"env {variable}")


def test_a_profile_id_with_a_dash_reads_underscored_variables(cfg):
    text = toml_text("winkel-2", myshop={"private_key": None})
    profile = cfg.load(text, environ={"SCONNECT_WINKEL_2_MYSHOP_PRIVATE_KEY": "pk-env"}).profile()
    assert profile.myshop.private_key.reveal() == "pk-env"


def test_an_empty_variable_counts_as_unset(cfg):
    profile = cfg.load(toml_text(), environ={"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": ""}).profile()
    assert profile.myshop.private_key.reveal() == "geheim-123"


def test_another_profiles_variable_is_not_used(cfg):
    text = toml_text(myshop={"private_key": None})
    with pytest.raises(ConfigurationError, match="private_key: missing"):
        cfg.load(text, environ={"SCONNECT_SHOP2_MYSHOP_PRIVATE_KEY": "pk-env"})


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660, 0o606])
@pytest.mark.parametrize("name", list(ALL_SECRETS))
def test_a_secret_in_a_file_others_can_open_is_refused(cfg, name, mode):
    section, _ = ALL_SECRETS[name]
    others = {n: f"from-env-{n}" for n in ALL_SECRETS if n != name}
    environ = {f"SCONNECT_SHOP1_{ALL_SECRETS[n][0].upper()}_{n.upper()}": v for n, v in others.items()}
    with pytest.raises(ConfigurationError) as error:
        cfg.load(b2b_profile(), environ=environ, mode=mode)
    path = cfg.folder / "config.toml"
    variable = f"SCONNECT_SHOP1_{section.upper()}_{name.upper()}"
    assert str(error.value) == (f"profiles.shop1.{section}.{name}: the configuration file can be "
                                f"opened by other users; run `chmod 600 {path}`, or move the secret out of the file "
                                f"(set {variable} or run `sconnect secret set shop1 {section}.{name}`)")
    assert "-file-" not in str(error.value)


def test_an_open_file_is_fine_when_the_secrets_come_from_the_environment(cfg):
    text = toml_text(myshop={"private_key": None}, snelstart={"password": '""'})
    profile = cfg.load(text, environ={"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-env"}, mode=0o644).profile()
    assert profile.myshop.private_key.reveal() == "pk-env"
    assert profile.snelstart.password.reveal() == ""  # an empty password is no secret


def test_a_secret_of_the_wrong_type_is_refused_without_showing_it(cfg):
    with pytest.raises(ConfigurationError) as error:
        cfg.load(toml_text(myshop={"private_key": '["pk-list-secret"]'}))
    assert str(error.value) == "profiles.shop1.myshop.private_key: expected text in quotes"


def test_a_numeric_password_is_still_a_password(cfg):
    profile = cfg.load(toml_text(snelstart={"password": "123456"})).profile()
    assert profile.snelstart.password.reveal() == "123456"


def test_secret_hides_its_value():
    secret = Secret("pk-very-secret")
    assert repr(secret) == str(secret) == f"{secret}" == "***"
    assert "pk-very-secret" not in repr([secret]) + "%s" % secret
    assert secret.reveal() == "pk-very-secret"
    assert secret == Secret("pk-very-secret") and secret != Secret("other")
    assert bool(secret) and not Secret("")
    with pytest.raises(TypeError):
        json.dumps(secret)


def test_no_secret_shows_in_the_repr_or_the_rendering_of_the_configuration(cfg):
    config = cfg.load(b2b_profile(), environ={"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-env-0815"})
    shown = repr(config) + str(config) + json.dumps(render_config(config))
    for value in ("pk-env-0815", "pk-file-4711", "gw-file-pass", "sub-file-key", "client-file-key"):
        assert value not in shown
    sources = render_config(config)["profiles"]["shop1"]["secret_sources"]
    assert sources == {"snelstart.password": "file", "snelstart.subscription_key": "file",
                       "snelstart.client_key": "file",
                       "myshop.private_key": "env SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY"}


def test_every_secret_read_goes_to_the_sinks(cfg):
    seen: list[str] = []
    SECRET_SINKS.append(seen.append)
    try:
        cfg.load(b2b_profile(), environ={"SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": "pk-env-0815"})
    finally:
        SECRET_SINKS.remove(seen.append)
    assert sorted(seen) == sorted(["pk-env-0815", "gw-file-pass", "sub-file-key", "client-file-key"])


@pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")
def test_the_refusal_happens_before_any_sink_sees_the_secret(cfg):
    seen: list[str] = []
    SECRET_SINKS.append(seen.append)
    try:
        with pytest.raises(ConfigurationError):
            cfg.load(toml_text(), mode=0o644)
    finally:
        SECRET_SINKS.remove(seen.append)
    assert seen == []
