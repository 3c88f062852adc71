"""The newcomer's first hour, as README.md tells it (issue #20): `make demo`, every command the
demo hands over run as printed, an own profile built from the demo's pieces with the README's
steps, a run, orders held, and the release command the run prints, run as printed."""
from __future__ import annotations

import os
import re
import shlex
import socket
import subprocess
from pathlib import Path

import pytest

from interfaces import commands

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    """The fenced block after `<!-- own-setup:… -->` in README.md."""
    after = README.split(f"<!-- own-setup:{marker} -->", 1)[1]
    return after.split("```", 2)[1].split("\n", 1)[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SCONNECT_")}
    env.update(HOME=str(home), COLUMNS="80")
    return env


def _shell(line: str, env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", line], env=env, cwd=cwd, capture_output=True, text=True, timeout=300)


def _demo(env: dict, home: Path) -> tuple[Path, str]:
    """`make demo` as README says (when the checkout's .venv is made; else its sconnect demo)."""
    if subprocess.run(["make", "-q", "setup"], cwd=REPO, env=env).returncode == 0:
        result = subprocess.run(["make", "demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    else:
        result = _shell(f"{commands.program()} demo --dir {shlex.quote(str(home / 'demo'))}", env, home)
    assert result.returncode == 0, result.stderr
    folder = re.search(r"S-Connect demo in (\S+)", result.stdout)[1]
    return Path(folder), result.stdout


def _serve(command: str, env: dict, cwd: Path) -> subprocess.Popen:
    shop = subprocess.Popen(["bash", "-c", f"exec {command}"], env=env, cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    first = shop.stdout.readline()
    assert "myShop simulator for shop" in first, shop.stderr.read() if shop.poll() is not None else first
    return shop


def _stop(shop: subprocess.Popen) -> None:
    shop.terminate()
    shop.wait(timeout=30)


def test_the_first_hour(tmp_path):
    env = _env(tmp_path)
    program = commands.program()

    # 1. The demo, and every command it hands over, run as printed.
    demo, output = _demo(env, tmp_path)
    assert {"config.toml", "administration.json", "orders.xml"} <= {p.name for p in demo.iterdir()}
    printed = [line.strip() for line in output.splitlines() if line.strip().startswith(shlex.split(program)[0])]
    serve = [c for c in printed if " myshop simulate " in c]
    assert len(printed) == 8 and len(serve) == 1 and shlex.split(printed[-1])[-1] == "console"
    printed = printed[:-1]  # the console serves until stopped (tests/e2e/test_console_browser.py opens one)
    for command in printed[:3]:
        assert _shell(command, env, Path("/")).returncode == 0, command
    shop = _serve(serve[0], env, Path("/"))
    try:
        for command in printed[4:]:
            ran = _shell(command, env, Path("/"))
            assert ran.returncode == 0, (command, ran.stdout, ran.stderr)
    finally:
        _stop(shop)

    # 2. An own profile from the demo's pieces, by README.md's steps.
    port = _free_port()
    config = _block("config").replace("127.0.0.1:8765", f"127.0.0.1:{port}")
    env.update(DEMO=str(demo), S=program)
    home = tmp_path / "winkel"
    steps = [line for line in _block("commands").splitlines() if line.strip()]
    assert steps[0].startswith("make demo") and steps[1].startswith("DEMO=") and steps[2].startswith("S=")
    results: dict[str, subprocess.CompletedProcess] = {}
    runs: list[subprocess.CompletedProcess] = []
    shop = None
    try:
        for step in steps[3:]:
            if step.startswith("#"):  # "write config.toml (below)"
                (home / "config.toml").write_text(config, encoding="utf-8")
                continue
            if " myshop simulate " in step:
                shop = _serve(step.split("#", 1)[0].strip(), env, home)
                continue
            if "retry --all" in step:
                # 3. First the release command the run printed, run as printed …
                release = runs[-1].stdout.strip().splitlines()[-1].strip()
                assert shlex.split(release)[-4:] == ["retry", "3026", "3028", "3041"]
                released = _shell(release, env, Path("/"))
                assert released.returncode == 0 and released.stdout.count("released") == 3, released.stderr
            ran = _shell(step, env, tmp_path if step.startswith("mkdir") else home)
            is_run = re.search(r"config\.toml run\b", step) is not None
            assert ran.returncode == (3 if is_run else 0), (step, ran.stdout, ran.stderr)
            if is_run:
                runs.append(ran)
            results[step] = ran

        first, second = (" ".join(r.stdout.split()) for r in runs)
        assert re.search(r"profile winkel: booked \d+, skipped 1, failed 3", first)
        assert "3 orders held (3026, 3028, 3041)" in second
        # … so README's retry --all finds nothing left to release, and the next run tries them again.
        assert "has no held orders" in next(r for k, r in results.items() if "retry --all" in k).stdout
        rerun = _shell("$S --config config.toml run --json", env, home)
        assert rerun.returncode == 3 and '"held": {"count": 0' in rerun.stdout
    finally:
        if shop is not None:
            _stop(shop)
