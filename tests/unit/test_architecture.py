"""Imports point inward (DESIGN.md): domain imports only the standard library, rapidfuzz and
itself; application adds domain; neither reaches for a framework or an outer layer."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"sqlmodel", "sqlalchemy", "httpx", "pyodbc", "typer", "click", "rich", "dependency_injector",
              "defusedxml", "openpyxl", "platformdirs", "cryptography", "tomlkit", "keyring"}
ALLOWED = {"domain": {"domain", "rapidfuzz"}, "application": {"domain", "application"}}


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def violations(layer: str, files) -> list[str]:
    found = []
    for file in files:
        for module in sorted(imported_modules(file.read_text(encoding="utf-8"))):
            if module in sys.stdlib_module_names or module == "__future__":
                continue
            if module not in ALLOWED[layer]:
                found.append(f"{file.relative_to(ROOT) if file.is_relative_to(ROOT) else file} imports {module}")
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_inward(layer):
    files = sorted((ROOT / layer).rglob("*.py"))
    assert files, f"no modules found in {layer}/"
    assert violations(layer, files) == []


@pytest.mark.parametrize("module", sorted(FRAMEWORKS | {"infrastructure", "interfaces"}))
def test_the_check_catches_a_forbidden_import(tmp_path, module):
    bad = tmp_path / "bad.py"
    bad.write_text(f"import os\nfrom {module}.x import y\n", encoding="utf-8")
    assert violations("domain", [bad]) == [f"{bad} imports {module}"]
    assert violations("application", [bad]) == [f"{bad} imports {module}"]


# Simulators stand in for the outside world; an adapter that imported one could pass its tests
# against the stand-in and fail against the real service. Only the commands that serve a
# simulator on purpose (`sconnect demo`, `sconnect myshop simulate`) may import them.
SIMULATORS = "infrastructure.simulators"
MAY_USE_SIMULATORS = {"interfaces/demo", "interfaces/myshop_cli.py"}


def full_imports(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def simulator_imports(files) -> list[str]:
    found = []
    for file in files:
        name = file.relative_to(ROOT).as_posix() if file.is_relative_to(ROOT) else str(file)
        if name.startswith("infrastructure/simulators/") or any(
                name == allowed or name.startswith(allowed + "/") for allowed in MAY_USE_SIMULATORS):
            continue
        for module in sorted(full_imports(file.read_text(encoding="utf-8"))):
            if module == SIMULATORS or module.startswith(SIMULATORS + "."):
                found.append(f"{name} imports {module}")
    return found


def test_no_adapter_imports_a_simulator():
    files = [f for layer in ("domain", "application", "infrastructure", "interfaces")
             for f in sorted((ROOT / layer).rglob("*.py"))]
    assert any("simulators" in f.parts for f in files), "the simulators' room is missing"
    assert simulator_imports(files) == []


def test_the_simulator_check_catches_an_adapter_import(tmp_path):
    adapter = tmp_path / "adapter.py"
    adapter.write_text("def f():\n    from infrastructure.simulators.myshop.server import MyShopSimulator\n",
                       encoding="utf-8")
    assert simulator_imports([adapter]) == [
        f"{adapter} imports infrastructure.simulators.myshop.server",
        f"{adapter} imports infrastructure.simulators.myshop.server.MyShopSimulator"]
    also = tmp_path / "other.py"
    also.write_text("from infrastructure import simulators\n", encoding="utf-8")
    assert simulator_imports([also]) == [f"{also} imports infrastructure.simulators"]
