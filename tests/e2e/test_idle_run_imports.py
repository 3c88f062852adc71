"""An idle run (issue 19, budget 3; bench/idle.py measures it): `sconnect run` that finds
nothing new in the shop loads only what it uses. Checked by what the process holds in
`sys.modules` after the run, not by timing it. (The first run, on a new state file, creates
its schema through SQLModel: that one loads the ORM.)"""
from __future__ import annotations

import json
import subprocess
import sys

# The run, in-process in a fresh interpreter; then its exit code and every module it holds.
PROBE = """
import json, sys
from interfaces import cli
try:
    cli.main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""

# Optional parts of libraries that S-Connect never uses (infrastructure/optional_imports.py):
# httpx's command-line tool and what it pulls in, trio (httpcore), the web framework classes
# dependency-injector's wiring could inject into.
NEVER_USED = {"httpx._main", "pygments", "trio", "starlette", "werkzeug", "fastapi", "fast_depends"}


def run_and_list_modules(installation, *args: str) -> tuple[int, set[str], str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], env=installation.env, cwd=installation.folder,
                          capture_output=True, text=True, timeout=120)
    *output, last = done.stdout.strip().splitlines() or [""]
    assert last.startswith("{"), done.stderr[-3000:]
    probe = json.loads(last)
    return probe["exit"], set(probe["modules"]), "\n".join(output)


# The state store's ORM: a run on a state file whose schema is current does its reads and
# writes as plain SQL (infrastructure/state/store.py). (pydantic is still loaded: by
# dependency-injector's providers, which import it for Configuration.from_pydantic.)
ORM = {"sqlalchemy", "sqlmodel"}


def loaded(modules: set[str], names: set[str]) -> set[str]:
    return {m for m in modules if m in names or m.split(".")[0] in names}


def test_an_idle_run_loads_none_of_the_optional_parts_it_never_uses(installation):
    installation.sconnect("run", check=True)  # books the shop's orders: the next run has nothing new
    code, modules, output = run_and_list_modules(installation, "run")
    assert code == 0, output
    assert "done earlier" in output and "booked 0" in output  # idle: nothing booked, nothing failed
    assert loaded(modules, NEVER_USED) == set()
    assert loaded(modules, ORM) == set()
    assert "dependency_injector.containers" in modules  # …while the container and httpx did run it
    assert "httpx" in modules
