"""Imports point inward (DESIGN.md): domain imports only the standard library, rapidfuzz and
itself; application adds domain; neither reaches for a framework or an outer layer."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = {"sqlmodel", "sqlalchemy", "httpx", "pyodbc", "typer", "click", "rich", "dependency_injector",
              "defusedxml", "openpyxl", "platformdirs"}
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
