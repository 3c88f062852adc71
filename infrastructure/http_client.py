"""httpx, as the adapters use it: without its command-line tool and without trio.

`import httpx` imports httpx's own command-line program (click, rich's console and syntax
highlighting, Pygments' lexers) when they are installed — they are, for typer and our terminal
output — and its first client imports httpcore, which imports trio when that is installed (a
developer's venv has it through Selenium). S-Connect uses neither: its HTTP is synchronous, and
httpx's CLI is not ours to run. Both imports are guarded in httpx/httpcore by `except
ImportError` (infrastructure/optional_imports.py), so here they are reported missing while httpx
and httpcore load: an idle run is spared about a tenth of a second of imports (docs/embedded.md).
"""
from __future__ import annotations

from infrastructure.optional_imports import reported_missing

with reported_missing("httpx._main", "trio"):
    import httpx
    import httpcore  # noqa: F401  (httpx imports it with its first client: loaded here, in the block)

__all__ = ["httpx"]
