"""A local myShop order RPC service: stands in for myShop, enforcing `reference/myshop-rpc.md`
(signing, single-use rpc ids, the order XML, error bodies) with an order book and faults."""
