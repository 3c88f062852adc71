"""The myShop connection: RPC client, order XML reader and a local simulator (docs/myshop.md)."""
