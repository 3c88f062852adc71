"""`sconnect service install`: start the scheduler with the computer (the manual's "start with
Windows" [2.8]).

Linux: a systemd *user* unit running `sconnect schedule` (restarted when it fails), or with
--timer a oneshot unit plus a timer running `sconnect schedule --once` every minute. Windows: a
Task Scheduler task (XML) that starts `sconnect schedule` at logon. Secrets are never written
into these files: the unit reads them from an environment file only the user can open — made
here 0600 and exclusively (a file or link already there is never written through), listing the
variable of every secret each profile needs; the scheduler warns when others can read it.
"""
from __future__ import annotations

import getpass
import os
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from interfaces.command_group import command_group
from interfaces.wiring import load

if TYPE_CHECKING:  # the configuration's reader: when a command runs, not for `sconnect --help`
    from infrastructure.config import Config

app = command_group(help="Run the scheduler as a service that starts with the computer.")


def _say(text: str) -> None:
    # Plain print: a console's line wrapping would break an ExecStart line or the XML in two.
    print(text)

UNIT = "sconnect"
TASK_NAME = "S-Connect"
DESCRIPTION = "S-Connect: myShop orders into SnelStart (scheduler)"


def executable(platform: str = sys.platform) -> list[str]:
    """How to start this installation's sconnect: its console script, else `python -m interfaces`."""
    folder = Path(sys.executable).parent
    script = folder / ("sconnect.exe" if platform == "win32" else "sconnect")
    return [str(script)] if script.exists() else [sys.executable, "-m", "interfaces"]


def command(program: list[str], config: Path, once: bool) -> list[str]:
    return [*program, "--config", str(config), "schedule", *(["--once"] if once else [])]


def _systemd_word(word: str) -> str:
    # systemd expands %-specifiers in ExecStart and splits on spaces unless quoted.
    word = word.replace("%", "%%")
    return f'"{word}"' if any(c in word for c in ' \t"\\\'') else word


def systemd_units(program: list[str], config: Path, timer: bool, environment_file: Path) -> dict[str, str]:
    """File name → contents of the user units."""
    exec_start = " ".join(_systemd_word(w) for w in command(program, config, once=timer))
    # The rest of the line is the path (spaces and all, no quotes); only %-specifiers expand.
    environment = str(environment_file).replace("%", "%%")
    common = (f"[Unit]\nDescription={DESCRIPTION}\nAfter=network-online.target\nWants=network-online.target\n\n"
              f"[Service]\nExecStart={exec_start}\n"
              f"# Secrets (SCONNECT_<PROFILE>_MYSHOP_PRIVATE_KEY=…) go in this file, readable by you only:\n"
              f"EnvironmentFile=-{environment}\n")
    if not timer:
        return {f"{UNIT}.service": common + (
            "Type=simple\nRestart=on-failure\nRestartSec=60\n"
            "# SIGTERM: each run finishes the order in hand, then the scheduler exits 0.\n"
            "KillSignal=SIGTERM\nTimeoutStopSec=300\n\n[Install]\nWantedBy=default.target\n")}
    return {
        f"{UNIT}.service": common + "Type=oneshot\nKillSignal=SIGTERM\nTimeoutStopSec=300\n",
        # Every minute: the planning itself (5m … 1d per profile) lives in S-Connect; a run still
        # going when the next minute comes is not started twice (systemd waits for a oneshot).
        f"{UNIT}.timer": (f"[Unit]\nDescription={DESCRIPTION}, every minute\n\n"
                          "[Timer]\nOnCalendar=*-*-* *:*:00\nAccuracySec=10s\nPersistent=true\n\n"
                          "[Install]\nWantedBy=timers.target\n"),
    }


def task_scheduler_xml(program: list[str], config: Path, timer: bool) -> str:
    """A Task Scheduler task (schema 1.2) for `schtasks /Create /XML`."""
    from xml.sax.saxutils import escape

    words = command(program, config, once=timer)
    arguments = " ".join(f'"{w}"' if " " in w else w for w in words[1:])
    if timer:
        trigger = ("<TimeTrigger><StartBoundary>2024-01-01T00:00:00</StartBoundary><Enabled>true</Enabled>"
                   "<Repetition><Interval>PT1M</Interval><StopAtDurationEnd>false</StopAtDurationEnd>"
                   "</Repetition></TimeTrigger>")
    else:
        trigger = "<LogonTrigger><Enabled>true</Enabled></LogonTrigger>"
    return (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">\n'
        f"  <RegistrationInfo><Description>{escape(DESCRIPTION)}</Description></RegistrationInfo>\n"
        f"  <Triggers>{trigger}</Triggers>\n"
        '  <Principals><Principal id="Author"><LogonType>InteractiveToken</LogonType>'
        "<RunLevel>LeastPrivilege</RunLevel></Principal></Principals>\n"
        "  <Settings>\n"
        "    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>\n"
        "    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>\n"
        "    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>\n"
        "    <StartWhenAvailable>true</StartWhenAvailable>\n"
        "    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>\n"
        "    <RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>\n"
        "  </Settings>\n"
        '  <Actions Context="Author"><Exec>'
        f"<Command>{escape(words[0])}</Command><Arguments>{escape(arguments)}</Arguments>"
        "</Exec></Actions>\n"
        "</Task>\n")


