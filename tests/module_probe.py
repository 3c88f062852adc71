"""What a command loads: `sconnect ARGS` run in-process in a fresh interpreter, which then prints
its exit code and every module it holds (start-up and idle-run tests: by `sys.modules`, not by
timing)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from interfaces import cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""


def run_and_list_modules(*args: str, cwd: Path, env: dict, timeout: float = 120) -> tuple[int, set[str], str]:
    """The exit code, the modules held after the command, and what it printed before."""
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    *output, last = done.stdout.strip().splitlines() or [""]
    assert last.startswith("{"), done.stderr[-3000:]
    probe = json.loads(last)
    return probe["exit"], set(probe["modules"]), "\n".join(output)
