"""End-to-end: the `sconnect` command as a user runs it, against the myShop simulator on
127.0.0.1 and a file-backed demo administration."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import resources
from pathlib import Path

from infrastructure.snelstart.memory.file_administration import FileAdministration
from infrastructure.snelstart.snapshot import parse_snapshot_json

KEY = "e2e-private-key-3F9A1C2B7D"
SHOP = "1817700"

CONFIG = """
[state]
path = "state.sqlite"

[profiles.shop1]
description = "e2e shop"
max_attempts = 3

[profiles.shop1.snelstart]
kind = "memory"
database = "administration.json"

[profiles.shop1.myshop]
shop_id = "{shop}"
start_from = "2024-01-01T00:00:00"
base_url = "{base_url}"

[profiles.shop1.sales]
template = "Webshop"
recipes = "when_always"
shipping_costs = {{ line = "VERZEND" }}
payment_costs = "cost_type_1"
discount = {{ line = "KORTING" }}
default_article_code = "WEB"

[profiles.shop1.articles]
revenue_group = {{ "21" = "Omzet hoog", "9" = "Omzet laag", "0" = "Omzet nul" }}

[profiles.shop1.customers]
recognition = "smart"
"""


def demo_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


class Installation:
    """A folder with config.toml, administration.json and state.sqlite, and a way to run sconnect."""

    def __init__(self, folder: Path, base_url: str, extra_config: str = ""):
        self.folder = folder
        self.config = folder / "config.toml"
        self.config.write_text(CONFIG.format(shop=SHOP, base_url=base_url) + extra_config, encoding="utf-8")
        self.admin_file = folder / "administration.json"
        FileAdministration.create(self.admin_file, parse_snapshot_json(
            demo_text("infrastructure.snelstart", "demo_administration.json")))
        self.env = {**os.environ, "SCONNECT_SHOP1_MYSHOP_PRIVATE_KEY": KEY, "SCONNECT_CONFIG": str(self.config)}
        self.env.pop("SCONNECT_DEBUG", None)

    def sconnect(self, *args: str, check: bool = False) -> subprocess.CompletedProcess:
        result = subprocess.run([sys.executable, "-m", "interfaces", *args], env=self.env, cwd=self.folder,
                                capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"sconnect {' '.join(args)} exited {result.returncode}: {result.stderr}")
        return result

    def run_json(self) -> tuple[int, dict]:
        result = self.sconnect("run", "--json")
        return result.returncode, json.loads(result.stdout) if result.stdout.strip() else {}

    def sales_orders(self) -> list:
        return list(FileAdministration(self.admin_file).snapshot().sales_orders)
