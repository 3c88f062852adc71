"""Start-up (issue 20, item 11): each command imports what it needs when it runs. `--help` and
`status` load neither the container (dependency-injector) nor an adapter's libraries (SQLModel,
SQLAlchemy, httpx, pyodbc, keyring): checked by what a fresh process holds in `sys.modules`
after the command, not by timing it (bench/startup.py measures the time)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from module_probe import run_and_list_modules as probe_modules
from profiles import config_text, profile

REPO = Path(__file__).resolve().parents[3]
ADAPTER_LIBRARIES = {"dependency_injector", "sqlmodel", "sqlalchemy", "httpx", "pyodbc", "keyring"}
# typer's rich help panels and error boxes (typer.rich_utils) bring these: help is plain text
# (interfaces/command_group.py).
RICH_HELP = {"typer.rich_utils", "rich.markdown", "markdown_it", "rich.traceback", "pygments", "attr"}


def run_and_list_modules(*args: str, folder: Path) -> tuple[int, set[str], str]:
    return probe_modules(*args, cwd=folder, env={"PATH": "", "PYTHONPATH": str(REPO), "HOME": str(folder)},
                         timeout=60)


def packages(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("args", [("--help",), ("profile", "add", "--help"), ("secret", "set", "--help"),
                                  ("service", "install", "--help"), ("schedule", "--help")])
def test_help_loads_no_adapter_nor_the_configuration_reader(tmp_path, args):
    code, modules, _output = run_and_list_modules(*args, folder=tmp_path)
    assert code == 0
    assert packages(modules) & ADAPTER_LIBRARIES == set()
    # `--help` reads no configuration file: its reader (with the domain rules it checks
    # against) waits for a command that reads one.
    assert {"infrastructure.config", "application.ports"} & modules == set()
    assert (modules | packages(modules)) & RICH_HELP == set()


def test_help_is_plain_text_naming_each_value_and_each_command_whole(tmp_path):
    code, _modules, output = run_and_list_modules("--help", folder=tmp_path)
    assert code == 0 and "╭" not in output and "<bool>" not in output and "<str>" not in output
    assert "-c, --config FILE" in output
    # A command's sentence is wrapped under it, not cut short with '...'.
    commands = output.split("Commands:")[1]
    assert "..." not in commands and "held orders," in commands and "the licence." in commands
    code, _modules, output = run_and_list_modules("history", "--help", folder=tmp_path)
    assert code == 0 and "-p, --profile ID" in output and "--limit N" in output and "--json  " in output


def test_a_usage_error_is_plain_text_with_exit_2(tmp_path):
    code, modules, output = run_and_list_modules("run", "--bogus", folder=tmp_path)
    assert code == 2 and (modules | packages(modules)) & RICH_HELP == set()


def test_status_reads_the_state_file_and_the_licence_without_the_container(tmp_path):
    from infrastructure.state.store import SqliteStateStore

    config = tmp_path / "config.toml"
    config.write_text(config_text(profile("shop1", planning={"interval": "15m"})), encoding="utf-8")
    with SqliteStateStore(tmp_path / "state.sqlite") as state:  # one finished run: status reads it
        run = state.start_run("shop1", datetime(2024, 3, 1, 10, 0))
        state.finish_run(run, datetime(2024, 3, 1, 10, 1), {"created": 5, "skipped": 0, "failed": 0})
    # Nor pydantic, which typer would load to check --config and --json (interfaces/plain_options.py),
    # nor the ports and the domain model behind them (held orders: application/order_state.py).
    for args in (("status",), ("status", "--json")):
        code, modules, output = run_and_list_modules("--config", str(config), *args, folder=tmp_path)
        assert code == 0 and packages(modules) & (ADAPTER_LIBRARIES | {"pydantic"}) == set()
        assert "application.ports" not in modules
        # …nor the order model, the classic schema map or OpenSSL (hashlib), none of which it uses.
        assert {"domain.order", "infrastructure.snelstart.classic.schema_map", "hashlib"} & modules == set()
    # …and it did read them: the run and the licence are in its answer.
    data = json.loads(output)
    assert data["profiles"][0]["last_run"]["created"] == 5
    assert data["licence"]["licensee"] is None and data["profiles"][0]["licensed"] is True


def test_the_names_help_gives_are_the_configurations():
    """`profile add --help` and `secret set --help` name the kinds and the secret settings from
    lists of their own (the configuration's reader is not loaded for help): the same lists."""
    from infrastructure.config import SnelStartKind
    from infrastructure.config.secrets import SECRET_SETTINGS
    from interfaces.cli_secret import WHAT
    from interfaces.container import KINDS

    assert KINDS == tuple(kind.value for kind in SnelStartKind)
    assert tuple(WHAT) == SECRET_SETTINGS


def test_plain_option_values_pass_as_typer_checks_them_and_the_rest_through_typer(tmp_path):
    """interfaces/plain_options.py hands on None, flags and text as given; a number is still
    checked by typer (a wrong one: exit 2 with typer's message)."""
    from typer.testing import CliRunner

    from interfaces import cli

    runner = CliRunner()
    config = tmp_path / "config.toml"
    config.write_text(config_text(profile("shop1")), encoding="utf-8")
    done = runner.invoke(cli.app, ["--config", str(config), "profile", "list", "--json"])
    assert done.exit_code == 0 and json.loads(done.stdout)[0]["profile"] == "shop1"
    done = runner.invoke(cli.app, ["--config", str(config), "run", "--timeout", "soon"])
    assert done.exit_code == 2 and "--timeout" in done.output
