"""`sales.template` names a verkoopordersjabloon SnelStart does not have: say which ones it has,
so the user can copy the right name instead of guessing (issue #20)."""
from __future__ import annotations

from application.ports import Administration


def template_not_found(reference: str, administration: Administration) -> str:
    found = [t for t in administration.templates() if not t.inactive]
    names = ", ".join(f"'{t.description}'" for t in found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10
                                                                     else "")
    return (f"sales.template: '{reference}' not found in SnelStart; its verkoopordersjablonen are: "
            f"{names or 'none (make one in SnelStart first)'}")
