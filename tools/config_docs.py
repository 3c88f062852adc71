"""Writes the settings tables of docs/configuration.md from infrastructure/config/catalogue.py,
the one source of each setting's words (also the comments `sconnect profile add` writes).

    python tools/config_docs.py          # rewrite the tables in place
    python tools/config_docs.py --check  # exit 1 when the document is not current

A table sits between `<!-- settings:NAME -->` and `<!-- /settings -->`; the text around it is
written by hand."""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infrastructure.config.catalogue import DOC_TABLES, markdown_table  # noqa: E402

DOCUMENT = ROOT / "docs" / "configuration.md"
TABLE = re.compile(r"(<!-- settings:(\w+) -->\n)(.*?)(<!-- /settings -->)", re.S)


def rewrite(text: str) -> str:
    found = {match[2] for match in TABLE.finditer(text)}
    missing = sorted(set(DOC_TABLES) - found)
    if missing:
        raise SystemExit(f"{DOCUMENT}: no table for {', '.join(missing)}")
    return TABLE.sub(lambda m: m[1] + "\n" + markdown_table(m[2]) + "\n" + m[4], text)


def main(argv: list[str]) -> int:
    text = DOCUMENT.read_text(encoding="utf-8")
    current = rewrite(text)
    if "--check" in argv:
        if current != text:
            print(f"{DOCUMENT} is not current: run python tools/config_docs.py", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(current, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
