"""How a request is signed: pk = lower-case hex SHA-1 of a recipe string (reference §3.3, §3.4).

Confirmed [C S3]: the partner-edition recipe `shop + selector + key + partner + module + rpc_id`,
concatenated without separators, where `selector` is the change_time or the order_id.
Not confirmed [P]: which recipe the shop-owner key ("privésleutel", eigen koppeling) uses. Our
default is the partner recipe with an empty partner name and no `partner` parameter. The other
candidates are here so a live mismatch can be fixed by choosing a strategy, not by editing code.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


class Signer(Protocol):
    """A signing recipe: the pk value and the extra query parameters it implies."""

    name: str

    def sign(self, *, shop: str, selector: str, key: str, module: str, rpc_id: str) -> str: ...

    def extra_params(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class PartnerSigner:
    """[C S3] partner edition: the partner name goes into the hash and is sent as `partner`."""

    partner: str
    name: str = "partner"

    def sign(self, *, shop: str, selector: str, key: str, module: str, rpc_id: str) -> str:
        return sha1_hex(shop + selector + key + self.partner + module + rpc_id)

    def extra_params(self) -> dict[str, str]:
        return {"partner": self.partner}


@dataclass(frozen=True)
class DefaultSigner:
    """[P] shop-owner key: the partner recipe with partner "" and no `partner` parameter."""

    name: str = "default"

    def sign(self, *, shop: str, selector: str, key: str, module: str, rpc_id: str) -> str:
        return sha1_hex(shop + selector + key + "" + module + rpc_id)

    def extra_params(self) -> dict[str, str]:
        return {}


@dataclass(frozen=True)
class EmptyPartnerParamSigner(DefaultSigner):
    """[P] fallback 2: the default hash, with `partner=` sent as an empty parameter."""

    name: str = "empty_partner_param"

    def extra_params(self) -> dict[str, str]:
        return {"partner": ""}


@dataclass(frozen=True)
class NoModuleSigner:
    """[P] fallback 3: `shop + selector + key + rpc_id` (the module is still sent, not hashed)."""

    name: str = "no_module_in_hash"

    def sign(self, *, shop: str, selector: str, key: str, module: str, rpc_id: str) -> str:
        return sha1_hex(shop + selector + key + rpc_id)

    def extra_params(self) -> dict[str, str]:
        return {}


# In the order the reference says to try them against a live server that answers "invalid request".
FALLBACK_SIGNERS: tuple[Signer, ...] = (DefaultSigner(), EmptyPartnerParamSigner(), NoModuleSigner())


def signer_named(name: str, partner: str = "") -> Signer:
    """The strategy for a configuration value (default, empty_partner_param, no_module_in_hash,
    partner); ValueError for an unknown name."""
    if name == "partner":
        return PartnerSigner(partner)
    for signer in FALLBACK_SIGNERS:
        if signer.name == name:
            return signer
    names = ", ".join([s.name for s in FALLBACK_SIGNERS] + ["partner"])
    raise ValueError(f"unknown signing recipe {name!r}: use one of {names}")
