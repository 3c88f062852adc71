"""Simulators: stand-ins for the outside world, never part of a booking.

Each one pretends to be a service S-Connect talks to, over real HTTP on 127.0.0.1, and enforces
what its reference says: `myshop/` the myShop order RPC (`reference/myshop-rpc.md`),
`snelstart_b2b/` the SnelStart B2B API v2 (`reference/snelstart.md` §1–5c),
`snelstart_gateway/` SnelStart desktop: a classic-shaped SQLite administration and a fake of the
SnelStart Gateway's COM objects (§6), used in-process rather than over HTTP. The tests, the
benchmarks, `sconnect demo` and `sconnect myshop simulate` use them; no adapter imports them
(tests/unit/test_architecture.py)."""
