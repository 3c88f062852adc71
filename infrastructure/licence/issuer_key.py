"""The public key of the S-Connect licence issuer: a licence counts only when this key's private
half signed it. It is part of the product on purpose — no setting or environment variable can
replace it (tests give their own key pair to the container's `licence_key` provider with
`override`). To change the issuer, run `python tools/licence_issuer.py keygen PRIVATE.pem` where
the private key will be kept, and paste the line it prints here (docs/licence.md)."""
from __future__ import annotations

import base64

ISSUER_PUBLIC_KEY = base64.b64decode("c52zH9uZaV2jH/Idfn+0c0OZop5yV7waOMK5c5yhuwk=")
# key id 3452989baf45f3d1
