"""A profile as TOML text, every setting at its default with the documentation's words above it
(infrastructure/config/catalogue.py): what `sconnect profile add` appends and `config init`
writes. Settings without a default are written commented out, with an example, so the user sees
them; secrets as a comment saying where they belong (never in the file)."""
from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from infrastructure.config.catalogue import PROFILE, SECTIONS, STATE, Setting
from infrastructure.config.secrets import ways_to_give
from infrastructure.config.values import key_path

WIDTH = 100


def toml_value(value: Any) -> str:
    """A Python value as the TOML a person would type."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, str):
        import tomlkit  # here: only writing a profile needs it

        return tomlkit.string(value).as_string()
    if isinstance(value, Mapping):
        return "{ " + ", ".join(f"{key_path('', str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML for {value!r}")


def _comment(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH - 2, initial_indent="# ", subsequent_indent="# ",
                         break_long_words=False, break_on_hyphens=False)


def _lines(profile_id: str, section: str, setting: Setting, given: Mapping[str, Any], kind: str) -> list[str]:
    lines = _comment(setting.comment)
    if setting.secret and setting.key not in given:
        lines += _comment(f"{setting.key}: {ways_to_give(profile_id, section, setting.key)}")
    elif setting.key in given:  # a secret only when the user chose to keep it here (config init)
        lines.append(f"{setting.key} = {toml_value(given[setting.key])}")
    elif setting.toml is not None and kind not in setting.other_default_for:
        lines.append(f"{setting.key} = {setting.toml}")
    else:
        lines.append(f"# {setting.key} = {setting.example or '…'}")
    return lines


def profile_text(profile_id: str, kind: str, values: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """`[profiles.<id>]` and its tables. `values[section][key]` replaces a default ("" for the
    profile's own settings); a required setting must be given."""
    values = values or {}
    name = key_path("profiles", profile_id)
    blocks = [[f"[{name}]", *_settings(profile_id, "", PROFILE, values.get("", {}), kind)]]
    for section, settings in SECTIONS.items():
        given = dict(values.get(section, {}))
        if section == "snelstart":
            given["kind"] = kind
        missing = [s.key for s in settings if s.required and kind in s.kinds and s.key not in given]
        if missing:
            raise ValueError(f"{section}: {', '.join(missing)} not given")
        used = [setting for setting in settings if kind in setting.kinds]
        blocks.append([f"[{name}.{section}]", *_settings(profile_id, section, used, given, kind)])
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _settings(profile_id: str, section: str, settings, given: Mapping[str, Any], kind: str) -> list[str]:
    """Each setting with its words above it; a blank line between settings, so a commented-out
    setting is not read as part of the words of the next."""
    lines: list[str] = []
    for setting in settings:
        lines += [*(["" ] if lines else []), *_lines(profile_id, section, setting, given, kind)]
    return lines


def config_file_text(profile_id: str, kind: str, values: Mapping[str, Mapping[str, Any]], made: date,
                     state_path: str | None = None) -> str:
    """A whole configuration file with one profile, as `sconnect config init` writes it."""
    state = STATE[0]
    head = [f"# S-Connect configuration, made by `sconnect config init` on {made:%Y-%m-%d}.",
            "# Every setting is explained in docs/configuration.md; check the file with `sconnect config check`.",
            "", "[state]", *_comment(state.comment),
            f"path = {toml_value(state_path)}" if state_path else f"# path = {state.example}  "
                                                                  f"(default: the user data folder)"]
    return "\n".join(head) + "\n\n" + profile_text(profile_id, kind, values)
