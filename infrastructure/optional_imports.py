"""Importing a library without the optional parts of it S-Connect never uses.

Some libraries import, when they are imported, everything they *could* work with if it happens
to be installed: httpx its own command-line tool (click, rich, Pygments' lexers) and httpcore
the trio async library (in a developer's venv through Selenium); dependency-injector's wiring
the request classes of Starlette, FastAPI and Werkzeug (S-Connect wires nothing: the container
is called directly). Each guards those imports with `except ImportError`, for installations
without them. An idle `sconnect run` paid for all of them (bench/idle.py, docs/embedded.md):
here such a module is reported missing for the time of the import, so the library takes its own
"not installed" path. Nothing else changes: a module already loaded is left alone, and after
the import the module can be loaded as ever (the console imports Starlette itself).
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reported_missing(*modules: str) -> Iterator[None]:
    """Within the block, `import <module>` of each of `modules` raises ImportError (a None in
    sys.modules means "known to be missing") — unless it is loaded already."""
    blocked = [name for name in modules if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        for name in blocked:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
