"""The ASGI app factory: ``create_app(settings) -> FastAPI``.

FastAPI on uvicorn: the OpenAPI description comes from the routes themselves (the issue asks
for one), Starlette's streaming request body lets the exchange enforce ``max_body_bytes`` before
parsing, and both are already in the dependency set, so nothing new to install. uvicorn serves it
(``marknet serve``); Litestar or granian would add a dependency for no gain at our request
rates, which the exchange benchmark shows are bound by signing and SQLite, not the server.

Routers added later get the node through ``node_store(request)`` / ``node_exchange(request)``.
Every ``MarknetError`` becomes an RFC 9457 problem document with the error's stable code
(``marknet.api.v1.problems``: one handler for the API, the pages and the exchange).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi_offline import FastAPIOffline

from marknet import __version__
from marknet.api.v1 import mount as mount_api
from marknet.exchange.routes import exchange_router
from marknet.exchange.service import Exchange, utc_now
from marknet.exchange.settings import ExchangeSettings, load_exchange_settings
from marknet.exchange.transport import Transport
from marknet.images.store import ImageStore
from marknet.procedure import open_procedures
from marknet.procedure.bridge import ExchangeTransport
from marknet.procedure.bridge import install as install_procedure_handlers
from marknet.procedure.examine import index_finder
from marknet.register import Register
from marknet.settings import Settings
from marknet.store import Store, open_store


def create_app(node_settings: Settings, *, exchange_settings: ExchangeSettings | None = None,
               clock: Callable[[], dt.datetime] = utc_now, transport: Transport | None = None,
               workers: bool = True, background: bool = True,
               shared_answers: Path | None = None) -> FastAPI:
    """The node's app. ``workers=False`` leaves delivery and pulling to the caller (tests);
    ``background=False`` runs no background work at all (delivery, pulling, watches): the app
    of a process that only answers requests while another runs the node's work.
    ``shared_answers`` names the file the node's HTTP processes share public search answers
    through (``marknet.search.shared_answers``)."""
    store = open_store(node_settings.store_url)
    exchange = Exchange(store, node_settings.office, node_settings.keys_dir,
                        exchange_settings or load_exchange_settings(),
                        node_settings.max_body_bytes, clock, transport,
                        ImageStore.in_data_dir(node_settings.data_dir))
    # The procedures send through the exchange's outbox and receive through its handlers.
    procedures = open_procedures(store, Register(store, node_settings.office),
                                 node_settings.procedure, clock)
    procedures.transport = ExchangeTransport(procedures)
    procedures.finder = index_finder(node_settings.data_dir / "index")
    install_procedure_handlers(exchange.handlers, procedures)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if workers and background:
            exchange.start()
        try:
            yield
        finally:
            exchange.stop()
            store.close()

    # Swagger UI and ReDoc from the installed package, never a CDN (offices run offline);
    # no validator badge either, which Swagger UI would fetch from swagger.io.
    app = FastAPIOffline(title=f"marknet node {node_settings.office}", version=__version__,
                         description="Trademark and GI register node: office-to-office "
                         "exchange (signed messages, register feed) and the public API.",
                         swagger_ui_parameters={"validatorUrl": None}, lifespan=lifespan)
    app.state.settings = node_settings
    app.state.store = store
    app.state.exchange = exchange
    app.state.procedures = procedures
    app.state.background = background
    app.state.shared_answers = shared_answers

    @app.get("/healthz", tags=["node"])
    def healthz() -> dict[str, Any]:
        """Alive and the database answers."""
        return {"status": "ok", "office": node_settings.office,
                "schema_version": store.schema_version(), "version": __version__}

    app.include_router(exchange_router(exchange))
    mount_api(app)
    return app


def node_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def node_exchange(request: Request) -> Exchange:
    exchange: Exchange = request.app.state.exchange
    return exchange
