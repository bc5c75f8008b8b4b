"""The public HTTP API (``/api/v1``) and the web pages, mounted on the node's app.

``mount(app)`` is the one line ``marknet.api.app.create_app`` calls: it adds the API routers,
problem details, the rate limit and body cap, the pages, and the watch worker.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI

from marknet.api.v1 import (
    accounts,
    applications,
    images_api,
    problems,
    publications,
    records,
    search_api,
    watches_api,
)
from marknet.api.v1.context import ApiContext
from marknet.api.v1.edge_cache import PublicSearchCache
from marknet.api.v1.middleware import GuardMiddleware
from marknet.api.v1.settings import ApiSettings, load_api_settings
from marknet.node import Node
from marknet.procedure.engine import Procedures
from marknet.register import Register
from marknet.search import Searcher, SearchService
from marknet.search.pool import PooledSearch
from marknet.search.shared_answers import SharedAnswers

__all__ = ["ApiContext", "ApiSettings", "mount"]


def api_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1")
    for module in (search_api, records, applications, publications, watches_api, accounts,
                   images_api):
        router.include_router(module.router)
    return router


def mount(app: FastAPI, node: Node | None = None, settings: ApiSettings | None = None,
          procedures: Procedures | None = None) -> ApiContext:
    """Add the API and the pages to ``app``; the node defaults to the app's own store."""
    from marknet.watch import WatchService
    from marknet.web import mount_web

    if node is None:
        store, node_settings = app.state.store, app.state.settings
        node = Node(node_settings, store, Register(store, node_settings.office))
    settings = settings or load_api_settings()
    procedures = procedures or getattr(app.state, "procedures", None) or Procedures(
        node.store, node.register, node.settings.procedure)
    index_dir = node.settings.data_dir / "index"
    searcher: Searcher = (
        PooledSearch(node.settings.store_url, index_dir, settings.search_workers)
        if settings.search_workers else SearchService(node.store, index_dir))
    ctx = ApiContext(node, settings, procedures, searcher)
    watcher = WatchService(node.store, settings)
    ctx.extras["watcher"] = watcher
    app.state.marknet_api = ctx
    problems.install(app)
    app.include_router(api_router())
    mount_web(app, ctx)
    if isinstance(searcher, SearchService):  # answers computed in this process
        shared_path = getattr(app.state, "shared_answers", None)
        shared = SharedAnswers.open(shared_path) if shared_path is not None else None
        app.add_middleware(PublicSearchCache, state=searcher.state, shared=shared)
    app.add_middleware(GuardMiddleware, settings=settings)  # outermost: limits come first
    _run_with_app(app, watcher, searcher)
    return ctx


def _run_with_app(app: FastAPI, watcher: Any, searcher: Searcher) -> None:
    """Start the watch worker and the search service with the app; stop them (and any search
    processes) before the app closes its store."""
    inner = app.router.lifespan_context
    background = getattr(app.state, "background", True)

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:
            if background:
                watcher.start()
            searcher.start()
            try:
                yield state
            finally:
                watcher.stop()
                searcher.stop()

    app.router.lifespan_context = lifespan
