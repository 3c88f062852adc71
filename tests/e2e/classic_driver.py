"""`sconnect …` with SnelStart desktop faked: the classic-shaped SQLite administration read over
ODBC and the fake SnelStart Gateway (tests/classic_wiring.py), for the e2e tests of the classic
kinds. Everything else is the real command line.

    python classic_driver.py ARGS…      (as `sconnect ARGS…`)
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: classic_wiring

import classic_wiring  # noqa: E402

classic_wiring.install()

from interfaces.cli import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
