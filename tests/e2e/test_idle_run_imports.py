"""An idle run (issue 19, budget 3; bench/idle.py measures it): `sconnect run` that finds
nothing new in the shop loads only what it uses. Checked by what the process holds in
`sys.modules` after the run, not by timing it. (The first run, on a new state file, creates
its schema through SQLModel: that one loads the ORM.)"""
from __future__ import annotations

from module_probe import run_and_list_modules as probe_modules

# Optional parts of libraries that S-Connect never uses (infrastructure/optional_imports.py):
# httpx's command-line tool and what it pulls in, trio (httpcore), the web framework classes
# dependency-injector's wiring could inject into.
NEVER_USED = {"httpx._main", "pygments", "trio", "starlette", "werkzeug", "fastapi", "fast_depends"}


def run_and_list_modules(installation, *args: str) -> tuple[int, set[str], str]:
    return probe_modules(*args, cwd=installation.folder, env=installation.env)


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
