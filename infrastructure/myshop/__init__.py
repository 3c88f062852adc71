"""The myShop connection: RPC client, signing and the order XML reader (docs/myshop.md).
Its simulator is infrastructure/simulators/myshop."""
