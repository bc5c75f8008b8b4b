"""The node's HTTP service: one ASGI app that later issues extend with ``/api/v1`` routers."""

from marknet.api.app import create_app, node_exchange, node_store

__all__ = ["create_app", "node_exchange", "node_store"]
