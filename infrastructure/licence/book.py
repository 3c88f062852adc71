"""The licence in force: the last licence file imported, kept as `licence.toml` next to the
state database (the installation's own data folder). It is checked again each time it is
read — a stored file that was edited, or signed by a key this version no longer trusts,
counts as no licence, and says why."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from domain.licence import Licence
from infrastructure.atomic_file import write_atomically
from infrastructure.licence.licence_file import LicenceRefused, check_licence, parse, read_bytes

LICENCE_FILE = "licence.toml"


@dataclass(frozen=True)
class StoredLicence:
    licence: Licence | None  # None: no licence imported, or the stored one is refused
    problem: str = ""  # why a stored licence does not count (empty: none stored, or it counts)


class LicenceBook:
    def __init__(self, file: Path, public_key: bytes, today: Callable[[], date]):
        self.file = Path(file)
        self.public_key = public_key
        self.today = today

    def stored(self) -> StoredLicence:
        """The imported licence as it is now. An expired one is returned (status warns about
        it; domain.licence counts it as none); one whose signature fails is not."""
        if not self.file.exists():
            return StoredLicence(None)
        try:
            raw = read_bytes(self.file)
            # Checked as of its own expiry date: expiry is not a reason to hide it.
            expires = parse(raw, str(self.file)).get("expires")
            as_of = min(self.today(), expires) if isinstance(expires, date) else self.today()
            return StoredLicence(check_licence(raw, self.public_key, as_of, str(self.file)))
        except LicenceRefused as refused:
            return StoredLicence(None, f"the imported licence does not count: {refused}")

    def import_file(self, source: Path) -> Licence:
        """Check `source` and make it the licence in force; raises LicenceRefused (one line)
        and changes nothing when it is not a good licence."""
        raw = read_bytes(Path(source))
        licence = check_licence(raw, self.public_key, self.today(), str(source))
        self.file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.file, raw, mode=0o600)
        return licence
