"""Helpers of the embedded administration's integration tests: the demo administration as a
snapshot, plans to book, and a way to run Python in a child process (for kills and races)."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import datetime
from decimal import Decimal
from importlib import resources
from pathlib import Path

from domain.customer import NewRelation, RelationAddress
from domain.sales_order import PlanLine, SalesOrderPlan
from infrastructure.snelstart.snapshot import Snapshot, parse_snapshot_json

ROOT = Path(__file__).resolve().parents[3]
ADDRESS = RelationAddress("Piet Pieters", "Dorpsstraat 7", "1234 AB", "Ergens", "NL")


def demo_snapshot() -> Snapshot:
    text = resources.files("interfaces.demo").joinpath("administration.json").read_text(encoding="utf-8")
    return parse_snapshot_json(text)


def new_relation(name: str, code: int | None = None) -> NewRelation:
    return NewRelation(name, ADDRESS, email=f"{name.lower().replace(' ', '.')}@example.nl", code=code)


def order_plan(reference: str, relation_code: int = 1001, *codes: str) -> SalesOrderPlan:
    lines = tuple(PlanLine(code, Decimal("2"), f"regel {code}", Decimal("3.3333"), Decimal("21"))
                  for code in (codes or ("ART-2001", "ART-1001")))
    return SalesOrderPlan(reference, relation_code, "tpl-web", datetime(2024, 3, 10, 12, 30),
                          f"Webshop-order {reference}", False, lines=lines)


def run_python(code: str, *args: str, stdin: bool = False) -> subprocess.Popen:
    """A child Python in the repository root, with the test helpers importable."""
    prelude = f"import sys\nsys.path[:0] = [{str(ROOT)!r}, {str(Path(__file__).parent)!r}]\n"
    return subprocess.Popen([sys.executable, "-c", prelude + textwrap.dedent(code), *args], cwd=ROOT,
                            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
