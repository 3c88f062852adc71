"""`sconnect service install`: the systemd user units and the Windows Task Scheduler XML,
rendered on any platform and read back the way systemd and schtasks read them."""
from __future__ import annotations

import configparser
import shlex
from pathlib import Path

from defusedxml import ElementTree

from interfaces.service import command, systemd_units, task_scheduler_xml

TASK = "{http://schemas.microsoft.com/windows/2004/02/mit/task}"
PROGRAM = ["/home/anne/s connect/.venv/bin/sconnect"]
CONFIG = Path("/home/anne/100% webshop/config.toml")
ENV = Path("/home/anne/100% webshop/environment")


def unit(text: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read_string(text)
    return parser


def exec_start(text: str) -> list[str]:
    # systemd: "…" quotes a word, %% is a literal % (shlex quotes the same way for these paths).
    return [w.replace("%%", "%") for w in shlex.split(unit(text)["Service"]["ExecStart"])]


def test_the_default_unit_runs_the_scheduler_and_restarts_it():
    units = systemd_units(PROGRAM, CONFIG, timer=False, environment_file=ENV)
    assert list(units) == ["sconnect.service"]
    service = unit(units["sconnect.service"])
    assert exec_start(units["sconnect.service"]) == [*PROGRAM, "--config", str(CONFIG), "schedule"]
    assert service["Service"]["Type"] == "simple" and service["Service"]["Restart"] == "on-failure"
    assert service["Service"]["KillSignal"] == "SIGTERM"
    assert service["Install"]["WantedBy"] == "default.target"
    assert service["Service"]["EnvironmentFile"] == "-/home/anne/100%% webshop/environment"


def test_the_timer_variant_runs_schedule_once_every_minute():
    units = systemd_units(PROGRAM, CONFIG, timer=True, environment_file=ENV)
    assert sorted(units) == ["sconnect.service", "sconnect.timer"]
    assert exec_start(units["sconnect.service"])[-2:] == ["schedule", "--once"]
    assert unit(units["sconnect.service"])["Service"]["Type"] == "oneshot"
    assert "Install" not in unit(units["sconnect.service"])  # the timer starts it
    timer = unit(units["sconnect.timer"])
    assert timer["Timer"]["OnCalendar"] == "*-*-* *:*:00" and timer["Install"]["WantedBy"] == "timers.target"


def test_no_secret_is_written_into_a_unit(monkeypatch):
    monkeypatch.setenv("SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY", "unit-secret-77AA")
    for text in systemd_units(PROGRAM, CONFIG, True, ENV).values():
        assert "unit-secret-77AA" not in text


def test_the_windows_task_starts_the_scheduler_at_logon():
    program = [r"C:\Users\Anne\S-Connect\Scripts\sconnect.exe"]
    config = Path(r"C:\Users\Anne\AppData\Roaming\sconnect\config & more.toml")
    xml = task_scheduler_xml(program, config, timer=False)
    task = ElementTree.fromstring(xml.encode("utf-16"))  # the encoding it declares, as schtasks reads it
    assert task.find(f"{TASK}Triggers/{TASK}LogonTrigger") is not None
    exec_ = task.find(f"{TASK}Actions/{TASK}Exec")
    assert exec_.find(f"{TASK}Command").text == program[0]
    assert exec_.find(f"{TASK}Arguments").text == f'--config "{config}" schedule'
    assert task.find(f"{TASK}Settings/{TASK}ExecutionTimeLimit").text == "PT0S"  # runs for good


def test_the_windows_timer_task_runs_schedule_once_every_minute():
    task = ElementTree.fromstring(task_scheduler_xml(["sconnect.exe"], Path("C:/c.toml"), timer=True).encode("utf-16"))
    assert task.find(f"{TASK}Triggers/{TASK}TimeTrigger/{TASK}Repetition/{TASK}Interval").text == "PT1M"
    assert task.find(f"{TASK}Actions/{TASK}Exec/{TASK}Arguments").text.endswith("schedule --once")
    assert task.find(f"{TASK}Settings/{TASK}MultipleInstancesPolicy").text == "IgnoreNew"


def test_the_command_names_the_configuration():
    assert command(["sconnect"], Path("/c.toml"), once=True) == \
        ["sconnect", "--config", "/c.toml", "schedule", "--once"]
