"""The licence file (Ed25519-signed) and the licence in force (SPEC §9)."""
from infrastructure.licence.book import LICENCE_FILE, LicenceBook, StoredLicence
from infrastructure.licence.issuer_key import ISSUER_PUBLIC_KEY
from infrastructure.licence.licence_file import LicenceRefused, key_id

__all__ = ["ISSUER_PUBLIC_KEY", "LICENCE_FILE", "LicenceBook", "LicenceRefused", "StoredLicence", "key_id"]