def environment_file(config_path: Path) -> Path:
    """The service's secrets, next to the configuration (the unit's EnvironmentFile)."""
    return config_path.parent / "environment"


def environment_text(config: Config) -> str:
    """The environment file as made: a `NAME=` line per secret a profile needs, to fill in."""
    from infrastructure.config import profile_secrets

    lines = ["# S-Connect's secrets for the scheduler service (systemd reads this file: EnvironmentFile).",
             "# One NAME=value per line; an empty value counts as not set, and the configuration",
             "# file's value (if any) is used. Readable by you only (chmod 600): the scheduler warns",
             "# when it is not."]
    for profile in config.profiles.values():
        lines.append("")
        for variable, what in profile_secrets(profile):
            lines += [f"# profile {profile.id}: {what}", f"{variable}="]
    return "\n".join(lines) + "\n"


def create_environment_file(path: Path, text: str) -> bool:
    """Write `text` to a new file `path`, 0600 from the first byte (O_EXCL: never over a file or
    through a link already there); False when something is there."""
    from infrastructure.private_files import FILE_MODE

    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return False
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    return True


def open_to_others(path: Path) -> bool:
    """Group or others may read or write `path` (False when it is missing, or on Windows)."""
    if os.name != "posix" or not path.exists():
        return False
    return bool(path.stat().st_mode & 0o077)


def systemd_user_folder(environ=os.environ) -> Path:
    base = environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"


@app.command("install")
def install(ctx: typer.Context,
            dry_run: bool = typer.Option(False, "--dry-run", help="Print what would be written; write nothing."),
            timer: bool = typer.Option(False, "--timer", help="Run `schedule --once` every minute from a timer "
                                       "instead of a long-running `schedule`."),
            platform: str = typer.Option(sys.platform, "--platform", hidden=True,
                                         help="linux or win32: what to render (for tests and docs).")) -> None:
    """Install the scheduler as a service: a systemd user unit (Linux), or print the Windows task."""
    config = load((ctx.find_root().obj or {}).get("config"), need_secrets=False)
    program = executable(platform)
    if platform == "win32":
        _windows(program, config.path, timer, dry_run)
        return
    folder = systemd_user_folder()
    secrets_file = environment_file(config.path)
    units = systemd_units(program, config.path, timer, secrets_file)
    for name, text in units.items():
        target = folder / name
        if dry_run:
            _say(f"# {target}")
            _say(text)
            continue
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        _say(f"written: {target}")
    _secrets_file(config, secrets_file, dry_run)
    enable = f"{UNIT}.timer" if timer else f"{UNIT}.service"
    _say(("would be enabled with" if dry_run else "enable it with") + ":\n"
              f"  systemctl --user daemon-reload\n  systemctl --user enable --now {enable}\n"
              f"  loginctl enable-linger {shlex.quote(getpass.getuser())}"
              "   # keep it running while you are logged out")


def _secrets_file(config: Config, path: Path, dry_run: bool) -> None:
    text = environment_text(config)
    names = [line.rstrip("=") for line in text.splitlines() if line.endswith("=")]
    if dry_run:
        _say(f"# {path} (made 0600, unless it exists)\n{text}")
    elif create_environment_file(path, text):
        _say(f"written: {path} (0600): fill in the secrets there: {', '.join(names)}")
        return
    else:
        missing = [n for n in names if f"{n}=" not in path.read_text(encoding="utf-8", errors="replace")]
        _say(f"kept: {path} (it exists)" + (f"; add lines for {', '.join(missing)}" if missing else ""))
    if open_to_others(path):
        _say(f"warning: {path} can be read by other users of this computer; it holds secrets: "
             f"run `chmod 600 {shlex.quote(str(path))}`")


def _windows(program: list[str], config: Path, timer: bool, dry_run: bool) -> None:
    xml = task_scheduler_xml(program, config, timer)
    _say(xml)
    target = config.parent / "sconnect-task.xml"
    if dry_run:
        _say(f"to install: save the XML above as {target} (UTF-16), then run:")
    else:
        target.write_text(xml, encoding="utf-16")  # the encoding the XML declares, as schtasks wants
        _say(f"written: {target}; install it with:")
    _say(f'  schtasks /Create /TN "{TASK_NAME}" /XML "{target}"\n'
         "secrets: set SCONNECT_<PROFILE>_MYSHOP_PRIVATE_KEY as a user environment variable (setx)")
