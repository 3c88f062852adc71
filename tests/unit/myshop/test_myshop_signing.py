"""The pk recipes (reference §3.3/§3.4), with the worked example of the reference."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from infrastructure.myshop import protocol as p
from infrastructure.simulators.myshop.faults import Faults, FaultSpecError
from infrastructure.myshop.signing import (DefaultSigner, EmptyPartnerParamSigner, NoModuleSigner,
                                           PartnerSigner, sha1_hex, signer_named)

EXAMPLE = dict(shop="1817700", selector="20240301000000", key="3F9A1C2B7D", module="orders_get",
               rpc_id="9C1E4B2A7F3D4E5A8B6C0D1E2F3A4B5C")


def test_the_worked_example_shop_owner_form():
    assert DefaultSigner().sign(**EXAMPLE) == "6dc93984068f4d8297e16e56f40bc869150ddf12"
    assert DefaultSigner().extra_params() == {}


def test_the_worked_example_partner_form():
    signer = PartnerSigner("acme_connector")
    assert signer.sign(**EXAMPLE) == "c3b25fe21005ecca9dbbfa6e4153d74c09802d5b"
    assert signer.extra_params() == {"partner": "acme_connector"}


def test_the_fallback_recipes():
    assert EmptyPartnerParamSigner().sign(**EXAMPLE) == DefaultSigner().sign(**EXAMPLE)
    assert EmptyPartnerParamSigner().extra_params() == {"partner": ""}
    assert NoModuleSigner().sign(**EXAMPLE) == sha1_hex("1817700" "20240301000000" "3F9A1C2B7D"
                                                         "9C1E4B2A7F3D4E5A8B6C0D1E2F3A4B5C")
    assert NoModuleSigner().sign(**EXAMPLE) != DefaultSigner().sign(**EXAMPLE)


def test_signers_by_name():
    assert signer_named("default") == DefaultSigner()
    assert signer_named("no_module_in_hash") == NoModuleSigner()
    assert signer_named("partner", "acme") == PartnerSigner("acme")
    with pytest.raises(ValueError, match="unknown signing recipe"):
        signer_named("md5")


def test_change_time_is_amsterdam_wall_clock():
    assert p.format_change_time(datetime(2024, 3, 1, 10, 15, 23)) == "20240301101523"
    assert p.format_change_time(datetime(2024, 3, 1, 9, 0, tzinfo=timezone.utc)) == "20240301100000"
    assert p.format_change_time(datetime(2024, 7, 1, 9, 0, tzinfo=timezone.utc)) == "20240701110000"
    assert p.parse_change_time("20240229235959") == datetime(2024, 2, 29, 23, 59, 59)
    for bad in ("20230229000000", "2024030110152", "２０２４０３０１１０１５２３", "20240301 10152"):
        with pytest.raises(ValueError):
            p.parse_change_time(bad)


def test_error_bodies_and_rpc_id_answers():
    assert p.error_code(p.error_body("bad_signature")) == "bad_signature"
    assert p.error_code(b"invalid request") == p.INVALID_REQUEST
    assert p.error_code(b'<error code="Bad Thing">invalid request</error>') == p.INVALID_REQUEST
    assert p.error_code(b"<rows/>") is None
    assert p.read_rpc_id(p.rpc_id_body("ABC123")) == "ABC123"
    assert p.read_rpc_id(b"<rpc>XYZ</rpc>") == "XYZ"  # the root's own text, when there is one
    for bad in (b"<rpc><rpc_id>", b"<rpc></rpc>", b"<rpc><rpc_id>a b</rpc_id></rpc>"):
        with pytest.raises(ValueError):
            p.read_rpc_id(bad)


def test_fault_specs():
    faults = Faults.parse("latency=0.2,http503=first:2,drop=0.1,truncate=first:1,expire=first:1,delay=0.5,seed=7")
    assert faults.http_status == 503 and faults.delay == 0.5 and faults.seed == 7
    assert faults.triggers["latency"].probability == 0.2
    assert faults.triggers["http"].first == 2
    fired = [faults.fires("http", orders_request=False) for _ in range(4)]
    assert fired == [True, True, False, False]
    assert not faults.fires("truncate", orders_request=False)  # only answers to orders/list
    assert faults.fires("truncate", orders_request=True)
    always = Faults.parse("drop=1")
    assert all(always.fires("drop", orders_request=False) for _ in range(20))
    assert not any(Faults.parse("drop=0").fires("drop", orders_request=True) for _ in range(20))
    assert Faults.parse("").triggers == {}


@pytest.mark.parametrize("spec, message", [
    ("slow=0.1", "unknown fault"), ("drop", "expected name=value"), ("drop=1.5", "out of range"),
    ("http404=1", "only 5xx"), ("expire=first:x", "whole number"), ("latency=fast", "not a number"),
])
def test_bad_fault_specs(spec, message):
    with pytest.raises(FaultSpecError, match=message):
        Faults.parse(spec)
