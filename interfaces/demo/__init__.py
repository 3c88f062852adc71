"""`sconnect demo`: the main job end to end on the embedded default, offline (interfaces/demo/run.py).

Only the command's signature lives here: `sconnect --help` must not load the demo's shop,
administration and simulator."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def demo(folder: Optional[Path] = typer.Option(None, "--dir", help="Folder for the demo's files "
                                               "(default: a new temporary folder).")) -> None:
    """The main job end to end on the embedded default: a demo shop and administration, offline."""
    from interfaces.demo.run import run_demo

    run_demo(folder)
